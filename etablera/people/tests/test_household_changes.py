"""Issue #11's register changes as services: a birth date corrected or uplifted, a member added later, moving out
or dying, a household split and two merged, a new anchor person, and two registrations of one person merged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.people import services, signals
from etablera.people.duplicates import duplicate_pairs, possible_duplicates_of
from etablera.people.models import (
    BirthDateChange,
    FormerHouseholdMember,
    FormerIdentityNumber,
    Household,
    HouseholdChange,
    HouseholdMember,
    Person,
    PersonMerge,
    ProtectedIdentity,
)
from etablera.people.services import PersonInput
from etablera.reception.models import ReceptionCase
from etablera.rules import identity
from etablera.testing.factories import HouseholdFactory, PersonFactory, personnummer

pytestmark = pytest.mark.django_db


def _members(household):
    return list(household.members.order_by("birth_date", "pk"))


@pytest.fixture
def sent():
    received = []

    def listen(signal):
        def receiver(sender, **kwargs):
            received.append((signal, kwargs))

        return receiver

    receivers = {
        s: listen(name)
        for name, s in (
            ("birth", signals.birth_date_changed),
            ("added", signals.member_added),
            ("left", signals.member_left),
        )
    }
    for s, r in receivers.items():
        s.connect(r, weak=False)
    yield received
    for s, r in receivers.items():
        s.disconnect(r)


def test_a_birth_date_uplift_is_kept_as_history_noted_in_the_household_and_sent(alice, family, today, sent):
    child = _members(family)[-1]
    old = child.birth_date
    with pytest.raises(ValidationError) as error:
        services.change_birth_date(
            actor=alice,
            person=child,
            kind=BirthDateChange.Kind.AGE_UPLIFT,
            new_date=old.replace(year=old.year - 1),
            reason="",
        )
    assert set(error.value.message_dict) == {"reason", "decided_on"}
    change = services.change_birth_date(
        actor=alice,
        person=child,
        kind=BirthDateChange.Kind.AGE_UPLIFT,
        new_date=old.replace(year=old.year - 16),
        decided_on=today,
        reason="Migrationsverkets åldersbedömning",
    )
    child.refresh_from_db()
    assert child.birth_date == old.replace(year=old.year - 16) and change.old_date == old
    assert HouseholdChange.objects.filter(
        household=family, kind=HouseholdChange.Kind.BIRTH_DATE_CHANGED
    ).exists()
    assert [s for s, _ in sent] == ["birth"]
    assert AuditEvent.objects.filter(
        person_public_id=child.public_id, summary__startswith="Födelsedatum ändrat"
    ).exists()


def test_an_uplift_must_make_the_person_older_and_bob_may_not(alice, bob, family, today):
    child = _members(family)[-1]
    with pytest.raises(ValidationError) as error:
        services.change_birth_date(
            actor=alice, person=child, kind="AGE_UPLIFT", new_date=today, decided_on=today, reason="x"
        )
    assert "tidigare" in error.value.message_dict["new_date"][0]
    with pytest.raises(PermissionDenied):
        services.change_birth_date(actor=bob, person=child, kind="CORRECTION", new_date=today, reason="x")


def test_a_newborn_is_added_and_a_dead_person_nowhere(alice, family, today, sent):
    member = services.add_member(
        actor=alice,
        household=family,
        relation=HouseholdMember.Relation.CHILD,
        data=PersonInput(first_name="Nova", last_name="Exempel", category="RESETTLED", birth_date=today),
        joined_on=today,
    )
    assert member.joined_on == today and member.person.municipality_id == family.municipality_id
    assert HouseholdChange.objects.filter(
        household=family, kind="MEMBER_ADDED", person=member.person
    ).exists()
    assert ("added", member.person) in [(s, k["person"]) for s, k in sent]
    services.remove_member(
        actor=alice, household=family, person=member.person, reason="DECEASED", on_date=today
    )
    member.person.refresh_from_db()
    assert member.person.deceased_on == today
    assert FormerHouseholdMember.objects.filter(
        household=family, person=member.person, reason="DECEASED"
    ).exists()
    assert not HouseholdMember.objects.filter(person=member.person).exists()
    other = HouseholdFactory.with_members([30], municipality=family.municipality)
    with pytest.raises(ValidationError) as error:
        services.add_member(actor=alice, household=other, relation="CHILD", person=member.person)
    assert "avliden" in error.value.message_dict["person"][0]


def test_a_member_moves_out_but_not_the_last(alice, family, today, sent):
    adult = _members(family)[0]
    services.remove_member(actor=alice, household=family, person=adult, reason="MOVED_OUT", on_date=today)
    assert family.memberships.count() == 3
    assert ("left", "MOVED_OUT") in [(s, k.get("reason")) for s, k in sent]
    lone = HouseholdFactory.with_members([30], municipality=family.municipality)
    with pytest.raises(ValidationError):
        services.remove_member(
            actor=alice, household=lone, person=lone.members.get(), reason="MOVED_OUT", on_date=today
        )


def test_a_split_and_a_merge_back(alice, family, today):
    adult, _, child, _ = _members(family)
    new = services.split_household(actor=alice, household=family, persons=[adult, child], name="Nytt hushåll")
    assert set(new.members.all()) == {adult, child} and family.memberships.count() == 2
    assert FormerHouseholdMember.objects.filter(household=family, reason="SPLIT").count() == 2
    assert HouseholdChange.objects.filter(household=new, kind="SPLIT").exists()
    with pytest.raises(ValidationError):
        services.split_household(actor=alice, household=new, persons=[adult, child], name="Alla")
    moved = services.merge_households(actor=alice, kept=family, removed=new)
    assert moved["people.HouseholdMember"] == 2 and family.memberships.count() == 4
    assert not Household.objects.filter(pk=new.pk).exists()
    assert HouseholdChange.objects.filter(household=family, kind="MERGED").exists()


def test_a_merge_is_refused_with_two_open_reception_cases(alice, family, today):
    other = HouseholdFactory.with_members([30], municipality=family.municipality)
    for household in (family, other):
        ReceptionCase.objects.create(
            household=household, municipality=household.municipality, arrival_date=today
        )
    with pytest.raises(ValidationError) as error:
        services.merge_households(actor=alice, kept=family, removed=other)
    assert "pågående mottagande" in error.value.message_dict["other"][0]
    assert Household.objects.filter(pk=other.pk).exists() and other.memberships.count() == 1


def test_a_merge_moves_the_reception_case(alice, family, today):
    other = HouseholdFactory.with_members([30], municipality=family.municipality)
    case = ReceptionCase.objects.create(household=other, municipality=other.municipality, arrival_date=today)
    services.merge_households(actor=alice, kept=family, removed=other)
    case.refresh_from_db()
    assert case.household_id == family.pk


def test_the_anchor_person_changes_and_is_told(alice, family):
    anchor = PersonFactory(municipality=family.municipality)
    services.change_anchor(actor=alice, household=family, anchor=anchor)
    family.refresh_from_db()
    assert family.anchor_person == anchor
    assert HouseholdChange.objects.filter(household=family, kind="ANCHOR_CHANGED").exists()


def test_duplicates_are_found_and_merged_with_a_trace(alice, family, today):
    kept = _members(family)[0]
    twin = PersonFactory(
        municipality=family.municipality,
        first_name=kept.first_name.upper(),
        last_name=kept.last_name,
        birth_date=kept.birth_date,
        identity_number_type=identity.DOSSIERNUMMER,
        identity_number="12-345678",
    )
    other = HouseholdFactory.with_members([30], municipality=family.municipality)
    HouseholdMember.objects.create(household=other, person=twin, relation="ADULT")
    assert twin in possible_duplicates_of(alice, kept)
    assert any({p.first, p.second} == {kept, twin} for p in duplicate_pairs(alice))
    with pytest.raises(ValidationError):
        services.merge_persons(actor=alice, kept=kept, duplicate=twin, reason="")
    trace = services.merge_persons(
        actor=alice, kept=kept, duplicate=twin, reason="Samma person, två registreringar"
    )
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert HouseholdMember.objects.filter(household=other, person=kept).exists()
    assert (
        FormerIdentityNumber.objects.filter(person=kept, number="12-345678").exists() or kept.identity_number
    )
    assert PersonMerge.objects.get(pk=trace.pk).removed_public_id == twin.public_id
    assert HouseholdChange.objects.filter(household=family, kind="PERSONS_MERGED").exists()
    assert AuditEvent.objects.filter(
        person_public_id=twin.public_id, action=AuditEvent.Action.DELETE
    ).exists()


def test_merging_two_personnummer_or_a_protected_person_is_refused(alice, family):
    first, second = _members(family)[:2]
    Person.objects.filter(pk=first.pk).update(
        identity_number_type="PERSONNUMMER", identity_number=personnummer(dt.date(1985, 1, 1))
    )
    Person.objects.filter(pk=second.pk).update(
        identity_number_type="PERSONNUMMER", identity_number=personnummer(dt.date(1985, 1, 2))
    )
    first.refresh_from_db()
    second.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.merge_persons(actor=alice, kept=first, duplicate=second, reason="samma")
    assert "olika personnummer" in error.value.message_dict["duplicate"][0]
    third = _members(family)[2]
    Person.objects.filter(pk=third.pk).update(protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION)
    third.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.merge_persons(actor=alice, kept=first, duplicate=third, reason="samma")


def test_the_register_extract_holds_the_birth_date_history(alice, family, today):
    from etablera.access.extract.content import build_extract

    child = _members(family)[-1]
    services.change_birth_date(
        actor=alice, person=child, kind="CORRECTION", new_date=dt.date(2015, 3, 4), reason="Fel i ansökan"
    )
    child.refresh_from_db()
    changes = build_extract(child)["person"]["birth_date_changes"]
    assert [(c["new_date"], c["reason"]) for c in changes] == [("2015-03-04", "Fel i ansökan")]


def test_the_register_extract_holds_the_households_left_and_the_duplicates_merged(alice, family, today):
    from etablera.access.extract.content import build_extract

    adult, partner = _members(family)[:2]
    services.remove_member(actor=alice, household=family, person=adult, reason="MOVED_OUT", on_date=today)
    twin = PersonFactory(
        municipality=family.municipality, first_name=adult.first_name, last_name=adult.last_name
    )
    services.merge_persons(actor=alice, kept=adult, duplicate=twin, reason="Registrerad två gånger")
    person = build_extract(adult)["person"]
    assert [f["household"] for f in person["former_households"]] == [family.name]
    assert [
        c["kind"]["code"] if isinstance(c["kind"], dict) else c["kind"] for c in person["household_changes"]
    ]
    assert [m["reason"] for m in person["merged_duplicates"]] == ["Registrerad två gånger"]
    assert partner.full_name not in str(person["household_changes"])
