"""Each role lands on its natural start page (issue #11): the caseworker on their tasks, the unit manager on the
unit's tasks, the housing unit on the housing queue, the statistics role on the figures."""

import pytest
from django.urls import reverse

from etablera.organisation.models import Role, Unit
from etablera.testing.factories import UnitFactory, UserFactory


@pytest.mark.parametrize(
    ("username", "start", "heading"),
    [
        ("alice", "my_tasks", "Mina uppgifter"),  # reception caseworker
        ("bob", "my_tasks", "Mina uppgifter"),  # SFI caseworker
        ("carol", "my_tasks", "Mina uppgifter"),  # administrator
        ("maria", "unit_tasks", "Enhetens uppgifter"),  # the reception unit's manager
        ("hanna", "housing_queue", "<h1"),  # the housing unit
        ("stina", "overview", "<h1"),  # statistics: figures only
    ],
)
def test_each_role_lands_on_its_start_page(client, request, username, start, heading):
    user = request.getfixturevalue(username)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse(start)
    page = client.get(response["Location"])
    assert page.status_code == 200 and heading in page.content.decode()


def test_the_statistics_role_sees_the_figures_and_no_person(client, stina, received):
    client.force_login(stina)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert "Kommuntal" in page or "kommuntal" in page
    assert received.household.name not in page


def test_housing_staff_who_also_work_in_reception_start_with_their_tasks(client, hanna, units):
    from etablera.organisation.models import Membership

    Membership.objects.create(user=hanna, unit=units[Unit.Function.RECEPTION], role=Role.CASEWORKER)
    client.force_login(hanna)
    assert client.get(reverse("home"))["Location"] == reverse("my_tasks")


def test_a_county_analyst_with_the_statistics_role_starts_on_the_figures(client, nykoping):
    unit = UnitFactory(
        municipality=nykoping, name="Länsstyrelsen analys", function=Unit.Function.ADMINISTRATION
    )
    analyst = UserFactory.with_role("lansanalytiker", unit, Role.STATISTICS)
    client.force_login(analyst)
    assert client.get(reverse("home"))["Location"] == reverse("overview")


def test_the_start_page_needs_a_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
