"""The arrivals forecast on the follow-up page (issue #16): shown for the current year only, the same figures as
forecast(), a chart beside the table, the homes by bedrooms and the assumptions — and no household's name or
reference."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from etablera.followup.arrivals import forecast
from etablera.people.models import Category
from etablera.reception import services
from etablera.reception.models import MunicipalQuota
from etablera.testing.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
URL = "/uppfoljning/"


@pytest.fixture
def anvisning(nykoping):
    today = timezone.localdate()
    MunicipalQuota.objects.create(municipality=nykoping, year=today.year, quota=20)
    return services.create_assignment(
        actor=None,
        municipality=nykoping,
        reference="MIG-SIDAN-1",
        category=Category.ASSIGNED_FROM_FACILITY,
        decision_date=today - dt.timedelta(days=10),
        household=HouseholdFactory.with_members([40, 38, 6], municipality=nykoping, name="Familjen Prognos"),
        planned_arrival_date=today,
    )


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_shows_the_forecast_for_this_year(client, stina, anvisning):
    today = timezone.localdate()
    client.force_login(stina)
    response = client.get(URL, {"kommun": "0480", "ar": today.year})
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(html)
    assert "Väntade mottagna resten av året" in text
    assert "Bostäder som behövs" in text
    assert 'aria-labelledby="diagram-ankomster-title' in html
    result = forecast("0480", today.year, today)
    assert (result.on_hand, result.not_assigned) == (3, 17)
    assert "Summa 3 17 20" in text
    assert "2 sovrum" in text  # two adults and a child: one bedroom each by the norm
    assert "bara antalet personer" in text  # no household received to model the rest on
    assert "Familjen Prognos" not in html and "MIG-SIDAN-1" not in html


def test_not_for_another_year(client, stina, anvisning):
    client.force_login(stina)
    response = client.get(URL, {"kommun": "0480", "ar": timezone.localdate().year - 1})
    assert response.status_code == 200
    assert "Väntade mottagna resten av året" not in response.content.decode()


def test_a_past_year_shows_the_cost_forecast_beside_its_outcome(signed_in, stina, carol, nykoping):
    """For those who read the money (the statistics role, administrators): the forecast and what was paid."""
    import datetime as dt

    from etablera.activity.models import SupportMonth
    from etablera.money.tests.test_forecast import leave
    from etablera.people.models import HouseholdMember
    from etablera.testing.factories import HouseholdFactory

    (person,) = leave(dt.date(2023, 3, 15), 1)
    household = HouseholdFactory(municipality=nykoping)
    HouseholdMember.objects.create(household=household, person=person, relation="ADULT")
    SupportMonth.objects.create(
        household=household, municipality=nykoping, month=dt.date(2023, 4, 1), amount=9100
    )
    text = signed_in(stina).get("/uppfoljning/?kommun=0480&ar=2023").content.decode()
    assert "Prognosen för försörjningsstöd mot utfallet" in text and "9100" in text
    assert "3575" in text  # 1 × 55 % × 6 500 kr
