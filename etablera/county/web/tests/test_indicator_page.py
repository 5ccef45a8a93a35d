"""The county's indicators in detail (issue #16): /lan/nyckeltal/ — every municipality of the county and the county,
women and men apart by default, the figures exactly compute()'s (suppressed), downloads logged, no person, and
refused to anyone but the county's board."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.access.models import AuditEvent
from etablera.followup.indicators import CATALOGUE, compute
from etablera.followup.tests.sodermanland import build
from etablera.people.models import Person

pytestmark = pytest.mark.django_db

URL = "/lan/nyckeltal/"
LATER = dt.date(2026, 12, 1)


@pytest.fixture
def received(nykoping):
    return build()


def test_every_municipality_women_and_men_apart_as_compute_gives_them(signed_in, lena, received, today):
    response = signed_in(lena).get(URL, {"ar": 2017})
    assert response.status_code == 200
    sections = response.context["sections"]
    assert [s["table"].indicator.key for s in sections] == [i.key for i in CATALOGUE]
    received_per_1000 = sections[0]["table"]
    assert received_per_1000.by == "sex"  # the default: women and men apart
    expected = compute("received_per_1000", year=2017, county_code="04", by="sex", as_of=today)
    assert [(r.municipality_code, r.group, r.numerator, r.value) for r in received_per_1000.rows] == [
        (r.municipality_code, r.group, r.numerator, r.value) for r in expected.rows
    ]
    text = response.content.decode()
    main = text[text.find("<main") :]
    assert "Södermanlands län" in main and "Kvinnor" in main and "Män" in main
    assert "–" in main  # Nyköping's and Eskilstuna's small cells
    for person in Person.objects.all():
        assert person.last_name not in main and person.first_name not in main


def test_an_indicator_without_the_breakdown_says_so(signed_in, lena, received):
    response = signed_in(lena).get(URL, {"ar": 2017, "dela": "age_band"})
    text = response.content.decode()
    assert response.context["sections"][1]["table"].by is None  # anvisningar in time: by category only
    assert "Nyckeltalet delas inte upp så." in text


def test_downloads_are_the_rows_and_are_logged(signed_in, lena, received):
    response = signed_in(lena).get(URL, {"ar": 2017, "dela": "sex", "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "lan-04-2017-nyckeltal.csv" in response["Content-Disposition"]
    assert "Mottagna per 1 000 invånare" in text and "Södermanlands län" in text and "Kvinnor" in text
    event = AuditEvent.objects.filter(actor=lena, action=AuditEvent.Action.EXPORT).latest("pk")
    assert event.object_type == "county.Indicators"
    assert signed_in(lena).get(URL, {"ar": 2017, "format": "xlsx"}).status_code == 200


def test_only_the_county_board_of_the_county(signed_in, lena, alice, stina, received):
    assert signed_in(lena).get(URL, {"lan": "03"}).status_code == 403
    assert signed_in(lena).get(URL, {"lan": "99"}).status_code == 404
    assert signed_in(alice).get(URL).status_code == 403
    assert signed_in(stina).get(URL).status_code == 403
    bad = signed_in(lena).get(URL, {"ar": "1999", "dela": "namn"})
    assert bad.status_code == 200 and bad.context["sections"] == []
    assert "Välj ett giltigt alternativ" in bad.content.decode()
