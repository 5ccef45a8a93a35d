"""The rows for the money overview (issue #15): the year per month, a month's lines and costs per household,
computing again, the rates, and moves — pages and API. (The claims and payments have their own modules.)

The money pages belong to the controller and the integration unit: the reception caseworker (owner) and the
administrator read and compute; the outsider (Enköping's reception) reads Enköping's own figures — the page
falls back to the user's municipality — and gets 403 for Nyköping's over the API; colleague and consent work in
units without the money capability (403)."""

from __future__ import annotations

from django.utils import timezone

from etablera.access.tests.matrix.cases import Case, api, expect, page

MONEY_PAGE = expect(200, colleague=403, consent=403, anonymous=302)
MONEY_POST = expect(302, colleague=403, consent=403, anonymous=302)
RATE_POST = expect(403, admin=302, anonymous=302)
API_MONEY = expect(200, colleague=403, consent=403, outsider=403, anonymous=401)
API_RATES = expect(200, colleague=403, consent=403, anonymous=401)
API_RATE_POST = expect(403, admin=201, anonymous=401)
API_MOVE = expect(201, colleague=404, consent=403, outsider=404, anonymous=401)
YEAR = 2024


def _rate_body(w):
    return {
        "key": "money.prisbasbelopp",
        "effective_from": "2031-01-01",
        "amount": 61000,
        "source": "Förordning om prisbasbelopp (testvärde)",
    }


ROWS: list[Case] = [
    page("money_overview", lambda w: f"/ersattning/?ar={YEAR}", MONEY_PAGE),
    page("money_month", lambda w: f"/ersattning/manad/{YEAR}-09/", MONEY_PAGE),
    page("money_costs", lambda w: f"/ersattning/kostnader/{YEAR}-09/", MONEY_PAGE),
    page("money_costs", lambda w: f"/ersattning/kostnader/{YEAR}-09/?format=csv", MONEY_PAGE),
    page(
        "money_compute",
        lambda w: "/ersattning/berakna/",
        MONEY_POST,
        method="post",
        body=lambda w: {"ar": YEAR},
    ),
    page("money_rates", lambda w: "/ersattning/belopp/", MONEY_PAGE),
    page(
        "money_rates",
        lambda w: "/ersattning/belopp/",
        RATE_POST,
        method="post",
        body=lambda w: {
            "key": "money.prisbasbelopp",
            "effective_from": "2031-01-01",
            "amount": "61000",
            "source": "Testvärde",
        },
    ),
    page(
        "money_relocation",
        lambda w: f"/personer/{w.person.public_id}/flytt/",
        expect(200, colleague=403, consent=403, outsider=404, anonymous=302),
    ),
    page(
        "money_relocation",
        lambda w: f"/personer/{w.person.public_id}/flytt/",
        expect(302, colleague=403, consent=403, outsider=404, anonymous=302),
        method="post",
        body=lambda w: {"to_municipality": "0381", "moved_on": timezone.localdate().isoformat()},
    ),
    api(
        "get",
        "/money/compensation",
        lambda w: f"/money/compensation?municipality=0480&year={YEAR}",
        API_MONEY,
    ),
    api(
        "get",
        "/money/entitlements",
        lambda w: f"/money/entitlements?municipality=0480&month={YEAR}-09",
        API_MONEY,
    ),
    api(
        "post",
        "/money/entitlements/compute",
        lambda w: "/money/entitlements/compute",
        API_MONEY,
        body=lambda w: {"municipality": "0480", "year": YEAR},
    ),
    api("get", "/money/rates", lambda w: "/money/rates", API_RATES),
    api("post", "/money/rates", lambda w: "/money/rates", API_RATE_POST, body=_rate_body),
    api(
        "post",
        "/money/relocations",
        lambda w: "/money/relocations",
        API_MOVE,
        body=lambda w: {
            "person_id": str(w.person.public_id),
            "to_municipality": "0381",
            "moved_on": timezone.localdate().isoformat(),
        },
    ),
    api(
        "get",
        "/money/relocations",
        lambda w: f"/money/relocations?person_id={w.person.public_id}",
        expect(200, colleague=404, outsider=404, anonymous=401),
    ),
]
