"""The forecast page per role (issue #15): the chart with its table and no names, the method explained, the
parameters editable by the keepers of the money records and read-only for others, bad input answered in Swedish at
the field with nothing saved, the years not computed with the compute button, the exports, and the same number of
queries for few or many."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.establishment.models import ProgrammePeriod
from etablera.money.models import ForecastSetting
from etablera.money.services.entitlements import compute
from etablera.money.tests.conftest import receive
from etablera.rules.dates import add_months
from etablera.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = "/ersattning/prognos/"
FORM = {
    "kommun": "0480",
    "share_without_work": "47,5",
    "average_monthly_cost": "7 200",
    "months_on_support": "18",
    "source": "Kommunens utfall 2025",
}


def next_month(i: int = 0) -> dt.date:
    return add_months(timezone.localdate().replace(day=1), 1 + i)


@pytest.fixture
def leavers(nykoping):
    """Ten persons whose programme ends in the third month of the window."""
    end = next_month(2).replace(day=15)
    people = []
    for _i in range(10):
        person = PersonFactory(municipality=nykoping, last_name="Forecastsson")
        ProgrammePeriod.objects.create(
            person=person,
            municipality=nykoping,
            referral_date=end - dt.timedelta(days=720),
            start_date=end - dt.timedelta(days=700),
            planned_end=end,
        )
        people.append(person)
    return people


def test_the_page_shows_the_chart_the_table_and_no_names(signed_in, olof, leavers):
    response = signed_in(olof).get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in text and "<table" in text and "KEFU:s metod" in text
    assert f"{next_month(0):%Y-%m}" in text and f"{next_month(23):%Y-%m}" in text
    assert "5,5" in text  # 10 leaving × 55 %
    assert "35\xa0750" in text or "35 750" in text  # 5,5 × 6 500 kr a month
    for person in leavers:
        assert person.last_name not in text and person.first_name not in text
    assert 'name="share_without_work"' in text  # olof keeps the money records: the form


def test_statistics_reads_the_parameters_as_text(signed_in, stina, leavers):
    response = signed_in(stina).get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="share_without_work"' not in text and "55 %" in text and "6\xa0500 kr" in text
    assert "35\xa0750" in text
    assert signed_in(stina).post(URL, FORM).status_code == 403
    assert not ForecastSetting.objects.exists()


def test_sfi_has_no_forecast_and_enkoping_sees_its_own(signed_in, bob, charlie, leavers):
    assert signed_in(bob).get(URL).status_code == 403
    assert signed_in(bob).post(URL, FORM).status_code == 403
    response = signed_in(charlie).get(URL + "?kommun=0480")
    text = response.content.decode()
    assert response.status_code == 200 and "Enköping" in text and "35\xa0750" not in text
    assert signed_in(charlie).post(URL, FORM).status_code == 403  # Nyköping's parameters are not his
    assert not ForecastSetting.objects.exists()


def test_the_controller_saves_the_parameters(signed_in, olof, nykoping, leavers):
    response = signed_in(olof).post(URL, FORM)
    assert response.status_code == 302 and response["Location"].endswith("?kommun=0480")
    setting = ForecastSetting.objects.get(municipality=nykoping)
    assert setting.share_without_work == Decimal("47.50") and setting.average_monthly_cost == 7200
    assert setting.months_on_support == 18 and setting.source == "Kommunens utfall 2025"
    assert AuditEvent.objects.filter(actor=olof, object_type="ForecastSetting").exists()
    text = signed_in(olof).get(URL).content.decode()
    assert "34\xa0200" in text  # 10 × 47,5 % × 7 200
    assert 'value="47,5"' in text or 'value="47,50"' in text


def test_bad_input_gets_swedish_errors_at_the_fields(signed_in, olof, leavers):
    response = signed_in(olof).post(
        URL,
        {**FORM, "share_without_work": "101", "average_monthly_cost": "2000000", "months_on_support": "0"},
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "Andelen ska vara från 0 till 100 procent." in text
    assert "från 0 till 1\xa0000\xa0000" in text or "från 0 till 1 000 000" in text
    assert "Ange antalet månader som ett heltal från 1 till 60." in text
    assert 'id="id_share_without_work_error"' in text
    assert not ForecastSetting.objects.exists()
    words = signed_in(olof).post(
        URL,
        {**FORM, "share_without_work": "hälften", "average_monthly_cost": "mycket", "months_on_support": ""},
    )
    text = words.content.decode()
    assert words.status_code == 422
    assert "Ange andelen som ett tal, till exempel 55 eller 47,5." in text
    assert "Ange kostnaden i hela kronor per person och månad" in text
    assert "Ange antalet månader som ett heltal från 1 till 60." in text
    long = signed_in(olof).post(URL, {**FORM, "source": "x" * 301})
    assert long.status_code == 422 and "field-error" in long.content.decode()
    assert not ForecastSetting.objects.exists()


def test_a_year_not_computed_is_said_with_the_compute_button(signed_in, olof, stina, nykoping):
    text = signed_in(olof).get(URL).content.decode()
    year = next_month(0).year
    assert f"Ersättningarna för {year} är inte beräknade" in text
    assert 'action="/ersattning/berakna/"' in text and f'name="ar" value="{year}"' in text
    reader = signed_in(stina).get(URL).content.decode()
    assert (
        f"Ersättningarna för {year} är inte beräknade" in reader
        and 'action="/ersattning/berakna/"' not in reader
    )
    receive(dt.date(1990, 1, 1), timezone.localdate().replace(day=1) - dt.timedelta(days=40))
    for y in {next_month(i).year for i in range(24)}:
        compute(y, [nykoping.pk])
    assert "är inte beräknade" not in signed_in(olof).get(URL).content.decode()


def test_exports_hold_the_months_and_are_logged(signed_in, olof, leavers):
    response = signed_in(olof).get(URL + "?format=csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert f"{next_month(3):%Y-%m}" in text and "35750" in text and "Forecastsson" not in text
    assert signed_in(olof).get(URL + "?format=xlsx").status_code == 200
    assert AuditEvent.objects.filter(actor=olof, action=AuditEvent.Action.EXPORT).count() == 2


def test_the_page_takes_the_same_queries_for_few_or_many(signed_in, olof, nykoping):
    client = signed_in(olof)
    end = next_month(1)
    PersonFactory.reset_sequence()

    def leave(n):
        for _i in range(n):
            person = PersonFactory(municipality=nykoping)
            ProgrammePeriod.objects.create(
                person=person,
                municipality=nykoping,
                referral_date=end - dt.timedelta(days=720),
                start_date=end - dt.timedelta(days=700),
                planned_end=end,
            )

    leave(1)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    leave(12)
    receive(dt.date(1990, 1, 1), timezone.localdate().replace(day=1) - dt.timedelta(days=40))
    compute(next_month(0).year, [nykoping.pk])
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few) <= 12
