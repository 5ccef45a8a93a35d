"""The rows for the pot and the split of the schablon (issue #15): the year's page (its figures, chart and downloads),
an application registered, decided, the shares; and the same over the API.

The money pages are the controller's, the integration unit's (reception) and the administrators': the owner
(alice, reception) and the admin (carol) read and write; the colleague and the consent user (other units) have no
money pages (403); the outsider (charlie, Enköping's reception) keeps Enköping's money — the page falls back to
Enköping (which has no year set up, so a new application or a share is sent back to the year's page), Nyköping's
application is 404, and Nyköping's year over the API is 403. The rows ask about Nyköping's pot of 2024, an
application to it (one applied, one granted) and Nyköping's split of 2023, made as the system."""

from __future__ import annotations

import datetime as dt

from etablera.access.tests.matrix.cases import Case, api, expect, page

YEAR, SPLIT_YEAR = 2024, 2023
# The protected role is the owner asked about household P: the same answers (no row here is about a household).
MONEY_PAGE = expect(403, owner=200, protected=200, outsider=200, admin=200, anonymous=302)
MONEY_WRITE = expect(403, owner=302, protected=302, outsider=302, admin=302, anonymous=302)
APPLICATION_WRITE = expect(403, owner=302, protected=302, outsider=404, admin=302, anonymous=302)
API_YEAR = expect(403, owner=200, protected=200, admin=200, anonymous=401)
API_NEW = expect(403, owner=201, protected=201, admin=201, anonymous=401)
API_APPLICATION = expect(403, owner=200, protected=200, outsider=404, admin=200, anonymous=401)


def _year(w, year=YEAR, model="POT"):
    from etablera.money.models import FundingYear

    found, _made = FundingYear.objects.get_or_create(
        municipality=w.municipality, year=year, defaults={"model": model, "budget": 500_000}
    )
    return found


def _application(w, granted=False):
    from etablera.money.models import PotApplication

    name = "Matrisens förening, beviljad" if granted else "Matrisens förening"
    found = PotApplication.objects.filter(funding_year=_year(w), applicant_name=name).first()
    if found is None:
        found = PotApplication.objects.create(
            funding_year=_year(w),
            applicant_name=name,
            purpose="Språkcafé",
            amount_applied=20_000,
            period_start=dt.date(YEAR, 1, 1),
            period_end=dt.date(YEAR, 12, 31),
            **(
                {"status": "GRANTED", "amount_granted": 15_000, "decided_on": dt.date(YEAR, 2, 1)}
                if granted
                else {}
            ),
        )
    return found


def _split(w):
    return _year(w, SPLIT_YEAR, "SPLIT")


def _new_application(w):
    return {
        "applicant_name": "Matrisens nya förening",
        "purpose": "Läxhjälp",
        "amount_applied": 10_000,
        "period_start": f"{YEAR}-03-01",
        "period_end": f"{YEAR}-06-30",
    }


def _decision(w):
    application = _application(w)
    return f"/ersattning/fordelning/ansokan/{application.pk}/"


ROWS: list[Case] = [
    page("money_funding", lambda w: f"/ersattning/fordelning/?kommun=0480&ar={_year(w).year}", MONEY_PAGE),
    page(
        "money_funding_application_new",
        lambda w: f"/ersattning/fordelning/ansokan/ny/?kommun=0480&ar={_year(w).year}",
        MONEY_WRITE,
        method="post",
        body=lambda w: {"kommun": "0480", "ar": YEAR, **_new_application(w)},
    ),
    page(
        "money_funding_application",
        _decision,
        APPLICATION_WRITE,
        method="post",
        body=lambda w: {
            "action": "decide",
            "beslut-expected_status": "APPLIED",
            "beslut-status": "GRANTED",
            "beslut-amount_granted": "1000",
        },
    ),
    page(
        "money_funding_shares",
        lambda w: f"/ersattning/fordelning/andelar/?ar={_split(w).year}",
        MONEY_WRITE,
        method="post",
        body=lambda w: {
            "kommun": "0480",
            "ar": SPLIT_YEAR,
            "action": "add",
            "andel-recipient_name": "Matrisens mottagare",
            "andel-percent": "12,5",
        },
    ),
    api(
        "get",
        "/money/funding/{municipality}/{year}",
        lambda w: f"/money/funding/0480/{_year(w).year}",
        API_YEAR,
    ),
    api(
        "put",
        "/money/funding/{municipality}/{year}",
        lambda w: f"/money/funding/0480/{_year(w).year}",
        API_YEAR,
        body=lambda w: {"model": "POT", "budget": 600_000},
    ),
    api(
        "get",
        "/money/funding/{municipality}/{year}/applications",
        lambda w: f"/money/funding/0480/{_application(w).funding_year.year}/applications",
        API_YEAR,
    ),
    api(
        "post",
        "/money/funding/{municipality}/{year}/applications",
        lambda w: f"/money/funding/0480/{_year(w).year}/applications",
        API_NEW,
        body=_new_application,
    ),
    api(
        "post",
        "/money/pot-applications/{application_id}/decision",
        lambda w: f"/money/pot-applications/{_application(w).pk}/decision",
        API_APPLICATION,
        body=lambda w: {"status": "GRANTED", "amount_granted": 1_000},
    ),
    api(
        "post",
        "/money/pot-applications/{application_id}/report",
        lambda w: f"/money/pot-applications/{_application(w, granted=True).pk}/report",
        API_APPLICATION,
        body=lambda w: {"spent": 12_000, "report": "Tolv träffar."},
    ),
    api(
        "put",
        "/money/funding/{municipality}/{year}/shares",
        lambda w: f"/money/funding/0480/{_split(w).year}/shares",
        API_YEAR,
        body=lambda w: {"shares": [{"recipient_name": "Matrisens mottagare", "percent": 40}]},
    ),
]
