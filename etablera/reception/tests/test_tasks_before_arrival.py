"""Tasks before arrival (issue #11): made with the anvisning's household, due from the planned arrival date (else the
latest reception date), joined to the case at arrival and not made twice, following a changed planned date, closed
with a cancelled anvisning; and no task made already overdue unless a legal deadline has passed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from etablera.people.models import Person
from etablera.reception import services
from etablera.reception.models import Assignment, CaseEvent, Task, TaskEvent, TemplateStep
from etablera.reception.tasks_generation import template_for
from etablera.rules.deadlines import Deadline
from etablera.rules.tasks import not_overdue, task_deadline
from etablera.testing.factories import HouseholdFactory
from etablera.transitions import StateConflict

BEFORE = {
    "Planera hämtning och boka tolk",
    "Bostadskontrakt klart",
    "Informera skola, SFI och Arbetsförmedlingen om ankomsten",
}


@pytest.fixture
def waiting(alice, family, today):
    return services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-2026-FORE-1",
        category="RESETTLED",
        decision_date=today - dt.timedelta(days=5),
        household=family,
        planned_arrival_date=today + dt.timedelta(days=30),
    )


def test_the_national_default_has_the_steps_before_arrival_counted_from_the_planned_arrival(db):
    template = template_for(None)
    planned = {s.title: s.offset_days for s in template.steps.filter(anchor=TemplateStep.Anchor.PLANNED)}
    assert set(planned) == BEFORE
    assert all(days < 0 for days in planned.values())
    assert not template.steps.filter(anchor=TemplateStep.Anchor.DECISION).exists()


def test_registering_with_the_household_creates_the_tasks_before_arrival_due_from_the_planned_date(
    waiting, today
):
    tasks = {t.title: t for t in Task.objects.filter(assignment=waiting)}
    assert set(tasks) == BEFORE
    pick_up = tasks["Planera hämtning och boka tolk"]
    assert pick_up.case is None
    assert pick_up.due_date == today + dt.timedelta(days=23)
    assert "Planerad ankomst" in pick_up.deadline.explanation
    assert "− 7 dagar" in pick_up.deadline.explanation
    assert pick_up.events.get().kind == TaskEvent.Kind.CREATED


def test_without_a_planned_date_they_count_from_the_latest_reception_date(alice, family, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-2026-FORE-2",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=5),
        household=family,
    )
    task = Task.objects.get(assignment=assignment, title="Bostadskontrakt klart")
    assert task.due_date == assignment.latest_reception_date - dt.timedelta(days=7)
    assert "Sista mottagningsdag (ingen planerad ankomst angiven)" in task.deadline.explanation


def test_an_anvisning_without_members_has_none_until_its_members_come(alice, nykoping, units, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-2026-FORE-3",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=5),
        person_count=2,
    )
    assert not Task.objects.filter(assignment=assignment).exists()
    household = HouseholdFactory.with_members([30, 4], municipality=nykoping)
    Assignment.objects.filter(pk=assignment.pk).update(household=household)
    assignment.refresh_from_db()
    made = services.task_updates.create_before_arrival_tasks(actor=alice, assignment=assignment)
    assert {t.title for t in made} == BEFORE
    # A second time (more members, the same file again) makes nothing twice.
    assert services.task_updates.create_before_arrival_tasks(actor=alice, assignment=assignment) == []


def test_at_arrival_they_join_the_case_and_are_not_made_twice(alice, waiting, today):
    before = set(Task.objects.filter(assignment=waiting).values_list("pk", flat=True))
    case = services.receive_household(actor=alice, assignment=waiting, arrival_date=today)
    in_case = Task.objects.filter(case=case)
    assert before <= set(in_case.values_list("pk", flat=True))
    for title in BEFORE:
        assert in_case.filter(title=title).count() == 1
    assert in_case.filter(title="Bankkonto").exists()
    assert not Task.objects.filter(assignment=waiting, case__isnull=True).exists()


def test_a_changed_planned_date_moves_the_open_tasks_and_says_so(alice, waiting, today):
    task = Task.objects.get(assignment=waiting, title="Bostadskontrakt klart")
    new = today + dt.timedelta(days=40)
    services.set_planned_arrival_date(actor=alice, assignment=waiting, planned_arrival_date=new)
    task.refresh_from_db()
    assert task.due_date == new - dt.timedelta(days=7)
    event = task.events.get(kind=TaskEvent.Kind.DUE_CHANGED)
    assert f"planerad ankomst ändrad till {new.isoformat()}" in event.text
    assert (today + dt.timedelta(days=23)).isoformat() in event.text  # the old date
    assert CaseEvent.objects.filter(household=waiting.household, text__contains="Planerad ankomst").exists()


def test_a_planned_date_before_the_decision_is_refused_at_the_field(alice, waiting):
    with pytest.raises(ValidationError) as error:
        services.set_planned_arrival_date(
            actor=alice, assignment=waiting, planned_arrival_date=waiting.decision_date - dt.timedelta(days=1)
        )
    assert "före beslutsdatum" in error.value.message_dict["planned_arrival_date"][0]


def test_the_planned_date_cannot_change_after_arrival(alice, waiting, today):
    services.receive_household(actor=alice, assignment=waiting, arrival_date=today)
    with pytest.raises(StateConflict):
        services.set_planned_arrival_date(actor=alice, assignment=waiting, planned_arrival_date=today)


def test_a_cancelled_anvisning_closes_its_open_tasks_before_arrival_with_the_reason(alice, waiting, today):
    services.cancel_assignment(actor=alice, assignment=waiting, cancelled_date=today, reason="Tackade nej")
    tasks = Task.objects.filter(assignment=waiting)
    assert tasks.count() == 3
    assert all(t.status == Task.Status.NOT_APPLICABLE for t in tasks)
    assert all("Tackade nej" in t.not_applicable_reason for t in tasks)
    assert TaskEvent.objects.filter(task__in=tasks, kind=TaskEvent.Kind.NOT_APPLICABLE).count() == 3


def test_a_local_date_already_passed_becomes_today_and_says_why(alice, family, today):
    """A household registered late: the template's dates counted from an arrival long ago."""
    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-2026-FORE-4",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=50),
        household=family,
    )
    case = services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=40)
    )
    tasks = Task.objects.filter(case=case)
    assert not [t for t in tasks if t.due_date < today]
    bank = tasks.get(title="Bankkonto")
    assert bank.due_date == today
    assert "hade redan passerat" in bank.deadline.explanation
    assert "hade redan passerat" in bank.events.get(kind=TaskEvent.Kind.CREATED).text
    # A date still ahead is left as the template gives it.
    orientation = tasks.filter(title__startswith="Samhällsorientering").first()
    assert orientation.due_date == today - dt.timedelta(days=40) + dt.timedelta(days=60)


def test_a_legal_deadline_already_passed_stays_and_says_so(today):
    legal = Deadline(
        date=today - dt.timedelta(days=3),
        rule="law.x",
        title="Frist",
        explanation="Enligt lagen.",
        source="Lag (2016:38)",
        status="in_force",
    )
    kept = not_overdue(legal, today)
    assert kept.date == legal.date
    assert "hade redan passerat när hushållet registrerades" in kept.explanation


def test_a_deadline_is_shown_in_the_readers_language_and_old_rows_as_stored(today):
    deadline = task_deadline(
        title="Bankkonto", anchor="ARRIVAL", anchor_date=today, offset_days=14, template_name="Standardmall"
    )
    stored = deadline.as_json()
    assert "dagar" in stored["explanation"]  # the Swedish kept for any reader of the row
    with translation.override("sv"):
        assert Deadline.from_json(stored).explanation == deadline.explanation
    old = {**stored, "explanation": "Gammal förklaring.", "i18n": {}}
    with translation.override("en"):
        assert Deadline.from_json(old).explanation == "Gammal förklaring."


def test_a_self_settled_household_gets_no_tasks_before_arrival(alice, nykoping, units, today):
    from etablera.people.services import PersonInput

    case = services.register_self_settled_household(
        actor=alice,
        municipality=nykoping,
        household_name="Eget boende",
        members=[
            PersonInput(
                first_name="Sara",
                last_name="Ali",
                category="SELF_SETTLED",
                birth_date=dt.date(1990, 1, 1),
                relation="ADULT",
            )
        ],
        registered_date=today,
    )
    titles = set(Task.objects.filter(case=case).values_list("title", flat=True))
    assert not titles & BEFORE
    assert Person.objects.filter(first_name="Sara").exists()
