"""Importera anvisningar (or their household members): upload a CSV file, see what it would do (a dry run of the
same importer the command line uses), then confirm (web/import_view.py, as every import page). Validation,
permissions and the audit event are the importer's (reception/importers).

A file of more than jobs.BACKGROUND_ROWS rows (issue #18) is not checked while the user waits: the page shows its
first rows and, when the user confirms, the worker checks and imports it as a background job (reception/jobs.py)
whose page shows its progress and then the same counts or errors; nothing is saved if the file has one error."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from etablera.access.guards import reception_required
from etablera.background import services as background
from etablera.reception import jobs
from etablera.reception.importers import assignments as assignment_format
from etablera.reception.importers import import_file, safe_cell
from etablera.reception.importers import members as member_format
from etablera.reception.web.forms import AssignmentImportForm
from etablera.web.import_preview import keep_for_confirmation, take_confirmed
from etablera.web.import_view import ImportPage, file_rows
from etablera.web.pages import page

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

    def handle(self, request):
        if request.method == "POST" and "confirm" in request.POST:
            if (request.session.get(self.session_key) or {}).get("background"):
                return self._start_job(request)
        elif request.method == "POST":
            large = self._large_file(request)
            if large is not None:
                return large
        return super().handle(request)

    def _large_file(self, request):
        """A file over the threshold: its first rows and the confirmation that sends it to the worker, without the
        dry run (that is the long work). None for anything else, which the page handles as always."""
        form = self.form(request, request.POST, request.FILES)
        if not form.is_valid():
            return None
        upload, kept = form.cleaned_data["file"], self.kept(form)
        data = upload.read()
        upload.seek(0)
        rows = jobs.rows_in(kept["kind"], data)
        if rows is None or rows <= jobs.BACKGROUND_ROWS:
            return None
        token = keep_for_confirmation(
            request, self.session_key, data, name=upload.name, background=True, **kept
        )
        preview = self.preview(data, kept)
        return page(
            request,
            self.template,
            {
                "form": self._fresh(request, kept),
                "background": {"rows": rows, "threshold": jobs.BACKGROUND_ROWS, "token": token},
                "file_name": upload.name,
                "rows": preview,
                "more_rows": rows - len(preview),
                **self.context(request, kept, None),
            },
            nav=self.nav,
        )

    def _start_job(self, request):
        confirmed = take_confirmed(request, self.session_key)
        if confirmed is None:
            messages.error(request, _("Förhandsgranskningen finns inte längre. Välj filen igen."))
            return redirect(self.url_name)
        data, stored = confirmed
        parameters = jobs.parameters(kind=stored["kind"], data=data, name=stored["name"], user=request.user)
        try:
            job = background.start(user=request.user, kind=jobs.KIND, parameters=parameters)
        except PermissionDenied as error:  # the user's memberships changed since the file was chosen
            messages.error(request, str(error))
            return redirect(self.url_name)
        return redirect("background_job", job.public_id)

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
