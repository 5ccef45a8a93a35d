"""Importera etablering (/etablering/import/): a CSV file of the status per month or of SFI enrolments — upload it,
see what it would do (a dry run of the same importer the command line and the API use, establishment/importers),
then confirm (web/import_view.py, as every import page): the checked file waits in the session between the preview
and the confirmation, all or nothing, every row error at the file's own column, and never an identity number on the
page.

Whoever works in a unit may import (as over the API); each row must be about a person the user may keep the
establishment of (sees), else it is the row's error `not_permitted`."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from etablera.access.guards import persons_required
from etablera.access.policy import capabilities
from etablera.establishment.importers import KINDS, import_file
from etablera.reception.importers import safe_cell
from etablera.web.forms import CsvFileForm
from etablera.web.import_view import ImportPage, file_rows

# The columns the preview shows, by the importers' own names: never the identity number.
PREVIEW_COLUMNS = {
    "monthly-status": ("month", "status", "note"),
    "sfi": ("enrolled_on", "course", "study_path", "start_date", "hours_per_week", "completed_on", "result"),
}


class EstablishmentImportForm(CsvFileForm):
    field_order = ["kind", "file"]
    kind = forms.ChoiceField(
        label=gettext_lazy("Vad innehåller filen?"),
        choices=[
            ("monthly-status", gettext_lazy("Status per månad (en rad per person och månad)")),
            ("sfi", gettext_lazy("SFI-anmälningar (en rad per person och anmälan)")),
        ],
        widget=forms.RadioSelect,
    )
    file_help = gettext_lazy(
        "Sparad som CSV UTF-8, med komma eller semikolon och en rubrikrad. Högst 2 MB; större filer importeras "
        "med kommandot etablera import monthly-status (eller sfi)."
    )


class EstablishmentImport(ImportPage):
    template, nav = "establishment/import.html", "households"
    session_key, url_name = "etablera_establishment_import", "establishment_import"
    form_class = EstablishmentImportForm

    def run(self, request, data, kept, *, dry_run):
        return import_file(kept["kind"], data, actor=request.user, dry_run=dry_run)

    def kept(self, form):
        return {"kind": form.cleaned_data["kind"]}

    def initial(self, request, kept):
        return {"kind": kept.get("kind") or request.GET.get("kind") or "monthly-status"}

    def restored(self, request, stored):
        if stored.get("kind") not in KINDS:
            return _("Förhandsgranskningen finns inte längre. Välj filen igen.")
        return {"kind": stored["kind"]}

    def preview(self, data, kept):
        module, _label = KINDS[kept["kind"]]
        return file_rows(module.read(data), PREVIEW_COLUMNS[kept["kind"]], safe_cell)

    def context(self, request, kept, result):
        return {"kind": kept.get("kind", "")}

    def done_text(self, kept):
        if kept["kind"] == "sfi":
            return _(
                "Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade SFI-anmälningar."
            )
        return _(
            "Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade månader med status."
        )


PAGE = EstablishmentImport()


@persons_required
@require_http_methods(["GET", "POST"])
def establishment_import(request):
    if not capabilities(request.user).unit_ids:
        raise PermissionDenied(_("Etableringen importeras av den som arbetar i en enhet."))
    return PAGE.handle(request)
