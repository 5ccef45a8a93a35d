import datetime as dt

import pytest
from django.urls import reverse

from etablera.reception.models import MunicipalQuota
from etablera.testing.factories import AssignmentFactory, HouseholdFactory


@pytest.fixture
def quota(nykoping, today):
    return MunicipalQuota.objects.create(municipality=nykoping, year=today.year, quota=40)


@pytest.fixture
def waiting(nykoping, today):
    household = HouseholdFactory.with_members([33, 4], municipality=nykoping, name="Familjen Väntar")
    return AssignmentFactory(
        reference="MIG-WAIT-1",
        municipality=nykoping,
        household=household,
        person_count=2,
        decision_date=today - dt.timedelta(days=10),
    )


def test_the_overview_shows_this_years_quota_progress(client, alice, quota, received, waiting, today):
    client.force_login(alice)
    page = client.get(reverse("overview")).content.decode()
    assert f"Kommuntal {today.year}" in page
    # 4 received of 40; 4 + 2 assigned; 36 left — as a bar and as text.
    assert '<progress id="quota-progress" max="40" value="4">' in page
    assert "4 av 40 (10 %)" in page
    assert '<th scope="row">Anvisade totalt</th><td class="num">6</td>' in page
    assert '<th scope="row">Kvar att avräkna</th><td class="num">36</td>' in page


def test_the_overview_lists_upcoming_arrivals_with_their_latest_reception_date(client, alice, waiting):
    client.force_login(alice)
    page = client.get(reverse("overview")).content.decode()
    assert "Kommande ankomster" in page
    assert "Familjen Väntar" in page
    assert waiting.latest_reception_date.isoformat() in page


def test_the_overview_counts_open_and_overdue_tasks_per_unit(client, alice, received, today):
    client.force_login(alice)
    page = client.get(reverse("overview")).content.decode()
    overdue = received.tasks.filter(unit__name="Mottagningsenheten", due_date__lt=today).count()
    total = received.tasks.filter(unit__name="Mottagningsenheten").count()
    assert overdue > 0
    assert f'<th scope="row">Mottagningsenheten</th>\n      <td class="num">{overdue} ' in page
    assert f'<td class="num">{total}</td>' in page


def test_statistics_sees_the_figures_but_no_household(client, stina, quota, received, waiting):
    client.force_login(stina)
    page = client.get(reverse("overview")).content.decode()
    assert "4 av 40" in page
    assert "Mottagningsenheten" in page  # counts per unit
    assert "Kommande ankomster" not in page
    assert "Familjen Väntar" not in page and received.household.name not in page


def test_a_colleague_outside_reception_sees_no_arrivals(client, bob, waiting):
    client.force_login(bob)
    page = client.get(reverse("overview")).content.decode()
    assert "Familjen Väntar" not in page


def test_the_overview_is_for_the_users_own_municipality(client, charlie, quota, received):
    client.force_login(charlie)
    page = client.get(reverse("overview")).content.decode()
    assert "Översikt – Enköping" in page
    assert "Mottagningsenheten" not in page
    assert "Inget kommuntal är registrerat" in page


def test_the_overview_costs_a_fixed_number_of_queries(
    client, alice, quota, received, nykoping, today, django_assert_max_num_queries
):
    for number in range(10):
        household = HouseholdFactory.with_members([30], municipality=nykoping)
        AssignmentFactory(
            reference=f"MIG-OV-{number}", municipality=nykoping, household=household, decision_date=today
        )
    client.force_login(alice)
    with django_assert_max_num_queries(13):
        page = client.get(reverse("overview")).content.decode()
    assert page.count("MIG-OV-") == 10
