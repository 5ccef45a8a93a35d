"""The rows for volunteers and language friends (issue #17): the public sign-up, its confirmation and withdrawal
(everyone, signed in or not, gets the same page: nothing there depends on who asks), the staff's volunteer pages,
wishes and matches, and the API.

Those who work with civil society (the integration unit — the matrix's owner —, administrators) get the staff
pages; the colleague's and the consent user's units are refused (403, on the API too); charlie of Enköping works
with civil society there: his lists are empty and Nyköping's records 404. A wish and a match are about the world's
person (H's consenting adult, or P's protected member), made as the system for each row and rolled back with it."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from etablera.access.tests.matrix.cases import Case, api, expect, page

PUBLIC = expect(200)
PUBLIC_GONE = expect(404)
STAFF_PAGE = expect(200, colleague=403, consent=403, anonymous=302)
STAFF_RECORD = expect(200, colleague=403, consent=403, outsider=404, anonymous=302)
STAFF_RECORD_POST = expect(302, colleague=403, consent=403, outsider=404, anonymous=302)
API_LIST = expect(200, colleague=403, consent=403, anonymous=401)
API_RECORD = expect(200, colleague=403, consent=403, outsider=404, anonymous=401)
VOLUNTEER_ID = uuid.UUID("6a0b7a4e-1f0e-4c41-9d8e-000000000217")
WISH_ID = uuid.UUID("6a0b7a4e-1f0e-4c41-9d8e-000000000317")
MATCH_ID = uuid.UUID("6a0b7a4e-1f0e-4c41-9d8e-000000000417")
CONFIRM_TOKEN = "C" * 43  # fixed: only its hash is stored, the row asks for the link
WITHDRAW_SALT = "matrix"
RENEW_TOKEN = "R" * 43  # fixed, as the confirmation's: only its hash is stored


def _volunteer(w):
    from etablera.volunteers import tokens
    from etablera.volunteers.models import Volunteer
    from etablera.volunteers.services import consent_in_force

    volunteer, _created = Volunteer.objects.get_or_create(
        public_id=VOLUNTEER_ID,
        defaults={
            "municipality": w.municipality,
            "name": "Matrisens volontär",
            "email": "matris@example.org",
            "offers": ",LANGUAGE_FRIEND,",
            "languages": ",ar,sv,",
            "status": Volunteer.Status.APPROVED,
            "consent_text": consent_in_force("sv"),
            "consent_at": timezone.now(),
            "withdraw_salt": WITHDRAW_SALT,
            "withdraw_token_hash": tokens.digest(tokens.withdraw_token(WITHDRAW_SALT)),
            "renew_token_hash": tokens.digest(RENEW_TOKEN),
        },
    )
    return volunteer


def _unconfirmed(w):
    from etablera.volunteers import tokens
    from etablera.volunteers.models import Volunteer
    from etablera.volunteers.services import consent_in_force

    Volunteer.objects.get_or_create(
        email="obekraftad@example.org",
        defaults={
            "municipality": w.municipality,
            "name": "Obekräftad",
            "offers": ",HOMEWORK,",
            "languages": ",sv,",
            "consent_text": consent_in_force("sv"),
            "consent_at": timezone.now(),
            "confirm_token_hash": tokens.digest(CONFIRM_TOKEN),
            "confirm_token_expires_at": timezone.now() + dt.timedelta(days=1),
        },
    )
    return f"/medverka/bekrafta/{CONFIRM_TOKEN}/"


def _withdraw_url(w) -> str:
    from etablera.volunteers import tokens

    _volunteer(w)
    return f"/medverka/avsluta/{tokens.withdraw_token(WITHDRAW_SALT)}/"


def _renew_url(w) -> str:
    _volunteer(w)
    return f"/medverka/fornya/{RENEW_TOKEN}/"


def _wish(w):
    from etablera.volunteers.models import NewcomerWish

    wish, _created = NewcomerWish.objects.get_or_create(
        public_id=WISH_ID,
        defaults={
            "municipality": w.municipality,
            "person": w.person,
            "languages": ",ar,",
            "offers": ",LANGUAGE_FRIEND,",
            "consent_given_by": "Personen själv",
            "consent_method": "ORAL",
            "consent_date": timezone.localdate(),
        },
    )
    return wish


def _match(w):
    from etablera.volunteers.models import Match

    match, _created = Match.objects.get_or_create(
        public_id=MATCH_ID,
        defaults={
            "municipality": w.municipality,
            "volunteer": _volunteer(w),
            "wish": _wish(w),
            "offer": "LANGUAGE_FRIEND",
        },
    )
    return match


def _match_url(w) -> str:
    return f"/civilsamhallet/matchningar/{_match(w).public_id}/"


ROWS: list[Case] = [
    page("volunteers_sign_up", lambda w: "/medverka/", PUBLIC),
    page("volunteers_sign_up", lambda w: "/medverka/?lang=lattsvenska&kommun=0480", PUBLIC),
    page("volunteers_confirm", _unconfirmed, PUBLIC),
    page("volunteers_confirm", lambda w: "/medverka/bekrafta/" + "X" * 43 + "/", PUBLIC_GONE),
    page("volunteers_withdraw", _withdraw_url, PUBLIC),
    page("volunteers_withdraw", lambda w: "/medverka/avsluta/" + "0" * 64 + "/", PUBLIC_GONE),
    page("volunteers_renew", _renew_url, PUBLIC),
    page("volunteers_renew", _renew_url, PUBLIC, method="post", body=lambda w: {}),
    page("volunteers_renew", lambda w: "/medverka/fornya/" + "X" * 43 + "/", PUBLIC_GONE),
    page("volunteers_list", lambda w: "/civilsamhallet/volontarer/", STAFF_PAGE),
    page("volunteers_list", lambda w: "/civilsamhallet/volontarer/?format=csv&language=ar", STAFF_PAGE),
    page("volunteers_report", lambda w: "/civilsamhallet/volontarer/rapport/", STAFF_PAGE),
    page(
        "volunteers_detail", lambda w: f"/civilsamhallet/volontarer/{_volunteer(w).public_id}/", STAFF_RECORD
    ),
    page(
        "volunteers_detail",
        lambda w: f"/civilsamhallet/volontarer/{_volunteer(w).public_id}/",
        STAFF_RECORD_POST,
        method="post",
        body=lambda w: {"decision": "reject", "note": "Matrisens prov"},
    ),
    page(
        "volunteers_wish_new",
        lambda w: f"/civilsamhallet/volontarer/onskemal/ny/?person={w.person.public_id}",
        STAFF_RECORD,
    ),
    page("volunteers_matches", lambda w: "/civilsamhallet/matchningar/", STAFF_PAGE),
    page(
        "volunteers_wish", lambda w: f"/civilsamhallet/matchningar/onskan/{_wish(w).public_id}/", STAFF_RECORD
    ),
    page("volunteers_match", _match_url, STAFF_RECORD),
    page(
        "volunteers_match_action",
        lambda w: _match_url(w) + "consent/",
        STAFF_RECORD_POST,
        method="post",
        body=lambda w: {"given_by": "Personen själv", "date": timezone.localdate().isoformat()},
    ),
    api("get", "/volunteers", lambda w: "/volunteers", API_LIST),
    api("get", "/volunteers/{public_id}", lambda w: f"/volunteers/{_volunteer(w).public_id}", API_RECORD),
    api("get", "/volunteer-matches", lambda w: "/volunteer-matches", API_LIST),
    api(
        "get",
        "/volunteer-matches/{public_id}",
        lambda w: f"/volunteer-matches/{_match(w).public_id}",
        API_RECORD,
    ),
]
