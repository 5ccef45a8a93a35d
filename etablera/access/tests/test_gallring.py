"""Gallring: the dry run lists what would go, the execution anonymises and removes it and logs what it did, the
exemptions hold, and the statistics are the same afterwards."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from etablera.access import gallring
from etablera.access.models import AuditEvent, BreakGlassAccess, Consent
from etablera.access.sections import Section
from etablera.housing.models import HousingNeed
from etablera.organisation.models import Unit
from etablera.people.models import Category, Household, HouseholdMember, Note, Person
from etablera.reception import services
from etablera.reception.models import Assignment, CaseEvent, ReceptionCase, Task, TaskEvent
from etablera.reception.reports import quota_report
from etablera.testing.factories import HouseholdFactory, PersonFactory, personnummer

LONG_AGO = dt.date(2018, 3, 1)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def backdate(household: Household, day: dt.date) -> None:
    """Make every entry of the household's record as old as `day`, and close its reception case."""
    when = _at(day)
    Household.objects.filter(pk=household.pk).update(created_at=when)
    CaseEvent.objects.filter(household=household).update(at=when)
    Task.objects.filter(household=household).update(updated_at=when, created_at=when)
    TaskEvent.objects.filter(task__household=household).update(at=when)
    Assignment.objects.filter(household=household).update(updated_at=when, created_at=when)
    Person.objects.filter(household_memberships__household=household).update(updated_at=when, created_at=when)
    Note.objects.filter(person__household_memberships__household=household).update(created_at=when)
    ReceptionCase.objects.filter(household=household).update(
        status=ReceptionCase.Status.CLOSED, closed_date=day, created_at=when
    )
    # The anvisning opened a housing need (housing.services.open_need_for_assignment); housed long ago, it is done.
    HousingNeed.objects.filter(household=household).update(status=HousingNeed.Status.CLOSED, updated_at=when)


@pytest.fixture
def make_household(alice, nykoping, units):
    """A household received at `arrival`, with identity numbers, addresses, a section note and a task note."""
    counter = iter(range(1, 100))

    def make(name, ages, *, arrival=LONG_AGO, category=Category.ASSIGNED_FROM_FACILITY, birth_day=None):
        number = next(counter)
        household = HouseholdFactory.with_members(ages, municipality=nykoping, name=name, category=category)
        for person in household.members.all():
            birth = person.birth_date.replace(day=birth_day) if birth_day else person.birth_date
            Person.objects.filter(pk=person.pk).update(
                birth_date=birth,
                identity_number=personnummer(birth),
                identity_number_type="PERSONNUMMER",
                address_street=f"Storgatan {number}",
                address_postal_code="611 30",
                address_city="Nyköping",
                residence_permit_date=dt.date(2017, 8, 17),
            )
        assignment = services.create_assignment(
            actor=alice,
            municipality=nykoping,
            reference=f"MIG-GALLRING-{number:03d}",
            category=category,
            decision_date=arrival - dt.timedelta(days=20),
            household=household,
        )
        services.receive_household(actor=alice, assignment=assignment, arrival_date=arrival)
        task = Task.objects.filter(household=household, unit=units[Unit.Function.RECEPTION]).first()
        services.add_task_note(actor=alice, task=task, text=f"Ringde {name}, pratade om bostaden")
        adult = household.members.order_by("birth_date").first()
        Note.objects.create(
            person=adult,
            section=Section.SOCIAL,
            unit=units[Unit.Function.SOCIAL_SERVICES],
            author=alice,
            text="Ansökan om försörjningsstöd",
        )
        if arrival < dt.date(2025, 1, 1):
            backdate(household, arrival + dt.timedelta(days=30))
        return household

    return make


def statistics() -> dict:
    """What the reports count: the quota report, persons per category, sex and birth year, households per arrival
    year, household sizes."""
    persons = (
        Person.objects.annotate(year=ExtractYear("birth_date"))
        .values("category", "sex", "year")
        .annotate(n=Count("pk"))
        .order_by("category", "sex", "year")
    )
    arrivals = (
        ReceptionCase.objects.annotate(year=ExtractYear("arrival_date"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    sizes = sorted(Household.objects.annotate(n=Count("memberships")).values_list("n", flat=True))
    report = quota_report(year=2018, municipality_code="0480", as_of=dt.date(2018, 12, 31)).total
    return {
        "persons": list(persons),
        "arrivals": list(arrivals),
        "sizes": sizes,
        "quota": (report.assigned_total, report.received, report.remaining),
        "per_category": list(
            Assignment.objects.values("category").annotate(n=Count("pk")).order_by("category")
        ),
    }


# --- the dry run ------------------------------------------------------------------------------------------------


def test_the_dry_run_lists_what_would_go_and_changes_nothing(make_household, today):
    old = make_household("Familjen Gammal", [40, 38, 9])
    recent = make_household("Familjen Ny", [30], arrival=today - dt.timedelta(days=40))
    before = list(Person.objects.values_list("first_name", "identity_number").order_by("pk"))
    plan = gallring.plan()
    assert [record.public_id for record in plan.households] == [old.public_id]
    assert recent.public_id not in {r.public_id for r in plan.households + plan.kept}
    counts = plan.counts()
    assert counts["households"] == 1 and counts["persons"] == 3
    assert counts["notes"] == {"BASIC": 0, "SOCIAL": 1, "SCHOOL": 0, "HEALTH": 0}
    assert counts["task_notes"] == 1
    record = plan.households[0]
    assert record.outcome.last_entry == LONG_AGO + dt.timedelta(days=30)
    assert record.outcome.complete_by == dt.date(2024, 12, 31)
    assert list(Person.objects.values_list("first_name", "identity_number").order_by("pk")) == before


def test_the_dry_run_as_json_names_households_by_public_id_only(make_household):
    old = make_household("Familjen Gammal", [40])
    data = json.dumps(gallring.plan().as_json(), ensure_ascii=False)
    assert str(old.public_id) in data
    assert "Gammal" not in data and "Storgatan" not in data
    for person in old.members.all():
        assert person.first_name not in data and person.identity_number not in data


# --- the execution --------------------------------------------------------------------------------------------


def test_execution_anonymises_the_household_and_its_persons(make_household, carol):
    old = make_household("Familjen Gammal", [40, 38, 9])
    grant = BreakGlassAccess.objects.create(
        user=carol,
        household=old,
        municipality=old.municipality,
        reason="Akut ärende med namn i skälet",
        expires_at=_at(LONG_AGO),
    )
    members = list(old.members.order_by("pk"))
    Consent.objects.create(
        person=members[0],
        municipality=old.municipality,
        purpose="Kontakt med skolan",
        given_date=LONG_AGO,
        method="WRITTEN",
    )
    task_for_member = Task.objects.filter(household=old, person=members[2]).first()
    done = gallring.execute(actor=None)
    assert done.counts()["households"] == 1

    old.refresh_from_db()
    assert old.name == gallring.ANONYMISED and old.anonymised_at is not None
    for before in members:
        person = Person.objects.get(pk=before.pk)
        assert (person.first_name, person.last_name) == ("Avidentifierad", "")
        assert person.identity_number == "" and person.identity_number_type == "NONE"
        assert (person.address_street, person.address_postal_code, person.address_city) == ("", "", "")
        assert person.birth_date == dt.date(before.birth_date.year, 1, 1)
        assert person.residence_permit_date == dt.date(2017, 1, 1)
        assert (person.sex, person.category) == (before.sex, before.category)
        assert person.anonymised_at is not None
    assert not Note.objects.filter(person__in=members).exists()
    assert not Consent.objects.filter(person__in=members).exists()
    assert not TaskEvent.objects.filter(task__household=old).exclude(text="").exists()
    assert not CaseEvent.objects.filter(household=old).exclude(text="").exists()
    grant.refresh_from_db()
    assert grant.reason == ""
    if task_for_member is not None:
        task_for_member.refresh_from_db()
        assert members[2].first_name not in task_for_member.title
    # The records themselves stay, with their dates and counts.
    assert Task.objects.filter(household=old).count() > 0
    assert HouseholdMember.objects.filter(household=old).count() == 3
    assert gallring.plan().is_empty


def test_execution_is_logged_with_counts_and_public_ids(make_household, carol):
    old = make_household("Familjen Gammal", [40, 38])
    event_ids = set(AuditEvent.objects.values_list("pk", flat=True))
    gallring.execute(actor=carol)
    logged = AuditEvent.objects.exclude(pk__in=event_ids).get()
    assert (logged.action, logged.object_type, logged.municipality_code, logged.actor) == (
        "DELETE",
        "Gallring",
        "0480",
        carol,
    )
    assert logged.changes["households"] == [str(old.public_id)]
    assert logged.changes["persons"] == 2
    assert logged.changes["notes"]["SOCIAL"] == 1
    assert logged.changes["task_notes"] == 1
    assert "2 personer avidentifierade" in logged.summary
    assert "Gammal" not in logged.summary + json.dumps(logged.changes)
    # The audit log itself is never gallrad.
    assert event_ids <= set(AuditEvent.objects.values_list("pk", flat=True))


def test_statistics_are_the_same_before_and_after(make_household, today):
    make_household("Familjen Gammal", [40, 38, 9, 2])
    make_household("Familjen Äldre", [55], category=Category.RESETTLED)
    make_household("Familjen Ny", [30, 4], arrival=today - dt.timedelta(days=40))
    before = statistics()
    done = gallring.execute()
    assert done.counts()["persons"] == 5
    assert statistics() == before


# --- what is kept -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [5, 15, 25])
def test_households_with_someone_born_on_the_5th_15th_or_25th_are_kept(make_household, day):
    kept = make_household("Familjen Forskning", [40, 12], birth_day=day)
    plan = gallring.plan()
    assert plan.households == []
    assert [(r.public_id, r.kept_reason) for r in plan.kept] == [(kept.public_id, "research_birth_day")]
    gallring.execute()
    assert Household.objects.get(pk=kept.pk).name == "Familjen Forskning"


def test_records_about_placed_children_are_kept(make_household):
    kept = make_household("Ensamkommande", [16], category=Category.UNACCOMPANIED_MINOR)
    plan = gallring.plan()
    assert [(r.public_id, r.kept_reason) for r in plan.kept] == [(kept.public_id, "child_placement")]
    gallring.execute()
    assert Person.objects.filter(household_memberships__household=kept, anonymised_at__isnull=True).exists()


def test_an_open_case_is_ongoing_and_kept(make_household):
    old = make_household("Familjen Pågår", [40])
    ReceptionCase.objects.filter(household=old).update(status=ReceptionCase.Status.OPEN, closed_date=None)
    plan = gallring.plan()
    assert [(r.public_id, r.kept_reason) for r in plan.kept] == [(old.public_id, "ongoing")]


def test_a_late_entry_keeps_the_whole_household(make_household, alice):
    old = make_household("Familjen Gammal", [40])
    task = Task.objects.filter(household=old).first()
    TaskEvent.objects.create(task=task, actor=alice, kind=TaskEvent.Kind.NOTE, text="Ny kontakt")
    assert gallring.plan().households == []


def test_a_person_who_also_belongs_to_a_living_household_is_not_anonymised(make_household, today):
    old = make_household("Familjen Gammal", [40, 38])
    new = make_household("Familjen Ny", [30], arrival=today - dt.timedelta(days=40))
    mover = old.members.order_by("birth_date").last()
    HouseholdMember.objects.create(household=new, person=mover, relation=HouseholdMember.Relation.ADULT)
    # The new membership is an entry in the old household's record only through the person, which is old too.
    Person.objects.filter(pk=mover.pk).update(updated_at=_at(LONG_AGO))
    plan = gallring.plan()
    assert [r.public_id for r in plan.households] == [old.public_id]
    assert mover.pk not in plan.persons and len(plan.persons) == 1
    gallring.execute()
    mover.refresh_from_db()
    assert mover.first_name != gallring.ANONYMISED and mover.anonymised_at is None


def test_notes_go_per_section_after_their_own_period(alice, units, today, make_household):
    household = make_household("Familjen Ny", [30], arrival=today - dt.timedelta(days=40))
    person = household.members.first()
    old = _at(today - dt.timedelta(days=6 * 366))
    for section, unit in [
        (Section.SOCIAL, units[Unit.Function.SOCIAL_SERVICES]),
        (Section.HEALTH, units[Unit.Function.RECEPTION]),
        (Section.SCHOOL, units[Unit.Function.SCHOOL]),
    ]:
        note = Note.objects.create(
            person=person, section=section, unit=unit, author=alice, text=f"Gammal {section}"
        )
        Note.objects.filter(pk=note.pk).update(created_at=old)
    plan = gallring.plan()
    assert plan.households == [] and plan.persons == {}
    # SOCIAL has a recent note from make_household: the section's last entry is recent, so it stays.
    assert {(g.person_public_id, g.section, g.count) for g in plan.note_groups} == {
        (person.public_id, Section.SCHOOL, 1)
    }
    gallring.execute()
    assert set(Note.objects.filter(person=person).values_list("section", flat=True)) == {
        Section.SOCIAL,
        Section.HEALTH,
    }


def test_a_person_without_household_follows_the_household_rule(nykoping):
    lone = PersonFactory(municipality=nykoping, first_name="Ensam", birth_date=dt.date(1980, 1, 2))
    Person.objects.filter(pk=lone.pk).update(created_at=_at(LONG_AGO), updated_at=_at(LONG_AGO))
    assert gallring.plan().persons == {lone.pk: nykoping.pk}
    gallring.execute()
    lone.refresh_from_db()
    assert lone.first_name == gallring.ANONYMISED


def test_the_municipality_option_limits_the_gallring(make_household, nykoping, enkoping):
    make_household("Familjen Gammal", [40])
    assert gallring.plan(municipality_ids=[enkoping.pk]).is_empty
    assert len(gallring.plan(municipality_ids=[nykoping.pk]).households) == 1


# --- the command ------------------------------------------------------------------------------------------------


def test_the_command_dry_run_and_execute(make_household):
    old = make_household("Familjen Gammal", [40, 38])
    out = io.StringIO()
    call_command("gallring", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "provkörning" in text and "Hushåll som avidentifieras: 1" in text
    assert "Personer som avidentifieras: 2" in text and str(old.public_id) in text
    assert "Gammal" not in text
    assert Household.objects.get(pk=old.pk).name == "Familjen Gammal"

    out = io.StringIO()
    call_command("gallring", "--execute", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["executed"] is True and data["counts"]["households"] == 1
    assert Household.objects.get(pk=old.pk).name == gallring.ANONYMISED
    assert AuditEvent.objects.get(object_type="Gallring").channel == "CLI"

    out = io.StringIO()
    call_command("gallring", "--dry-run", stdout=out)
    assert "Ingenting att gallra." in out.getvalue()


def test_the_command_refuses_a_date_for_execution_and_an_unknown_municipality(db):
    with pytest.raises(CommandError, match="--as-of"):
        call_command("gallring", "--execute", "--as-of", "2040-01-01")
    with pytest.raises(CommandError, match="Okänd kommunkod"):
        call_command("gallring", "--dry-run", "--municipality", "9999")
    out = io.StringIO()
    call_command("gallring", "--dry-run", "--as-of", "2040-01-01", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["date"] == "2040-01-01"


def test_housing_keeps_a_household_and_is_cleared_with_it(make_household, nykoping):
    """A household living under a contract has an ongoing matter and is kept; when a household is anonymised, what
    was written about it in housing goes, while the contracts' periods and costs stay."""
    from etablera.housing import services as housing
    from etablera.housing.models import Contract, HousingNeed
    from etablera.testing.factories import HousingUnitFactory

    living = make_household("Familjen Boende", [40, 8])
    gone = make_household("Familjen Flyttat", [33])
    home = HousingUnitFactory(municipality=nykoping, capacity=2)
    for household in (living, gone):
        housing.set_housing_need(
            actor=None, household=household, note="Vill bo nära skolan", preferred_area="Öster"
        )
        housing.create_contract(
            actor=None,
            household=household,
            unit=home,
            kind="SECOND_HAND",
            start_date=LONG_AGO,
            payer="HOUSEHOLD",
            note="Nycklar hos värden",
            sign=True,
        )
    contract = Contract.objects.get(household=gone)
    housing.end_contract(
        actor=None, contract=contract, end_date=LONG_AGO + dt.timedelta(days=90), reason="MOVED_AWAY"
    )
    housing.close_housing_need(actor=None, household=gone, note="Flyttat till Malmö")
    for household in (living, gone):
        backdate(household, LONG_AGO + dt.timedelta(days=90))
        when = _at(LONG_AGO + dt.timedelta(days=90))
        Contract.objects.filter(household=household).update(updated_at=when)
        HousingNeed.objects.filter(household=household).update(updated_at=when)
    done = gallring.execute(today=dt.date(2026, 12, 1))
    assert {r.pk for r in done.households} == {gone.pk}
    assert living.pk in {r.pk for r in done.kept}
    cleared = Contract.objects.get(household=gone)
    assert (cleared.note, cleared.end_note, cleared.monthly_cost) == ("", "", home.monthly_cost)
    need = HousingNeed.objects.get(household=gone)
    assert (need.note, need.preferred_area) == ("", "")
    assert Contract.objects.get(household=living).note == "Nycklar hos värden"
