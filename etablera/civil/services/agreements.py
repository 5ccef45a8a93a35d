"""Agreements with an association (issue #17): an IOP (idéburet offentligt partnerskap) or another agreement, for a
period whose end is not before its start, with a reference to the signed document in the municipality's diarium."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.activity.services.catalogue import check_length, jsonable
from etablera.civil.models import Agreement, Association
from etablera.civil.services.common import refuse_unknown, require_keeper, texts

AGREEMENT_FIELDS = ("kind", "starts_on", "ends_on", "description", "document_reference")


def _clean(values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = texts(values, ("description", "document_reference"))
    kind = values.get("kind") or ""
    if kind not in Agreement.Kind.values:
        errors["kind"] = "Välj slag av överenskommelse."
    cleaned["kind"] = kind
    check_length(errors, cleaned, Agreement)
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if not isinstance(starts_on, dt.date):
        errors["starts_on"] = "Ange från vilket datum överenskommelsen gäller."
    if not isinstance(ends_on, dt.date):
        errors["ends_on"] = "Ange till vilket datum överenskommelsen gäller."
    elif isinstance(starts_on, dt.date) and ends_on < starts_on:
        errors["ends_on"] = "Slutdatumet kan inte vara före startdatumet."
    cleaned["starts_on"], cleaned["ends_on"] = starts_on, ends_on
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_agreement(*, actor, association: Association, **values) -> Agreement:
    refuse_unknown(values, AGREEMENT_FIELDS)
    require_keeper(actor, association.municipality_id)
    cleaned = _clean(values)
    agreement = Agreement.objects.create(association=association, created_by=actor, **cleaned)
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        association,
        "Överenskommelse tillagd",
        {name: jsonable(cleaned[name]) for name in ("kind", "starts_on", "ends_on", "document_reference")},
    )
    return agreement
