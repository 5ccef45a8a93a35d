"""What social services record around the child: follow-up visits, tracing of parents, and relatives who arrive
later (their household, with its own reception, linked to the child's case)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import restrict
from etablera.minors.models import ChildCase, FollowUpVisit, Placement, RelativeLink, TracingRequest
from etablera.minors.services.case import check_length, require_social_services
from etablera.people.models import Household
from etablera.reception.models import Assignment
from etablera.transitions import StateConflict, lock


def _date(errors: dict, name: str, value, required: str) -> None:
    if value is None:
        errors[name] = required
    elif value > timezone.localdate():
        errors[name] = "Datumet kan inte ligga i framtiden."


@transaction.atomic
def record_visit(
    actor, case: ChildCase, *, visited_on: dt.date | None, note: str = "", placement: Placement | None = None
) -> FollowUpVisit:
    require_social_services(actor, case.person, case.municipality_id)
    note = (note or "").strip()
    errors: dict[str, str] = {}
    _date(errors, "visited_on", visited_on, "Ange besöksdatum.")
    if placement is not None and placement.case_id != case.pk:
        errors["placement"] = "Placeringen hör till ett annat ärende."
    check_length(errors, {"note": note}, FollowUpVisit)
    if errors:
        raise ValidationError(errors)
    visit = FollowUpVisit.objects.create(
        case=case, placement=placement, visited_on=visited_on, note=note, recorded_by=actor
    )
    log_change(actor, AuditEvent.Action.CREATE, visit, f"Uppföljningsbesök {visited_on}")
    return visit


@transaction.atomic
def record_tracing(
    actor, case: ChildCase, *, requested_on: dt.date | None, via: str, note: str = ""
) -> TracingRequest:
    require_social_services(actor, case.person, case.municipality_id)
    via, note = (via or "").strip(), (note or "").strip()
    errors: dict[str, str] = {}
    _date(errors, "requested_on", requested_on, "Ange när efterforskningen begärdes.")
    if not via:
        errors["via"] = "Ange genom vem, till exempel Röda korset."
    check_length(errors, {"via": via, "note": note}, TracingRequest)
    if errors:
        raise ValidationError(errors)
    tracing = TracingRequest.objects.create(
        case=case, requested_on=requested_on, via=via, note=note, recorded_by=actor
    )
    log_change(actor, AuditEvent.Action.CREATE, tracing, f"Efterforskning av föräldrar begärd {requested_on}")
    return tracing


@transaction.atomic
def settle_tracing(
    actor, tracing: TracingRequest, *, outcome: str, closed_on: dt.date | None
) -> TracingRequest:
    require_social_services(actor, tracing.case.person, tracing.case.municipality_id)
    errors: dict[str, str] = {}
    if outcome not in (
        TracingRequest.Outcome.FOUND,
        TracingRequest.Outcome.NOT_FOUND,
        TracingRequest.Outcome.CLOSED,
    ):
        errors["outcome"] = "Välj utfall."
    _date(errors, "closed_on", closed_on, "Ange när efterforskningen avslutades.")
    if errors:
        raise ValidationError(errors)
    lock(tracing)
    if tracing.outcome != TracingRequest.Outcome.PENDING:
        raise StateConflict(
            f"Efterforskningen är redan avslutad ({tracing.get_outcome_display().lower()}).", field="outcome"
        )
    if closed_on < tracing.requested_on:
        raise ValidationError({"closed_on": f"Kan inte vara före begäran {tracing.requested_on}."})
    tracing.outcome, tracing.closed_on = outcome, closed_on
    tracing.save(update_fields=["outcome", "closed_on"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        tracing,
        f"Efterforskning avslutad: {tracing.get_outcome_display().lower()}",
    )
    return tracing


# The same answer for a household that does not exist and one the actor may not see: which households exist is not
# told.
HOUSEHOLD_NOT_FOUND = "Det finns inget hushåll med den referensen som du har behörighet till."
REFERENCE_LENGTH = Assignment._meta.get_field("reference").max_length


def _relative_household(actor, household: Household | None, reference: str, errors: dict):
    """The relative's household and the field its errors stand at: the household given (the demo, an import), or
    the one of the anvisning whose reference is given — the number on Migrationsverket's decision, which is what
    the caseworker has. Only a household the actor sees (the system sees every one)."""
    field = "household" if household is not None else "reference"
    if household is None:
        reference = (reference or "").strip()
        if not reference:
            errors[field] = "Ange anvisningens referens, till exempel MIG-2026-000123."
            return field, None
        if len(reference) > REFERENCE_LENGTH:
            errors[field] = f"Högst {REFERENCE_LENGTH} tecken."
            return field, None
        household = Household.objects.filter(assignments__reference__iexact=reference).first()
    if household is None or (
        actor is not None and not restrict(actor, Household.objects.filter(pk=household.pk)).exists()
    ):
        errors[field] = HOUSEHOLD_NOT_FOUND
        return field, None
    return field, household


@transaction.atomic
def link_relative(
    actor,
    case: ChildCase,
    *,
    relation: str,
    noted_on: dt.date | None,
    household: Household | None = None,
    reference: str = "",
) -> RelativeLink:
    """A relative's household (family reunification, received with its own reception) linked to the child: the
    household itself, or the one of the anvisning with `reference`. Once per household."""
    require_social_services(actor, case.person, case.municipality_id)
    relation = (relation or "").strip()
    errors: dict[str, str] = {}
    field, household = _relative_household(actor, household, reference, errors)
    if not relation:
        errors["relation"] = "Ange släktskapet, till exempel mamma eller bror."
    _date(errors, "noted_on", noted_on, "Ange datum.")
    if household is not None and household.memberships.filter(person_id=case.person_id).exists():
        errors[field] = "Barnet hör själv till hushållet."
    elif household is not None and case.relatives.filter(household=household).exists():
        errors[field] = "Hushållet är redan kopplat till barnet."
    check_length(errors, {"relation": relation}, RelativeLink)
    if errors:
        raise ValidationError(errors)
    lock(case)
    if case.status != ChildCase.Status.OPEN:
        raise StateConflict("Barnärendet är avslutat.", field=field)
    try:
        with transaction.atomic():
            link = RelativeLink.objects.create(
                case=case, household=household, relation=relation, noted_on=noted_on, recorded_by=actor
            )
    except IntegrityError as error:  # linked at the same moment by someone else
        raise ValidationError({field: "Hushållet är redan kopplat till barnet."}) from error
    log_change(actor, AuditEvent.Action.CREATE, link, f"Anhörig kopplad till barnet: {relation}")
    return link


@transaction.atomic
def unlink_relative(actor, link: RelativeLink) -> None:
    """A link made by mistake (the wrong household) taken away; the household and its reception stay as they are.
    The case's row is locked, as when a link is made, so that the two never cross."""
    case = link.case
    require_social_services(actor, case.person, case.municipality_id)
    lock(case)
    if case.status != ChildCase.Status.OPEN:
        raise StateConflict("Barnärendet är avslutat.", field="relative")
    removed, _kinds = RelativeLink.objects.filter(pk=link.pk).delete()
    if not removed:
        raise StateConflict("Kopplingen är redan borttagen.", field="relative")
    log_change(
        actor,
        AuditEvent.Action.DELETE,
        link,
        f"Anhörig bortkopplad från barnet: {link.relation}",
        {"household": str(link.household.public_id), "relation": link.relation},
    )
