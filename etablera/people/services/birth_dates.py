"""A person's birth date changed (issue #11): a correction of a date registered wrong, or an age uplift (ålder
uppskriven) after Migrationsverket's age assessment. The old date is kept (BirthDateChange), each of the person's
households notes it in its history (HouseholdChange), and `birth_date_changed` is sent inside the transaction so
that the domains above re-read every age-based rule from the new date (people.signals)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.people import signals
from etablera.people.models import BirthDateChange, HouseholdChange, HouseholdMember, Person
from etablera.people.services.editing import lock_person, require_editor
from etablera.rules import identity

REASON_LENGTH = BirthDateChange._meta.get_field("reason").max_length
PERSONAL = (identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER)


def _clean(person: Person, kind: str, new_date, reason: str, decided_on, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in BirthDateChange.Kind.values:
        errors["kind"] = "Välj rättelse eller ålder uppskriven."
    if new_date is None:
        errors["new_date"] = "Ange det nya födelsedatumet."
    elif new_date > today:
        errors["new_date"] = "Födelsedatum kan inte ligga i framtiden."
    elif new_date == person.birth_date:
        errors["new_date"] = "Personen har redan det födelsedatumet."
    elif kind == BirthDateChange.Kind.AGE_UPLIFT and person.birth_date and new_date > person.birth_date:
        errors["new_date"] = "Vid ålder uppskriven blir personen äldre: det nya datumet ska vara tidigare."
    if not reason:
        errors["reason"] = "Ange skälet till ändringen."
    elif len(reason) > REASON_LENGTH:
        errors["reason"] = f"Högst {REASON_LENGTH} tecken."
    if kind == BirthDateChange.Kind.AGE_UPLIFT:
        if decided_on is None:
            errors["decided_on"] = "Ange datum för Migrationsverkets beslut."
        elif decided_on > today:
            errors["decided_on"] = "Beslutsdatum kan inte ligga i framtiden."
    if (
        new_date
        and "new_date" not in errors
        and person.identity_number_type in PERSONAL
        and person.identity_number
    ):
        try:
            number_date = identity.parse(
                person.identity_number_type, person.identity_number, today=today
            ).birth_date
        except identity.IdentityNumberError:
            number_date = None
        if number_date and number_date != new_date:
            errors["new_date"] = (
                "Födelsedatumet stämmer inte med personens personnummer eller samordningsnummer. "
                "Registrera först det nya numret från Skatteverket."
            )
    return errors


@transaction.atomic
def change_birth_date(
    *,
    actor,
    person: Person,
    kind: str,
    new_date: dt.date | None,
    reason: str,
    decided_on: dt.date | None = None,
    version=None,
    today: dt.date | None = None,
) -> BirthDateChange:
    """Correct or uplift the person's birth date. The reason is required; an uplift needs the decision's date and
    makes the person older. Refused at the field, nothing saved; a change from an old reading is a StateConflict."""
    require_editor(actor, person)
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    errors = _clean(person, kind, new_date, reason, decided_on, today)
    if errors:
        raise ValidationError(errors)
    lock_person(person, version)
    errors = _clean(person, kind, new_date, reason, decided_on, today)  # again, on the locked row
    if errors:
        raise ValidationError(errors)
    old = person.birth_date
    change = BirthDateChange.objects.create(
        person=person,
        kind=kind,
        old_date=old,
        new_date=new_date,
        decided_on=decided_on if kind == BirthDateChange.Kind.AGE_UPLIFT else None,
        reason=reason,
        recorded_by=actor,
    )
    person.birth_date = new_date
    person.save(update_fields=["birth_date", "updated_at"])
    label = BirthDateChange.Kind(kind).label
    old_text = old.isoformat() if old else "saknades"
    text = f"{person.full_name}: {label.lower()}, {old_text} → {new_date.isoformat()}"
    HouseholdChange.objects.bulk_create(
        HouseholdChange(
            household_id=household_id,
            kind=HouseholdChange.Kind.BIRTH_DATE_CHANGED,
            person=person,
            on_date=today,
            text=text[: HouseholdChange._meta.get_field("text").max_length],
            actor=actor,
        )
        for household_id in HouseholdMember.objects.filter(person=person).values_list(
            "household_id", flat=True
        )
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        person,
        f"Födelsedatum ändrat ({label.lower()}). Skäl: {reason}"[:300],
        {
            "birth_date": [old.isoformat() if old else None, new_date.isoformat()],
            "kind": kind,
            **({"decided_on": decided_on.isoformat()} if kind == BirthDateChange.Kind.AGE_UPLIFT else {}),
        },
    )
    signals.birth_date_changed.send(sender=Person, person=person, change=change, actor=actor)
    return change
