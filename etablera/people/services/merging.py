"""Two registrations of one person made one (issue #11): everything of the duplicate moves to the kept person —
found generically through the relations that point at a person (`Person._meta` with the hidden ones), so that
later domains are covered — its identity numbers become the kept person's former numbers (or the current one, if
the kept has none), a PersonMerge row keeps the trace of who the duplicate was and what moved, each of the kept
person's households notes it (PERSONS_MERGED), the audit log gets it, and the duplicate is deleted.

Refused: two different current personnummer (two persons, not one), a person the user does not see, or one with
protected identity when the user has no authorisation to see protected data. A membership of a household both
were in is the kept person's already: the duplicate's is dropped and kept as a former membership (DUPLICATE).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import UniqueConstraint
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import may_view_protected_address
from etablera.people.models import (
    FormerHouseholdMember,
    FormerIdentityNumber,
    HouseholdChange,
    HouseholdMember,
    Person,
    PersonMerge,
)
from etablera.people.services.editing import masked_number, require_editor
from etablera.people.services.membership import TEXT_LENGTH
from etablera.rules import identity
from etablera.transitions import StateConflict, lock

REASON_LENGTH = PersonMerge._meta.get_field("reason").max_length
GONE = "Personen har just förts samman med någon annan och finns inte längre. Sök fram personen igen."
PROTECTED = (
    "En av personerna har skyddade personuppgifter. Bara den som har behörighet att se skyddade uppgifter kan "
    "föra samman dem."
)


def _relations():
    """Every relation that points at a person from another row (FK or one-to-one, hidden ones too)."""
    for rel in Person._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            yield rel


def check_merge(*, actor, kept: Person, duplicate: Person, reason: str = "") -> dict[str, str]:
    """What stops the merge, by field (empty when nothing does). PermissionDenied for a user who may not."""
    require_editor(actor, kept)
    require_editor(actor, duplicate)
    errors: dict[str, str] = {}
    if kept.pk == duplicate.pk:
        errors["duplicate"] = "Välj en annan person än den som ska behållas."
        return errors
    protected = kept.is_protected or duplicate.is_protected
    if (
        actor is not None
        and protected
        and not (may_view_protected_address(actor, kept) and may_view_protected_address(actor, duplicate))
    ):
        raise PermissionDenied(PROTECTED)
    if kept.municipality_id != duplicate.municipality_id:
        errors["duplicate"] = "Personerna är registrerade i olika kommuner."
    if (
        kept.identity_number_type == identity.PERSONNUMMER
        and duplicate.identity_number_type == identity.PERSONNUMMER
        and kept.identity_number != duplicate.identity_number
    ):
        errors["duplicate"] = "Personerna har olika personnummer och är två olika personer."
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "Ange varför personerna är samma person."
    elif len(reason) > REASON_LENGTH:
        errors["reason"] = f"Högst {REASON_LENGTH} tecken."
    for rel in _relations():
        model, field = rel.related_model, rel.field.name
        if model is HouseholdMember:
            continue
        if (
            rel.one_to_one
            and model.objects.filter(**{field: kept}).exists()
            and model.objects.filter(**{field: duplicate}).exists()
        ):
            errors["duplicate"] = f"Båda personerna har {model._meta.verbose_name}; bara en är möjlig."
        for constraint in model._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and field in constraint.fields:
                others = [name for name in constraint.fields if name != field]
                rows = (
                    model.objects.filter(constraint.condition)
                    if constraint.condition
                    else model.objects.all()
                )
                keys = set(rows.filter(**{field: kept}).values_list(*others)) if others else set()
                if others and any(k in keys for k in rows.filter(**{field: duplicate}).values_list(*others)):
                    errors["duplicate"] = (
                        f"Båda personerna har {model._meta.verbose_name} som bara får finnas en gång."
                    )
    return errors


@transaction.atomic
def merge_persons(*, actor, kept: Person, duplicate: Person, reason: str) -> PersonMerge:
    """Make `duplicate` part of `kept` and delete it; the trace is the returned PersonMerge (and the audit log)."""
    errors = check_merge(actor=actor, kept=kept, duplicate=duplicate, reason=reason)
    if errors:
        raise ValidationError(errors)
    for person in sorted((kept, duplicate), key=lambda p: p.pk):  # one order, so two merges cannot deadlock
        try:
            lock(person)
        except Person.DoesNotExist:  # merged into someone else (and deleted) a moment ago
            raise StateConflict(GONE, field="duplicate") from None
    errors = check_merge(
        actor=actor, kept=kept, duplicate=duplicate, reason=reason
    )  # again, on the locked rows
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    trace = PersonMerge(
        kept=kept,
        removed_public_id=duplicate.public_id,
        removed_name=duplicate.full_name[:201],
        removed_birth_date=duplicate.birth_date,
        removed_number_masked=masked_number(duplicate.identity_number_type, duplicate.identity_number),
        reason=reason.strip(),
        actor=actor,
    )
    moved: dict[str, int] = {}
    # The duplicate's number: the kept person's current one if they have none, else a former one.
    number_type, number = duplicate.identity_number_type, duplicate.identity_number
    if number:
        duplicate.identity_number_type, duplicate.identity_number = identity.NONE, ""
        duplicate.save(update_fields=["identity_number_type", "identity_number", "updated_at"])
        if not kept.identity_number:
            kept.identity_number_type, kept.identity_number = number_type, number
            kept.save(update_fields=["identity_number_type", "identity_number", "updated_at"])
            moved["identity_number"] = "nuvarande"
        elif (number_type, number) != (kept.identity_number_type, kept.identity_number):
            FormerIdentityNumber.objects.create(
                person=kept, number_type=number_type, number=number, replaced_by=actor
            )
            moved["identity_number"] = "tidigare"
    if kept.birth_date is None and duplicate.birth_date is not None:
        kept.birth_date = duplicate.birth_date
        kept.save(update_fields=["birth_date", "updated_at"])
    # Households both were in: the kept person's membership stays; the duplicate's is kept as a former one.
    kept_households = set(HouseholdMember.objects.filter(person=kept).values_list("household_id", flat=True))
    for member in HouseholdMember.objects.filter(person=duplicate, household_id__in=kept_households):
        FormerHouseholdMember.objects.create(
            household_id=member.household_id,
            person=kept,
            relation=member.relation,
            joined_on=member.joined_on,
            left_on=today,
            reason=FormerHouseholdMember.Reason.DUPLICATE,
            recorded_by=actor,
        )
        member.delete()
        moved["people.HouseholdMember (samma hushåll)"] = (
            moved.get("people.HouseholdMember (samma hushåll)", 0) + 1
        )
    for rel in _relations():
        count = rel.related_model._base_manager.filter(**{rel.field.name: duplicate}).update(
            **{rel.field.name: kept}
        )
        if count:
            moved[f"{rel.related_model._meta.label}.{rel.field.name}"] = count
    trace.moved = moved
    trace.save()
    for household_id in HouseholdMember.objects.filter(person=kept).values_list("household_id", flat=True):
        HouseholdChange.objects.create(
            household_id=household_id,
            kind=HouseholdChange.Kind.PERSONS_MERGED,
            actor=actor,
            on_date=today,
            person=kept,
            text=f"{duplicate.full_name} fördes samman med {kept.full_name}"[:TEXT_LENGTH],
        )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        kept,
        f"Dubblett sammanförd med personen. Skäl: {trace.reason}"[:300],
        {"removed": str(duplicate.public_id), "moved": moved},
        protected=kept.is_protected or duplicate.is_protected,
    )
    log_change(
        actor,
        AuditEvent.Action.DELETE,
        duplicate,
        "Dubblett sammanförd och borttagen",
        {"kept": str(kept.public_id)},
        protected=kept.is_protected or duplicate.is_protected,
    )
    duplicate.delete()
    return trace
