"""A household split in two or two households made one (issue #11).

A split moves the chosen members to a new household of the same municipality; the old one keeps them as former
members (SPLIT). A merge moves every member of one household into the other and then everything that hangs on the
removed household — found generically through `Household._meta.related_objects`, so that the domains built later
are covered without this module knowing them: anvisningar, reception cases, tasks, housing needs and contracts,
events. When moving would break a rule the merge is refused, nothing moved, with a message that says what: a
one-to-one relation both have (a housing need), a unique constraint both would break, or a rule of a domain above
(`SINGLE_PER_HOUSEHOLD`: one open reception case per household), named by model label so people imports none.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, UniqueConstraint
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.people import signals
from etablera.people.models import (
    FormerHouseholdMember,
    Household,
    HouseholdChange,
    HouseholdMember,
    Person,
)
from etablera.people.services.membership import leave, record_change, require_household_editor
from etablera.transitions import StateConflict, lock

NAME_LENGTH = Household._meta.get_field("name").max_length
# Rules of the domains above that no database constraint states: a household holds at most one such row.
SINGLE_PER_HOUSEHOLD = {
    "reception.ReceptionCase": (Q(status="OPEN"), "Båda hushållen har ett pågående mottagande."),
}
# Moved by the merge itself, member by member, or left with the removed household's own trace.
HANDLED = {HouseholdMember}


@transaction.atomic
def split_household(
    *,
    actor,
    household: Household,
    persons: list[Person],
    name: str,
    on_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Household:
    """The chosen members move to a new household named `name`; the others stay. At least one must go and one
    stay. The new household gets the members' relations; the old keeps them as former members (SPLIT)."""
    require_household_editor(actor, household)
    today = today or timezone.localdate()
    on_date = on_date or today
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Ange en benämning för det nya hushållet, till exempel efternamnet."
    elif len(name) > NAME_LENGTH:
        errors["name"] = f"Högst {NAME_LENGTH} tecken."
    if on_date > today:
        errors["on_date"] = "Datumet kan inte ligga i framtiden."
    if not persons:
        errors["persons"] = "Välj vilka som flyttar till det nya hushållet."
    if errors:
        raise ValidationError(errors)
    lock(household)
    members = {
        m.person_id: m for m in HouseholdMember.objects.filter(household=household).select_related("person")
    }
    chosen = {p.pk for p in persons}
    if not chosen <= set(members):
        raise StateConflict("Någon av de valda ingår inte (längre) i hushållet.", field="persons")
    if chosen == set(members):
        raise ValidationError({"persons": "Minst en person ska stanna kvar i hushållet."})
    new = Household.objects.create(municipality=household.municipality, name=name)
    log_change(actor, AuditEvent.Action.CREATE, new, f"Hushåll registrerat genom delning av {household.name}")
    moving = sorted((members[pk] for pk in chosen), key=lambda m: m.pk)
    for member in moving:
        person, relation = member.person, member.relation
        leave(actor, household, member, FormerHouseholdMember.Reason.SPLIT, on_date, other=new)
        HouseholdMember.objects.create(household=new, person=person, relation=relation, joined_on=on_date)
        signals.member_added.send(
            sender=Household, household=new, person=person, actor=actor, on_date=on_date
        )
    names = ", ".join(m.person.full_name for m in moving)
    record_change(
        new,
        HouseholdChange.Kind.SPLIT,
        actor=actor,
        on_date=on_date,
        other=household,
        text=f"Bildat ur {household.name}: {names}",
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        household,
        f"Hushållet delat: {len(moving)} till {name}",
        {"new_household": str(new.public_id), "persons": [str(m.person.public_id) for m in moving]},
    )
    return new


def _relations():
    """Every relation that points at a household from another row (FK or one-to-one), but the members."""
    for rel in Household._meta.related_objects:
        if rel.many_to_many or rel.related_model in HANDLED:
            continue
        yield rel


def _conflicts(kept: Household, removed: Household) -> list[str]:
    problems: list[str] = []
    for rel in _relations():
        model, field = rel.related_model, rel.field.name
        label = str(model._meta.verbose_name)
        if rel.one_to_one:
            if (
                model.objects.filter(**{field: kept}).exists()
                and model.objects.filter(**{field: removed}).exists()
            ):
                problems.append(f"Båda hushållen har {label} (bara en är möjlig).")
            continue
        for constraint in model._meta.constraints:
            if not isinstance(constraint, UniqueConstraint) or field not in constraint.fields:
                continue
            others = [name for name in constraint.fields if name != field]
            rows = model.objects.all()
            if constraint.condition is not None:
                rows = rows.filter(constraint.condition)
            kept_keys = set(rows.filter(**{field: kept}).values_list(*others)) if others else set()
            removed_rows = rows.filter(**{field: removed})
            clash = (
                removed_rows.exists() and rows.filter(**{field: kept}).exists()
                if not others
                else any(key in kept_keys for key in removed_rows.values_list(*others))
            )
            if clash:
                problems.append(f"Båda hushållen har {label} som bara får finnas en gång.")
    for model_label, (condition, message) in SINGLE_PER_HOUSEHOLD.items():
        try:
            model = apps.get_model(model_label)
        except LookupError:
            continue
        rows = model.objects.filter(condition)
        if rows.filter(household=kept).exists() and rows.filter(household=removed).exists():
            problems.append(message)
    return problems


@transaction.atomic
def merge_households(
    *,
    actor,
    kept: Household,
    removed: Household,
    on_date: dt.date | None = None,
    today: dt.date | None = None,
) -> dict:
    """Every member of `removed` joins `kept`, everything that hangs on `removed` moves to `kept`, and `removed`
    is deleted. Refused (nothing moved) when the households are one, of different municipalities, or when moving
    would break a rule. Returns what moved ({model label: count})."""
    require_household_editor(actor, kept)
    require_household_editor(actor, removed)
    today = today or timezone.localdate()
    on_date = on_date or today
    if kept.pk == removed.pk:
        raise ValidationError({"other": "Välj ett annat hushåll än det här."})
    if kept.municipality_id != removed.municipality_id:
        raise ValidationError({"other": "Hushållen hör till olika kommuner."})
    if on_date > today:
        raise ValidationError({"on_date": "Datumet kan inte ligga i framtiden."})
    for household in sorted((kept, removed), key=lambda h: h.pk):  # one order, so two merges cannot deadlock
        try:
            lock(household)
        except Household.DoesNotExist:  # merged into another a moment ago (and deleted)
            raise StateConflict(
                "Hushållet har just slagits ihop med ett annat och finns inte längre.", field="other"
            ) from None
    problems = _conflicts(kept, removed)
    if problems:
        raise ValidationError({"other": " ".join(["Hushållen kan inte slås ihop:", *problems])})
    moved: dict[str, int] = {}
    in_kept = set(HouseholdMember.objects.filter(household=kept).values_list("person_id", flat=True))
    joining = []
    for member in HouseholdMember.objects.filter(household=removed).select_related("person").order_by("pk"):
        if member.person_id not in in_kept:
            HouseholdMember.objects.create(
                household=kept, person=member.person, relation=member.relation, joined_on=on_date
            )
            joining.append(member.person)
        member.delete()
    moved["people.HouseholdMember"] = len(joining)
    for rel in _relations():
        count = rel.related_model._base_manager.filter(**{rel.field.name: removed}).update(
            **{rel.field.name: kept}
        )
        if count:
            moved[rel.related_model._meta.label] = count
    if removed.anchor_person_id and not kept.anchor_person_id:
        kept.anchor_person_id = removed.anchor_person_id
        kept.save(update_fields=["anchor_person"])
    names = ", ".join(p.full_name for p in joining) or "inga nya personer"
    record_change(
        kept,
        HouseholdChange.Kind.MERGED,
        actor=actor,
        on_date=on_date,
        text=f"{removed.name} slogs ihop med hushållet: {names}",
    )
    log_change(
        actor, AuditEvent.Action.UPDATE, kept, f"Hushållet {removed.name} sammanslaget hit", {"moved": moved}
    )
    log_change(
        actor,
        AuditEvent.Action.DELETE,
        removed,
        f"Hushållet sammanslaget med {kept.name}",
        {"kept": str(kept.public_id)},
    )
    removed.delete()
    for person in joining:
        signals.member_added.send(
            sender=Household, household=kept, person=person, actor=actor, on_date=on_date
        )
    return moved
