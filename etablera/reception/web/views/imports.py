"""Importera anvisningar (or their household members): upload a CSV file, see what it would do (a dry run of the
same importer the command line uses), then confirm (web/import_view.py, as every import page). Validation,
permissions and the audit event are the importer's (reception/importers)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from etablera.access.guards import reception_required
from etablera.reception.importers import assignments as assignment_format
from etablera.reception.importers import import_file, safe_cell
from etablera.reception.importers import members as member_format
from etablera.reception.web.forms import AssignmentImportForm
from etablera.web.import_view import ImportPage, file_rows

# The checked file waits in the session between the preview and the confirmation (at most IMPORT_MAX_BYTES).
SESSION_KEY = "etablera_assignment_import"
PREVIEW_COLUMNS = ("reference", "municipality_code", "category", "decision_date", "person_count", "status")
# Never the identity numbers: the preview shows who is in the file, not their numbers.
MEMBER_PREVIEW_COLUMNS = ("reference", "relation", "first_name", "last_name", "birth_date")
FORMATS = {
    "assignments": (assignment_format, PREVIEW_COLUMNS),
    "members": (member_format, MEMBER_PREVIEW_COLUMNS),
}


class AssignmentImport(ImportPage):
    template, nav = "reception/assignments/import.html", "assignments"
    session_key, url_name, done_url_name = SESSION_KEY, "assignment_import", "assignment_list"
    form_class = AssignmentImportForm
    refusal_at_file = True

    def run(self, request, data, kept, *, dry_run):
        return import_file(kept["kind"], data, actor=request.user, dry_run=dry_run)

    def kept(self, form):
        return {"kind": form.cleaned_data["kind"] or "assignments"}

    def initial(self, request, kept):
        return {"kind": kept["kind"]} if kept else {}

    def restored(self, request, stored):
        return {"kind": stored.get("kind", "assignments")}

    def preview(self, data, kept):
        module, columns = FORMATS[kept["kind"]]
        return file_rows(module.read(data), columns, safe_cell)

    def context(self, request, kept, result):
        kind = kept.get("kind", "assignments")
        return {"kind": kind, "numeric_columns": () if kind == "members" else (5,)}  # the persons' count

    def done_text(self, kept):
        if kept["kind"] == "members":
            return _(
                "Importen är klar: %(created)s nya personer, %(updated)s som redan fanns i Etablera och "
                "%(unchanged)s redan i sina hushåll."
            )
        return _(
            "Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade anvisningar."
        )


PAGE = AssignmentImport()


@reception_required
@require_http_methods(["GET", "POST"])
def assignment_import(request):
    return PAGE.handle(request)
