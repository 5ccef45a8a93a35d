import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.organisation.models import Unit
from etablera.reception import services
from etablera.reception.models import Assignment, CaseEvent, Task


@pytest.fixture
def assignment(alice, family, today):
    return services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-2026-000123",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=20),
        household=family,
    )


def test_it_counts_the_household_and_computes_the_latest_reception_date(assignment, today):
    assert assignment.person_count == 4
    assert assignment.quota_year == assignment.decision_date.year
    deadline = assignment.latest_reception_deadline
    assert deadline.rule == "reception.latest_reception_date"
    assert "2016:39" in deadline.source
    assert deadline.based_on["Beslutsdatum"] == assignment.decision_date


def test_it_receives_the_household_and_generates_tasks(alice, assignment, units, today):
    arrival = today - dt.timedelta(days=2)
    case = services.receive_household(actor=alice, assignment=assignment, arrival_date=arrival)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RECEIVED
    assert assignment.received_date == arrival
    tasks = {t.title: t for t in Task.objects.filter(case=case)}
    # Household-level steps once; the school child gets an assessment owned by the school within three weeks.
    assert "Bankkonto" in tasks
    assessment = [t for t in tasks.values() if t.title.startswith("Kartläggning av barnet")]
    assert len(assessment) == 1
    assert assessment[0].unit == units[Unit.Function.SCHOOL]
    assert assessment[0].due_date == arrival + dt.timedelta(days=21)
    assert assessment[0].deadline.rule == "school.child_assessment"
    # Arbetsförmedlingen only for the two adults in programme age (20–65).
    assert len([t for t in tasks.values() if t.title.startswith("Inskrivning hos Arbetsförmedlingen")]) == 2
    # Pre-school only for the toddler; SFI only for persons 16 or older.
    assert len([t for t in tasks.values() if t.title.startswith("Förskoleplats")]) == 1
    assert len([t for t in tasks.values() if t.title.startswith("Anmälan till SFI")]) == 2
    # Steps for a function the municipality has no unit for (e.g. the region) fall to the reception unit.
    health = [t for t in tasks.values() if t.title.startswith("Hälsoundersökning")]
    assert len(health) == 4 and all(t.unit == units[Unit.Function.RECEPTION] for t in health)
    assert CaseEvent.objects.filter(household=assignment.household, kind=CaseEvent.Kind.RECEIVED).exists()
    assert AuditEvent.objects.filter(actor=alice, object_type="Assignment", action="UPDATE").exists()


def test_it_refuses_arrival_before_the_decision(alice, assignment):
    with pytest.raises(ValidationError) as error:
        services.receive_household(
            actor=alice, assignment=assignment, arrival_date=assignment.decision_date - dt.timedelta(days=1)
        )
    assert "före beslutsdatum" in error.value.message_dict["arrival_date"][0]
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ASSIGNED
    # Only the tasks before arrival, made when the anvisning was registered with its household.
    assert not Task.objects.filter(case__isnull=False).exists()


def test_it_refuses_a_second_arrival(alice, assignment, today):
    services.receive_household(actor=alice, assignment=assignment, arrival_date=today)
    with pytest.raises(ValidationError):
        services.receive_household(actor=alice, assignment=assignment, arrival_date=today)


def test_a_colleague_in_another_unit_cannot_register_arrivals(bob, assignment, today):
    with pytest.raises(PermissionDenied):
        services.receive_household(actor=bob, assignment=assignment, arrival_date=today)
