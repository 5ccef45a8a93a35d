"""Changing a registered person's data (issue #11): the plain fields and contact (`update_person`), the address
(`set_address`) and protected identity (`set_protected_identity`).

Each change is checked in full first (a Swedish message at each field, nothing saved), then made on the locked
row and audited with the old and new values of what changed — except a protected address, which the audit log
must not hold either (only that it changed). The phone number is checked and normalised with `phonenumbers`
(Swedish numbers by default) and stored in E.164.
"""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from etablera import limits
from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.selectors import address_masked_ids
from etablera.people.models import Person, ProtectedIdentity
from etablera.people.services.editing import lock_person, require_editor

# The text fields `update_person` changes, with their longest value: the model's max_length, read from the model.
TEXT_LIMITS = {
    name: Person._meta.get_field(name).max_length
    for name in ("first_name", "last_name", "languages", "interpreter_language", "citizenship")
}
EMAIL_LENGTH = Person._meta.get_field("email").max_length
EDITABLE_FIELDS = (*TEXT_LIMITS, "sex", "needs_interpreter", "phone", "email")
PHONE_REGION = "SE"  # a number without a country code is Swedish
PHONE_INPUT = 30  # as typed, with spaces and hyphens; stored as E.164 in at most 20
MIN_LIFT_REASON = 15  # characters of reason when protected identity is lifted (kept in the audit log)
FIELD_LABELS = {
    "first_name": "förnamn",
    "last_name": "efternamn",
    "sex": "kön",
    "languages": "språk",
    "interpreter_language": "tolkspråk",
    "needs_interpreter": "tolkbehov",
    "citizenship": "medborgarskap",
    "phone": "telefon",
    "email": "e-post",
}


def normalise_phone(raw: str, region: str = PHONE_REGION) -> str:
    """A phone number in E.164 (+46701234567), or ValueError with a Swedish message."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if len(raw) > PHONE_INPUT:
        raise ValueError(f"Telefonnumret får vara högst {PHONE_INPUT} tecken.")
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as error:
        raise ValueError(
            "Ange ett telefonnummer, till exempel 070-123 45 67 eller +46 70 123 45 67."
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError("Telefonnumret finns inte. Kontrollera riktnummer och antal siffror.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _clean_details(changes: dict) -> dict:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "Fältet kan inte ändras här." for name in sorted(unknown)})
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for name, limit in TEXT_LIMITS.items():
        if name in changes:
            value = (changes[name] or "").strip()
            if len(value) > limit:
                errors[name] = f"Högst {limit} tecken."
            cleaned[name] = value
    if "first_name" in cleaned and not cleaned["first_name"]:
        errors["first_name"] = "Ange förnamn."
    if "last_name" in cleaned and not cleaned["last_name"]:
        errors["last_name"] = "Ange efternamn."
    if "sex" in changes:
        if changes["sex"] not in Person.Sex.values:
            errors["sex"] = "Välj kön."
        cleaned["sex"] = changes["sex"]
    if "needs_interpreter" in changes:
        cleaned["needs_interpreter"] = bool(changes["needs_interpreter"])
    if "phone" in changes:
        try:
            cleaned["phone"] = normalise_phone(changes["phone"])
        except ValueError as error:
            errors["phone"] = str(error)
    if "email" in changes:
        email = (changes["email"] or "").strip()
        if len(email) > EMAIL_LENGTH:
            errors["email"] = f"Högst {EMAIL_LENGTH} tecken."
        elif email:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = "Ange en giltig e-postadress, till exempel namn@exempel.se."
        cleaned["email"] = email
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def update_person(*, actor, person: Person, changes: dict, version=None) -> Person:
    """Change the plain fields named in `changes` (names, sex, languages and interpreter, citizenship, phone,
    e-mail); the others stay as they are. `version` is the person's `updated_at` as the form or client read it:
    a change made from an older reading is refused (StateConflict). Audited with old and new values."""
    require_editor(actor, person)
    cleaned = _clean_details(changes)
    lock_person(person, version)
    if cleaned.get("interpreter_language"):
        cleaned["needs_interpreter"] = True  # a language to interpret means an interpreter is needed
    diff = {
        name: [getattr(person, name), value]
        for name, value in cleaned.items()
        if getattr(person, name) != value
    }
    if not diff:
        return person
    for name, (_old, new) in diff.items():
        setattr(person, name, new)
    person.save(update_fields=[*diff, "updated_at"])
    labels = ", ".join(FIELD_LABELS[name] for name in diff)
    log_change(actor, AuditEvent.Action.UPDATE, person, f"Personuppgifter ändrade: {labels}", diff)
    return person


ADDRESS_LIMITS = {
    name: Person._meta.get_field(name).max_length
    for name in ("address_street", "address_postal_code", "address_city")
}
_POSTAL_CODE = re.compile(r"^(\d{3}) ?(\d{2})$", re.ASCII)


def _clean_address(street: str, postal_code: str, city: str) -> dict:
    street, postal_code, city = ((value or "").strip() for value in (street, postal_code, city))
    errors: dict[str, str] = {}
    for name, value, limit in (
        ("street", street, ADDRESS_LIMITS["address_street"]),
        ("postal_code", postal_code, ADDRESS_LIMITS["address_postal_code"]),
        ("city", city, ADDRESS_LIMITS["address_city"]),
    ):
        if len(value) > limit:
            errors[name] = f"Högst {limit} tecken."
    if postal_code and "postal_code" not in errors:
        match = _POSTAL_CODE.match(postal_code)
        if match:
            postal_code = f"{match.group(1)} {match.group(2)}"
        else:
            errors["postal_code"] = "Postnumret ska ha fem siffror, till exempel 611 30."
    if (street or postal_code) and not city:
        errors["city"] = "Ange postort."
    if city and not street:
        errors["street"] = "Ange gatuadress."
    if errors:
        raise ValidationError(errors)
    return {"address_street": street, "address_postal_code": postal_code, "address_city": city}


@transaction.atomic
def set_address(*, actor, person: Person, street: str, postal_code: str, city: str, version=None) -> Person:
    """The person's address (folkbokföringsadress); all three empty clears it. For a person whose address is
    masked (protected identity, theirs or a household member's) the audit log says only that it changed: the
    address is shown nowhere without the person page's reveal, and the log is no way round that."""
    require_editor(actor, person)
    cleaned = _clean_address(street, postal_code, city)
    lock_person(person, version)
    diff = {
        name: [getattr(person, name), value]
        for name, value in cleaned.items()
        if getattr(person, name) != value
    }
    if not diff:
        return person
    masked = person.pk in address_masked_ids([person])
    for name, (_old, new) in diff.items():
        setattr(person, name, new)
    person.save(update_fields=[*diff, "updated_at"])
    if masked:
        log_change(
            actor,
            AuditEvent.Action.UPDATE,
            person,
            "Skyddad adress ändrad (adressen loggas inte)",
            {"address": "ändrad"},
            protected=True,
        )
    else:
        log_change(actor, AuditEvent.Action.UPDATE, person, "Adress ändrad", diff)
    return person


@transaction.atomic
def set_protected_identity(*, actor, person: Person, level: str, reason: str = "", version=None) -> Person:
    """Set, change or lift protected identity (sekretessmarkering, skyddad folkbokföring, fingerade
    personuppgifter). Lifting needs a stated reason, kept in the audit log."""
    require_editor(actor, person)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if level not in ProtectedIdentity.values:
        errors["level"] = "Välj nivå av skyddade personuppgifter."
    if len(reason) > limits.REVEAL_REASON:
        errors["reason"] = f"Högst {limits.REVEAL_REASON} tecken."
    elif level == ProtectedIdentity.NONE and len(reason) < MIN_LIFT_REASON:
        errors["reason"] = f"Ange skälet till att skyddet hävs (minst {MIN_LIFT_REASON} tecken)."
    if errors:
        raise ValidationError(errors)
    lock_person(person, version)
    old = person.protected_identity
    if old == level:
        raise ValidationError({"level": "Personen har redan den nivån."})
    person.protected_identity = level
    person.save(update_fields=["protected_identity", "updated_at"])
    label = ProtectedIdentity(level).label
    summary = (
        f"Skyddade personuppgifter hävda. Skäl: {reason}"
        if level == ProtectedIdentity.NONE
        else f"Skyddade personuppgifter: {label}" + (f". Skäl: {reason}" if reason else "")
    )
    log_change(
        actor, AuditEvent.Action.UPDATE, person, summary, {"protected_identity": [old, level]}, protected=True
    )
    return person
