"""The person's week (issue #13): the participations that fill the planned hours — an activity of the catalogue, a
placement, job seeking, part-time work, SFI — added, their hours changed and ended.

Who writes: staff who work with the requirement in the person's municipality (`activity_municipality_ids`: social
services, the labour-market and reception units, administrators) and see the person. An activity's participation
takes the activity's unit (it records the attendance); the others take the unit given, or the writer's own unit.
A person's running participations are never planned above a full week together (full time by the rule
activity.full_time_hours on the participation's first day; the model's check of 40 hours is only the storage bound)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities, restrict
from etablera.activity.models import Activity, Participation, Placement
from etablera.organisation.models import Unit
from etablera.people.models import Person
from etablera.rules.activity import full_time_hours
from etablera.transitions import StateConflict, lock

SHORT = Participation._meta.get_field("description").max_length


def hours_text(value) -> str:
    """12, 7,5 — hours as the pages write them."""
    value = Decimal(value)
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value.quantize(Decimal('0.1')):f}"
    return text.replace(".", ",")


def overlapping(starts_on: dt.date, ends_on: dt.date | None) -> Q:
    """Participations whose period shares a day with [starts_on, ends_on] (None: until further notice)."""
    q = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    if ends_on is not None:
        q &= Q(starts_on__lte=ends_on)
    return q


def running_in_week(monday: dt.date) -> Q:
    """Participations that run some day of the week that starts `monday`."""
    return overlapping(monday, monday + dt.timedelta(days=6))


def require_week_writer(actor, person: Person) -> None:
    """The writer sees the person and works with the requirement in the person's municipality. The API and CLI
    without a user (actor None) are authorised by who may run them."""
    if actor is None:
        return
    if not restrict(actor, Person.objects.filter(pk=person.pk)).exists():
        raise PermissionDenied("Du har inte behörighet att ändra personens vecka.")
    if person.municipality_id not in capabilities(actor).activity_municipality_ids:
        raise PermissionDenied(
            "Veckan planeras av socialtjänsten, arbetsmarknadsenheten, mottagningsenheten eller en administratör."
        )


def _hours(errors: dict, name: str, value, on: dt.date) -> None:
    full_week = full_time_hours(on)
    if value is None:
        errors[name] = "Ange timmar i veckan."
    elif value <= 0:
        errors[name] = "Timmarna ska vara fler än 0."
    elif value > full_week:
        errors[name] = f"Högst {hours_text(full_week)} timmar i veckan."
    elif value != round(value, 1):
        errors[name] = "Ange timmarna med högst en decimal."


def _planned(person: Person, starts_on, ends_on, exclude_pk=None) -> Decimal:
    """The most hours the person's other participations plan in any week of the period: their sum, counted as if
    they all ran at the same time (a conservative check, a clear message)."""
    others = Participation.objects.filter(person=person).filter(overlapping(starts_on, ends_on))
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    return others.aggregate(total=Sum("hours_per_week"))["total"] or Decimal(0)


def _too_many(errors: dict, person, hours, starts_on, ends_on, exclude_pk=None) -> None:
    if hours is None or "hours_per_week" in errors:
        return
    planned = _planned(person, starts_on, ends_on, exclude_pk)
    full_week = full_time_hours(starts_on)
    if planned + hours > full_week:
        errors["hours_per_week"] = (
            f"Personen har redan {hours_text(planned)} planerade timmar i veckan under perioden; med "
            f"{hours_text(hours)} till blir det {hours_text(planned + hours)}, mer än {hours_text(full_week)} timmar i veckan. Minska timmarna eller avsluta något annat först."
        )


def _default_unit(actor, person: Person) -> Unit | None:
    if actor is None:
        return None
    units = [u for u in capabilities(actor).units if u.municipality_id == person.municipality_id]
    return units[0] if units else None


@transaction.atomic
def add_participation(
    actor,
    person: Person,
    *,
    kind: str,
    hours_per_week: Decimal | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None = None,
    activity: Activity | None = None,
    placement: Placement | None = None,
    description: str = "",
    unit: Unit | None = None,
) -> Participation:
    """A new line of the person's weekly plan. An activity needs a free place in the weeks it runs."""
    require_week_writer(actor, person)
    description = (description or "").strip()
    errors: dict[str, str] = {}
    if kind not in Participation.Kind.values:
        errors["kind"] = "Välj vad personen ska göra."
    _hours(errors, "hours_per_week", hours_per_week, starts_on or timezone.localdate())
    if starts_on is None:
        errors["starts_on"] = "Ange när det börjar."
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "Slutet kan inte vara före starten."
    if len(description) > SHORT:
        errors["description"] = f"Högst {SHORT} tecken."
    if kind == Participation.Kind.ACTIVITY:
        if activity is None:
            errors["activity"] = "Välj en aktivitet."
        elif activity.municipality_id != person.municipality_id or not activity.active:
            errors["activity"] = "Aktiviteten finns inte i personens kommun eller är inte aktiv."
        elif starts_on is not None and (
            starts_on < activity.starts_on or (activity.ends_on is not None and starts_on > activity.ends_on)
        ):
            errors["starts_on"] = "Aktiviteten pågår inte då."
        placement = None
    elif kind == Participation.Kind.PLACEMENT:
        if placement is None:
            errors["placement"] = "Välj en praktikplats."
        elif placement.municipality_id != person.municipality_id:
            errors["placement"] = "Praktikplatsen finns inte i personens kommun."
        activity = None
    else:
        activity = placement = None
        if kind == Participation.Kind.OTHER and not description:
            errors["description"] = "Beskriv vad personen ska göra."
    if activity is not None:
        unit_id = activity.unit_id
    elif placement is not None:
        unit_id = placement.unit_id
    else:
        unit = unit or _default_unit(actor, person)
        unit_id = unit.pk if unit is not None else None
        if unit is None:
            errors.setdefault("unit", "Välj vilken enhet som registrerar närvaron.")
        elif unit.municipality_id != person.municipality_id:
            errors["unit"] = "Enheten ska höra till personens kommun."
    if errors:
        raise ValidationError(errors)
    lock(person)  # two additions for one person at a time: the 40 hours are checked on what is committed
    _too_many(errors, person, hours_per_week, starts_on, ends_on)
    if activity is not None:
        lock(activity)
        taken = (
            Participation.objects.filter(activity=activity).filter(overlapping(starts_on, ends_on)).count()
        )
        if taken >= activity.places:
            errors["activity"] = (
                f"Aktiviteten har inga lediga platser under perioden ({taken} av {activity.places} är tagna)."
            )
        elif (
            Participation.objects.filter(activity=activity, person=person)
            .filter(overlapping(starts_on, ends_on))
            .exists()
        ):
            errors["activity"] = "Personen deltar redan i aktiviteten under perioden."
    if errors:
        raise ValidationError(errors)
    participation = Participation.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        kind=kind,
        activity=activity,
        placement=placement,
        description=description,
        hours_per_week=hours_per_week,
        starts_on=starts_on,
        ends_on=ends_on,
        unit_id=unit_id,
        created_by=actor,
    )
    log_change(actor, AuditEvent.Action.CREATE, participation, "Aktivitetskrav: planerad aktivitet tillagd")
    return participation


@transaction.atomic
def change_hours(actor, participation: Participation, *, hours_per_week: Decimal | None) -> Participation:
    require_week_writer(actor, participation.person)
    errors: dict[str, str] = {}
    _hours(errors, "hours_per_week", hours_per_week, max(participation.starts_on, timezone.localdate()))
    if errors:
        raise ValidationError(errors)
    lock(participation.person)
    lock(participation)
    if participation.ends_on is not None and participation.ends_on < timezone.localdate():
        raise StateConflict(
            f"Den planerade aktiviteten avslutades {participation.ends_on:%Y-%m-%d}.", field="hours_per_week"
        )
    _too_many(
        errors,
        participation.person,
        hours_per_week,
        participation.starts_on,
        participation.ends_on,
        exclude_pk=participation.pk,
    )
    if errors:
        raise ValidationError(errors)
    before = participation.hours_per_week
    if before == hours_per_week:
        return participation
    participation.hours_per_week = hours_per_week
    participation.save(update_fields=["hours_per_week"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        participation,
        "Aktivitetskrav: planerade timmar ändrade",
        {"hours_per_week": {"before": str(before), "after": str(hours_per_week)}},
    )
    return participation


@transaction.atomic
def end_participation(actor, participation: Participation, *, ends_on: dt.date | None) -> Participation:
    """The participation ends on `ends_on` (its last day). Ending one already ended is refused."""
    require_week_writer(actor, participation.person)
    if ends_on is None:
        raise ValidationError({"ends_on": "Ange sista dagen."})
    lock(participation)
    if participation.ends_on is not None and participation.ends_on < timezone.localdate():
        raise StateConflict(
            f"Den planerade aktiviteten är redan avslutad {participation.ends_on:%Y-%m-%d}.", field="ends_on"
        )
    if ends_on < participation.starts_on:
        raise ValidationError({"ends_on": "Slutet kan inte vara före starten."})
    before = participation.ends_on
    participation.ends_on = ends_on
    participation.save(update_fields=["ends_on"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        participation,
        "Aktivitetskrav: planerad aktivitet avslutad",
        {"ends_on": {"before": before.isoformat() if before else None, "after": ends_on.isoformat()}},
    )
    return participation
