"""The rows for the week of the activity requirement (issue #13): my participants, the person's week and its POST,
an activity's attendance sheet (GET and POST), the attendance import, "Räcker utbudet?" (and its download), and the
week's API operations.

The week is BASIC and seen with the person (SEES_H); who may change it: those who work with the requirement in the
person's municipality — the owner (reception) and the admin; the consent user sees the person but works in another
unit (403). The catalogue is seen by the municipality's staff, so the colleague and the consent user read the
attendance sheet (of persons they may see: none); it is recorded by the activity's unit (here SFI, none of the
roles), social services or an administrator. The report is for those who work with the requirement and those who
read figures: the outsider reads Enköping's own.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.access.tests.matrix.cases import API_SEES_H, SEES_H, SIGNED_IN_200, Case, api, expect, page

PLAN_POST = expect(302, colleague=404, consent=403, outsider=404, anonymous=302)
API_PLAN = expect(201, colleague=404, consent=403, outsider=404, anonymous=401)
API_PLAN_200 = expect(200, colleague=404, consent=403, outsider=404, anonymous=401)
CATALOGUE = expect(200, outsider=404, anonymous=302)
API_CATALOGUE = expect(200, outsider=404, anonymous=401)
RECORD_POST = expect(403, admin=302, outsider=404, anonymous=302)
API_RECORD = expect(403, admin=200, colleague=404, outsider=404, anonymous=401)
REPORT = expect(200, colleague=403, consent=403, anonymous=302)
API_REPORT = expect(200, colleague=404, consent=404, outsider=404, anonymous=401)
API_IMPORT = expect(200, anonymous=401)


def _monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


def _week() -> str:
    year, week, _ = _monday().isocalendar()
    return f"{year}-W{week:02d}"


def _activity(w):
    from etablera.activity.models import Activity

    activity, _ = Activity.objects.get_or_create(
        municipality=w.municipality,
        name="Matrisens språkcafé",
        defaults={
            "unit": w.unit,
            "kind": Activity.Kind.LANGUAGE_CAFE,
            "place": "Biblioteket",
            "schedule": "mån 9–12",
            "hours_per_week": 3,
            "places": 5,
            "starts_on": _monday() - dt.timedelta(days=365),
        },
    )
    return activity


def _participation(w, description: str):
    """A line of the person's week recorded by the SFI unit (none of the roles), made once per person."""
    from etablera.activity.models import Participation

    participation, _ = Participation.objects.get_or_create(
        person=w.person,
        description=description,
        defaults={
            "municipality_id": w.person.municipality_id,
            "kind": Participation.Kind.JOB_SEEKING,
            "hours_per_week": 1,
            "starts_on": _monday() - dt.timedelta(weeks=1),
            "unit": w.unit,
        },
    )
    return participation


def _person_week(w):
    return f"/personer/{w.person.public_id}/aktivitetskrav/vecka/"


ROWS: list[Case] = [
    page("activity_participants", lambda w: f"/aktivitetskrav/deltagare/?vecka={_week()}", SIGNED_IN_200),
    page("activity_participation_add", _person_week, SEES_H),  # the GET; the POST below is checked last
    page(
        "activity_participation_add",
        _person_week,
        PLAN_POST,
        method="post",
        body=lambda w: {"kind": "JOB_SEEKING", "hours_per_week": "2", "starts_on": _monday().isoformat()},
    ),
    page(
        "activity_attendance",
        lambda w: f"/aktiviteter/{_activity(w).public_id}/narvaro/?vecka={_week()}",
        CATALOGUE,
    ),
    page(
        "activity_attendance",
        lambda w: f"/aktiviteter/{_activity(w).public_id}/narvaro/?vecka={_week()}",
        RECORD_POST,
        method="post",
        body=lambda w: {},
    ),
    page("activity_attendance_import", lambda w: "/aktivitetskrav/narvaro/import/", SIGNED_IN_200),
    page("activity_offer_report", lambda w: "/aktivitetskrav/utbud/", REPORT),
    page(
        "activity_offer_report",
        lambda w: f"/aktivitetskrav/utbud/?kommun=&vecka={_week()}&format=csv",
        REPORT,
    ),
    api(
        "get",
        "/persons/{public_id}/activity/participations",
        lambda w: f"/persons/{w.person.public_id}/activity/participations",
        API_SEES_H,
    ),
    api(
        "post",
        "/persons/{public_id}/activity/participations",
        lambda w: f"/persons/{w.person.public_id}/activity/participations",
        API_PLAN,
        body=lambda w: {"kind": "JOB_SEEKING", "hours_per_week": 1, "starts_on": _monday().isoformat()},
    ),
    api(
        "post",
        "/activity/participations/{public_id}/end",
        lambda w: f"/activity/participations/{_participation(w, 'Matrisen: avslutas').public_id}/end",
        API_PLAN_200,
        body=lambda w: {"ends_on": timezone.localdate().isoformat()},
    ),
    api(
        "get",
        "/activity/activities/{public_id}/attendance",
        lambda w: f"/activity/activities/{_activity(w).public_id}/attendance?week={_week()}",
        API_CATALOGUE,
    ),
    api(
        "put",
        "/activity/attendance",
        lambda w: "/activity/attendance",
        API_RECORD,
        body=lambda w: {
            "participation": str(_participation(w, "Matrisen: närvaro").public_id),
            "week": _week(),
            "hours_attended": 1,
        },
    ),
    api(
        "post",
        "/activity/attendance/import",
        lambda w: "/activity/attendance/import",
        API_IMPORT,
        body=lambda w: {},
    ),
    api(
        "post",
        "/persons/{public_id}/activity/job-coach",
        lambda w: f"/persons/{w.person.public_id}/activity/job-coach",
        expect(422, colleague=404, consent=403, outsider=404, anonymous=401),
        body=lambda w: {"coach": 0},
    ),
    api(
        "post",
        "/activity/job-coaches/{public_id}/first-contact",
        lambda w: f"/activity/job-coaches/{_coach(w).public_id}/first-contact",
        expect(200, colleague=404, consent=403, outsider=404, anonymous=401),
        body=lambda w: {"first_contact_on": timezone.localdate().isoformat()},
    ),
    api(
        "get", "/activity/report", lambda w: f"/activity/report?municipality=0480&week={_week()}", API_REPORT
    ),
]


def _coach(w):
    """A job coach of the person whose first contact is not yet recorded (cleared before each role asks)."""
    from etablera.activity.models import JobCoachAssignment
    from etablera.activity.services.job_coach import COACH_FUNCTIONS
    from etablera.organisation.models import Membership, Role, Unit
    from etablera.testing.factories import UnitFactory, UserFactory

    unit = UnitFactory(
        municipality=w.municipality, name="Arbetsmarknadsenheten", function=Unit.Function.LABOUR_MARKET
    )
    assert unit.function in COACH_FUNCTIONS
    coach = UserFactory(username="matrisens-coach")
    Membership.objects.get_or_create(user=coach, unit=unit, role=Role.CASEWORKER)
    today = timezone.localdate()
    assignment, _ = JobCoachAssignment.objects.get_or_create(
        person=w.person,
        ended_on=None,
        defaults={
            "municipality_id": w.person.municipality_id,
            "coach": coach,
            "unit": unit,
            "assigned_on": today,
            "first_contact_due": today + dt.timedelta(days=3),
        },
    )
    if assignment.first_contact_on is not None:
        assignment.first_contact_on = None
        assignment.save(update_fields=["first_contact_on"])
    return assignment
