"""Deviations from the requirement (issue #13): a refusal or absence without acceptable reason, reported by whoever
saw it, and assessed by social services.

Etablera never decides on reducing or refusing support, and no path here does so automatically: the assessment says
whether the reason was acceptable; if it was not, the matter is referred to a person who decides, and signs, in the
social-services system — the deviation only records that it was referred, by whom, and the decision's reference."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import STAFF_ROLES, capabilities, restrict
from etablera.activity.models import Deviation
from etablera.activity.services.requirement import check_length, require_social_services
from etablera.people.models import Person
from etablera.transitions import StateConflict, by_whom, lock

ASSESSED = (Deviation.Status.ACCEPTABLE, Deviation.Status.REFERRED)


def _reporting_unit(actor, municipality_id: int):
    for membership in capabilities(actor).memberships:
        if membership.role in STAFF_ROLES and membership.unit.municipality_id == municipality_id:
            return membership.unit
    return None


@transaction.atomic
def report_deviation(
    actor, person: Person, *, kind: str, occurred_on: dt.date, description: str, participation=None
) -> Deviation:
    """Any staff who sees the person may report what happened; social services assess it (assess_deviation)."""
    description = (description or "").strip()
    errors: dict[str, str] = {}
    if kind not in Deviation.Kind.values:
        errors["kind"] = "Välj vad som hände."
    if occurred_on is None:
        errors["occurred_on"] = "Ange när det hände."
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = (
            "En avvikelse kan inte rapporteras i förväg: ange dagens datum eller ett tidigare."
        )
    if not description:
        errors["description"] = "Beskriv vad som hände."
    check_length(errors, {"description": description}, Deviation)
    limit = 2000
    if len(description) > limit:
        errors["description"] = f"Högst {limit} tecken."
    if participation is not None and participation.person_id != person.pk:
        errors["participation"] = "Aktiviteten hör till en annan person."
    if errors:
        raise ValidationError(errors)
    unit = None
    if actor is not None:
        if not restrict(actor, Person.objects.filter(pk=person.pk)).exists():
            raise PermissionDenied("Du har inte behörighet till personen.")
        unit = _reporting_unit(actor, person.municipality_id)
        if unit is None:
            raise PermissionDenied("En avvikelse rapporteras av den som arbetar i personens kommun.")
    deviation = Deviation.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        kind=kind,
        occurred_on=occurred_on,
        description=description,
        participation=participation,
        reported_by=actor,
        reported_unit=unit,
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        deviation,
        "Avvikelse rapporterad",
        {"kind": kind, "occurred_on": occurred_on.isoformat()},
    )
    return deviation


@transaction.atomic
def assess_deviation(
    actor, deviation: Deviation, *, status: str, assessment: str, decision_reference: str = ""
) -> Deviation:
    """Social services' assessment: an acceptable reason, or none — then the matter is referred to a decision that
    a person makes in the social-services system (its reference may be recorded here). Once assessed, it stays."""
    assessment = (assessment or "").strip()
    decision_reference = (decision_reference or "").strip()
    errors: dict[str, str] = {}
    if status not in ASSESSED:
        errors["status"] = "Välj om skälet är godtagbart eller om ärendet lämnas till beslut."
    if not assessment:
        errors["assessment"] = "Skriv bedömningen: vad som har kommit fram och varför."
    elif len(assessment) > 2000:
        errors["assessment"] = "Högst 2000 tecken."
    check_length(errors, {"decision_reference": decision_reference}, Deviation)
    if decision_reference and status == Deviation.Status.ACCEPTABLE and "decision_reference" not in errors:
        errors["decision_reference"] = "Ett diarienummer hör bara till en avvikelse som lämnas till beslut."
    if errors:
        raise ValidationError(errors)
    require_social_services(actor, deviation.person)
    lock(deviation)
    if deviation.status != Deviation.Status.TO_ASSESS:
        raise StateConflict(
            f"Avvikelsen är redan bedömd ({deviation.get_status_display().lower()})"
            f"{by_whom(deviation.assessed_by, None)} {deviation.assessed_on:%Y-%m-%d}: den bedöms inte igen."
        )
    deviation.status = status
    deviation.assessment = assessment
    deviation.decision_reference = decision_reference
    deviation.assessed_by = actor
    deviation.assessed_on = timezone.localdate()
    deviation.save(update_fields=["status", "assessment", "decision_reference", "assessed_by", "assessed_on"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        deviation,
        "Avvikelse bedömd" if status == Deviation.Status.ACCEPTABLE else "Avvikelse lämnad till beslut",
        {"status": {"before": "TO_ASSESS", "after": status}, "decision_reference": decision_reference},
    )
    return deviation
