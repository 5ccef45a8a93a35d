"""What the benchmark found and what was changed (docs/performance.md): the household search counted only the members
whose name matched; the anvisning selectors test the user's municipalities first. Behaviour is checked here; the
speed is the benchmark's business."""

from django.urls import reverse

from etablera.organisation.models import ApiToken
from etablera.reception import selectors
from etablera.reception.models import Assignment
from etablera.testing.factories import AssignmentFactory, HouseholdFactory, PersonFactory, municipality


def test_a_search_by_one_members_name_counts_every_member(alice, family, client):
    child = family.members.order_by("birth_date").last()
    found = selectors.search_households(alice, child.first_name)
    assert [h.pk for h in found] == [family.pk]
    assert found[0].member_count == 4
    assert selectors.count_households(alice, child.first_name) == 1
    client.force_login(alice)
    page = client.post(reverse("household_search"), {"q": child.first_name}).content.decode()
    assert '<td class="num">4</td>' in page
    _token, raw = ApiToken.issue(user=alice, name="test")
    answer = client.post(
        "/api/v1/households/search",
        {"q": child.first_name},
        content_type="application/json",
        headers={"authorization": f"Bearer {raw}"},
    ).json()
    assert answer["count"] == 1 and answer["items"][0]["member_count"] == 4


def test_search_finds_by_household_name_or_any_members_name_and_only_what_the_user_sees(
    alice, charlie, nykoping
):
    household = HouseholdFactory(municipality=nykoping, name="Familjen Zorbek")
    other = HouseholdFactory.with_members([30], municipality=municipality("0381"), name="Familjen Zorbek")
    assert [h.pk for h in selectors.search_households(alice, "zorbek")] == [household.pk]
    assert [h.pk for h in selectors.search_households(charlie, "zorbek")] == [other.pk]
    person = other.members.get()
    assert other.pk not in [h.pk for h in selectors.search_households(alice, person.last_name)]
    assert other.pk in [h.pk for h in selectors.search_households(charlie, person.last_name)]
    PersonFactory(municipality=nykoping, first_name="Xenofon")  # in no household: no result
    assert selectors.search_households(alice, "Xenofon") == []


def test_anvisningar_are_the_same_with_the_municipality_tested_first(
    alice, bob, charlie, nykoping, family, units
):
    mine = AssignmentFactory(municipality=nykoping, household=family)
    theirs = AssignmentFactory(municipality=municipality("0381"))
    assert set(selectors.assignments_for_user(alice)) == {mine}
    assert set(selectors.assignments_for_user(charlie)) == {theirs}
    # The SFI caseworker sees the anvisning only while SFI is involved in the household (restrict() decides).
    assert mine not in set(selectors.assignments_for_user(bob))
    assert Assignment.objects.count() == 2
