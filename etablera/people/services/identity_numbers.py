"""A person's identity number changes (issue #11): a dossiernummer from Migrationsverket, then a samordningsnummer,
then a personnummer after folkbokföring. The person has one current number (Person.identity_number); every
number they had before is kept (FormerIdentityNumber), so a search by an old number finds them, and no one else
can be given it.

A number already held — now or formerly — by another person is refused with `DuplicateIdentityNumber`, which
names the holder for the page or API to offer as a possible duplicate (to a user who may see them). The audit log
gets the numbers masked, never whole.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.people.models import FormerIdentityNumber, Person
from etablera.people.services.editing import lock_person, masked_number, require_editor
from etablera.rules import identity

PERSONAL = (identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER)
# The order numbers come in: a later kind may replace an earlier one (or a number of the same kind, corrected),
# never the other way round.
RANK = {identity.NONE: 0, identity.DOSSIERNUMMER: 1, identity.SAMORDNINGSNUMMER: 2, identity.PERSONNUMMER: 3}
HELD_BY_ANOTHER = (
    "Numret tillhör redan en annan person i Etablera (nu eller tidigare). "
    "Det kan vara samma person registrerad två gånger."
)


class DuplicateIdentityNumber(ValidationError):
    """The number is held (now or formerly) by `holder`, another person. Keyed by the field, like any
    ValidationError; the caller decides whether the user may be shown who the holder is."""

    def __init__(self, holder: Person, field: str = "identity_number"):
        super().__init__({field: [ValidationError(HELD_BY_ANOTHER, code="duplicate")]})
        self.holder = holder


def _kinds(kind: str) -> tuple[str, ...]:
    # A personnummer and a samordningsnummer are one series of twelve digits; a dossiernummer is its own.
    return PERSONAL if kind in PERSONAL else (kind,)


def find_number_holder(kind: str, number: str, *, exclude_pk: int | None = None) -> Person | None:
    """The person who holds `number` (of `kind`) now or held it before, other than `exclude_pk`; None if no one."""
    kinds = _kinds(kind)
    former = FormerIdentityNumber.objects.filter(person=OuterRef("pk"), number=number, number_type__in=kinds)
    holders = Person.objects.filter(
        Q(identity_number=number, identity_number_type__in=kinds) | Q(Exists(former))
    )
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    return holders.select_related("municipality").order_by("pk").first()


def _parse(person: Person, number_type: str, number: str):
    if number_type not in RANK or number_type == identity.NONE:
        raise ValidationError({"identity_number_type": "Välj nummertyp."})
    if len((number or "").strip()) > 20:
        raise ValidationError({"identity_number": "Högst 20 tecken."})
    try:
        parsed = identity.parse(number_type, number, today=timezone.localdate())
    except identity.IdentityNumberError as error:
        raise ValidationError({"identity_number": str(error)}) from error
    if RANK[number_type] < RANK[person.identity_number_type]:
        raise ValidationError(
            {
                "identity_number_type": (
                    f"Ett {person.get_identity_number_type_display().lower()} ersätts inte av ett "
                    f"{Person.IdentityNumberType(number_type).label.lower()}."
                )
            }
        )
    if number_type == person.identity_number_type and parsed.value == person.identity_number:
        raise ValidationError({"identity_number": "Personen har redan detta nummer."})
    # Someone else's number is the more important news than a birth date that differs: said first.
    holder = find_number_holder(number_type, parsed.value, exclude_pk=person.pk)
    if holder is not None:
        raise DuplicateIdentityNumber(holder)
    if parsed.birth_date and person.birth_date and parsed.birth_date != person.birth_date:
        raise ValidationError(
            {
                "identity_number": (
                    f"Födelsedatumet i numret ({parsed.birth_date.isoformat()}) stämmer inte med personens "
                    f"födelsedatum ({person.birth_date.isoformat()}). Rätta födelsedatumet först."
                )
            }
        )
    return parsed


@transaction.atomic
def change_identity_number(*, actor, person: Person, number_type: str, number: str, version=None) -> Person:
    """Give the person a new current identity number; the one they had is kept as a former number. Refused at
    the field when the number does not hold, is held by someone else (DuplicateIdentityNumber), would go back
    (a personnummer is not replaced by a samordningsnummer) or says another birth date than the person's."""
    require_editor(actor, person)
    _parse(person, number_type, number)  # the input's own faults first, before the row is locked
    lock_person(person, version)
    parsed = _parse(person, number_type, number)  # again on the locked row: it may have changed meanwhile
    old_type, old_number = person.identity_number_type, person.identity_number
    if old_number:
        FormerIdentityNumber.objects.create(
            person=person, number_type=old_type, number=old_number, replaced_by=actor
        )
    person.identity_number_type = number_type
    person.identity_number = parsed.value
    if parsed.birth_date and person.birth_date is None:
        person.birth_date = parsed.birth_date
    try:
        with transaction.atomic():  # a savepoint: another person given the number this very moment
            person.save(update_fields=["identity_number_type", "identity_number", "birth_date", "updated_at"])
    except IntegrityError:
        holder = find_number_holder(number_type, parsed.value, exclude_pk=person.pk)
        if holder is None:
            raise
        raise DuplicateIdentityNumber(holder) from None
    old_label = Person.IdentityNumberType(old_type).label.lower()
    new_label = Person.IdentityNumberType(number_type).label.lower()
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        person,
        f"Identitetsnummer ändrat: {old_label} → {new_label}",
        {
            "identity_number_type": [old_type, number_type],
            "identity_number": [
                masked_number(old_type, old_number),
                masked_number(number_type, parsed.value),
            ],
        },
    )
    return person


@transaction.atomic
def record_former_identity_number(
    *, actor, person: Person, number_type: str, number: str
) -> FormerIdentityNumber:
    """A number the person had before the current one, learnt afterwards (from Migrationsverket's papers, an
    import): kept in the history like a replaced number, refused like one if another person holds or held it."""
    require_editor(actor, person)
    if number_type not in (identity.DOSSIERNUMMER, *PERSONAL):
        raise ValidationError({"identity_number_type": "Välj nummertyp."})
    try:
        parsed = identity.parse(number_type, number, today=timezone.localdate())
    except identity.IdentityNumberError as error:
        raise ValidationError({"identity_number": str(error)}) from error
    holder = find_number_holder(number_type, parsed.value, exclude_pk=person.pk)
    if holder is not None:
        raise DuplicateIdentityNumber(holder)
    lock_person(person)
    former = FormerIdentityNumber.objects.create(
        person=person, number_type=number_type, number=parsed.value, replaced_by=actor
    )
    label = Person.IdentityNumberType(number_type).label.lower()
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        person,
        f"Tidigare identitetsnummer registrerat: {label}",
        {"former_identity_number": masked_number(number_type, parsed.value)},
    )
    return former
