"""Who is in a household, as life changes it (issue #11): a member added later (a newborn, a relative who comes
later, a new or an already registered person), a member who moves out or dies, and a new anchor person.

Each change locks the household's row (and the person's), is checked in full first, writes the household's own
history (HouseholdChange) and the audit log, keeps a member who left as a FormerHouseholdMember, and sends
`member_added` / `member_left` inside the transaction (people.signals) so the reception follows. A dead person is
added nowhere.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities, restrict
from etablera.people import signals
from etablera.people.models import (
    FormerHouseholdMember,
    Household,
    HouseholdChange,
    HouseholdMember,
    Person,
)
from etablera.people.services.editing import lock_person, require_editor
from etablera.people.services.households import PersonInput, clean_person_input
from etablera.transitions import StateConflict, lock

NOT_HOUSEHOLD_EDITOR = "Bara mottagningsenheten och kommunens administratörer kan ändra hushållet."
TEXT_LENGTH = HouseholdChange._meta.get_field("text").max_length
DECEASED = "Personen är avliden och kan inte läggas till i ett hushåll."
LEAVE_REASONS = (FormerHouseholdMember.Reason.MOVED_OUT, FormerHouseholdMember.Reason.DECEASED)


def require_household_editor(actor, household: Household) -> None:
    """PermissionDenied unless `actor` may change who is in the household (the system, actor None, may)."""
    if actor is None:
        return
    if not restrict(actor, Household.objects.filter(pk=household.pk)).exists():
        raise PermissionDenied("Du har inte tillgång till hushållet.")
    if household.municipality_id not in capabilities(actor).reception_municipality_ids:
        raise PermissionDenied(NOT_HOUSEHOLD_EDITOR)


def record_change(household, kind, *, actor, on_date, text="", person=None, other=None) -> HouseholdChange:
    return HouseholdChange.objects.create(
        household=household,
        kind=kind,
        person=person,
        other_household=other,
        on_date=on_date,
        text=text[:TEXT_LENGTH],
        actor=actor,
    )


def _check_date(on_date, today, field="on_date", *, label="Datumet") -> dict[str, str]:
    if on_date is None:
        return {field: "Ange datum."}
    if on_date > today:
        return {field: f"{label} kan inte ligga i framtiden."}
    return {}


def register_person(*, actor, municipality, data: PersonInput, today: dt.date | None = None) -> Person:
    """A new person (checked by clean_person_input; errors at the fields), audited. Not yet in any household."""
    fields = clean_person_input(data, today=today)
    person = Person.objects.create(municipality=municipality, **fields)
    log_change(actor, AuditEvent.Action.CREATE, person, "Person registrerad")
    return person


def _set_anchor(actor, household: Household, anchor: Person | None, today: dt.date) -> bool:
    if household.anchor_person_id == (anchor.pk if anchor else None):
        return False
    old = household.anchor_person
    household.anchor_person = anchor
    household.save(update_fields=["anchor_person"])
    text = f"{old.full_name if old else 'ingen'} → {anchor.full_name if anchor else 'ingen'}"
    record_change(
        household, HouseholdChange.Kind.ANCHOR_CHANGED, actor=actor, on_date=today, text=text, person=anchor
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        household,
        "Ny anknytningsperson",
        {"anchor_person": [str(old.public_id) if old else None, str(anchor.public_id) if anchor else None]},
    )
    return True


def _check_anchor(household: Household, anchor: Person | None) -> dict[str, str]:
    if anchor is None:
        return {}
    if anchor.municipality_id != household.municipality_id:
        return {"anchor_person": "Anknytningspersonen hör till en annan kommun."}
    if anchor.deceased_on:
        return {"anchor_person": "Personen är avliden och kan inte vara anknytningsperson."}
    return {}


@transaction.atomic
def change_anchor(
    *, actor, household: Household, anchor: Person | None, today: dt.date | None = None
) -> Household:
    """The household's anchor person (anknytningsperson: the one in Sweden the others came to), or none."""
    require_household_editor(actor, household)
    if anchor is not None:
        require_editor(actor, anchor)
    errors = _check_anchor(household, anchor)
    if errors:
        raise ValidationError(errors)
    lock(household)
    if not _set_anchor(actor, household, anchor, today or timezone.localdate()):
        raise ValidationError({"anchor_person": "Hushållet har redan den anknytningspersonen."})
    return household


@transaction.atomic
def add_member(
    *,
    actor,
    household: Household,
    relation: str,
    person: Person | None = None,
    data: PersonInput | None = None,
    joined_on: dt.date | None = None,
    anchor: Person | None = None,
    founding: bool = False,
    today: dt.date | None = None,
) -> HouseholdMember:
    """Add a member to an existing household: `person`, already registered in the municipality, or a new one from
    `data`. `joined_on` is the day they joined (a newborn's birth date, the day a relative came; today if not
    given). `anchor` also makes that person the household's anchor person. `founding` marks a member who came
    with the household (the members of an anvisning registered before arrival): no joining date."""
    require_household_editor(actor, household)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if (person is None) == (data is None):
        raise ValidationError({"person": "Välj en registrerad person eller ange en ny."})
    if relation not in HouseholdMember.Relation.values:
        errors["relation"] = "Välj relation i hushållet (vuxen, barn eller vårdnadshavare)."
    if not founding:
        joined_on = joined_on or today
        errors.update(_check_date(joined_on, today, "joined_on"))
    else:
        joined_on = None
    errors.update(_check_anchor(household, anchor))
    if person is not None:
        require_editor(actor, person)
        if person.municipality_id != household.municipality_id:
            errors["person"] = "Personen är registrerad i en annan kommun."
        elif person.deceased_on:
            errors["person"] = DECEASED
    else:
        try:
            clean_person_input(data, today=today)
        except ValidationError as error:
            errors.update({key: messages[0] for key, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    lock(household)
    if person is None:
        person = register_person(actor=actor, municipality=household.municipality, data=data, today=today)
    else:
        lock_person(person)
        if person.deceased_on:
            raise StateConflict(DECEASED, field="person")
        if HouseholdMember.objects.filter(household=household, person=person).exists():
            raise StateConflict("Personen ingår redan i hushållet.", field="person")
        if not founding and HouseholdMember.objects.filter(person=person).exists():
            raise ValidationError(
                {
                    "person": "Personen ingår redan i ett annat hushåll. Registrera först att personen flyttar därifrån."
                }
            )
    member = HouseholdMember.objects.create(
        household=household, person=person, relation=relation, joined_on=joined_on
    )
    record_change(
        household,
        HouseholdChange.Kind.MEMBER_ADDED,
        actor=actor,
        on_date=joined_on or today,
        person=person,
        text=f"{person.full_name} ({HouseholdMember.Relation(relation).label.lower()})",
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        household,
        "Medlem tillagd i hushållet",
        {"person": str(person.public_id)},
    )
    if anchor is not None:
        _set_anchor(actor, household, anchor, today)
    signals.member_added.send(
        sender=Household, household=household, person=person, actor=actor, on_date=joined_on or today
    )
    return member


def leave(actor, household: Household, member: HouseholdMember, reason: str, on_date: dt.date, *, other=None):
    """The member is no longer in the household: kept as a former member, told in the history and to the domains
    above. The caller holds the household's lock."""
    person = member.person
    FormerHouseholdMember.objects.create(
        household=household,
        person=person,
        relation=member.relation,
        joined_on=member.joined_on,
        left_on=on_date,
        reason=reason,
        recorded_by=actor,
    )
    member.delete()
    kind = {
        FormerHouseholdMember.Reason.DECEASED: HouseholdChange.Kind.MEMBER_DIED,
        FormerHouseholdMember.Reason.SPLIT: HouseholdChange.Kind.SPLIT,
        FormerHouseholdMember.Reason.MERGED: HouseholdChange.Kind.MERGED,
    }.get(reason, HouseholdChange.Kind.MEMBER_LEFT)
    record_change(
        household,
        kind,
        actor=actor,
        on_date=on_date,
        person=person,
        other=other,
        text=f"{person.full_name}: {FormerHouseholdMember.Reason(reason).label.lower()}",
    )
    signals.member_left.send(
        sender=Household, household=household, person=person, actor=actor, on_date=on_date, reason=reason
    )


@transaction.atomic
def remove_member(
    *, actor, household: Household, person: Person, reason: str, on_date: dt.date | None, today=None
) -> FormerHouseholdMember:
    """A member moved out (MOVED_OUT) or died (DECEASED, the date of death; the person leaves every household and
    `Person.deceased_on` is set). The last member does not move out: the household would be empty."""
    require_household_editor(actor, household)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if reason not in LEAVE_REASONS:
        errors["reason"] = "Välj om personen har flyttat eller avlidit."
    errors.update(_check_date(on_date, today))
    if errors:
        raise ValidationError(errors)
    lock(household)
    member = (
        HouseholdMember.objects.filter(household=household, person=person).select_related("person").first()
    )
    if member is None:
        raise StateConflict("Personen ingår inte (längre) i hushållet.", field="person")
    if member.joined_on and on_date < member.joined_on:
        raise ValidationError({"on_date": "Datumet ligger före dagen personen kom till hushållet."})
    if reason == FormerHouseholdMember.Reason.MOVED_OUT:
        if not HouseholdMember.objects.filter(household=household).exclude(pk=member.pk).exists():
            raise ValidationError(
                {"person": "Personen är hushållets enda medlem. Avsluta mottagandet i stället."}
            )
        leave(actor, household, member, reason, on_date)
        log_change(
            actor,
            AuditEvent.Action.UPDATE,
            household,
            "Medlem har flyttat från hushållet",
            {"person": str(person.public_id), "left_on": on_date.isoformat()},
        )
        return FormerHouseholdMember.objects.filter(household=household, person=person).first()
    lock_person(person)
    if person.birth_date and on_date < person.birth_date:
        raise ValidationError({"on_date": "Dödsdatumet ligger före födelsedatumet."})
    person.deceased_on = on_date
    person.save(update_fields=["deceased_on", "updated_at"])
    log_change(
        actor, AuditEvent.Action.UPDATE, person, "Avliden", {"deceased_on": [None, on_date.isoformat()]}
    )
    memberships = list(
        HouseholdMember.objects.filter(person=person)
        .select_related("household", "person")
        .order_by("household_id")
    )
    for other in memberships:
        if other.household_id != household.pk:
            lock(other.household)
        leave(actor, other.household, other, reason, on_date)
        log_change(
            actor,
            AuditEvent.Action.UPDATE,
            other.household,
            "Medlem har avlidit",
            {"person": str(person.public_id)},
        )
    return FormerHouseholdMember.objects.filter(household=household, person=person).first()
