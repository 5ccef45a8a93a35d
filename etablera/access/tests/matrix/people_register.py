"""The rows for keeping a person's register data true (issue #11), pages and API operations: "Ändra" (the plain
data and contact, the address, protected identity) and the identity numbers and residence permits.

The reception unit (owner) and the administrator may change the person; the consent user sees the person and gets
403; those who do not see the person get 404. Each change is a valid one, so an allowed answer is the change made
(a redirect on the pages): the answers of the protected role are scanned for the markers like any other, so the
forms and API answers after a change of P's member show no protected address.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.access.tests.matrix.cases import API_SEES_H, SEES_H, Case, api, expect, page
from etablera.testing.factories import personnummer

# Seen but not theirs to change: 403; not seen: 404.
EDIT_PAGE = expect(200, colleague=404, consent=403, outsider=404, anonymous=302)
EDIT_POST = expect(302, colleague=404, consent=403, outsider=404, anonymous=302)
API_EDIT = expect(200, colleague=404, consent=403, outsider=404, anonymous=401)
API_CREATE = expect(201, colleague=404, consent=403, outsider=404, anonymous=401)


def _url(suffix):
    return lambda w: f"/personer/{w.person.public_id}/{suffix}"


def _api_url(suffix=""):
    return lambda w: f"/persons/{w.person.public_id}{suffix}"


def _decided() -> str:
    return (timezone.localdate() - dt.timedelta(days=10)).isoformat()


PEOPLE_REGISTER: list[Case] = [
    # The form (GET), which for P's member must hold no address; saving it is in etablera/people/web/tests.
    page("person_edit", _url("andra/"), EDIT_PAGE),
    page(
        "person_address_set",
        _url("andra/adress/"),
        EDIT_POST,
        method="post",
        body=lambda w: {
            "ny-adress-street": "Nya vagen 2",
            "ny-adress-postal_code": "61130",
            "ny-adress-city": "Nykoping",
        },
    ),
    page(
        "person_protection",
        _url("andra/skydd/"),
        EDIT_POST,
        method="post",
        body=lambda w: {"skydd-level": "PROTECTED_REGISTRATION"},
    ),
    page("person_register", _url("identitet/"), SEES_H),
    page(
        "person_identity_number",
        _url("identitet/nummer/"),
        EDIT_POST,
        method="post",
        body=lambda w: {
            "nummer-identity_number_type": "PERSONNUMMER",
            "nummer-identity_number": personnummer(w.person.birth_date, serial=771),
        },
    ),
    page(
        "person_residence_permit",
        _url("identitet/uppehallstillstand/"),
        EDIT_POST,
        method="post",
        body=lambda w: {"tillstand-kind": "PERMANENT", "tillstand-decided_on": _decided()},
    ),
    api("patch", "/persons/{public_id}", _api_url(), API_EDIT, body=lambda w: {"citizenship": "Syrien"}),
    api(
        "post",
        "/persons/{public_id}/identity-numbers",
        _api_url("/identity-numbers"),
        API_EDIT,
        body=lambda w: {
            "identity_number_type": "PERSONNUMMER",
            "identity_number": personnummer(w.person.birth_date, serial=772),
        },
    ),
    api("get", "/persons/{public_id}/residence-permits", _api_url("/residence-permits"), API_SEES_H),
    api(
        "post",
        "/persons/{public_id}/residence-permits",
        _api_url("/residence-permits"),
        API_CREATE,
        body=lambda w: {"kind": "PERMANENT", "decided_on": _decided()},
    ),
    api(
        "put",
        "/persons/{public_id}/registered-address",
        _api_url("/registered-address"),
        API_EDIT,
        body=lambda w: {"street": "Nya vagen 2", "postal_code": "611 30", "city": "Nykoping"},
    ),
    api(
        "post",
        "/persons/{public_id}/protected-identity",
        _api_url("/protected-identity"),
        API_EDIT,
        body=lambda w: {"level": "PROTECTED_REGISTRATION"},
    ),
]
