"""The view of every import page: a CSV file is checked (a dry run of the domain's importer, the same the command
line and the API run) and previewed, then imported exactly as previewed when the user confirms — the file waits in
the session between the two (web/import_preview.py). The page's template extends web/import_page.html.

A domain's page is an ImportPage with its parts: its template and session key, its form (CsvFileForm, or one that
asks more, such as what the file holds), its importer (`run`), what the preview shows of the file's rows, and what
to say when the import is done. Its view function keeps the page's guards:

    PAGE = PlacementImport()

    @social_services_required
    @require_http_methods(["GET", "POST"])
    def minors_placement_import(request):
        return PAGE.handle(request)

The ground: this module knows no domain; a page gives what is its own."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from etablera.web.forms import CsvFileForm
from etablera.web.import_preview import forget, keep_for_confirmation, take_confirmed
from etablera.web.pages import page

PREVIEW_ROWS = 50


def file_rows(table, columns, cell) -> list[dict]:
    """The first PREVIEW_ROWS rows of a read file (its `rows`: (row number, {column: text})) as the preview's table
    shows them: the chosen columns, each cell made safe to show by `cell` — never an identity number."""
    return [
        {"number": number, "cells": [cell(values.get(column, "")) for column in columns]}
        for number, values in table.rows[:PREVIEW_ROWS]
    ]


class ImportPage:
    """One import page. A subclass names its template, navigation, session key and URL name, and gives `run` and
    `done`; the other parts have defaults for a page whose form is CsvFileForm alone."""

    template: str
    nav: str
    session_key: str
    url_name: str  # the page's own: a preview no longer there sends the user back to it
    done_url_name = ""  # where a finished import goes; the page itself unless named
    done = ""  # the message of a finished import (done_text)
    form_class = CsvFileForm
    # The importer's refusal (PermissionDenied: the user may not import for the municipality): shown at the file on
    # the preview and as a message on the confirmation, rather than as a refused page (403).
    refusal_at_file = False

    # --- a page's parts --------------------------------------------------------------------------------------

    def run(self, request, data: bytes, kept: dict, *, dry_run: bool):
        """The importer's result (ok, rows, created, updated, unchanged, errors) for the file."""
        raise NotImplementedError

    def form(self, request, *args, **kwargs):
        return self.form_class(*args, **kwargs)

    def kept(self, form) -> dict:
        """What the confirmation needs besides the file (JSON values: what it holds, the municipality)."""
        return {}

    def initial(self, request, kept: dict) -> dict:
        """The initial values of a fresh form: on the page's first showing (`kept` empty) and after a preview."""
        return {}

    def restored(self, request, stored: dict) -> dict | str:
        """What was kept with the previewed file (`kept`), or the message saying why the confirmation cannot go on
        (the user may no longer import there)."""
        return {key: value for key, value in stored.items() if key not in ("name", "sha256", "data")}

    def preview(self, data: bytes, kept: dict) -> list[dict]:
        """The preview's rows of the file (file_rows). Asked only after a dry run without errors: the importer has
        read the same bytes with the same reader, so the file reads."""
        return []

    def context(self, request, kept: dict, result) -> dict:
        """What else the page's template shows."""
        return {}

    def done_text(self, kept: dict) -> str:
        """The message of a finished import, with %(created)s, %(updated)s and %(unchanged)s: `done`, or one by
        what the file held."""
        return self.done

    # --- the view --------------------------------------------------------------------------------------------

    def handle(self, request):
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        if request.method != "POST":
            return self._render(request, self._fresh(request, {}), {})
        form = self.form(request, request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form, {})
        upload, kept = form.cleaned_data["file"], self.kept(form)
        data = upload.read()
        try:
            result = self.run(request, data, kept, dry_run=True)
        except PermissionDenied as error:
            if not self.refusal_at_file:
                raise
            form.add_error("file", str(error))
            return self._render(request, form, {})
        token = ""
        if result.ok:
            token = keep_for_confirmation(request, self.session_key, data, name=upload.name, **kept)
        else:
            forget(request, self.session_key)
        return self._render(
            request, self._fresh(request, kept), kept, result=result, data=data, name=upload.name, token=token
        )

    def _confirm(self, request):
        confirmed = take_confirmed(request, self.session_key)
        if confirmed is None:
            messages.error(request, _("Förhandsgranskningen finns inte längre. Välj filen igen."))
            return redirect(self.url_name)
        data, stored = confirmed
        kept = self.restored(request, stored)
        if isinstance(kept, str):
            messages.error(request, kept)
            return redirect(self.url_name)
        try:
            result = self.run(request, data, kept, dry_run=False)
        except PermissionDenied as error:  # the user's memberships changed since the preview
            if not self.refusal_at_file:
                raise
            messages.error(request, str(error))
            return redirect(self.url_name)
        if not result.ok:  # something changed since the preview: nothing was saved, the errors are shown
            return self._render(request, self._fresh(request, kept), kept, result=result, name=stored["name"])
        counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        messages.success(request, self.done_text(kept) % counts)
        return redirect(self.done_url_name or self.url_name)

    def _fresh(self, request, kept: dict):
        initial = self.initial(request, kept)
        return self.form(request, initial=initial) if initial else self.form(request)

    def _render(self, request, form, kept: dict, *, result=None, data=b"", name="", token=""):
        rows = self.preview(data, kept) if result is not None and result.ok and data else []
        return page(
            request,
            self.template,
            {
                "form": form,
                "result": result,
                "errors": [error.as_dict() for error in result.errors] if result is not None else [],
                "file_name": name,
                "rows": rows,
                "more_rows": result.rows - len(rows) if result is not None and rows else 0,
                "token": token,
                **self.context(request, kept, result),
            },
            nav=self.nav,
        )
