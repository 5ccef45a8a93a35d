"""The rows for the establishment API (issue #12): the person's record, its writes and the two imports.

Everyone who sees the person keeps the establishment's records (the plan is the units' common one): the owner, the
consent user, the admin (and the protected role for P); the colleague and the outsider get 404. A plan, a programme
and an SFI enrolment for a row's URL are made (or found) as the system. The imports
are for whoever works in a unit: a JSON body is no CSV file, so they get the file's errors (200, ok false)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.access.tests.matrix.cases import API_SEES_H, Case, api, expect

WRITE = expect(200, colleague=404, outsider=404, anonymous=401)
CREATED = expect(201, colleague=404, outsider=404, anonymous=401)
# A SIP without consent: refused at the field for those who see the person.
SIP_REFUSED = expect(422, colleague=404, outsider=404, anonymous=401)
IMPORT = expect(200, anonymous=401)


def _person(w, rest=""):
    return f"/persons/{w.person.public_id}/establishment{rest}"


def _plan(w):
    from etablera.establishment import services
    from etablera.establishment.models import IndividualPlan

    plan = IndividualPlan.objects.filter(person=w.person).exclude(status="CLOSED").first()
    return plan or services.create_plan(actor=None, person=w.person)


def _programme(w):
    from etablera.establishment.models import ProgrammePeriod

    start = timezone.localdate() - dt.timedelta(days=30)
    running = ProgrammePeriod.objects.filter(person=w.person, actual_end__isnull=True).first()
    if running is not None:
        if running.start_date is None:
            running.start_date = start
            running.save()
        return running
    return ProgrammePeriod.objects.create(
        person=w.person, municipality_id=w.person.municipality_id, referral_date=start, start_date=start
    )


def _sfi(w):
    from etablera.establishment.models import SfiEnrolment

    running = SfiEnrolment.objects.filter(person=w.person, completed_on__isnull=True).first()
    if running is not None:
        return running
    return SfiEnrolment.objects.create(
        person=w.person,
        municipality_id=w.person.municipality_id,
        enrolled_on=timezone.localdate() - dt.timedelta(days=30),
        course="B",
        study_path=2,
    )


def _today(_w=None):
    return timezone.localdate().isoformat()


ESTABLISHMENT_API: list[Case] = [
    api("get", "/persons/{public_id}/establishment", lambda w: _person(w), API_SEES_H),
    api(
        "put",
        "/persons/{public_id}/establishment/mapping",
        lambda w: _person(w, "/mapping"),
        WRITE,
        body=lambda w: {"goals": "Arbete"},
    ),
    api(
        "post",
        "/persons/{public_id}/establishment/plans",
        lambda w: _person(w, "/plans"),
        SIP_REFUSED,
        body=lambda w: {"kind": "SIP"},
    ),
    api(
        "post",
        "/establishment/plans/{public_id}/goals",
        lambda w: f"/establishment/plans/{_plan(w).public_id}/goals",
        CREATED,
        body=lambda w: {"area": "LANGUAGE", "description": "SFI D"},
    ),
    api(
        "post",
        "/establishment/plans/{public_id}/interventions",
        lambda w: f"/establishment/plans/{_plan(w).public_id}/interventions",
        CREATED,
        body=lambda w: {"what": "Praktik", "start_date": _today(), "external_actor": "Arbetsförmedlingen"},
    ),
    api(
        "post",
        "/establishment/plans/{public_id}/meetings",
        lambda w: f"/establishment/plans/{_plan(w).public_id}/meetings",
        CREATED,
        body=lambda w: {"held_on": _today(), "agreed_actions": "Fortsätt"},
    ),
    api(
        "put",
        "/persons/{public_id}/establishment/programme",
        lambda w: _person(w, "/programme"),
        # P's protected member and H's consenting adult are of programme age
        WRITE,
        body=lambda w: {"referral_date": _today()},
    ),
    api(
        "post",
        "/establishment/programmes/{public_id}/end",
        lambda w: f"/establishment/programmes/{_programme(w).public_id}/end",
        WRITE,
        body=lambda w: {"actual_end": _today(), "end_reason": "WORK"},
    ),
    api(
        "put",
        "/persons/{public_id}/establishment/sfi",
        lambda w: _person(w, "/sfi"),
        WRITE,
        body=lambda w: {"enrolled_on": _today(), "course": "A", "study_path": 1},
    ),
    api(
        "post",
        "/establishment/sfi/{public_id}/interruptions",
        lambda w: f"/establishment/sfi/{_sfi(w).public_id}/interruptions",
        CREATED,
        body=lambda w: {"start_date": _today()},
    ),
    api(
        "post",
        "/establishment/sfi/{public_id}/completion",
        lambda w: f"/establishment/sfi/{_sfi(w).public_id}/completion",
        WRITE,
        body=lambda w: {"completed_on": _today()},
    ),
    api(
        "post",
        "/persons/{public_id}/establishment/monthly-status",
        lambda w: _person(w, "/monthly-status"),
        WRITE,
        body=lambda w: {"month": _today(), "status": "WORK"},
    ),
    api("post", "/imports/monthly-status", lambda w: "/imports/monthly-status", IMPORT, body=lambda w: {}),
    api("post", "/imports/sfi", lambda w: "/imports/sfi", IMPORT, body=lambda w: {}),
]
