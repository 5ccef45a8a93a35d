"""Importera etablering (/etablering/import/): a CSV file of the status per month or of SFI enrolments — upload it,
see what it would do (a dry run of the same importer the command line and the API use, establishment/importers),
then confirm. As the anvisningar import page does (reception/web/views/imports.py): the checked file waits in the
session between the preview and the confirmation, all or nothing, every row error at the file's own column, and
never an identity number on the page.

Whoever works in a unit may import (as over the API); each row must be about a person the user may keep the
establishment of (sees), else it is the row's error `not_permitted`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from etablera.access.guards import persons_required
from etablera.access.policy import capabilities
from etablera.establishment.importers import KINDS, ImportResult, import_file
from etablera.reception.importers import safe_cell
from etablera.reception.importers.base import FileError
from etablera.web.forms import IMPORT_MAX_BYTES
from etablera.web.import_preview import forget, keep_for_confirmation, take_confirmed
from etablera.web.pages import page

SESSION_KEY = "etablera_establishment_import"
PREVIEW_ROWS = 50
# The columns the preview shows, by the importers' own names: never the identity number.
PREVIEW_COLUMNS = {
    "monthly-status": ("month", "status", "note"),
    "sfi": ("enrolled_on", "course", "study_path", "start_date", "hours_per_week", "completed_on", "result"),
}


class EstablishmentImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Vad innehåller filen?"),
        choices=[
            ("monthly-status", gettext_lazy("Status per månad (en rad per person och månad)")),
            ("sfi", gettext_lazy("SFI-anmälningar (en rad per person och anmälan)")),
        ],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("CSV-fil"),
        help_text=gettext_lazy(
            "Sparad som CSV UTF-8, med komma eller semikolon och en rubrikrad. Högst 2 MB; större filer importeras "
            "med kommandot etablera import monthly-status (eller sfi)."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("Filen är för stor: högst 2 MB."))
        return upload


def _require_unit(user) -> None:
    if not capabilities(user).unit_ids:
        raise PermissionDenied(_("Etableringen importeras av den som arbetar i en enhet."))


def _preview_rows(data: bytes, kind: str) -> list[dict]:
    module, _label = KINDS[kind]
    try:
        table = module.read(data)
    except FileError:
        return []
    return [
        {"number": number, "cells": [safe_cell(values.get(column, "")) for column in PREVIEW_COLUMNS[kind]]}
        for number, values in table.rows[:PREVIEW_ROWS]
    ]


def _render(request, form, *, result: ImportResult | None = None, data=b"", name="", token="", kind=""):
    rows = _preview_rows(data, kind) if result is not None and result.ok and data else []
    return page(
        request,
        "establishment/import.html",
        {
            "form": form,
            "result": result,
            "errors": [error.as_dict() for error in result.errors] if result is not None else [],
            "file_name": name,
            "rows": rows,
            "more_rows": result.rows - len(rows) if result is not None and rows else 0,
            "token": token,
            "kind": kind,
        },
        nav="households",
    )


@persons_required
@require_http_methods(["GET", "POST"])
def establishment_import(request):
    _require_unit(request.user)
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    if request.method != "POST":
        kind = request.GET.get("kind") or "monthly-status"
        return _render(request, EstablishmentImportForm(initial={"kind": kind}))
    form = EstablishmentImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form)
    upload, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
    data = upload.read()
    result = import_file(kind, data, actor=request.user, dry_run=True)
    token = ""
    if result.ok:
        token = keep_for_confirmation(request, SESSION_KEY, data, name=upload.name, kind=kind)
    else:
        forget(request, SESSION_KEY)
    return _render(
        request,
        EstablishmentImportForm(initial={"kind": kind}),
        result=result,
        data=data,
        name=upload.name,
        token=token,
        kind=kind,
    )


def _confirm(request):
    confirmed = take_confirmed(request, SESSION_KEY)
    if confirmed is None or confirmed[1].get("kind") not in KINDS:
        messages.error(request, _("Förhandsgranskningen finns inte längre. Välj filen igen."))
        return redirect("establishment_import")
    data, stored = confirmed
    kind = stored["kind"]
    result = import_file(kind, data, actor=request.user)
    if not result.ok:  # something changed since the preview: nothing was saved, the errors are shown
        return _render(
            request,
            EstablishmentImportForm(initial={"kind": kind}),
            result=result,
            name=stored["name"],
            kind=kind,
        )
    if kind == "sfi":
        done = _(
            "Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade SFI-anmälningar."
        )
    else:
        done = _(
            "Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade månader med status."
        )
    messages.success(
        request, done % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    )
    return redirect("establishment_import")
