"""Issue #11's register-change pages per role: alice (reception) and carol (administrator) change; bob (SFI,
involved) sees the household but may not change it (403); charlie (another municipality) gets 404; stina
(statistics) is sent to the overview. No address on any of them, a protected one least."""

from __future__ import annotations

import pytest
from django.urls import reverse

from etablera.people.models import (
    BirthDateChange,
    HouseholdChange,
    HouseholdMember,
    Person,
    ProtectedIdentity,
)
from etablera.testing.factories import PersonFactory

PAGES = [
    "household_add_member",
    "household_member_leaves",
    "household_split",
    "household_merge",
    "household_anchor",
]


@pytest.fixture
def household(received):
    return received.household


def _members(household):
    return list(household.members.order_by("birth_date", "pk"))


@pytest.mark.parametrize("name", PAGES)
def test_the_change_pages_per_role(client, alice, carol, bob, charlie, stina, household, name):
    url = reverse(name, args=[household.public_id])
    for user, status in ((alice, 200), (carol, 200), (bob, 403), (charlie, 404), (stina, 302)):
        client.force_login(user)
        assert client.get(url).status_code == status, (user, name)
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert household.name in page and 'method="post"' in page


def test_the_household_page_shows_history_and_links_for_alice_only(client, alice, bob, household, today):
    adult = _members(household)[0]
    client.force_login(alice)
    response = client.post(
        reverse("household_member_leaves", args=[household.public_id]),
        {
            "lamnar-person": str(adult.public_id),
            "lamnar-reason": "MOVED_OUT",
            "lamnar-on_date": today.isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("household_detail", args=[household.public_id])).content.decode()
    assert "Tidigare medlemmar" in page and adult.full_name in page and "Flyttat från hushållet" in page
    assert reverse("household_split", args=[household.public_id]) in page
    client.force_login(bob)
    page = client.get(reverse("household_detail", args=[household.public_id])).content.decode()
    assert (
        "Hushållets historik" in page and reverse("household_split", args=[household.public_id]) not in page
    )


def test_errors_at_the_field_when_adding_a_member(client, alice, household):
    client.force_login(alice)
    response = client.post(
        reverse("household_add_member", args=[household.public_id]),
        {
            "medlem-relation": "CHILD",
            "medlem-sex": "U",
            "medlem-identity_number_type": "NONE",
            "medlem-category": "RESETTLED",
        },
    )
    page = response.content.decode()
    assert (
        response.status_code == 200 and 'id="id_medlem-first_name_error"' in page and "Ange förnamn." in page
    )
    assert household.memberships.count() == 4


def test_a_newborn_is_added_through_the_page_and_a_duplicate_is_shown_first(client, alice, household, today):
    client.force_login(alice)
    url = reverse("household_add_member", args=[household.public_id])
    data = {
        "medlem-first_name": "Nova",
        "medlem-last_name": "Exempel",
        "medlem-birth_date": today.isoformat(),
        "medlem-relation": "CHILD",
        "medlem-sex": "F",
        "medlem-identity_number_type": "NONE",
        "medlem-category": "RESETTLED",
    }
    twin = PersonFactory(
        municipality=household.municipality, first_name="Nóva", last_name="Exempel", birth_date=today
    )
    page = client.post(url, data).content.decode()
    assert "Möjliga dubbletter" in page and str(twin.public_id) in page
    assert client.post(url, {**data, "trots_dubblett": "1"}).status_code == 302
    assert HouseholdMember.objects.filter(household=household, person__first_name="Nova").exists()
    assert HouseholdChange.objects.filter(household=household, kind="MEMBER_ADDED").exists()


def test_the_birth_date_page_per_role_and_history(client, alice, bob, charlie, household, today):
    person = _members(household)[-1]
    url = reverse("person_birth_date", args=[person.public_id])
    client.force_login(bob)
    assert client.get(url).status_code == 403
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    response = client.post(
        url,
        {"fodelsedatum-kind": "AGE_UPLIFT", "fodelsedatum-new_date": "2000-01-01", "fodelsedatum-reason": ""},
    )
    page = response.content.decode()
    assert 'id="id_fodelsedatum-reason_error"' in page and 'id="id_fodelsedatum-decided_on_error"' in page
    response = client.post(
        url,
        {
            "fodelsedatum-kind": "AGE_UPLIFT",
            "fodelsedatum-new_date": "2000-01-01",
            "fodelsedatum-decided_on": today.isoformat(),
            "fodelsedatum-reason": "Åldersbedömning",
        },
    )
    assert response.status_code == 302
    assert BirthDateChange.objects.filter(person=person).exists()
    page = client.get(reverse("person_detail", args=[person.public_id])).content.decode()
    assert "Ändringar av födelsedatum" in page and "2000-01-01" in page and "Åldersbedömning" in page


def test_the_duplicates_list_and_merge_page(client, alice, bob, household):
    kept = _members(household)[0]
    twin = PersonFactory(
        municipality=household.municipality,
        first_name=kept.first_name,
        last_name=kept.last_name,
        birth_date=kept.birth_date,
    )
    client.force_login(bob)
    assert client.get(reverse("person_duplicates")).status_code == 403
    client.force_login(alice)
    page = client.get(reverse("person_duplicates")).content.decode()
    assert str(twin.public_id) in page and "Samma namn och födelsedatum" in page
    url = reverse("person_merge", args=[kept.public_id])
    assert str(twin.public_id) in client.get(url).content.decode()
    response = client.post(
        url, {"dubblett-duplicate": str(twin.public_id), "dubblett-reason": "Samma person"}
    )
    assert response.status_code == 302 and not Person.objects.filter(pk=twin.pk).exists()


def test_a_protected_persons_address_shows_on_no_change_page(client, alice, household):
    person = _members(household)[0]
    Person.objects.filter(pk=person.pk).update(
        protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION, address_street="Hemliga gatan 1"
    )
    client.force_login(alice)
    for url in [reverse(name, args=[household.public_id]) for name in PAGES] + [
        reverse("person_birth_date", args=[person.public_id]),
        reverse("person_merge", args=[person.public_id]),
        reverse("household_detail", args=[household.public_id]),
    ]:
        assert "Hemliga gatan" not in client.get(url).content.decode(), url


def test_the_household_page_costs_the_same_with_history(
    client, alice, household, today, django_assert_max_num_queries
):
    client.force_login(alice)
    url = reverse("household_detail", args=[household.public_id])
    client.get(url)
    for _ in range(5):
        HouseholdChange.objects.create(
            household=household, kind="MEMBER_ADDED", on_date=today, text="x", actor=alice
        )
    with django_assert_max_num_queries(60):
        assert "Hushållets historik" in client.get(url).content.decode()


def test_the_add_member_and_merge_pages_cost_the_same_for_many_candidates(
    client, alice, household, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from etablera.testing.factories import HouseholdFactory

    client.force_login(alice)
    urls = [reverse(name, args=[household.public_id]) for name in ("household_add_member", "household_merge")]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured.captured_queries))
        return counts

    few = queries()
    for _ in range(3):
        PersonFactory(municipality=household.municipality)
        HouseholdFactory.with_members([30], municipality=household.municipality)
    assert queries() == few
    with django_assert_max_num_queries(20):
        client.get(urls[0])
