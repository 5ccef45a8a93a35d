"""Issue #11's register changes in the API, per role: alice (reception) changes; bob (SFI, involved) sees and gets
403; charlie (another municipality) gets 404. Errors at the fields; what changed is in the answer and the history."""

from __future__ import annotations

import pytest

from etablera.people.models import BirthDateChange, Household, HouseholdChange, HouseholdMember, Person
from etablera.reception.models import ReceptionCase
from etablera.testing.api_client import BASE, messages
from etablera.testing.factories import HouseholdFactory, PersonFactory


@pytest.fixture
def household(received):
    return received.household


def _members(household):
    return list(household.members.order_by("birth_date", "pk"))


def _post(client, path, body):
    return client.client.post(BASE + path, body, content_type="application/json")


def test_a_birth_date_correction_per_role_and_at_the_fields(api, alice, bob, charlie, household, today):
    person = _members(household)[-1]
    path = f"/persons/{person.public_id}/birth-date"
    body = {"kind": "AGE_UPLIFT", "new_date": "2000-01-01", "reason": "Åldersbedömning"}
    assert _post(api(charlie), path, body).status_code == 404
    assert _post(api(bob), path, body).status_code == 403
    refused = _post(api(alice), path, body)
    assert refused.status_code == 422 and ("body", "decided_on") in messages(refused)
    response = _post(api(alice), path, {**body, "decided_on": today.isoformat()})
    assert response.status_code == 200 and response.json()["birth_date"] == "2000-01-01"
    assert BirthDateChange.objects.get(person=person).kind == "AGE_UPLIFT"


def test_a_stale_birth_date_change_is_a_409(api, alice, household):
    person = _members(household)[-1]
    body = {
        "kind": "CORRECTION",
        "new_date": "2001-01-01",
        "reason": "Fel",
        "version": "2000-01-01T00:00:00+00:00",
    }
    assert _post(api(alice), f"/persons/{person.public_id}/birth-date", body).status_code == 409


def test_a_member_added_with_the_possible_duplicates_in_the_answer(api, alice, bob, household, today):
    twin = PersonFactory(
        municipality=household.municipality, first_name="Nova", last_name="Exempel", birth_date=today
    )
    body = {
        "relation": "CHILD",
        "new_person": {
            "first_name": "Nova",
            "last_name": "Exempel",
            "category": "RESETTLED",
            "birth_date": today.isoformat(),
        },
    }
    path = f"/households/{household.public_id}/members"
    assert _post(api(bob), path, body).status_code == 403
    response = _post(api(alice), path, body)
    assert response.status_code == 201, response.content
    assert [p["public_id"] for p in response.json()["possible_duplicates"]] == [str(twin.public_id)]
    assert household.memberships.count() == 5
    # The one in no household may join; a second time it is refused at the field.
    added = _post(api(alice), path, {"relation": "CHILD", "person": str(twin.public_id)})
    assert added.status_code == 201
    again = _post(api(alice), path, {"relation": "CHILD", "person": str(twin.public_id)})
    assert again.status_code in (409, 422)


def test_a_member_leaves_and_a_dead_one_is_added_nowhere(api, alice, household, today):
    person = _members(household)[0]
    path = f"/households/{household.public_id}/members/leave"
    response = _post(
        api(alice),
        path,
        {"person": str(person.public_id), "reason": "DECEASED", "on_date": today.isoformat()},
    )
    assert response.status_code == 200
    assert Person.objects.get(pk=person.pk).deceased_on == today
    other = HouseholdFactory.with_members([30], municipality=household.municipality)
    refused = _post(
        api(alice),
        f"/households/{other.public_id}/members",
        {"relation": "ADULT", "person": str(person.public_id)},
    )
    assert refused.status_code == 422 and "avliden" in messages(refused)[("body", "person")]


def test_split_merge_and_anchor(api, alice, household, today):
    first, second, *_ = _members(household)
    split = _post(
        api(alice),
        f"/households/{household.public_id}/split",
        {"persons": [str(first.public_id)], "name": "Eget"},
    )
    assert split.status_code == 201, split.content
    new = Household.objects.get(public_id=split.json()["public_id"])
    assert list(new.members.all()) == [first]
    anchor = api(alice).client.put(
        f"{BASE}/households/{new.public_id}/anchor-person",
        {"anchor": str(second.public_id)},
        content_type="application/json",
    )
    assert anchor.status_code == 200 and Household.objects.get(pk=new.pk).anchor_person == second
    merged = _post(api(alice), f"/households/{household.public_id}/merge", {"other": str(new.public_id)})
    assert merged.status_code == 200 and merged.json()["moved"]["people.HouseholdMember"] == 1
    assert HouseholdMember.objects.filter(household=household, person=first).exists()
    assert HouseholdChange.objects.filter(household=household, kind="MERGED").exists()


def test_a_merge_with_two_open_cases_is_refused_at_other(api, alice, household, today):
    other = HouseholdFactory.with_members([30], municipality=household.municipality)
    ReceptionCase.objects.create(household=other, municipality=other.municipality, arrival_date=today)
    response = _post(api(alice), f"/households/{household.public_id}/merge", {"other": str(other.public_id)})
    assert response.status_code == 422
    assert "pågående mottagande" in messages(response)[("body", "other")]


def test_possible_duplicates_and_a_merge_of_persons(api, alice, bob, household):
    kept = _members(household)[0]
    twin = PersonFactory(
        municipality=household.municipality,
        first_name=kept.first_name,
        last_name=kept.last_name,
        birth_date=kept.birth_date,
    )
    found = api(alice).client.get(f"{BASE}/persons/{kept.public_id}/possible-duplicates")
    assert [p["public_id"] for p in found.json()] == [str(twin.public_id)]
    body = {"duplicate": str(twin.public_id), "reason": "Samma person"}
    # bob sees the kept person (the household) but not the twin, who is in none: 404, as for any unseen person
    assert _post(api(bob), f"/persons/{kept.public_id}/merge", body).status_code == 404
    response = _post(api(alice), f"/persons/{kept.public_id}/merge", body)
    assert response.status_code == 200 and not Person.objects.filter(pk=twin.pk).exists()
