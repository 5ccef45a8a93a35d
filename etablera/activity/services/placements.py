"""Work placements and their offers (praktikplatsbanken, issue #13).

A placement goes OPEN → OFFERED (offered to a person) → FILLED (the person accepted) → ENDED with its outcome
(employment, studies or neither); the employer may withdraw it while OPEN or OFFERED (WITHDRAWN). A declined or
withdrawn offer puts it back to OPEN. The employer's follow-up is recorded on a FILLED or ENDED placement.

Who does what: the labour-market unit and administrators (`employer_municipality_ids`) create placements, withdraw,
end and follow them up. An offer is made and answered by whoever works with the requirement in the municipality
(`activity_municipality_ids`: social services, the labour-market and reception units, administrators) and sees the
person — the matching proposals are chosen by the person's caseworkers, who may not keep the bank.

An accepted offer is "recorded in the plan": a Participation of kind PLACEMENT in the person's week, with the
placement's hours and dates, its attendance recorded by the placement's unit.

Every state change locks the placement (etablera/transitions.py) and checks the state then: of two offers of the
same placement at once, one wins and the other is refused with a StateConflict that says so (409 in the API).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities, restrict
from etablera.activity.models import EmployerContact, Participation, Placement, PlacementOffer
from etablera.activity.services.catalogue import (
    apply,
    check_length,
    clean_dates,
    clean_hours,
    clean_languages,
    clean_postcode,
    owning_unit,
    require_text,
)
from etablera.activity.services.employers import require_bank_keeper
from etablera.people.models import Person
from etablera.rules import ssyk
from etablera.transitions import StateConflict, by_whom, lock

S = Placement.State
O = PlacementOffer.Status  # noqa: E741 - reads as the status it is
PLACEMENT_FIELDS = (
    "title",
    "ssyk",
    "tasks",
    "swedish_level",
    "languages",
    "driving_licence",
    "postcode",
    "starts_on",
    "ends_on",
    "hours_per_week",
    "supervisor",
)
MAX_EXPLANATION = 20  # messages in an offer's explanation
EXPLANATION_ITEM = 500  # characters of one


def _state_conflict(placement: Placement, wanted: str) -> StateConflict:
    return StateConflict(
        f"Praktikplatsen är {placement.get_state_display().lower()}: den kan inte {wanted}. "
        "Någon annan kan ha ändrat den nyss.",
        field="state",
    )


def may_offer(actor, municipality_id: int) -> bool:
    return actor is None or municipality_id in capabilities(actor).activity_municipality_ids


def _require_offerer(actor, person: Person | None, municipality_id: int) -> None:
    if not may_offer(actor, municipality_id):
        raise PermissionDenied("Praktikplatser erbjuds av den som arbetar med aktivitetskravet i kommunen.")
    if (
        actor is not None
        and person is not None
        and not restrict(actor, Person.objects.filter(pk=person.pk)).exists()
    ):
        raise PermissionDenied("Du har inte behörighet till personen.")


def _clean_placement(values: dict, employer) -> dict:
    errors: dict[str, str] = {}
    cleaned = {name: (values.get(name) or "").strip() for name in ("title", "ssyk", "tasks")}
    require_text(errors, cleaned, "title", "Ange praktikplatsens benämning.")
    require_text(errors, cleaned, "tasks", "Beskriv arbetsuppgifterna.")
    if not cleaned["ssyk"]:
        errors["ssyk"] = "Ange yrke som SSYK-kod."
    elif not ssyk.is_code(cleaned["ssyk"]):
        errors["ssyk"] = "SSYK-koden ska ha fyra siffror, till exempel 5120 (kockar och kallskänkor)."
    check_length(errors, cleaned, Placement)
    level = values.get("swedish_level") or Placement.SwedishLevel.NONE
    if level not in Placement.SwedishLevel.values:
        errors["swedish_level"] = "Välj krav på svenska."
    cleaned["swedish_level"] = level
    cleaned["languages"] = clean_languages(errors, values.get("languages", ()))
    cleaned["driving_licence"] = bool(values.get("driving_licence"))
    cleaned["postcode"] = clean_postcode(errors, values.get("postcode", ""))
    cleaned["starts_on"] = values.get("starts_on")
    cleaned["ends_on"] = values.get("ends_on")
    clean_dates(errors, cleaned["starts_on"], cleaned["ends_on"], end_required=True)
    cleaned["hours_per_week"] = clean_hours(errors, values.get("hours_per_week"))
    supervisor = values.get("supervisor")
    if supervisor is not None and (
        not isinstance(supervisor, EmployerContact) or supervisor.employer_id != employer.pk
    ):
        errors["supervisor"] = "Handledaren ska vara en kontaktperson hos arbetsgivaren."
    elif supervisor is not None and not supervisor.is_supervisor:
        errors["supervisor"] = "Kontaktpersonen är inte markerad som handledare."
    cleaned["supervisor"] = supervisor
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def create_placement(*, actor, employer, unit=None, **values) -> Placement:
    """A new open placement at the employer, kept by `unit` (the actor's own unit in the municipality)."""
    unknown = set(values) - set(PLACEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    require_bank_keeper(actor, employer.municipality_id)
    errors: dict = {}
    unit = owning_unit(actor, employer.municipality, unit, errors)
    try:
        cleaned = _clean_placement(values, employer)
    except ValidationError as error:
        raise ValidationError({**error.message_dict, **{k: [v] for k, v in errors.items()}}) from None
    if errors:
        raise ValidationError(errors)
    if not employer.active:
        raise ValidationError({"employer": "Arbetsgivaren är inte längre aktiv i praktikplatsbanken."})
    placement = Placement.objects.create(
        employer=employer, municipality_id=employer.municipality_id, unit=unit, created_by=actor, **cleaned
    )
    log_change(actor, AuditEvent.Action.CREATE, placement, "Praktikplats tillagd")
    return placement


@transaction.atomic
def withdraw_placement(*, actor, placement: Placement) -> Placement:
    """The employer takes the placement back, while it is open or offered (an offer then is withdrawn too)."""
    require_bank_keeper(actor, placement.municipality_id)
    lock(placement)
    if placement.state not in (S.OPEN, S.OFFERED):
        raise _state_conflict(placement, "återtas")
    today = timezone.localdate()
    for offer in PlacementOffer.objects.select_for_update().filter(placement=placement, status=O.OFFERED):
        offer.status, offer.answered_on = O.WITHDRAWN, today
        offer.save(update_fields=["status", "answered_on"])
    changes = apply(placement, {"state": S.WITHDRAWN})
    placement.save(update_fields=["state"])
    log_change(
        actor, AuditEvent.Action.UPDATE, placement, "Praktikplatsen återtagen av arbetsgivaren", changes
    )
    return placement


@transaction.atomic
def end_placement(*, actor, placement: Placement, outcome: str, ended_on: dt.date | None = None) -> Placement:
    """A filled placement ends, with what it led to. The person's planned hours there end the same day."""
    require_bank_keeper(actor, placement.municipality_id)
    today = timezone.localdate()
    ended_on = ended_on or today
    errors: dict[str, str] = {}
    if outcome not in Placement.Outcome.values:
        errors["outcome"] = "Välj vad praktiken ledde till: anställning, studier eller varken eller."
    if ended_on > today:
        errors["ended_on"] = "En praktik kan inte avslutas i förväg: ange dagens datum eller ett tidigare."
    elif ended_on < placement.starts_on:
        errors["ended_on"] = "Praktiken kan inte avslutas före startdatumet."
    if errors:
        raise ValidationError(errors)
    lock(placement)
    if placement.state != S.FILLED:
        raise _state_conflict(placement, "avslutas (bara en tillsatt praktikplats kan avslutas)")
    changes = apply(placement, {"state": S.ENDED, "outcome": outcome, "ended_on": ended_on})
    placement.save(update_fields=["state", "outcome", "ended_on"])
    for participation in Participation.objects.select_for_update().filter(
        placement=placement, person_id=placement.participant_id
    ):
        if participation.ends_on is None or participation.ends_on > ended_on:
            participation.ends_on = max(ended_on, participation.starts_on)
            participation.save(update_fields=["ends_on"])
    log_change(actor, AuditEvent.Action.UPDATE, placement, "Praktiken avslutad", changes)
    return placement


@transaction.atomic
def record_follow_up(*, actor, placement: Placement, text: str, on: dt.date | None = None) -> Placement:
    """The employer's follow-up of a filled or ended placement: what they said, and when."""
    require_bank_keeper(actor, placement.municipality_id)
    text = (text or "").strip()
    today = timezone.localdate()
    on = on or today
    errors: dict[str, str] = {}
    if not text:
        errors["employer_follow_up"] = "Skriv arbetsgivarens uppföljning."
    check_length(errors, {"employer_follow_up": text}, Placement)
    if on > today:
        errors["followed_up_on"] = "Uppföljningen kan inte vara i framtiden."
    elif on < placement.starts_on:
        errors["followed_up_on"] = "Uppföljningen kan inte vara före praktikens start."
    if errors:
        raise ValidationError(errors)
    lock(placement)
    if placement.state not in (S.FILLED, S.ENDED):
        raise _state_conflict(placement, "följas upp (bara en tillsatt eller avslutad praktik)")
    changes = apply(placement, {"employer_follow_up": text, "followed_up_on": on})
    placement.save(update_fields=["employer_follow_up", "followed_up_on"])
    log_change(actor, AuditEvent.Action.UPDATE, placement, "Arbetsgivarens uppföljning", changes)
    return placement


# --- offers -----------------------------------------------------------------------------------------------------


def clean_explanation(explanation) -> list:
    """The proposal's explanation: a list of catalogue messages, each a text or [msgid, params]."""
    items = list(explanation or ())
    if len(items) > MAX_EXPLANATION:
        raise ValidationError({"explanation": f"Högst {MAX_EXPLANATION} rader i förklaringen."})
    for item in items:
        message = isinstance(item, list | tuple) and len(item) == 2 and isinstance(item[0], str)
        ok = isinstance(item, str) or (message and isinstance(item[1], dict))
        if not ok or len(str(item)) > EXPLANATION_ITEM:
            raise ValidationError(
                {
                    "explanation": "Förklaringen ska vara en lista med meddelanden (text, eller [text, värden]), "
                    f"högst {EXPLANATION_ITEM} tecken vardera."
                }
            )
    return [list(item) if isinstance(item, tuple) else item for item in items]


@transaction.atomic
def offer_placement(
    actor, placement: Placement, person: Person, *, explanation=(), offered_on: dt.date | None = None
) -> PlacementOffer:
    """Offer the open placement to the person (chosen by a person from the proposals, whose explanation is kept)."""
    _require_offerer(actor, person, placement.municipality_id)
    today = timezone.localdate()
    offered_on = offered_on or today
    errors: dict[str, str] = {}
    if person.municipality_id != placement.municipality_id:
        errors["person"] = "Personen hör inte till praktikplatsens kommun."
    if offered_on > today:
        errors["offered_on"] = "Erbjudandet kan inte dateras i framtiden."
    try:
        explanation = clean_explanation(explanation)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    lock(placement)
    if placement.state != S.OPEN:
        if placement.state == S.OFFERED:
            current = placement.offers.filter(status=O.OFFERED).select_related("offered_by").first()
            who = by_whom(current.offered_by, current.created_at) if current else ""
            raise StateConflict(
                f"Praktikplatsen har redan erbjudits{who}. Den kan erbjudas någon annan först när "
                "erbjudandet har besvarats eller tagits tillbaka.",
                field="state",
            )
        raise _state_conflict(placement, "erbjudas (bara en ledig praktikplats kan erbjudas)")
    offer = PlacementOffer.objects.create(
        placement=placement,
        person=person,
        municipality_id=placement.municipality_id,
        offered_on=offered_on,
        explanation=explanation,
        offered_by=actor,
    )
    changes = apply(placement, {"state": S.OFFERED})
    placement.save(update_fields=["state"])
    log_change(
        actor, AuditEvent.Action.CREATE, offer, "Praktikplats erbjuden", {"placement": placement.title}
    )
    log_change(actor, AuditEvent.Action.UPDATE, placement, "Praktikplatsen erbjuden", changes)
    return offer


def _lock_offer(offer: PlacementOffer, wanted: str) -> Placement:
    """Lock the placement, then the offer (always in that order, so two answers never deadlock)."""
    placement = lock(offer.placement)
    lock(offer)
    if offer.status != O.OFFERED:
        raise StateConflict(
            f"Erbjudandet är redan besvarat ({offer.get_status_display().lower()}"
            f"{' ' + offer.answered_on.isoformat() if offer.answered_on else ''}): det kan inte {wanted}.",
            field="status",
        )
    return placement


def _check_answer_date(errors: dict, answered_on: dt.date, offer: PlacementOffer) -> None:
    if answered_on > timezone.localdate():
        errors["answered_on"] = "Svaret kan inte dateras i framtiden."
    elif answered_on < offer.offered_on:
        errors["answered_on"] = "Svaret kan inte vara före erbjudandet."


@transaction.atomic
def accept_offer(*, actor, offer: PlacementOffer, answered_on: dt.date | None = None) -> PlacementOffer:
    """The person says yes: the placement is filled by them, and the placement is put in their week (a
    Participation of kind PLACEMENT with the placement's hours and dates, recorded by the placement's unit)."""
    _require_offerer(actor, offer.person, offer.municipality_id)
    answered_on = answered_on or timezone.localdate()
    errors: dict[str, str] = {}
    _check_answer_date(errors, answered_on, offer)
    if errors:
        raise ValidationError(errors)
    placement = _lock_offer(offer, "tackas ja till")
    if placement.state != S.OFFERED:
        raise _state_conflict(placement, "tillsättas")
    offer.status, offer.answered_on = O.ACCEPTED, answered_on
    offer.save(update_fields=["status", "answered_on"])
    changes = apply(placement, {"state": S.FILLED, "participant": offer.person})
    placement.save(update_fields=["state", "participant"])
    participation = Participation.objects.create(
        person=offer.person,
        municipality_id=placement.municipality_id,
        kind=Participation.Kind.PLACEMENT,
        placement=placement,
        description=placement.title[:300],
        hours_per_week=placement.hours_per_week,
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        unit_id=placement.unit_id,
        created_by=actor,
    )
    changes["participant"]["after"] = str(offer.person.public_id)
    changes["participant"]["before"] = None
    log_change(actor, AuditEvent.Action.UPDATE, offer, "Tackade ja till praktikplats", {"status": "ACCEPTED"})
    log_change(actor, AuditEvent.Action.UPDATE, placement, "Praktikplatsen tillsatt", changes)
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        participation,
        "Praktik inlagd i veckoplanen",
        {"placement": placement.title, "hours_per_week": str(placement.hours_per_week)},
    )
    return offer


@transaction.atomic
def decline_offer(
    *, actor, offer: PlacementOffer, reason: str, answered_on: dt.date | None = None
) -> PlacementOffer:
    """The person says no, with the reason (kept on the offer); the placement is open again."""
    _require_offerer(actor, offer.person, offer.municipality_id)
    reason = (reason or "").strip()
    answered_on = answered_on or timezone.localdate()
    errors: dict[str, str] = {}
    if not reason:
        errors["decline_reason"] = "Skriv varför personen tackade nej."
    check_length(errors, {"decline_reason": reason}, PlacementOffer)
    _check_answer_date(errors, answered_on, offer)
    if errors:
        raise ValidationError(errors)
    placement = _lock_offer(offer, "tackas nej till")
    offer.status, offer.answered_on, offer.decline_reason = O.DECLINED, answered_on, reason
    offer.save(update_fields=["status", "answered_on", "decline_reason"])
    changes = {}
    if placement.state == S.OFFERED:
        changes = apply(placement, {"state": S.OPEN})
        placement.save(update_fields=["state"])
    log_change(actor, AuditEvent.Action.UPDATE, offer, "Tackade nej till praktikplats", {"reason": reason})
    if changes:
        log_change(actor, AuditEvent.Action.UPDATE, placement, "Praktikplatsen ledig igen", changes)
    return offer


@transaction.atomic
def withdraw_offer(*, actor, offer: PlacementOffer) -> PlacementOffer:
    """The offer is taken back before it is answered; the placement is open again."""
    if not may_offer(actor, offer.municipality_id):
        _require_offerer(actor, None, offer.municipality_id)
    if actor is not None and not (
        restrict(actor, Person.objects.filter(pk=offer.person_id)).exists()
        or offer.municipality_id in capabilities(actor).employer_municipality_ids
    ):
        raise PermissionDenied("Du har inte behörighet till personen.")
    placement = _lock_offer(offer, "tas tillbaka")
    offer.status, offer.answered_on = O.WITHDRAWN, timezone.localdate()
    offer.save(update_fields=["status", "answered_on"])
    changes = {}
    if placement.state == S.OFFERED:
        changes = apply(placement, {"state": S.OPEN})
        placement.save(update_fields=["state"])
    log_change(actor, AuditEvent.Action.UPDATE, offer, "Erbjudandet om praktikplats återtaget")
    if changes:
        log_change(actor, AuditEvent.Action.UPDATE, placement, "Praktikplatsen ledig igen", changes)
    return offer
