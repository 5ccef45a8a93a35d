"""The activity requirement per person, as social services keep it (issue #13, section SOCIAL): recorded exemptions
(with their ground and period, checked by rules.activity.exemption_problem), assessments of capacity (SOCIAL by
social services, HEALTH by the region) and the requirement plan (one that applies per person; revised by closing it
and drawing up the next, in one transaction).

Who may write: staff of a social-services unit in the person's municipality who see the person (the plan "must be
drawn up by the social services"); a capacity of section HEALTH only staff of a region unit who see the person's
HEALTH section. The command line and imports write as the system (`actor=None`). Nothing here decides on support:
that is a person's decision in the social-services system."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import STAFF_ROLES, capabilities, restrict, visible_sections
from etablera.access.sections import Section
from etablera.activity.models import CapacityAssessment, Exemption, RequirementPlan
from etablera.organisation.models import Unit
from etablera.people.models import Household, Person
from etablera.rules import activity as rules
from etablera.transitions import StateConflict, lock

MAX_HOURS = Decimal(168)  # the hours of a week: the models' constraint


# --- who may write -------------------------------------------------------------------------------------------------


def is_social_services(actor, municipality_id: int) -> bool:
    return actor is None or municipality_id in capabilities(actor).social_services_municipality_ids


def require_social_services(actor, person: Person) -> None:
    """The actor sees the person and is staff of social services in the person's municipality."""
    if actor is None:
        return
    if not restrict(actor, Person.objects.filter(pk=person.pk)).exists():
        raise PermissionDenied("Du har inte behörighet till personen.")
    if not is_social_services(actor, person.municipality_id):
        raise PermissionDenied("Aktivitetskravet hanteras av socialtjänsten i personens kommun.")


def require_social_services_household(actor, household: Household) -> None:
    if actor is None:
        return
    if not restrict(actor, Household.objects.filter(pk=household.pk)).exists():
        raise PermissionDenied("Du har inte behörighet till hushållet.")
    if not is_social_services(actor, household.municipality_id):
        raise PermissionDenied("Försörjningsstödet registreras av socialtjänsten i hushållets kommun.")


def social_services_unit(actor, municipality_id: int) -> Unit | None:
    """The actor's social-services unit in the municipality (the first, by the memberships' order)."""
    if actor is None:
        return Unit.objects.filter(
            municipality_id=municipality_id, function=Unit.Function.SOCIAL_SERVICES
        ).first()
    for membership in capabilities(actor).memberships:
        unit = membership.unit
        if (
            membership.role in STAFF_ROLES
            and unit.municipality_id == municipality_id
            and unit.function == Unit.Function.SOCIAL_SERVICES
        ):
            return unit
    return None


# --- shared checks -------------------------------------------------------------------------------------------------


def jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def check_length(errors: dict, values: dict, model) -> None:
    for name, value in values.items():
        if isinstance(value, str):
            limit = model._meta.get_field(name).max_length
            if limit and len(value) > limit:
                errors[name] = f"Högst {limit} tecken."


def hours(errors: dict, name: str, value, *, required: bool = True) -> Decimal | None:
    """Hours a week, 0–168 with at most one decimal."""
    if value is None or value == "":
        if required:
            errors[name] = "Ange antal timmar i veckan."
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[name] = "Ange timmar i veckan som ett tal, t.ex. 20 eller 12,5."
        return None
    if not number.is_finite() or number < 0 or number > MAX_HOURS:
        errors[name] = "Ange mellan 0 och 168 timmar i veckan."
        return None
    if number != number.quantize(Decimal("0.1")):
        errors[name] = "Ange timmarna med högst en decimal."
        return None
    return number.quantize(Decimal("0.1"))


def period(
    errors: dict, valid_from, valid_until, *, from_name="valid_from", until_name="valid_until"
) -> None:
    if valid_from is None:
        errors[from_name] = "Ange från vilket datum det gäller."
    elif valid_until is not None and valid_until < valid_from:
        errors[until_name] = "Slutdatumet kan inte vara före startdatumet."


# --- exemptions ----------------------------------------------------------------------------------------------------


@transaction.atomic
def record_exemption(
    *,
    actor,
    person: Person,
    ground: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    note: str = "",
) -> Exemption:
    """A ground for not being covered, with its period (the grounds by age follow from the birth date)."""
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if ground not in rules.RECORDED_GROUNDS:
        errors["ground"] = "Välj ett av de undantag som registreras."
    elif valid_from is not None:
        problem = rules.exemption_problem(ground, person.birth_date, valid_from)
        if problem:
            errors["ground"] = problem
    period(errors, valid_from, valid_until)
    check_length(errors, {"note": note}, Exemption)
    if errors:
        raise ValidationError(errors)
    require_social_services(actor, person)
    exemption = Exemption.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        ground=ground,
        valid_from=valid_from,
        valid_until=valid_until,
        note=note,
        created_by=actor,
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        exemption,
        "Undantag från aktivitetskravet registrerat",
        {"ground": ground, "valid_from": jsonable(valid_from), "valid_until": jsonable(valid_until)},
    )
    return exemption


@transaction.atomic
def end_exemption(*, actor, exemption: Exemption, valid_until: dt.date) -> Exemption:
    """The exemption holds until `valid_until` (inclusive); one that already ended earlier is not extended."""
    errors: dict[str, str] = {}
    if valid_until is None:
        errors["valid_until"] = "Ange sista dagen undantaget gäller."
    elif valid_until < exemption.valid_from:
        errors["valid_until"] = "Undantaget kan inte sluta före det började."
    if errors:
        raise ValidationError(errors)
    require_social_services(actor, exemption.person)
    lock(exemption)
    if exemption.valid_until is not None and exemption.valid_until <= valid_until:
        raise StateConflict(
            f"Undantaget gäller redan till och med {exemption.valid_until:%Y-%m-%d}: det kan inte förlängas här. "
            "Registrera ett nytt undantag.",
            field="valid_until",
        )
    before = exemption.valid_until
    exemption.valid_until = valid_until
    exemption.save(update_fields=["valid_until"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        exemption,
        "Undantag från aktivitetskravet avslutat",
        {"valid_until": {"before": jsonable(before), "after": jsonable(valid_until)}},
    )
    return exemption


# --- capacity ------------------------------------------------------------------------------------------------------


def _require_capacity_section(actor, person: Person, section: str) -> None:
    if actor is None:
        return
    if section == CapacityAssessment.Section.SOCIAL:
        require_social_services(actor, person)
        return
    if not restrict(actor, Person.objects.filter(pk=person.pk)).exists():
        raise PermissionDenied("Du har inte behörighet till personen.")
    region = any(
        m.role in STAFF_ROLES and m.unit.function == Unit.Function.REGION
        for m in capabilities(actor).memberships
    )
    if not region or Section.HEALTH not in visible_sections(actor, [person])[person.pk]:
        raise PermissionDenied("En bedömning från hälso- och sjukvården registreras av regionens enhet.")


@transaction.atomic
def record_capacity(
    *,
    actor,
    person: Person,
    hours_per_week,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    assessor: str,
    reason: str,
    section: str = CapacityAssessment.Section.SOCIAL,
) -> CapacityAssessment:
    """The hours a week the person can be active, as assessed, for a period: SOCIAL by social services, HEALTH by
    the region. The newest assessment in force is the one the requirement's hours use."""
    assessor, reason = (assessor or "").strip(), (reason or "").strip()
    errors: dict[str, str] = {}
    number = hours(errors, "hours_per_week", hours_per_week)
    period(errors, valid_from, valid_until)
    if not assessor:
        errors["assessor"] = "Skriv vem som har gjort bedömningen."
    if not reason:
        errors["reason"] = "Skriv vad bedömningen grundar sig på."
    elif len(reason) > CapacityAssessment._meta.get_field("reason").max_length:
        errors["reason"] = f"Högst {CapacityAssessment._meta.get_field('reason').max_length} tecken."
    if section not in CapacityAssessment.Section.values:
        errors["section"] = "Välj socialtjänst eller hälsa."
    check_length(errors, {"assessor": assessor}, CapacityAssessment)
    if errors:
        raise ValidationError(errors)
    _require_capacity_section(actor, person, section)
    capacity = CapacityAssessment.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        hours_per_week=number,
        valid_from=valid_from,
        valid_until=valid_until,
        assessor=assessor,
        reason=reason,
        section=section,
        created_by=actor,
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        capacity,
        "Bedömning av förmåga registrerad",
        {"hours_per_week": str(number), "section": section, "valid_from": jsonable(valid_from)},
    )
    return capacity


# --- the requirement plan ------------------------------------------------------------------------------------------


def _plan_values(errors: dict, person, values: dict) -> dict:
    today = timezone.localdate()
    drawn = values.get("drawn_up_on") or today
    total = hours(errors, "hours_per_week", values.get("hours_per_week"))
    seeking = hours(errors, "job_seeking_hours", values.get("job_seeking_hours") or 0)
    if total is not None and seeking is not None and seeking > total:
        errors["job_seeking_hours"] = "Tiden för jobbsökande ingår i kravet och kan inte vara större än det."
    content = (values.get("content") or "").strip()
    limit = RequirementPlan._meta.get_field("content").max_length
    if not content:
        errors["content"] = "Skriv vad planen innehåller: aktiviteter, tider och hur den följs upp."
    elif len(content) > limit:
        errors["content"] = f"Högst {limit} tecken."
    if drawn > today:
        errors["drawn_up_on"] = "En plan kan inte upprättas i förväg: ange dagens datum eller ett tidigare."
    follow_up = values.get("follow_up_on")
    if follow_up is not None and follow_up < drawn:
        errors["follow_up_on"] = "Uppföljningen kan inte ligga före den dag planen upprättas."
    individual_plan = values.get("individual_plan")
    if individual_plan is not None and individual_plan.person_id != person.pk:
        errors["individual_plan"] = "Den individuella planen hör till en annan person."
    return {
        "drawn_up_on": drawn,
        "hours_per_week": total,
        "job_seeking_hours": seeking,
        "content": content,
        "follow_up_on": follow_up,
        "individual_plan": individual_plan,
    }


def _active_conflict(plan: RequirementPlan) -> StateConflict:
    return StateConflict(
        f"Personen har redan en plan som gäller (upprättad {plan.drawn_up_on:%Y-%m-%d}): revidera den i stället.",
        field="plan",
    )


@transaction.atomic
def draw_up_plan(
    *,
    actor,
    person: Person,
    hours_per_week,
    content: str,
    job_seeking_hours=0,
    drawn_up_on: dt.date | None = None,
    follow_up_on: dt.date | None = None,
    individual_plan=None,
) -> RequirementPlan:
    """The social services' individual plan for the requirement: the hours a week, the time for job seeking within
    them, what it holds and when it is followed up. One plan applies per person at a time."""
    errors: dict[str, str] = {}
    values = _plan_values(
        errors,
        person,
        {
            "hours_per_week": hours_per_week,
            "job_seeking_hours": job_seeking_hours,
            "content": content,
            "drawn_up_on": drawn_up_on,
            "follow_up_on": follow_up_on,
            "individual_plan": individual_plan,
        },
    )
    if errors:
        raise ValidationError(errors)
    require_social_services(actor, person)
    unit = social_services_unit(actor, person.municipality_id)
    if unit is None:
        raise PermissionDenied("Planen upprättas av socialtjänsten i personens kommun.")
    lock(person)  # two plans drawn up at once: the second waits and sees the first
    running = RequirementPlan.objects.filter(person=person, status=RequirementPlan.Status.ACTIVE).first()
    if running is not None:
        raise _active_conflict(running)
    try:
        with transaction.atomic():
            plan = RequirementPlan.objects.create(
                person=person,
                municipality_id=person.municipality_id,
                unit=unit,
                created_by=actor,
                **values,
            )
    except IntegrityError as error:  # another plan committed in between (no row lock on SQLite)
        running = RequirementPlan.objects.filter(person=person, status=RequirementPlan.Status.ACTIVE).first()
        if running is None:
            raise
        raise _active_conflict(running) from error
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        plan,
        "Plan för aktivitetskravet upprättad",
        {name: jsonable(value) for name, value in values.items() if name != "individual_plan"},
    )
    return plan


@transaction.atomic
def close_plan(
    *, actor, plan: RequirementPlan, reason: str = "", closed_on: dt.date | None = None
) -> RequirementPlan:
    """The plan no longer applies (the person left the requirement, or it is replaced by a revision)."""
    reason = (reason or "").strip()
    today = timezone.localdate()
    closed_on = closed_on or today
    errors: dict[str, str] = {}
    if closed_on > today:
        errors["closed_on"] = "En plan kan inte avslutas i förväg: ange dagens datum eller ett tidigare."
    elif closed_on < plan.drawn_up_on:
        errors["closed_on"] = "Planen kan inte avslutas före den upprättades."
    check_length(errors, {"closed_reason": reason}, RequirementPlan)
    if "closed_reason" in errors:
        errors["reason"] = errors.pop("closed_reason")
    if errors:
        raise ValidationError(errors)
    require_social_services(actor, plan.person)
    lock(plan)
    if plan.status == RequirementPlan.Status.CLOSED:
        raise StateConflict(
            f"Planen avslutades redan {plan.closed_on:%Y-%m-%d}: den kan inte avslutas igen.", field="plan"
        )
    plan.status = RequirementPlan.Status.CLOSED
    plan.closed_on = closed_on
    plan.closed_reason = reason
    plan.save(update_fields=["status", "closed_on", "closed_reason"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        plan,
        "Plan för aktivitetskravet avslutad",
        {"status": {"before": "ACTIVE", "after": "CLOSED"}, "closed_on": jsonable(closed_on)},
    )
    return plan


@transaction.atomic
def revise_plan(*, actor, plan: RequirementPlan, **values) -> RequirementPlan:
    """Close the plan and draw up the next in one transaction: both happen, or neither (a plan that did not work
    is changed, Åre's way, and the old one stays as the record of what was asked)."""
    errors: dict[str, str] = {}
    _plan_values(errors, plan.person, values)
    if errors:
        raise ValidationError(errors)
    close_plan(actor=actor, plan=plan, reason="Reviderad", closed_on=values.get("drawn_up_on"))
    return draw_up_plan(actor=actor, person=plan.person, **values)
