"""The register of associations and other actors (issue #17): add one, change it, let it leave the network and come
back. The organisation number is checked with python-stdnum (se.orgnr, the same check as the praktikplatsbank's
employers) and kept once per municipality; an actor without one of its own (the library) leaves it empty.

Each value is checked first with a Swedish message at its field, then the row is written (locked when it changes)
and the change logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.activity.services.catalogue import apply, check_length, require_text
from etablera.activity.services.employers import normalise_orgnr
from etablera.civil.models import Association
from etablera.civil.services.common import (
    clean_email,
    clean_phone,
    clean_url,
    refuse_unknown,
    require_keeper,
    texts,
)
from etablera.organisation.models import Municipality
from etablera.transitions import StateConflict, lock

ASSOCIATION_FIELDS = ("name", "kind", "organisation_number", "description", "email", "phone", "website")


def _clean(values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = texts(values, ("name", "description", "email", "website"))
    require_text(errors, cleaned, "name", "Ange föreningens eller aktörens namn.")
    kind = values.get("kind") or ""
    if kind not in Association.Kind.values:
        errors["kind"] = "Välj slag av förening eller aktör."
    cleaned["kind"] = kind
    check_length(errors, cleaned, Association)
    clean_email(errors, cleaned["email"])
    cleaned["website"] = clean_url(errors, cleaned["website"])
    if len(cleaned["website"]) > 300 and "website" not in errors:
        errors["website"] = "Högst 300 tecken."
    cleaned["phone"] = clean_phone(errors, values.get("phone") or "")
    number = str(values.get("organisation_number") or "").strip()
    cleaned["organisation_number"] = ""
    if number:
        try:
            cleaned["organisation_number"] = normalise_orgnr(number)
        except ValueError as error:
            errors["organisation_number"] = str(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _refuse_duplicate(municipality_id: int, number: str, exclude_pk: int | None = None) -> None:
    if not number:
        return
    existing = Association.objects.filter(municipality_id=municipality_id, organisation_number=number)
    if exclude_pk is not None:
        existing = existing.exclude(pk=exclude_pk)
    found = existing.first()
    if found is not None:
        raise ValidationError(
            {
                "organisation_number": ValidationError(
                    f"Föreningen finns redan i registret: {found.name} ({number}).", code="duplicate"
                )
            }
        )


@transaction.atomic
def create_association(*, actor, municipality: Municipality, **values) -> Association:
    refuse_unknown(values, ASSOCIATION_FIELDS)
    require_keeper(actor, municipality.pk)
    cleaned = _clean(values)
    # The municipality's row serialises two who add the same association at once (the constraint is the last guard;
    # this gives the message that names it).
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    _refuse_duplicate(municipality.pk, cleaned["organisation_number"])
    association = Association.objects.create(municipality=municipality, created_by=actor, **cleaned)
    log_change(actor, AuditEvent.Action.CREATE, association, "Förening tillagd i registret")
    return association


@transaction.atomic
def update_association(*, actor, association: Association, **values) -> Association:
    """Change the values given; the rest stay as they are."""
    refuse_unknown(values, ASSOCIATION_FIELDS)
    require_keeper(actor, association.municipality_id)
    current = {name: getattr(association, name) for name in ASSOCIATION_FIELDS}
    cleaned = _clean({**current, **values})
    Municipality.objects.select_for_update().filter(pk=association.municipality_id).first()
    _refuse_duplicate(association.municipality_id, cleaned["organisation_number"], exclude_pk=association.pk)
    lock(association)
    changes = apply(association, cleaned)
    association.save()
    if changes:
        log_change(actor, AuditEvent.Action.UPDATE, association, "Föreningen ändrad", changes)
    return association


@transaction.atomic
def leave_network(*, actor, association: Association, on=None) -> Association:
    """The association has left the network: it stays in the register, inactive, from `on` (default today) — the
    day its contact persons' retention counts from."""
    require_keeper(actor, association.municipality_id)
    lock(association)
    if not association.active:
        raise StateConflict("Föreningen har redan lämnat nätverket.", field="active")
    changes = apply(association, {"active": False, "left_on": on or timezone.localdate()})
    association.save(update_fields=["active", "left_on"])
    log_change(actor, AuditEvent.Action.UPDATE, association, "Föreningen har lämnat nätverket", changes)
    return association


@transaction.atomic
def rejoin_network(*, actor, association: Association) -> Association:
    require_keeper(actor, association.municipality_id)
    lock(association)
    if association.active:
        raise StateConflict("Föreningen är redan med i nätverket.", field="active")
    changes = apply(association, {"active": True, "left_on": None})
    association.save(update_fields=["active", "left_on"])
    log_change(actor, AuditEvent.Action.UPDATE, association, "Föreningen är med i nätverket igen", changes)
    return association
