"""Issue #9, finding 3b: a completion note or an "ej aktuell" reason on a section task belongs to the section.

Before, when social services completed their task with a note or marked it not applicable with a reason, every unit
that saw the household read that text: on the household page (the task list and the timeline), on the task page and
in GET /households/{id} and /tasks/{id}. Now it is hidden, as notes on section tasks are, from everyone who may not
see the section; they see that the task was done (by whom, when), and that the text is hidden.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.reception import services
from etablera.reception.models import CaseEvent, Task
from etablera.testing.api_client import ApiClient
from etablera.testing.factories import UnitFactory, UserFactory

NOTE = "Försörjningsstöd beviljat till och med januari, skuld hos kronofogden utreds"
REASON = "Familjen har redan ett pågående ärende om försörjningsstöd hos socialtjänsten"
OWNER_FUNCTION = {
    Section.SOCIAL: Unit.Function.SOCIAL_SERVICES,
    Section.SCHOOL: Unit.Function.SCHOOL,
    Section.HEALTH: Unit.Function.REGION,
}
HIDDEN_NOTE = "Anteckningen hör till {label} och visas inte för dig."
HIDDEN_REASON = "Skälet hör till {label} och visas inte för dig."


@pytest.fixture
def region(nykoping, units):
    return UnitFactory(municipality=nykoping, name="Vårdcentralen", function=Unit.Function.REGION)


@pytest.fixture
def received(alice, family, region, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-SECTION-TASK-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=20),
        household=family,
    )
    return services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=5)
    )


def owner_and_task(section, received):
    task = Task.objects.filter(case=received, section=section).order_by("pk").first()
    assert task.unit.function == OWNER_FUNCTION[section]
    return UserFactory.with_role(f"agare-{section.lower()}", task.unit, first_name="Ägare"), task


def everything_shown(client, user, task) -> dict[str, str]:
    """What the user is shown of the task: both pages and both API answers (and the task list)."""
    client.force_login(user)
    api = ApiClient(user)
    household = task.household.public_id
    return {
        "household page": client.get(reverse("household_detail", args=[household])).content.decode(),
        "task page": client.get(reverse("task_detail", args=[task.pk])).content.decode(),
        "household api": api.get(f"/households/{household}").content.decode(),
        "task api": api.get(f"/tasks/{task.pk}").content.decode(),
        "task list api": api.get("/tasks", {"household": str(household), "limit": 200}).content.decode(),
    }


def task_api(user, task) -> dict:
    return ApiClient(user).get(f"/tasks/{task.pk}").json()


def household_events(user, task) -> list[dict]:
    return ApiClient(user).get(f"/households/{task.household.public_id}").json()["events"]


@pytest.mark.parametrize("section", [Section.SOCIAL, Section.SCHOOL, Section.HEALTH])
def test_a_completion_note_on_a_section_task_is_shown_only_to_those_who_see_the_section(
    client, alice, bob, received, section
):
    owner, task = owner_and_task(section, received)
    services.complete_task(actor=owner, task=task, note=NOTE)
    label = task.get_section_display()

    for outsider in (alice, bob):  # the reception unit and SFI both see the household
        shown = everything_shown(client, outsider, task)
        for where, content in shown.items():
            assert NOTE not in content, f"{outsider} reads the note on the {where}"
        assert task.title in shown["household page"] and task.title in shown["task page"]
        assert HIDDEN_NOTE.format(label=label) in shown["task page"]
        done = [e for e in task_api(outsider, task)["events"] if e["kind"] == "DONE"]
        assert [(e["text"], e["text_hidden"]) for e in done] == [(f"{task.title}: klar", True)]
        # the household's timeline never got the note: a section task's words stay in the task's history
        timeline = [e for e in household_events(outsider, task) if e["kind"] == "TASK_DONE"]
        assert [(e["text"], e["text_hidden"]) for e in timeline] == [(f"{task.title}: klar", False)]

    shown = everything_shown(client, owner, task)
    # the task's own page and record keep the note; the household's timeline has only "<title>: klar" for everyone
    for where in ("task page", "task api"):
        assert NOTE in shown[where], f"the owner does not read the note on the {where}"
    assert HIDDEN_NOTE.format(label=label) not in shown["task page"]
    done = [e for e in task_api(owner, task)["events"] if e["kind"] == "DONE"]
    assert [(e["text"], e["text_hidden"]) for e in done] == [(f"{task.title}: klar – {NOTE}", False)]
    timeline = [e for e in household_events(owner, task) if e["kind"] == "TASK_DONE"]
    assert [e["text_hidden"] for e in timeline] == [False]


@pytest.mark.parametrize("section", [Section.SOCIAL, Section.SCHOOL, Section.HEALTH])
def test_a_not_applicable_reason_on_a_section_task_is_shown_only_to_those_who_see_the_section(
    client, alice, bob, received, section
):
    owner, task = owner_and_task(section, received)
    services.mark_not_applicable(actor=owner, task=task, reason=REASON)
    label = task.get_section_display()

    for outsider in (alice, bob):
        shown = everything_shown(client, outsider, task)
        for where, content in shown.items():
            assert REASON not in content, f"{outsider} reads the reason on the {where}"
        assert HIDDEN_REASON.format(label=label) in shown["task page"]
        assert HIDDEN_REASON.format(label=label) in shown["household page"]
        answer = task_api(outsider, task)
        assert answer["status"] == "NOT_APPLICABLE"
        assert (answer["not_applicable_reason"], answer["not_applicable_reason_hidden"]) == ("", True)
        events = [e for e in answer["events"] if e["kind"] == "NOT_APPLICABLE"]
        assert [(e["text"], e["text_hidden"]) for e in events] == [(f"{task.title}: ej aktuell", True)]
        timeline = [e for e in household_events(outsider, task) if e["kind"] == "TASK_NOT_APPLICABLE"]
        assert [(e["text"], e["text_hidden"]) for e in timeline] == [(f"{task.title}: ej aktuell", False)]

    shown = everything_shown(client, owner, task)
    for where in ("household page", "task page", "task api"):  # the household's timeline has only the title
        assert REASON in shown[where], f"the owner does not read the reason on the {where}"
    answer = task_api(owner, task)
    assert (answer["not_applicable_reason"], answer["not_applicable_reason_hidden"]) == (REASON, False)


@pytest.mark.parametrize("kind,status", [("TASK_DONE", "klar"), ("TASK_NOT_APPLICABLE", "ej aktuell")])
def test_a_timeline_entry_written_before_issue_9_is_cut_after_the_title(
    client, alice, received, kind, status
):
    """Entries written before the timeline left out a section task's words still hold them: cut on reading."""
    owner, task = owner_and_task(Section.SOCIAL, received)
    if kind == "TASK_DONE":
        services.complete_task(actor=owner, task=task, note=NOTE)
    else:
        services.mark_not_applicable(actor=owner, task=task, reason=REASON)
    words = NOTE if kind == "TASK_DONE" else REASON
    CaseEvent.objects.create(
        household_id=task.household_id, actor=owner, kind=kind, text=f"{task.title}: {status} – {words}"
    )

    timeline = [e for e in household_events(alice, task) if e["kind"] == kind]
    assert sorted((e["text"], e["text_hidden"]) for e in timeline) == [
        (f"{task.title}: {status}", False),
        (f"{task.title}: {status}", True),
    ]
    client.force_login(alice)
    assert (
        words not in client.get(reverse("household_detail", args=[task.household.public_id])).content.decode()
    )


def test_a_basic_task_keeps_its_note_and_reason_for_everyone_who_sees_it(client, alice, bob, received):
    task = Task.objects.filter(case=received, section=Section.BASIC, unit__function="RECEPTION").first()
    services.mark_not_applicable(actor=alice, task=task, reason="Familjen har redan ett id-kort")
    answer = task_api(bob, task)
    assert (answer["not_applicable_reason"], answer["not_applicable_reason_hidden"]) == (
        "Familjen har redan ett id-kort",
        False,
    )
    assert "Familjen har redan ett id-kort" in everything_shown(client, bob, task)["household page"]


def test_a_consent_from_social_services_lets_sfi_read_the_reason(client, bob, sigrid, units, received, today):
    """The consent that opens the section opens its task texts too (for the person the task is about, or for a
    household task the first member, as for task notes)."""
    from etablera.access import services as access_services

    task = Task.objects.filter(case=received, section=Section.SOCIAL).order_by("pk").first()
    services.mark_not_applicable(actor=sigrid, task=task, reason=REASON)
    assert REASON not in everything_shown(client, bob, task)["task api"]
    first = task.person or received.household.memberships.order_by("person__birth_date", "pk").first().person
    access_services.record_consent(
        actor=sigrid,
        person=first,
        units=[units[Unit.Function.SFI]],
        sections=[Section.BASIC, Section.SOCIAL],
        purpose="Samordna SFI med försörjningsstödet",
        given_date=today,
        method="WRITTEN",
    )
    assert task_api(bob, task)["not_applicable_reason"] == REASON
