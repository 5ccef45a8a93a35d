"""The individual plan, one per person across units, or a SIP (SoL 2 kap. 7 §, HSL 16 kap. 4 §), which cannot
start without the person's consent: its goals, interventions, follow-up meetings and revision. The next follow-up
(rules.plan_follow_up) is kept on the plan by each write that moves it. Closing the plan, and the status of its goals
and interventions, are in `plan_lifecycle`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent, Consent
from etablera.establishment.models import IndividualPlan, Intervention, PlanGoal, PlanMeeting
from etablera.establishment.services.common import apply, check_choice, check_length, require_sees_person
from etablera.organisation.models import Unit
from etablera.people.models import Person
from etablera.rules import establishment as rules
from etablera.transitions import StateConflict, lock

OPEN_PLAN = "Personen har redan en plan som pågår: lägg till mål och insatser i den, eller revidera den."


@transaction.atomic
def create_plan(
    *,
    actor,
    person: Person,
    kind: str = IndividualPlan.Kind.PLAN,
    started_on: dt.date | None = None,
    consent: Consent | None = None,
    need_known_on: dt.date | None = None,
    municipality_responsibility: str = "",
    region_responsibility: str = "",
    responsible_unit: Unit | None = None,
    responsible_name: str = "",
) -> IndividualPlan:
    """A plan for the person. A SIP needs a consent in force, of the person, on the day it starts; it says what the
    municipality and the region each answer for and who holds the overall responsibility; it is due "utan
    dröjsmål" once the need is known (rules.sip_deadline)."""
    require_sees_person(actor, person)
    today = timezone.localdate()
    started_on = started_on or today
    values = {
        "municipality_responsibility": municipality_responsibility.strip(),
        "region_responsibility": region_responsibility.strip(),
        "responsible_name": responsible_name.strip(),
    }
    errors: dict[str, str] = {}
    check_choice(errors, "kind", kind, IndividualPlan.Kind, "Välj vilken slags plan.")
    if started_on > today:
        errors["started_on"] = "En plan kan inte upprättas i förväg: ange dagens datum eller ett tidigare."
    if need_known_on is not None and need_known_on > started_on:
        errors["need_known_on"] = "Behovet kan inte ha blivit känt efter att planen upprättades."
    if responsible_unit is not None and responsible_unit.municipality_id != person.municipality_id:
        errors["responsible_unit"] = "Välj en enhet i personens kommun."
    if kind == IndividualPlan.Kind.SIP:
        if consent is None:
            errors["consent"] = (
                "En SIP kan inte upprättas utan personens samtycke (SoL 2 kap. 7 §). Registrera samtycket först."
            )
        elif consent.person_id != person.pk or not consent.is_active(started_on):
            errors["consent"] = "Samtycket ska vara personens eget och gälla den dag planen upprättas."
        if not values["municipality_responsibility"]:
            errors["municipality_responsibility"] = "Ange vad kommunen ansvarar för."
        if not values["region_responsibility"]:
            errors["region_responsibility"] = "Ange vad regionen ansvarar för."
        if responsible_unit is None and not values["responsible_name"]:
            errors["responsible_name"] = "Ange vem som har det övergripande ansvaret."
    check_length(errors, values, IndividualPlan)
    if errors:
        raise ValidationError(errors)
    lock(person)
    if IndividualPlan.objects.filter(person=person).exclude(status=IndividualPlan.Status.CLOSED).exists():
        raise StateConflict(OPEN_PLAN, field="kind")
    deadline = (
        rules.sip_deadline(need_known_on) if kind == IndividualPlan.Kind.SIP and need_known_on else None
    )
    follow_up = rules.plan_follow_up(started_on)
    try:
        with transaction.atomic():
            plan = IndividualPlan.objects.create(
                person=person,
                municipality_id=person.municipality_id,
                kind=kind,
                consent=consent if kind == IndividualPlan.Kind.SIP else None,
                need_known_on=need_known_on,
                start_due=deadline.date if deadline else None,
                start_due_rule=deadline.as_json() if deadline else {},
                started_on=started_on,
                responsible_unit=responsible_unit,
                follow_up_due=follow_up.date,
                follow_up_rule=follow_up.as_json(),
                created_by=actor,
                **values,
            )
    except IntegrityError:
        raise StateConflict(OPEN_PLAN, field="kind") from None
    log_change(actor, AuditEvent.Action.CREATE, plan, f"{plan.get_kind_display()} upprättad")
    return plan


def refresh_follow_up(plan: IndividualPlan) -> list[str]:
    """Set the plan's next follow-up from its latest meeting and the meeting planned; the fields to save."""
    last = plan.meetings.aggregate(last=Max("held_on"))["last"]
    deadline = rules.plan_follow_up(plan.started_on, last, plan.next_meeting_on)
    plan.follow_up_due = deadline.date
    plan.follow_up_rule = deadline.as_json()
    return ["follow_up_due", "follow_up_rule"]


def _not_closed(plan: IndividualPlan) -> None:
    if plan.status == IndividualPlan.Status.CLOSED:
        raise StateConflict(f"Planen avslutades {plan.closed_on:%Y-%m-%d}: den kan inte längre ändras.")


@transaction.atomic
def add_goal(
    *, actor, plan: IndividualPlan, area: str, description: str, target_date: dt.date | None = None
) -> PlanGoal:
    require_sees_person(actor, plan.person)
    description = description.strip()
    errors: dict[str, str] = {}
    check_choice(errors, "area", area, PlanGoal.Area, "Välj område.")
    if not description:
        errors["description"] = "Beskriv målet."
    if target_date is not None and target_date < plan.started_on:
        errors["target_date"] = "Måldatumet kan inte vara före planen upprättades."
    check_length(errors, {"description": description}, PlanGoal)
    if errors:
        raise ValidationError(errors)
    lock(plan)
    _not_closed(plan)
    goal = PlanGoal.objects.create(plan=plan, area=area, description=description, target_date=target_date)
    log_change(actor, AuditEvent.Action.CREATE, plan, "Mål tillagt i planen", {"goal": description})
    return goal


@transaction.atomic
def add_intervention(
    *,
    actor,
    plan: IndividualPlan,
    what: str,
    start_date: dt.date,
    unit: Unit | None = None,
    external_actor: str = "",
    end_date: dt.date | None = None,
    hours_per_week: Decimal | None = None,
    goal: PlanGoal | None = None,
    status: str = Intervention.Status.PLANNED,
) -> Intervention:
    """An intervention by one of the municipality's units or an external actor (not both)."""
    require_sees_person(actor, plan.person)
    values = {"what": what.strip(), "external_actor": external_actor.strip()}
    errors: dict[str, str] = {}
    if not values["what"]:
        errors["what"] = "Beskriv insatsen."
    if unit is None and not values["external_actor"]:
        errors["unit"] = "Ange vilken enhet eller vilken extern aktör som ger insatsen."
    elif unit is not None and values["external_actor"]:
        errors["external_actor"] = "Ange antingen en enhet eller en extern aktör, inte båda."
    elif unit is not None and unit.municipality_id != plan.municipality_id:
        errors["unit"] = "Välj en enhet i personens kommun."
    if end_date is not None and end_date < start_date:
        errors["end_date"] = "Slutdatumet kan inte vara före startdatumet."
    if hours_per_week is not None and not 0 <= hours_per_week <= 60:
        errors["hours_per_week"] = "Ange timmar per vecka mellan 0 och 60."
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = "Målet hör inte till den här planen."
    check_choice(errors, "status", status, Intervention.Status, "Välj status.")
    check_length(errors, values, Intervention)
    if errors:
        raise ValidationError(errors)
    lock(plan)
    _not_closed(plan)
    intervention = Intervention.objects.create(
        plan=plan,
        goal=goal,
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        hours_per_week=hours_per_week,
        status=status,
        **values,
    )
    log_change(
        actor, AuditEvent.Action.CREATE, plan, "Insats tillagd i planen", {"intervention": values["what"]}
    )
    return intervention


@transaction.atomic
def record_meeting(
    *,
    actor,
    plan: IndividualPlan,
    held_on: dt.date,
    participants: str = "",
    agreed_actions: str = "",
    revise_plan: bool = False,
    next_meeting_on: dt.date | None = None,
) -> PlanMeeting:
    """A follow-up meeting; "the plan is not working" marks the plan for revision. The next meeting, if given,
    replaces the one planned before; without it a planned meeting after this one stays, one on or before it (this
    one, or one missed) goes. The next follow-up moves accordingly."""
    require_sees_person(actor, plan.person)
    values = {"participants": participants.strip(), "agreed_actions": agreed_actions.strip()}
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if held_on > today:
        errors["held_on"] = "Mötet kan inte ha hållits i framtiden."
    elif held_on < plan.started_on:
        errors["held_on"] = "Mötet kan inte ha hållits före planen upprättades."
    if next_meeting_on is not None and next_meeting_on <= today:
        errors["next_meeting_on"] = "Nästa möte ska ligga efter i dag."
    if not values["agreed_actions"] and not revise_plan:
        errors["agreed_actions"] = "Skriv vad ni kom överens om."
    check_length(errors, values, PlanMeeting)
    if errors:
        raise ValidationError(errors)
    lock(plan)
    _not_closed(plan)
    meeting = PlanMeeting.objects.create(
        plan=plan, held_on=held_on, revise_plan=revise_plan, recorded_by=actor, **values
    )
    if next_meeting_on is None and plan.next_meeting_on and plan.next_meeting_on > held_on:
        next_meeting_on = plan.next_meeting_on  # a meeting between two planned ones leaves the next as it was
    updates = {"next_meeting_on": next_meeting_on}
    if revise_plan and plan.status != IndividualPlan.Status.REVISE:
        updates["status"] = IndividualPlan.Status.REVISE
    changes = apply(plan, updates)
    plan.save(update_fields=[*updates, *refresh_follow_up(plan)])
    log_change(actor, AuditEvent.Action.UPDATE, plan, "Uppföljningsmöte", changes)
    return meeting


@transaction.atomic
def revise_plan(*, actor, plan: IndividualPlan, note: str, on: dt.date | None = None) -> IndividualPlan:
    """The plan marked for revision is revised: its version goes up and it runs again. Of two at the same moment
    the second is refused (the plan is no longer marked)."""
    require_sees_person(actor, plan.person)
    on = on or timezone.localdate()
    note = note.strip()
    errors: dict[str, str] = {}
    if not note:
        errors["revision_note"] = "Skriv vad som ändrades i planen."
    if on > timezone.localdate():
        errors["revised_on"] = "Datumet kan inte vara i framtiden."
    check_length(errors, {"revision_note": note}, IndividualPlan)
    if errors:
        raise ValidationError(errors)
    lock(plan)
    _not_closed(plan)
    if plan.status != IndividualPlan.Status.REVISE:
        already = f" (version {plan.revision}, {plan.revised_on:%Y-%m-%d})" if plan.revised_on else ""
        raise StateConflict(
            f"Planen är inte markerad för revidering{already}: den kan redan ha reviderats av någon annan."
        )
    changes = apply(
        plan,
        {
            "status": IndividualPlan.Status.ACTIVE,
            "revision": plan.revision + 1,
            "revised_on": on,
            "revision_note": note,
        },
    )
    plan.save()
    log_change(actor, AuditEvent.Action.UPDATE, plan, "Planen reviderad", changes)
    return plan
