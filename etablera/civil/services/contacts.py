"""An association's contact persons and what it offers (issue #17). A contact person is a person outside the
register: a name, a role and a way to reach them, nothing more — the change is logged on the association, with the
contact's name, as the praktikplatsbank logs an employer's contacts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.activity.services.catalogue import apply, check_length, clean_languages, require_text
from etablera.civil.models import Association, ContactPerson, Offer
from etablera.civil.services.common import clean_email, clean_phone, refuse_unknown, require_keeper, texts
from etablera.transitions import StateConflict

CONTACT_FIELDS = ("name", "role", "email", "phone")
OFFER_FIELDS = ("kind", "description", "languages", "venues", "target_groups")


def _clean_contact(values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = texts(values, ("name", "role", "email"))
    require_text(errors, cleaned, "name", "Ange kontaktpersonens namn.")
    check_length(errors, cleaned, ContactPerson)
    clean_email(errors, cleaned["email"])
    cleaned["phone"] = clean_phone(errors, values.get("phone") or "")
    if not cleaned["phone"] and not cleaned["email"] and "phone" not in errors and "email" not in errors:
        errors["phone"] = "Ange telefon eller e-post, så att kontaktpersonen går att nå."
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_contact(*, actor, association: Association, **values) -> ContactPerson:
    refuse_unknown(values, CONTACT_FIELDS)
    require_keeper(actor, association.municipality_id)
    cleaned = _clean_contact(values)
    contact = ContactPerson.objects.create(association=association, **cleaned)
    log_change(
        actor, AuditEvent.Action.CREATE, association, "Kontaktperson tillagd", {"contact": contact.name}
    )
    return contact


@transaction.atomic
def update_contact(*, actor, contact: ContactPerson, **values) -> ContactPerson:
    refuse_unknown(values, CONTACT_FIELDS)
    association = contact.association
    require_keeper(actor, association.municipality_id)
    current = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    cleaned = _clean_contact({**current, **values})
    # The row locked before the change; a contact removed meanwhile is refused, not recreated.
    contact = ContactPerson.objects.select_for_update().filter(pk=contact.pk).first()
    if contact is None:
        raise StateConflict("Kontaktpersonen har tagits bort av någon annan.", field="contact")
    changes = apply(contact, cleaned)
    contact.save()
    if changes:
        log_change(actor, AuditEvent.Action.UPDATE, association, "Kontaktperson ändrad", changes)
    return contact


@transaction.atomic
def remove_contact(*, actor, contact: ContactPerson) -> None:
    """A contact person who no longer is one goes at once (no reason to keep a person's data)."""
    association = contact.association
    require_keeper(actor, association.municipality_id)
    name = contact.name
    deleted, _by_model = ContactPerson.objects.filter(pk=contact.pk).delete()
    if not deleted:
        raise ValidationError({"contact": "Kontaktpersonen är redan borttagen."})
    log_change(actor, AuditEvent.Action.DELETE, association, "Kontaktperson borttagen", {"contact": name})


def _clean_offer(values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = texts(values, ("description", "venues", "target_groups"))
    kind = values.get("kind") or ""
    if kind not in Offer.Kind.values:
        errors["kind"] = "Välj vad föreningen erbjuder."
    cleaned["kind"] = kind
    check_length(errors, cleaned, Offer)
    cleaned["languages"] = clean_languages(errors, values.get("languages", ()))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_offer(*, actor, association: Association, **values) -> Offer:
    refuse_unknown(values, OFFER_FIELDS)
    require_keeper(actor, association.municipality_id)
    cleaned = _clean_offer(values)
    offer = Offer.objects.create(association=association, **cleaned)
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        association,
        "Erbjudande tillagt",
        {"offer": offer.kind, "languages": offer.languages},
    )
    return offer


@transaction.atomic
def remove_offer(*, actor, offer: Offer) -> None:
    association = offer.association
    require_keeper(actor, association.municipality_id)
    deleted, _by_model = Offer.objects.filter(pk=offer.pk).delete()
    if not deleted:
        raise ValidationError({"offer": "Erbjudandet är redan borttaget."})
    log_change(actor, AuditEvent.Action.DELETE, association, "Erbjudande borttaget", {"offer": offer.kind})
