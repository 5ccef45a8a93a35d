"""The rows for grants to associations (issue #17): the public pages (no account: the same answer for everyone),
and the staff's pages behind civil_required — the integration unit (owner) and administrators (admin) of Nyköping;
Enköping's caseworker (outsider) has the pages but not Nyköping's programme (404); the other units 403. A decision is
the unit manager's or the administrator's: the caseworker (owner) gets 403."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from etablera.access.tests.matrix.cases import Case, api, expect, page

PUBLIC = expect(200)
PUBLIC_LINK = expect(200)
STAFF_LIST = expect(403, owner=200, protected=200, outsider=200, admin=200, anonymous=302)
STAFF_OBJECT = expect(403, owner=200, protected=200, outsider=404, admin=200, anonymous=302)
STAFF_POST = expect(403, owner=302, protected=302, outsider=404, admin=302, anonymous=302)
DECIDE_POST = expect(403, outsider=404, admin=302, anonymous=302)
API_LIST = expect(403, owner=200, protected=200, outsider=200, admin=200, anonymous=401)
API_OBJECT = expect(403, owner=200, protected=200, outsider=404, admin=200, anonymous=401)

PROGRAMME_ID = uuid.UUID("6a0b7a4e-1f0e-4c41-9d8e-000000001701")
CONFIRM_TOKEN = "matris-bekrafta-token"
REPORT_TOKEN = "matris-aterrapport-token"


def _programme(w):
    from etablera.grants.models import GrantProgramme

    today = timezone.localdate()
    programme, _created = GrantProgramme.objects.get_or_create(
        public_id=PROGRAMME_ID,
        defaults={
            "municipality": w.municipality,
            "name": "Matrisbidraget",
            "criteria": "Verksamhet för nyanlända.",
            "budget": 100000,
            "opens_on": today - dt.timedelta(days=10),
            "closes_on": today + dt.timedelta(days=10),
            "status": GrantProgramme.Status.OPEN,
        },
    )
    return programme


def _application(w, status, number):
    from etablera.grants.models import Application
    from etablera.grants.tokens import token_hash

    programme = _programme(w)
    today = timezone.localdate()
    granted = status in ("GRANTED", "PAID")
    application, _created = Application.objects.get_or_create(
        municipality=w.municipality,
        reference=f"BID-MATRIS-{number}",
        defaults={
            "programme": programme,
            "association_name": "Matrisföreningen",
            "organisation_number": "802000-1239",
            "contact_name": "Kim Kontakt",
            "contact_email": "kim@example.se",
            "description": "Läxhjälp.",
            "amount_applied": 5000,
            "status": status,
            "confirmed_at": timezone.now(),
            "confirm_token_hash": token_hash(f"{CONFIRM_TOKEN}-{number}"),
            "report_token_hash": token_hash(f"{REPORT_TOKEN}-{number}") if granted else "",
            "amount_granted": 4000 if granted else None,
            "report_deadline": today + dt.timedelta(days=60) if granted else None,
        },
    )
    return application


def _app_url(status, number, suffix=""):
    return lambda w: f"/civilsamhallet/bidrag/ansokan/{_application(w, status, number).public_id}/{suffix}"


def _programme_url(suffix=""):
    return lambda w: f"/civilsamhallet/bidrag/{_programme(w).public_id}/{suffix}"


def _report_link(w):
    _application(w, "PAID", 4)
    return f"/medverka/bidrag/aterrapport/{REPORT_TOKEN}-4/"


def _confirm_link(w):
    _application(w, "SUBMITTED", 1)
    return f"/medverka/bidrag/bekrafta/{CONFIRM_TOKEN}-1/"


def _future(days):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


ROWS: list[Case] = [
    page("grants_public_list", lambda w: "/medverka/bidrag/", PUBLIC),
    page("grants_apply", lambda w: f"/medverka/bidrag/{_programme(w).public_id}/", PUBLIC),
    page("grants_applied", lambda w: "/medverka/bidrag/tack/", PUBLIC),
    page("grants_confirm", _confirm_link, PUBLIC_LINK),
    page("grants_report", _report_link, PUBLIC_LINK),
    page("grants_programmes", lambda w: "/civilsamhallet/bidrag/", STAFF_LIST),
    page("grants_programme_create", lambda w: "/civilsamhallet/bidrag/nytt/", STAFF_LIST),
    page("grants_report_page", lambda w: "/civilsamhallet/bidrag/rapport/", STAFF_LIST),
    page("grants_programme", _programme_url(), STAFF_OBJECT),
    page("grants_programme_edit", _programme_url("andra/"), STAFF_OBJECT),
    page("grants_programme_export", _programme_url("ansokningar.csv"), STAFF_OBJECT),
    page(
        "grants_programme_status",
        _programme_url("status/"),
        STAFF_POST,
        method="post",
        body=lambda w: {"status": "CLOSED"},
    ),
    page("grants_application", _app_url("SUBMITTED", 1), STAFF_OBJECT),
    page(
        "grants_application_assess",
        _app_url("SUBMITTED", 1, "bedom/"),
        STAFF_POST,
        method="post",
        body=lambda w: {"assessment": "Uppfyller kriterierna."},
    ),
    page(
        "grants_application_decide",
        _app_url("UNDER_ASSESSMENT", 2, "beslut/"),
        DECIDE_POST,
        method="post",
        body=lambda w: {
            "outcome": "grant",
            "amount_granted": "3000",
            "reasons": "Bra plan.",
            "report_deadline": _future(90),
        },
    ),
    page(
        "grants_application_pay",
        _app_url("GRANTED", 3, "utbetalning/"),
        STAFF_POST,
        method="post",
        body=lambda w: {"paid_on": timezone.localdate().isoformat(), "amount": "4000", "reference": "V-1"},
    ),
    page(
        "grants_application_report",
        _app_url("PAID", 4, "aterrapport/"),
        STAFF_POST,
        method="post",
        body=lambda w: {
            "report_text": "Läxhjälp varje vecka.",
            "report_money_used": "4000",
            "p_women_2": "3",
        },
    ),
    api("get", "/grants/programmes", lambda w: "/grants/programmes", API_LIST),
    api(
        "get",
        "/grants/programmes/{programme_id}",
        lambda w: f"/grants/programmes/{_programme(w).public_id}",
        API_OBJECT,
    ),
    api(
        "get",
        "/grants/programmes/{programme_id}/applications",
        lambda w: f"/grants/programmes/{_programme(w).public_id}/applications",
        API_OBJECT,
    ),
    api(
        "get",
        "/grants/applications/{application_id}",
        lambda w: f"/grants/applications/{_application(w, 'SUBMITTED', 1).public_id}",
        API_OBJECT,
    ),
]
