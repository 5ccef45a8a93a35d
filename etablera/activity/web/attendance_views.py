"""Attendance pages (issue #13):

/aktiviteter/<id>/narvaro/           an activity's attendance sheet for a week (?vecka=2026-W50): every running
                                     participation the user sees, one form for the whole sheet; errors at the field,
                                     and nothing saved unless every row is right.
/aktivitetskrav/narvaro/import/      a CSV file of attendance: previewed (a dry run of activity.importers.attendance,
                                     as the API and the command line run it), then imported when confirmed
                                     (web/import_preview.py, as establishment/web/imports.py does).
"""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from etablera.access.guards import persons_required
from etablera.activity.importers.attendance import import_attendance, read
from etablera.activity.selectors import week as selectors
from etablera.activity.services.attendance import record_attendance
from etablera.activity.web.week_forms import AttendanceRowForm
from etablera.activity.web.week_views import week_links
from etablera.reception.importers import safe_cell
from etablera.reception.importers.base import FileError, ImportResult
from etablera.rules import activity as rules
from etablera.web.forms import IMPORT_MAX_BYTES, attach_errors
from etablera.web.import_preview import forget, keep_for_confirmation, take_confirmed
from etablera.web.pages import page

SESSION_KEY = "etablera_attendance_import"
PREVIEW_ROWS = 50
PREVIEW_COLUMNS = (
    "participation",
    "activity",
    "week",
    "hours_attended",
    "hours_absent",
    "absence_reason",
    "note",
)


def _row_form(line, data=None) -> AttendanceRowForm:
    record = line.attendance
    initial = (
        {
            "hours_attended": record.hours_attended,
            "hours_absent": record.hours_absent,
            "absence_reason": record.absence_reason,
            "note": record.note,
        }
        if record
        else {}
    )
    return AttendanceRowForm(data, prefix=str(line.participation.public_id), initial=initial)


def _render_sheet(request, sheet, rows, status=200):
    url = reverse("activity_attendance", args=[sheet.activity.public_id])
    return page(
        request,
        "activity/week/attendance.html",
        {
            "sheet": sheet,
            "rows": rows,
            "summary": [
                {
                    "href": f"#{field.id_for_label}",
                    "label": f"{line.participation.person.full_name}: {field.label}",
                    "message": error,
                }
                for line, form in rows
                if form.is_bound
                for field in form
                for error in field.errors
            ],
            **week_links(url, sheet.monday),
        },
        nav="activity_participants",
        status=status,
    )


@persons_required
@require_http_methods(["GET", "POST"])
def activity_attendance(request, public_id):
    monday = selectors.parse_week(request.GET.get("vecka") or request.POST.get("vecka"))
    sheet = selectors.attendance_sheet(request.user, public_id, monday)
    if request.method == "GET":
        return _render_sheet(request, sheet, [(line, _row_form(line)) for line in sheet.lines])
    if not sheet.may_record:
        raise PermissionDenied(
            _("Närvaron registreras av enheten som har aktiviteten, socialtjänsten eller en administratör.")
        )
    rows = [(line, _row_form(line, request.POST)) for line in sheet.lines]
    if not all(form.is_valid() for _line, form in rows):
        return _render_sheet(request, sheet, rows, status=400)
    failed = False
    saved = 0
    with transaction.atomic():
        for line, form in rows:
            if form.blank:
                continue
            c = form.cleaned_data
            try:
                _record, outcome = record_attendance(
                    request.user,
                    line.participation,
                    week=monday,
                    hours_attended=c["hours_attended"],
                    hours_absent=c["hours_absent"] if c["hours_absent"] is not None else 0,
                    absence_reason=c["absence_reason"],
                    note=c["note"],
                )
            except ValidationError as error:
                attach_errors(error, form)
                failed = True
                continue
            saved += outcome != "unchanged"
        if failed:
            transaction.set_rollback(True)  # one row wrong: none is saved, every error shown at its field
    if failed:
        return _render_sheet(request, sheet, rows, status=400)
    messages.success(
        request,
        _("Närvaron för vecka %(week)s är sparad (%(n)s ändrade).")
        % {"week": rules.week_label(monday), "n": saved},
    )
    url = reverse("activity_attendance", args=[sheet.activity.public_id])
    return redirect(f"{url}?vecka={rules.week_label(monday)}")


# --- the import ------------------------------------------------------------------------------------------------------


class AttendanceImportForm(django_forms.Form):
    file = django_forms.FileField(
        label=gettext_lazy("CSV-fil"),
        help_text=gettext_lazy(
            "Sparad som CSV UTF-8, med komma eller semikolon och en rubrikrad. Högst 2 MB."
        ),
        widget=django_forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("Filen är för stor: högst 2 MB."))
        return upload


def _preview_rows(data: bytes) -> list[dict]:
    try:
        table = read(data)
    except FileError:
        return []
    return [
        {"number": number, "cells": [safe_cell(values.get(column, "")) for column in PREVIEW_COLUMNS]}
        for number, values in table.rows[:PREVIEW_ROWS]
    ]


def _render_import(request, form, *, result: ImportResult | None = None, data=b"", name="", token=""):
    rows = _preview_rows(data) if result is not None and result.ok and data else []
    return page(
        request,
        "activity/week/import.html",
        {
            "form": form,
            "result": result,
            "errors": [error.as_dict() for error in result.errors] if result is not None else [],
            "file_name": name,
            "rows": rows,
            "more_rows": result.rows - len(rows) if result is not None and rows else 0,
            "token": token,
        },
        nav="activity_participants",
    )


@persons_required
@require_http_methods(["GET", "POST"])
def activity_attendance_import(request):
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request)
    if request.method != "POST":
        return _render_import(request, AttendanceImportForm())
    form = AttendanceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_import(request, form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    result = import_attendance(data, actor=request.user, dry_run=True)
    token = ""
    if result.ok:
        token = keep_for_confirmation(request, SESSION_KEY, data, name=upload.name)
    else:
        forget(request, SESSION_KEY)
    return _render_import(
        request, AttendanceImportForm(), result=result, data=data, name=upload.name, token=token
    )


def _confirm(request):
    confirmed = take_confirmed(request, SESSION_KEY)
    if confirmed is None:
        messages.error(request, _("Förhandsgranskningen finns inte längre. Välj filen igen."))
        return redirect("activity_attendance_import")
    data, stored = confirmed
    result = import_attendance(data, actor=request.user)
    if not result.ok:
        return _render_import(request, AttendanceImportForm(), result=result, name=stored["name"])
    messages.success(
        request,
        _(
            "Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade veckor med närvaro."
        )
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return redirect("activity_attendance_import")
