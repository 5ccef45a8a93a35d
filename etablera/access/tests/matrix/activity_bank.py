"""The rows for the activities catalogue and the praktikplatsbank (issue #13): every page and API operation.

Activities are the municipality's staff's (owner, colleague, consent user and admin read them; charlie of Enköping
gets 404 for Nyköping's). Employers and placements are read by those who work with the requirement — the reception
unit (owner), the admin, and charlie for his own municipality (his lists are empty, Nyköping's records 404); the
colleague's and the consent user's units do not (403 on the pages; the API lists are empty and records 404). Only
the labour-market unit and administrators keep the bank: the owner reads it and gets 403 on a write. An offer is made
and answered by whoever works with the requirement and sees the person: owner and admin. The records are made as
the system for each row (and rolled back with it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from etablera.access.tests.matrix.cases import API_SIGNED_IN_200, Case, api, expect, page

CATALOGUE = expect(200, outsider=404, anonymous=302)
BANK_LIST = expect(200, colleague=403, consent=403, anonymous=302)
BANK_RECORD = expect(200, colleague=403, consent=403, outsider=404, anonymous=302)
OFFER_PAGE = expect(302, colleague=403, consent=403, outsider=404, anonymous=302)
CREATED_BY_ANY_STAFF = expect(201, anonymous=401)
ACTIVITY_WRITE = expect(403, outsider=404, admin=200, anonymous=401)
KEEPER_CREATE = expect(403, admin=201, anonymous=401)
KEEPER_ON_RECORD = expect(404, owner=403, protected=403, admin=201, anonymous=401)
KEEPER_CHANGE = expect(404, owner=403, protected=403, admin=200, anonymous=401)
OFFER = expect(404, owner=201, protected=201, admin=201, anonymous=401)
ANSWER = expect(404, owner=200, protected=200, admin=200, anonymous=401)


def _today():
    return timezone.localdate()


def _activity(w):
    from etablera.activity.models import Activity
    from etablera.activity.services import catalogue

    found = Activity.objects.filter(municipality=w.municipality, name="Matrisens språkcafé").first()
    return found or catalogue.create_activity(
        actor=None,
        municipality=w.municipality,
        unit=w.unit,
        name="Matrisens språkcafé",
        kind="LANGUAGE_CAFE",
        place="Biblioteket",
        schedule="Tisdagar",
        hours_per_week=Decimal("2"),
        places=5,
        starts_on=_today(),
    )


def _employer(w):
    from etablera.activity.models import Employer
    from etablera.activity.services import employers

    found = Employer.objects.filter(municipality=w.municipality, organisation_number="559900-0014").first()
    return found or employers.create_employer(
        actor=None, municipality=w.municipality, name="Matrisens bageri AB", organisation_number="5599000014"
    )


def _placement(w, title="Matrisens praktik", starts_on=None):
    from etablera.activity.models import Placement
    from etablera.activity.services import placements

    found = Placement.objects.filter(municipality=w.municipality, title=title).first()
    start = starts_on or _today()
    return found or placements.create_placement(
        actor=None,
        employer=_employer(w),
        unit=w.unit,
        title=title,
        ssyk="7512",
        tasks="Baka",
        starts_on=start,
        ends_on=start + dt.timedelta(days=60),
        hours_per_week=Decimal("20"),
    )


def _offer(w):
    from etablera.activity.models import PlacementOffer
    from etablera.activity.services import placements

    placement = _placement(w, "Matrisens erbjudna praktik")
    # any status: the URL is asked for again after the row's answer (for its downloads)
    found = PlacementOffer.objects.filter(placement=placement).order_by("-pk").first()
    return found or placements.offer_placement(None, placement, w.person)


def _filled(w):
    from etablera.activity.services import placements

    placement = _placement(w, "Matrisens tillsatta praktik", starts_on=_today() - dt.timedelta(days=10))
    if placement.state == "OPEN":
        offer = placements.offer_placement(None, placement, w.person, offered_on=_today())
        placements.accept_offer(actor=None, offer=offer)
        placement.refresh_from_db()
    return placement


PAGES: list[Case] = [
    page("activity_catalogue", lambda w: "/aktiviteter/", expect(200, anonymous=302)),
    page("activity_detail", lambda w: f"/aktiviteter/{_activity(w).public_id}/", CATALOGUE),
    page("activity_employers", lambda w: "/arbete/arbetsgivare/", BANK_LIST),
    page("activity_employer", lambda w: f"/arbete/arbetsgivare/{_employer(w).public_id}/", BANK_RECORD),
    page("activity_placements", lambda w: "/arbete/praktikplatser/", BANK_LIST),
    page("activity_placement", lambda w: f"/arbete/praktikplatser/{_filled(w).public_id}/", BANK_RECORD),
    page(
        "activity_placement_offer",
        lambda w: f"/arbete/praktikplatser/{_placement(w).public_id}/erbjud/",
        OFFER_PAGE,
        method="post",
        body=lambda w: {"person": str(w.person.public_id), "explanation": '["Matrisens skäl"]'},
    ),
]

API: list[Case] = [
    api("get", "/activities", lambda w: "/activities", API_SIGNED_IN_200),
    api(
        "post",
        "/activities",
        lambda w: "/activities",
        CREATED_BY_ANY_STAFF,
        body=lambda w: {
            "name": "Studiecirkel",
            "kind": "STUDY_CIRCLE",
            "place": "ABF",
            "schedule": "Torsdagar",
            "hours_per_week": 2,
            "places": 8,
            "starts_on": _today().isoformat(),
        },
    ),
    api(
        "patch",
        "/activities/{public_id}",
        lambda w: f"/activities/{_activity(w).public_id}",
        ACTIVITY_WRITE,
        body=lambda w: {"places": 6},
    ),
    api("get", "/employers", lambda w: "/employers", API_SIGNED_IN_200),
    api(
        "post",
        "/employers",
        lambda w: "/employers",
        KEEPER_CREATE,
        body=lambda w: {"name": "Matrisens städ AB", "organisation_number": "5599000022"},
    ),
    api(
        "post",
        "/employers/{public_id}/contacts",
        lambda w: f"/employers/{_employer(w).public_id}/contacts",
        KEEPER_ON_RECORD,
        body=lambda w: {"name": "Kim", "email": "kim@exempel.se"},
    ),
    api("get", "/placements", lambda w: "/placements", API_SIGNED_IN_200),
    api(
        "post",
        "/placements",
        lambda w: "/placements",
        KEEPER_ON_RECORD,
        body=lambda w: {
            "employer": str(_employer(w).public_id),
            "title": "Kock",
            "ssyk": "5120",
            "tasks": "Laga mat",
            "starts_on": _today().isoformat(),
            "ends_on": (_today() + dt.timedelta(days=30)).isoformat(),
            "hours_per_week": 20,
        },
    ),
    api(
        "post",
        "/placements/{public_id}/offers",
        lambda w: f"/placements/{_placement(w).public_id}/offers",
        OFFER,
        body=lambda w: {"person": str(w.person.public_id)},
    ),
    api(
        "post",
        "/placement-offers/{public_id}/accept",
        lambda w: f"/placement-offers/{_offer(w).public_id}/accept",
        ANSWER,
    ),
    api(
        "post",
        "/placement-offers/{public_id}/decline",
        lambda w: f"/placement-offers/{_offer(w).public_id}/decline",
        ANSWER,
        body=lambda w: {"reason": "Resvägen"},
    ),
    api(
        "post",
        "/placement-offers/{public_id}/withdraw",
        lambda w: f"/placement-offers/{_offer(w).public_id}/withdraw",
        ANSWER,
    ),
    api(
        "post",
        "/placements/{public_id}/withdraw",
        lambda w: f"/placements/{_placement(w).public_id}/withdraw",
        KEEPER_CHANGE,
    ),
    api(
        "post",
        "/placements/{public_id}/end",
        lambda w: f"/placements/{_filled(w).public_id}/end",
        KEEPER_CHANGE,
        body=lambda w: {"outcome": "EMPLOYMENT"},
    ),
    api(
        "put",
        "/placements/{public_id}/follow-up",
        lambda w: f"/placements/{_filled(w).public_id}/follow-up",
        KEEPER_CHANGE,
        body=lambda w: {"text": "Gick bra."},
    ),
]

ROWS: list[Case] = PAGES + API
