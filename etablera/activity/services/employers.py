"""The praktikplatsbank's employers (issue #13): an employer with its organisation number (checked, stored as
NNNNNN-NNNN, once per municipality), its contact persons and supervisors.

Only the labour-market unit and the municipality's administrators keep the bank
(`Capabilities.employer_municipality_ids`); others who work with the requirement read it. Each value is checked
first with a Swedish message at its field; an employer already in the bank is refused with its name.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from stdnum import exceptions as stdnum_errors
from stdnum.se import orgnr

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.activity.models import Employer, EmployerContact
from etablera.activity.services.catalogue import apply, check_length, clean_postcode, require_text
from etablera.organisation.models import Municipality
from etablera.people.services.details import normalise_phone

EMPLOYER_FIELDS = ("name", "organisation_number", "industry", "address", "postcode", "notes")
CONTACT_FIELDS = ("name", "role", "phone", "email", "is_supervisor")
ORGNR_INPUT = 20  # as typed, with a hyphen or spaces (and perhaps the century "16")


def may_keep_bank(actor, municipality_id: int) -> bool:
    return actor is None or municipality_id in capabilities(actor).employer_municipality_ids


def require_bank_keeper(actor, municipality_id: int) -> None:
    if not may_keep_bank(actor, municipality_id):
        raise PermissionDenied(
            "Arbetsgivare och praktikplatser hanteras av arbetsmarknadsenheten och kommunens administratörer."
        )


def normalise_orgnr(raw: str) -> str:
    """An organisation number as NNNNNN-NNNN, or ValueError with a Swedish message."""
    raw = (raw or "").strip()
    if not raw:
        raise ValueError("Ange organisationsnummer.")
    if len(raw) > ORGNR_INPUT:
        raise ValueError(f"Organisationsnumret får vara högst {ORGNR_INPUT} tecken.")
    digits = orgnr.compact(raw)
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]  # the century prefix some registers write
    try:
        return orgnr.format(orgnr.validate(digits))
    except stdnum_errors.InvalidChecksum as error:
        raise ValueError(
            "Organisationsnumret stämmer inte: kontrollsiffran är fel. Kontrollera numret."
        ) from error
    except stdnum_errors.ValidationError as error:
        raise ValueError("Organisationsnumret ska ha tio siffror, till exempel 556036-0793.") from error


def _clean_employer(values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = {name: (values.get(name) or "").strip() for name in ("name", "industry", "address", "notes")}
    require_text(errors, cleaned, "name", "Ange arbetsgivarens namn.")
    check_length(errors, cleaned, Employer)
    cleaned["postcode"] = clean_postcode(errors, values.get("postcode", ""))
    try:
        cleaned["organisation_number"] = normalise_orgnr(values.get("organisation_number", ""))
    except ValueError as error:
        errors["organisation_number"] = str(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _refuse_duplicate(municipality_id: int, number: str, exclude_pk: int | None = None) -> None:
    existing = Employer.objects.filter(municipality_id=municipality_id, organisation_number=number)
    if exclude_pk is not None:
        existing = existing.exclude(pk=exclude_pk)
    found = existing.first()
    if found is not None:
        raise ValidationError(
            {
                "organisation_number": ValidationError(
                    f"Arbetsgivaren finns redan i praktikplatsbanken: {found.name} ({number}).",
                    code="duplicate",
                )
            }
        )


@transaction.atomic
def create_employer(*, actor, municipality: Municipality, **values) -> Employer:
    unknown = set(values) - set(EMPLOYER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    require_bank_keeper(actor, municipality.pk)
    cleaned = _clean_employer(values)
    # The municipality's row serialises two who add the same employer at once (the unique constraint is the last
    # guard; this gives the message that names the employer).
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    _refuse_duplicate(municipality.pk, cleaned["organisation_number"])
    employer = Employer.objects.create(municipality=municipality, created_by=actor, **cleaned)
    log_change(actor, AuditEvent.Action.CREATE, employer, "Arbetsgivare tillagd i praktikplatsbanken")
    return employer


@transaction.atomic
def update_employer(*, actor, employer: Employer, **values) -> Employer:
    unknown = set(values) - set(EMPLOYER_FIELDS) - {"active"}
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    require_bank_keeper(actor, employer.municipality_id)
    current = {name: getattr(employer, name) for name in EMPLOYER_FIELDS}
    cleaned = _clean_employer({**current, **values})
    if "active" in values:
        cleaned["active"] = bool(values["active"])
    Municipality.objects.select_for_update().filter(pk=employer.municipality_id).first()
    _refuse_duplicate(employer.municipality_id, cleaned["organisation_number"], exclude_pk=employer.pk)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    changes = apply(employer, cleaned)
    employer.save()
    if changes:
        log_change(actor, AuditEvent.Action.UPDATE, employer, "Arbetsgivaren ändrad", changes)
    return employer


def _clean_contact(values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = {name: (values.get(name) or "").strip() for name in ("name", "role", "email")}
    require_text(errors, cleaned, "name", "Ange kontaktpersonens namn.")
    check_length(errors, cleaned, EmployerContact)
    try:
        cleaned["phone"] = ""
        cleaned["phone"] = normalise_phone(values.get("phone") or "")
    except ValueError as error:
        errors["phone"] = str(error)
    if cleaned["email"] and "email" not in errors:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = "Ange en giltig e-postadress, till exempel namn@exempel.se."
    cleaned["is_supervisor"] = bool(values.get("is_supervisor"))
    if not cleaned["phone"] and not cleaned["email"] and "phone" not in errors and "email" not in errors:
        errors["phone"] = "Ange telefon eller e-post, så att kontaktpersonen går att nå."
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_contact(*, actor, employer: Employer, **values) -> EmployerContact:
    """A contact person at the employer; `is_supervisor` for one who supervises placements (handledare)."""
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    require_bank_keeper(actor, employer.municipality_id)
    cleaned = _clean_contact(values)
    contact = EmployerContact.objects.create(employer=employer, **cleaned)
    summary = "Handledare tillagd" if contact.is_supervisor else "Kontaktperson tillagd"
    log_change(actor, AuditEvent.Action.CREATE, employer, summary, {"contact": contact.name})
    return contact


@transaction.atomic
def update_contact(*, actor, contact: EmployerContact, **values) -> EmployerContact:
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    employer = contact.employer
    require_bank_keeper(actor, employer.municipality_id)
    current = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    cleaned = _clean_contact({**current, **values})
    contact = EmployerContact.objects.select_for_update().get(pk=contact.pk)
    changes = apply(contact, cleaned)
    contact.save()
    if changes:
        log_change(actor, AuditEvent.Action.UPDATE, employer, "Kontaktperson ändrad", changes)
    return contact
