"""Attendance pages (issue #13):

/aktiviteter/<id>/narvaro/           an activity's attendance sheet for a week (?vecka=2026-W50): every running
                                     participation the user sees, one form for the whole sheet; errors at the field,
                                     and nothing saved unless every row is right.
/aktivitetskrav/narvaro/import/      a CSV file of attendance: previewed (a dry run of activity.importers.attendance,
                                     as the API and the command line run it), then imported when confirmed
                                     (web/import_view.py, as every import page).
"""

from __future__ import annotations

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
from etablera.rules import activity as rules
from etablera.web.forms import attach_errors
from etablera.web.import_view import ImportPage, file_rows
from etablera.web.pages import page

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


class AttendanceImport(ImportPage):
    template, nav = "activity/week/import.html", "activity_participants"
    session_key, url_name = "etablera_attendance_import", "activity_attendance_import"
    done = gettext_lazy(
        "Importen är klar: %(created)s nya, %(updated)s ändrade och %(unchanged)s oförändrade veckor med närvaro."
    )

    def run(self, request, data, kept, *, dry_run):
        return import_attendance(data, actor=request.user, dry_run=dry_run)

    def preview(self, data, kept):
        return file_rows(read(data), PREVIEW_COLUMNS, safe_cell)


IMPORT_PAGE = AttendanceImport()


@persons_required
@require_http_methods(["GET", "POST"])
def activity_attendance_import(request):
    return IMPORT_PAGE.handle(request)
