"""Importera anvisningar (or their household members): upload a CSV file, see what it would do (a dry run of the
same importer the command line uses), then confirm. Validation, permissions and the audit event are the importer's
(reception/importers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from etablera.access.guards import reception_required
from etablera.reception.importers import ImportResult, import_file, safe_cell
from etablera.reception.importers import assignments as assignment_format
from etablera.reception.importers import members as member_format
from etablera.reception.importers.base import FileError
from etablera.reception.web.forms import AssignmentImportForm
from etablera.web.import_preview import forget, keep_for_confirmation, take_confirmed
from etablera.web.pages import page

# The checked file waits in the session between the preview and the confirmation (at most IMPORT_MAX_BYTES).
SESSION_KEY = "etablera_assignment_import"
PREVIEW_ROWS = 50
PREVIEW_COLUMNS = ("reference", "municipality_code", "category", "decision_date", "person_count", "status")
# Never the identity numbers: the preview shows who is in the file, not their numbers.
MEMBER_PREVIEW_COLUMNS = ("reference", "relation", "first_name", "last_name", "birth_date")
FORMATS = {
    "assignments": (assignment_format, PREVIEW_COLUMNS),
    "members": (member_format, MEMBER_PREVIEW_COLUMNS),
}


def _preview_rows(data: bytes, kind: str = "assignments") -> list[dict]:
    module, columns = FORMATS[kind]
    try:
        table = module.read(data)
    except FileError:
        return []
    return [
        {"number": number, "cells": [safe_cell(values.get(column, "")) for column in columns]}
        for number, values in table.rows[:PREVIEW_ROWS]
    ]


def _render(
    request,
    form,
    *,
    result: ImportResult | None = None,
    data: bytes = b"",
    name: str = "",
    token="",
    kind: str = "assignments",
):
    rows = _preview_rows(data, kind) if result is not None and result.ok and data else []
    errors = [error.as_dict() for error in result.errors] if result is not None else []
    return page(
        request,
        "reception/assignments/import.html",
        {
            "form": form,
            "result": result,
            "errors": errors,
            "file_name": name,
            "rows": rows,
            "more_rows": result.rows - len(rows) if result is not None and rows else 0,
            "token": token,
            "kind": kind,
            "numeric_columns": () if kind == "members" else (5,),  # the persons' count
        },
        nav="assignments",
    )


@reception_required
@require_http_methods(["GET", "POST"])
def assignment_import(request):
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    if request.method != "POST":
        return _render(request, AssignmentImportForm())
    form = AssignmentImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form)
    upload, kind = form.cleaned_data["file"], form.cleaned_data["kind"] or "assignments"
    data = upload.read()
    try:
        result = import_file(kind, data, actor=request.user, dry_run=True)
    except PermissionDenied as error:
        form.add_error("file", str(error))
        return _render(request, form)
    token = ""
    if result.ok:
        token = keep_for_confirmation(request, SESSION_KEY, data, name=upload.name, kind=kind)
    else:
        forget(request, SESSION_KEY)
    return _render(
        request,
        AssignmentImportForm(initial={"kind": kind}),
        result=result,
        data=data,
        name=upload.name,
        token=token,
        kind=kind,
    )


def _confirm(request):
    confirmed = take_confirmed(request, SESSION_KEY)
    if confirmed is None:
        messages.error(request, _("Förhandsgranskningen finns inte längre. Välj filen igen."))
        return redirect("assignment_import")
    data, stored = confirmed
    kind = stored.get("kind", "assignments")
    try:
        result = import_file(kind, data, actor=request.user)
    except PermissionDenied as error:  # the user's memberships changed since the preview
        messages.error(request, str(error))
        return redirect("assignment_import")
    if not result.ok:
        return _render(
            request,
            AssignmentImportForm(initial={"kind": kind}),
            result=result,
            name=stored["name"],
            kind=kind,
        )
    if kind == "members":
        messages.success(
            request,
            _(
                "Importen är klar: %(created)s nya personer, %(updated)s som redan fanns i Etablera och "
                "%(unchanged)s redan i sina hushåll."
            )
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("assignment_list")
    messages.success(
        request,
        _("Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade anvisningar.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("assignment_list")
