"""The rows for the civil register (issue #17): the overview, the associations, the network's meetings, and the API.

Those who work with civil society (`civil_municipality_ids`: the integration unit — the matrix's owner — culture
and leisure, administrators) get the pages; the colleague's and the consent user's units are refused (403). charlie
of Enköping's integration unit works with civil society there: his lists are empty, Nyköping's records 404, and what
he adds is Enköping's. The API has no page guard: its lists are empty for those who see nothing, a record 404, a
write 403. The records are made as the system for each row (rolled back with it)."""

from __future__ import annotations

import uuid

from django.utils import timezone

from etablera.access.tests.matrix.cases import API_SIGNED_IN_200, Case, api, expect, page

CIVIL_PAGE = expect(200, colleague=403, consent=403, anonymous=302)
CIVIL_RECORD = expect(200, colleague=403, consent=403, outsider=404, anonymous=302)
CIVIL_POST = expect(302, colleague=403, consent=403, anonymous=302)
CIVIL_RECORD_POST = expect(302, colleague=403, consent=403, outsider=404, anonymous=302)
API_RECORD = expect(200, colleague=404, consent=404, outsider=404, anonymous=401)
API_CREATE = expect(201, colleague=403, consent=403, anonymous=401)
API_RECORD_CREATE = expect(201, colleague=404, consent=404, outsider=404, anonymous=401)
ASSOCIATION_ID = uuid.UUID("6a0b7a4e-1f0e-4c41-9d8e-000000000017")
MEETING_ID = uuid.UUID("6a0b7a4e-1f0e-4c41-9d8e-000000000117")


def _association(w):
    from etablera.civil.models import Association

    association, _created = Association.objects.get_or_create(
        public_id=ASSOCIATION_ID,
        defaults={"municipality": w.municipality, "name": "Matrisens förening", "kind": "ASSOCIATION"},
    )
    return association


def _meeting(w):
    from etablera.civil.models import NetworkMeeting

    meeting, _created = NetworkMeeting.objects.get_or_create(
        public_id=MEETING_ID,
        defaults={"municipality": w.municipality, "held_on": timezone.localdate(), "place": "Stadshuset"},
    )
    return meeting


def _contact(w):
    from etablera.civil.models import ContactPerson

    contact, _created = ContactPerson.objects.get_or_create(
        association=_association(w), name="Matrisens kontakt", defaults={"email": "kontakt@example.se"}
    )
    return contact


def _contact_edit_url(w) -> str:
    return f"/civilsamhallet/foreningar/{_association(w).public_id}/kontakter/{_contact(w).pk}/andra/"


def _association_url(w) -> str:
    return f"/civilsamhallet/foreningar/{_association(w).public_id}/"


def _meeting_url(w) -> str:
    return f"/civilsamhallet/natverk/{_meeting(w).public_id}/"


ROWS: list[Case] = [
    page("civil_overview", lambda w: "/civilsamhallet/", CIVIL_PAGE),
    page("civil_associations", lambda w: "/civilsamhallet/foreningar/", CIVIL_PAGE),
    page("civil_associations", lambda w: "/civilsamhallet/foreningar/?format=csv", CIVIL_PAGE),
    page("civil_association_new", lambda w: "/civilsamhallet/foreningar/ny/", CIVIL_PAGE),
    page(
        "civil_association_new",
        lambda w: "/civilsamhallet/foreningar/ny/",
        CIVIL_POST,
        method="post",
        body=lambda w: {"name": "Matrisens nya förening", "kind": "SPORTS"},
    ),
    page("civil_association", _association_url, CIVIL_RECORD),
    page(
        "civil_association",
        _association_url,
        CIVIL_RECORD_POST,
        method="post",
        body=lambda w: {
            "action": "contact",
            "kontakt-name": "Kim Kontakt",
            "kontakt-email": "kim@example.se",
        },
    ),
    page("civil_association_edit", lambda w: _association_url(w) + "andra/", CIVIL_RECORD),
    page(
        "civil_association_edit",
        lambda w: _association_url(w) + "andra/",
        CIVIL_RECORD_POST,
        method="post",
        body=lambda w: {"name": "Matrisens förening", "kind": "ASSOCIATION", "description": "Ändrad"},
    ),
    page("civil_contact_edit", _contact_edit_url, CIVIL_RECORD),
    page(
        "civil_contact_edit",
        _contact_edit_url,
        CIVIL_RECORD_POST,
        method="post",
        body=lambda w: {"kontakt-name": "Matrisens kontakt", "kontakt-phone": "070-111 22 33"},
    ),
    page("civil_meetings", lambda w: "/civilsamhallet/natverk/", CIVIL_PAGE),
    page("civil_meeting_new", lambda w: "/civilsamhallet/natverk/nytt/", CIVIL_PAGE),
    page(
        "civil_meeting_new",
        lambda w: "/civilsamhallet/natverk/nytt/",
        CIVIL_POST,
        method="post",
        body=lambda w: {"held_on": timezone.localdate().isoformat(), "place": "Kulturhuset"},
    ),
    page("civil_meeting", _meeting_url, CIVIL_RECORD),
    page(
        "civil_meeting",
        _meeting_url,
        CIVIL_RECORD_POST,
        method="post",
        body=lambda w: {
            "action": "followup",
            "uppfoljning-text": "Boka lokal",
            "uppfoljning-responsible": "Ann",
        },
    ),
    page("civil_meeting_edit", lambda w: _meeting_url(w) + "andra/", CIVIL_RECORD),
    page(
        "civil_meeting_edit",
        lambda w: _meeting_url(w) + "andra/",
        CIVIL_RECORD_POST,
        method="post",
        body=lambda w: {
            "held_on": timezone.localdate().isoformat(),
            "place": "Stadshuset",
            "notes": "Ändrad",
        },
    ),
    api("get", "/associations", lambda w: "/associations", API_SIGNED_IN_200),
    api(
        "post",
        "/associations",
        lambda w: "/associations",
        API_CREATE,
        body=lambda w: {"name": "Matrisens API-förening", "kind": "STUDY"},
    ),
    api(
        "get", "/associations/{public_id}", lambda w: f"/associations/{_association(w).public_id}", API_RECORD
    ),
    api(
        "get",
        "/associations/{public_id}/activities",
        lambda w: f"/associations/{_association(w).public_id}/activities",
        API_RECORD,
    ),
    api(
        "post",
        "/associations/{public_id}/activities",
        lambda w: f"/associations/{_association(w).public_id}/activities",
        API_RECORD_CREATE,
        body=lambda w: {
            "name": "Matrisens språkcafé i föreningen",
            "place": "Föreningslokalen",
            "schedule": "Onsdagar",
            "hours_per_week": 2,
            "places": 10,
            "starts_on": timezone.localdate().isoformat(),
        },
    ),
]
