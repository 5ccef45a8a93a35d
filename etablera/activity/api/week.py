"""The week over the API (issue #13): a person's participations (list, add, end), an activity's attendance for a
week, a week recorded (PUT, replaces), the attendance import (CSV, as docs/import-formats.md "Närvaro per vecka"),
the job coach (assign, first contact) and "Räcker utbudet?". The same selectors and services as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from etablera.access.policy import capabilities, get_for_user, restrict
from etablera.activity.api.week_schemas import (
    AttendanceImportOut,
    AttendanceIn,
    AttendanceRecordOut,
    AttendanceSheetOut,
    FirstContactIn,
    JobCoachIn,
    JobCoachOut,
    OfferReportOut,
    ParticipationEndIn,
    ParticipationIn,
    ParticipationOut,
    Week,
)
from etablera.activity.importers.attendance import import_attendance
from etablera.activity.models import Activity, JobCoachAssignment, Participation, Placement
from etablera.activity.reports.command import as_json
from etablera.activity.reports.offer import (
    UnknownMunicipality,
    municipality_by_code,
    offer_report,
    report_municipality_ids,
)
from etablera.activity.selectors import week as selectors
from etablera.activity.services import job_coach, week
from etablera.activity.services.attendance import record_attendance
from etablera.api.auth import current_user
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.api.uploads import CSV_BODY, csv_file
from etablera.organisation.models import User
from etablera.rules import activity as rules
from etablera.rules.deadlines import Deadline

router = Router(tags=["Aktivitetskrav och arbete"])

WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
STATE_ERRORS = {**WRITE_ERRORS, 409: Message}
DRY_RUN = Query(False, description="true: kontrollera och räkna, spara ingenting (provkörning).")
WEEK = Query(..., description="ISO-vecka, t.ex. 2026-W50.")
FIRST_WEEK = Query(None, description="Första veckan, t.ex. 2026-W50 (standard: denna vecka).")
MUNICIPALITY = Query(..., max_length=4, description="Kommunkod, t.ex. 0480.")
PublicId = Annotated[UUID, Path(description="Publikt id (UUID).")]


def _hours(value) -> Decimal:
    return Decimal(str(value))


def participation_dict(p: Participation) -> dict:
    return {
        "public_id": p.public_id,
        "person": p.person.public_id,
        "kind": p.kind,
        "activity": p.activity.public_id if p.activity_id else None,
        "activity_name": p.activity.name if p.activity_id else "",
        "placement": p.placement.public_id if p.placement_id else None,
        "description": p.description,
        "hours_per_week": p.hours_per_week,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "unit_name": p.unit.name,
    }


@router.get(
    "/persons/{public_id}/activity/participations",
    response={200: list[ParticipationOut], 404: Message},
    summary="Personens planerade aktiviteter",
    description="Alla personens planerade aktiviteter (även avslutade), med timmar i veckan och period.",
)
def list_participations(request, public_id: PublicId):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    rows = restrict(user, Participation.objects.filter(person=person)).select_related(
        "person", "activity", "placement", "unit"
    )
    return [participation_dict(p) for p in rows]


@router.post(
    "/persons/{public_id}/activity/participations",
    response={201: ParticipationOut, **WRITE_ERRORS},
    summary="Lägg till en planerad aktivitet",
    description="En aktivitet (med ledig plats), praktik, jobbsökande, deltidsarbete, SFI eller annat. Personens "
    "pågående planerade timmar får tillsammans inte överstiga 40 i veckan (422 vid `hours_per_week`).",
)
def add_participation(request, public_id: PublicId, body: ParticipationIn):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    activity = placement = None
    if body.activity is not None:
        activity = restrict(user, Activity.objects.all()).filter(public_id=body.activity).first()
        if activity is None:
            raise ValidationError({"activity": "Ingen aktivitet med det id:t."})
    if body.placement is not None:
        placement = restrict(user, Placement.objects.all()).filter(public_id=body.placement).first()
        if placement is None:
            raise ValidationError({"placement": "Ingen praktikplats med det id:t."})
    p = week.add_participation(
        user,
        person,
        kind=body.kind,
        hours_per_week=_hours(body.hours_per_week),
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        activity=activity,
        placement=placement,
        description=body.description,
    )
    return 201, participation_dict(p)


@router.post(
    "/activity/participations/{public_id}/end",
    response={200: ParticipationOut, **STATE_ERRORS},
    summary="Avsluta en planerad aktivitet",
    description="Sista dagen. 409 om den redan är avslutad.",
)
def end_participation(request, public_id: PublicId, body: ParticipationEndIn):
    user = current_user(request)
    p = get_for_user(
        user,
        Participation.objects.select_related("person", "activity", "placement", "unit"),
        public_id=public_id,
    )
    return participation_dict(week.end_participation(user, p, ends_on=body.ends_on))


def _attendance_row(p: Participation, record, monday) -> dict:
    return {
        "participation": p.public_id,
        "person": p.person.public_id,
        "person_name": p.person.full_name,
        "hours_per_week": p.hours_per_week,
        "week": rules.week_label(monday),
        "recorded": record is not None,
        "hours_attended": record.hours_attended if record else None,
        "hours_absent": record.hours_absent if record else None,
        "absence_reason": record.absence_reason if record else "",
        "note": record.note if record else "",
    }


@router.get(
    "/activity/activities/{public_id}/attendance",
    response={200: AttendanceSheetOut, 404: Message, 422: ValidationErrorOut},
    summary="Aktivitetens närvaro en vecka",
    description="Alla som deltar i aktiviteten veckan och som du ser, med veckans närvaro (eller `recorded: "
    "false`).",
)
def attendance_sheet(request, public_id: PublicId, week: Week = WEEK):
    user = current_user(request)
    monday = rules.week_monday(week)
    if monday is None:
        raise ValidationError({"week": "Ange veckan som ÅÅÅÅ-Www, t.ex. 2026-W50."})
    sheet = selectors.attendance_sheet(user, public_id, monday)
    return {
        "activity": sheet.activity.public_id,
        "activity_name": sheet.activity.name,
        "week": rules.week_label(monday),
        "may_record": sheet.may_record,
        "rows": [_attendance_row(line.participation, line.attendance, monday) for line in sheet.lines],
    }


@router.put(
    "/activity/attendance",
    response={200: AttendanceRecordOut, **STATE_ERRORS},
    summary="Registrera närvaro för en vecka",
    description="Närvarande och frånvarande timmar för en planerad aktivitet och vecka, med skäl till frånvaro. "
    "Samma vecka igen ersätter den (`outcome`: created, updated eller unchanged). Registreras av enheten som "
    "har aktiviteten, socialtjänsten eller en administratör (annars 403).",
)
def put_attendance(request, body: AttendanceIn):
    user = current_user(request)
    p = get_for_user(user, Participation.objects.select_related("person"), public_id=body.participation)
    monday = rules.week_monday(body.week)
    record, outcome = record_attendance(
        user,
        p,
        week=monday,
        hours_attended=_hours(body.hours_attended),
        hours_absent=_hours(body.hours_absent),
        absence_reason=body.absence_reason,
        note=body.note,
    )
    return {**_attendance_row(p, record, monday), "outcome": outcome}


@router.post(
    "/activity/attendance/import",
    response={200: AttendanceImportOut, 403: Message, 422: ValidationErrorOut},
    summary="Importera närvaro per vecka (CSV)",
    description="Läser en fil med närvaro per deltagande och vecka (formatet i docs/import-formats.md, avsnittet "
    "Närvaro per vecka (aktivitetskravet)), som `text/csv` eller fältet `file` i `multipart/form-data`, högst "
    "2 MB. Alla rader kontrolleras först; har en rad fel sparas ingenting och svaret har `ok: false` och alla fel "
    "per rad och kolumn. Samma fil igen ändrar ingenting. 403 om du inte arbetar i en enhet.",
    openapi_extra=CSV_BODY,
)
def import_attendance_file(request, dry_run: bool = DRY_RUN):
    user = current_user(request)
    if not capabilities(user).unit_ids:
        raise PermissionDenied(_("Närvaron importeras av den som arbetar i en enhet."))
    result = import_attendance(csv_file(request), actor=user, dry_run=dry_run)
    return {**result.as_json(), "ok": result.ok, "dry_run": result.dry_run, "rows": result.rows}


def coach_dict(a: JobCoachAssignment) -> dict:
    deadline = selectors.first_contact(a)
    return {
        "public_id": a.public_id,
        "person": a.person.public_id,
        "coach": a.coach_id,
        "coach_name": a.coach.get_full_name() or a.coach.get_username(),
        "unit_name": a.unit.name,
        "assigned_on": a.assigned_on,
        "first_contact_due": a.first_contact_due,
        "first_contact": _deadline(deadline),
        "first_contact_on": a.first_contact_on,
        "ended_on": a.ended_on,
    }


def _deadline(deadline: Deadline | None) -> dict | None:
    if deadline is None:
        return None
    return {
        "date": deadline.date,
        "rule": deadline.rule,
        "title": deadline.title,
        "explanation": deadline.explanation,
        "source": deadline.source,
        "status": deadline.status,
        "based_on": deadline.based_on,
    }


@router.post(
    "/persons/{public_id}/activity/job-coach",
    response={201: JobCoachOut, **STATE_ERRORS},
    summary="Tilldela en jobbcoach",
    description="En användare i arbetsmarknadsenheten eller socialtjänsten i personens kommun. Första kontakten "
    "ska ske inom den lokala fristen (`first_contact` förklarar datumet). 409 om personen redan har en jobbcoach.",
)
def assign_job_coach(request, public_id: PublicId, body: JobCoachIn):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    coach = User.objects.filter(pk=body.coach, is_active=True).first()
    assignment = job_coach.assign_job_coach(user, person, coach=coach, assigned_on=body.assigned_on)
    return 201, coach_dict(assignment)


@router.post(
    "/activity/job-coaches/{public_id}/first-contact",
    response={200: JobCoachOut, **STATE_ERRORS},
    summary="Registrera jobbcoachens första kontakt",
    description="Dagen för den första kontakten. 409 om den redan är registrerad eller jobbcoachen avslutad.",
)
def first_contact(request, public_id: PublicId, body: FirstContactIn):
    user = current_user(request)
    assignment = get_for_user(
        user, JobCoachAssignment.objects.select_related("person", "coach", "unit"), public_id=public_id
    )
    return coach_dict(job_coach.record_first_contact(user, assignment, on=body.first_contact_on))


@router.get(
    "/activity/report",
    response={200: OfferReportOut, 403: Message, 404: Message, 422: ValidationErrorOut},
    summary="Räcker utbudet?",
    description="Timmar som aktivitetskravet kräver mot timmar som erbjuds (aktiviteter och praktikplatser), "
    "planerade och närvarotimmar, veckan och sju veckor framåt, och praktikplatsernas utfall efter kön (– när "
    "färre än 5). Samma siffror som `etablera report activity`. För den som arbetar med aktivitetskravet, "
    "statistik, enhetschefer och nämnder i kommunen (annars 404).",
)
def report(
    request,
    municipality: str = MUNICIPALITY,
    week: Week | None = FIRST_WEEK,
):
    user = current_user(request)
    monday = selectors.parse_week(week) if week else selectors.this_monday()
    if week and rules.week_monday(week) is None:
        raise ValidationError({"week": "Ange veckan som ÅÅÅÅ-Www, t.ex. 2026-W50."})
    try:
        found = municipality_by_code(municipality)
    except UnknownMunicipality:
        found = None
    if found is None or found.pk not in report_municipality_ids(user):
        raise Http404
    return as_json(offer_report(found, monday))
