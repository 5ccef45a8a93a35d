"""The import of placements from the social-services system (/barn/import/): the file is checked (a dry run) and
previewed, then imported exactly as previewed on confirmation (web/import_view.py). Social services only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from etablera.minors.importers import import_file
from etablera.minors.importers.placements import PLACEMENT_ID, read
from etablera.minors.web.views import social_services_required
from etablera.reception.importers.base import safe_cell
from etablera.web.import_view import ImportPage, file_rows

PREVIEW_COLUMNS = (PLACEMENT_ID, "kind", "provider", "starts_on", "ends_on", "cost_per_day")


class PlacementImport(ImportPage):
    template, nav = "minors/import.html", "minors"
    session_key, url_name = "etablera_placement_import", "minors_placement_import"
    done = gettext_lazy(
        "Importen är klar: %(created)s nya, %(updated)s avslutade och %(unchanged)s oförändrade placeringar."
    )

    def run(self, request, data, kept, *, dry_run):
        return import_file("placements", data, actor=request.user, dry_run=dry_run)

    def preview(self, data, kept):
        return file_rows(read(data), PREVIEW_COLUMNS, safe_cell)

    def context(self, request, kept, result):
        return {"numeric_columns": (6,)}


PAGE = PlacementImport()


@social_services_required
@require_http_methods(["GET", "POST"])
def minors_placement_import(request):
    return PAGE.handle(request)
