"""The import of placements from the social-services system (/barn/import/): the file is checked (a dry run) and
previewed, then imported exactly as previewed on confirmation (web/import_preview.py). Social services only."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from etablera.minors.importers import import_file
from etablera.minors.importers.placements import PLACEMENT_ID, read
from etablera.minors.web.views import social_services_required
from etablera.reception.importers.base import FileError, safe_cell
from etablera.web.forms import CsvFileForm
from etablera.web.import_preview import forget, keep_for_confirmation, take_confirmed
from etablera.web.pages import page

SESSION_KEY = "etablera_placement_import"
PREVIEW_ROWS = 50
PREVIEW_COLUMNS = (PLACEMENT_ID, "kind", "provider", "starts_on", "ends_on", "cost_per_day")


def _preview_rows(data: bytes) -> list[dict]:
    try:
        table = read(data)
    except FileError:
        return []
    return [
        {"number": number, "cells": [safe_cell(values.get(column, "")) for column in PREVIEW_COLUMNS]}
        for number, values in table.rows[:PREVIEW_ROWS]
    ]


def _render(request, form, *, result=None, data=b"", name="", token=""):
    rows = _preview_rows(data) if result is not None and result.ok and data else []
    return page(
        request,
        "minors/import.html",
        {
            "form": form,
            "result": result,
            "errors": [error.as_dict() for error in result.errors] if result is not None else [],
            "file_name": name,
            "rows": rows,
            "more_rows": result.rows - len(rows) if result is not None and rows else 0,
            "token": token,
            "numeric_columns": (6,),
        },
        nav="minors",
    )


@social_services_required
@require_http_methods(["GET", "POST"])
def minors_placement_import(request):
    if request.method == "POST" and "confirm" in request.POST:
        confirmed = take_confirmed(request, SESSION_KEY)
        if confirmed is None:
            messages.error(request, _("Förhandsgranskningen finns inte längre. Välj filen igen."))
            return redirect("minors_placement_import")
        data, stored = confirmed
        result = import_file("placements", data, actor=request.user)
        if not result.ok:
            return _render(request, CsvFileForm(), result=result, name=stored["name"])
        messages.success(
            request,
            _(
                "Importen är klar: %(created)s nya, %(updated)s avslutade och %(unchanged)s oförändrade placeringar."
            )
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("minors_placement_import")
    if request.method != "POST":
        return _render(request, CsvFileForm())
    form = CsvFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    result = import_file("placements", data, actor=request.user, dry_run=True)
    token = ""
    if result.ok:
        token = keep_for_confirmation(request, SESSION_KEY, data, name=upload.name)
    else:
        forget(request, SESSION_KEY)
    return _render(request, CsvFileForm(), result=result, data=data, name=upload.name, token=token)
