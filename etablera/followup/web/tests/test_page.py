"""The follow-up page /uppfoljning/: who may read it, the same figures as compute(), suppressed cells, a chart for
the shares, and the same cost for one municipality's many records as for few."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from etablera.establishment.reports.tests.cohort import AS_OF, build_cohort
from etablera.followup.indicators import compute
from etablera.followup.tests.sodermanland import build
from etablera.organisation.models import Role, Unit
from etablera.people.models import Person
from etablera.testing.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/uppfoljning/"


@pytest.fixture
def maja(units):
    return UserFactory.with_role("maja", units[Unit.Function.SOCIAL_SERVICES], Role.UNIT_MANAGER)


@pytest.fixture
def board_member(nykoping):
    board = UnitFactory(
        municipality=nykoping, name="Socialnämnden", function=Unit.Function.SOCIAL_SERVICES, kind="BOARD"
    )
    return UserFactory.with_role("nils", board, Role.CASEWORKER)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("stina", 200),
        ("carol", 200),
        ("maja", 200),
        ("board_member", 200),
        ("alice", 403),
        ("bob", 403),
        ("charlie", 403),
    ],
)
def test_who_may_read_the_indicators(client, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == status


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_the_page_shows_the_figures_of_compute_suppressed(client, stina, nykoping):
    build()
    client.force_login(stina)
    response = client.get(URL, {"kommun": "0480", "ar": 2017, "dela": "sex"})
    assert response.status_code == 200
    sections = {s["table"].indicator.key: s for s in response.context["sections"]}
    expected = compute("received_per_1000", year=2017, municipality_code="0480", by="sex")
    assert [r.as_dict("sex") for r in sections["received_per_1000"]["table"].rows] == [
        r.as_dict("sex") for r in expected.rows
    ]
    html = response.content.decode()
    assert "Mottagna per 1 000 invånare" in html and "55467" in html and "–" in html
    assert "Kolada N00973 (ej verifierad)" in html
    assert not any(p.last_name in html or p.first_name in html for p in Person.objects.all())


def test_a_share_gets_a_chart_beside_its_table(client, stina, nykoping):
    build_cohort()
    client.force_login(stina)
    with mock.patch("django.utils.timezone.localdate", return_value=AS_OF):
        response = client.get(URL, {"kommun": "0480", "ar": 2024, "dela": "sex"})
    html = response.content.decode()
    assert "<svg" in html and 'class="chart__cell"' in html and "71 %" in html
    assert "Mäts först 2026-12-31" in html  # self-support after 2 years, not yet


def test_the_first_visit_shows_three_years_back(client, stina):
    client.force_login(stina)
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 12, 1)):
        response = client.get(URL)
    assert response.context["form"].cleaned_data["ar"] == 2023


def test_the_page_costs_the_same_for_many_records_as_for_few(
    client, stina, nykoping, django_assert_max_num_queries
):
    client.force_login(stina)
    build()
    with django_assert_max_num_queries(40) as few:
        client.get(URL, {"kommun": "0480", "ar": 2017, "dela": "category"})
    for _ in range(3):
        build()  # three more of each household, in the same year
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL, {"kommun": "0480", "ar": 2017, "dela": "category"})
