"""The matching as use cases (issue #5): run it for a municipality, accept a proposal (drafts the contract) or
reject it with a reason. The optimisation itself is in `matching/`, without Django; this module gathers what it
needs in a fixed number of queries, stores the run and its proposals, and writes the audit log.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from etablera.access.audit import log_change, log_changes
from etablera.access.models import AuditEvent
from etablera.housing import matching
from etablera.housing.models import Contract, HousingNeed, HousingUnit, MatchProposal, MatchRun
from etablera.housing.services import _require_housing_staff, create_contract, household_bedroom_need
from etablera.organisation.models import Municipality
from etablera.people.models import HouseholdMember
from etablera.rules import housing as rules
from etablera.transitions import StateConflict, by_whom


def place_bedrooms(unit: HousingUnit) -> int:
    """Bedrooms one place offers: a home for several households shares its bedrooms between them (at least one
    room each)."""
    if unit.capacity <= 1:
        return unit.bedrooms
    return max(1, unit.bedrooms // unit.capacity)


def _waiting(municipality: Municipality, on: dt.date):
    """The open housing needs as matching input, and how many households were left out because they already hold
    an offer (a draft contract). Three queries: needs with households, members with persons, their contracts."""
    open_needs = Q(municipality=municipality, status__in=HousingNeed.OPEN_STATUSES)
    needs = list(
        HousingNeed.objects.filter(open_needs)
        .select_related("household")
        .prefetch_related(
            Prefetch("household__memberships", queryset=HouseholdMember.objects.select_related("person"))
        )
        .order_by("pk")
    )
    contracts = (
        Contract.objects.filter(
            household__housing_need__municipality=municipality,
            household__housing_need__status__in=HousingNeed.OPEN_STATUSES,
        )
        .exclude(status=Contract.Status.CANCELLED)
        .select_related("unit")
        .order_by("start_date", "pk")
    )
    with_offer: set[int] = set()
    home_now: dict[int, HousingUnit] = {}
    for c in contracts:
        if c.status == Contract.Status.DRAFT:
            with_offer.add(c.household_id)
        elif c.start_date <= on and (c.end_date is None or c.end_date >= on):
            home_now[c.household_id] = c.unit  # the newest signed contract wins (ordered by start)
    households = []
    for need in needs:
        if need.household_id in with_offer:
            continue
        household = need.household
        bedrooms = need.bedrooms_override or household_bedroom_need(household, on).bedrooms
        current = need.current_bedrooms
        if current is None and need.household_id in home_now:
            current = place_bedrooms(home_now[need.household_id])
        households.append(
            matching.WaitingHousehold(
                id=need.household_id,
                bedrooms_needed=bedrooms,
                persons=len(household.memberships.all()),
                registered=need.registered_date,
                needs_accessible=need.needs_accessible,
                house_by=need.house_by,
                wishes=frozenset(need.wishes),
                preferred_area=need.preferred_area,
                max_monthly_cost=need.max_monthly_cost,
                # Overcrowded where it lives, or no home at all (current is None): it counts more when housed.
                overcrowded=current is None or current < bedrooms,
                needs_permanent=need.status == HousingNeed.Status.TEMPORARY,
            )
        )
    households_by_id = {need.household_id: need.household for need in needs}
    return households, households_by_id, len(with_offer)


def _free(municipality: Municipality, on: dt.date, horizon_days: int):
    """The homes with a free place from their move-in day to the end of their free period, in two queries. Places
    in HVB, supported and exit housing are placements decided by social services, not the housing queue."""
    latest = on + dt.timedelta(days=horizon_days)
    units_q = (
        HousingUnit.objects.filter(municipality=municipality, is_active=True)
        .exclude(kind__in=HousingUnit.PLACEMENT_KINDS)
        .filter(Q(available_from__isnull=True) | Q(available_from__lte=latest))
        .filter(Q(available_to__isnull=True) | Q(available_to__gte=on))
    )
    units = list(units_q.order_by("pk"))
    booked: dict[int, list[rules.Interval]] = {}
    for unit_id, start, end in (
        Contract.objects.filter(unit__in=units_q)
        .exclude(status=Contract.Status.CANCELLED)
        .exclude(end_date__lt=on)
        .values_list("unit_id", "start_date", "end_date")
    ):
        booked.setdefault(unit_id, []).append((start, end))
    homes = []
    for unit in units:
        start = max(on, unit.available_from) if unit.available_from else on
        period = (start, unit.available_to)
        # Contracts (drafts hold the home too) within the period: the places free all through it.
        inside = [_clip(booked_period, period) for booked_period in booked.get(unit.pk, [])]
        inside = [i for i in inside if i[1] is None or i[0] <= i[1]]
        free = unit.capacity - rules.peak_occupancy(inside)
        if free <= 0:
            continue
        homes.append(
            matching.FreeHome(
                id=unit.pk,
                bedrooms=place_bedrooms(unit),
                monthly_cost=unit.monthly_cost,
                available_from=unit.available_from,
                available_to=unit.available_to,
                accessible=unit.accessible,
                near=frozenset(unit.near),
                area=unit.area,
                free_places=free,
                temporary=unit.is_temporary,
            )
        )
    return homes, {unit.pk: unit for unit in units}


def _clip(interval: rules.Interval, period: rules.Interval) -> rules.Interval:
    """The part of a contract's period inside the home's free period (it may be empty: start after end)."""
    (start, end), (first, last) = interval, period
    if last is None:
        return max(start, first), end
    return max(start, first), last if end is None else min(end, last)


@transaction.atomic
def run_matching(*, actor, municipality: Municipality, on: dt.date | None = None) -> MatchRun:
    """Propose homes for the municipality's waiting households. Earlier proposals still open are superseded; a
    pair the housing officer rejected is not proposed again; households holding an offer are left out. The run
    keeps what the optimum achieves and, beside it, what first come, first served would have."""
    _require_housing_staff(actor, municipality.pk)
    on = on or timezone.localdate()
    terms = matching.Terms.for_date(on)
    households, households_by_id, with_offer = _waiting(municipality, on)
    homes, units_by_id = _free(municipality, on, terms.horizon_days)
    rejected = set(
        MatchProposal.objects.filter(
            run__municipality=municipality, status=MatchProposal.Status.REJECTED
        ).values_list("household_id", "unit_id")
    )
    kw = {"on": on, "excluded": rejected, "horizon_days": terms.horizon_days}
    result = matching.match(households, homes, **kw)
    _pairs, fcfs = matching.first_come_first_served(households, homes, **kw)

    superseded = MatchProposal.objects.filter(
        run__municipality=municipality, status=MatchProposal.Status.PROPOSED
    ).update(status=MatchProposal.Status.SUPERSEDED)
    run = MatchRun.objects.create(
        municipality=municipality,
        created_by=actor,
        on_date=on,
        households=len(households),
        units=len(homes),
        summary={
            "on": on.isoformat(),
            "optimal": result.summary.as_json(),
            "fcfs": fcfs.as_json(),
            "objective": list(result.objective),
            "exact": result.exact,
            "cost_unit": result.cost_unit,
            "wishes_counted": result.wishes_counted,
            "note": result.note,
            "seconds": round(result.seconds, 3),
            "superseded": superseded,
            "rejected_pairs_excluded": len(rejected),
            "households_with_offer": with_offer,
        },
    )
    proposals = MatchProposal.objects.bulk_create(
        [
            MatchProposal(
                run=run,
                household=households_by_id[p.household_id],
                unit=units_by_id[p.home_id],
                move_in=p.move_in,
                on_time=p.on_time,
                explanation=matching.stored(p.explanation),  # codes: shown in the reader's language
            )
            for p in result.proposals
        ]
    )
    s = result.summary
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        run,
        f"Matchning {on.isoformat()}: {len(proposals)} förslag för {len(households)} väntande hushåll, "
        f"{s.housed_on_time} i tid",
        {"proposals": len(proposals), "superseded": superseded, "exact": result.exact},
    )
    log_changes(actor, [_proposal_event(run, proposal) for proposal in proposals])
    return run


def _proposal_event(run: MatchRun, proposal: MatchProposal) -> tuple:
    """The audit event of a new proposal. For a household with a protected identity the home is not named: the
    home's reference leads to its address (the members are prefetched, so this costs no query)."""
    protected = any(m.person.is_protected for m in proposal.household.memberships.all())
    if protected:
        return (
            AuditEvent.Action.CREATE,
            proposal,
            "Matchningsförslag (skyddade personuppgifter: bostaden anges inte)",
            {"run": run.pk, "move_in": proposal.move_in.isoformat()},
            {"protected": True},
        )
    return (
        AuditEvent.Action.CREATE,
        proposal,
        f"Matchningsförslag: bostad {proposal.unit.reference} från {proposal.move_in.isoformat()}",
        {"run": run.pk, "unit": proposal.unit.reference, "move_in": proposal.move_in.isoformat()},
        {"protected": False},
    )


def _locked(proposal: MatchProposal) -> MatchProposal:
    # Not `decided_by`: a proposal decided while this waited for the lock is re-read by PostgreSQL with the joined
    # rows of the first read, where the decider was still NULL; read lazily, the decider is the one of the new row.
    return (
        MatchProposal.objects.select_for_update(of=("self",))
        .select_related("household", "unit", "run__municipality")
        .get(pk=proposal.pk)
    )


def _require_open(proposal: MatchProposal) -> None:
    """Only an open proposal can be decided; the caller holds its row lock, so a decision made a moment ago by
    someone else is seen here and named."""
    S = MatchProposal.Status
    if proposal.status == S.PROPOSED:
        return
    if proposal.status == S.SUPERSEDED:
        raise StateConflict("Förslaget är inte längre öppet: det är ersatt av en nyare matchning.")
    done = {S.ACCEPTED: "accepterat", S.REJECTED: "avböjt"}[proposal.status]
    raise StateConflict(
        f"Förslaget är redan {done}{by_whom(proposal.decided_by, proposal.decided_at)}; "
        "det är inte längre öppet."
    )


@transaction.atomic
def accept_proposal(
    *,
    actor,
    proposal: MatchProposal,
    kind: str,
    start_date: dt.date | None = None,
    payer: str,
    monthly_cost: int | None = None,
) -> MatchProposal:
    """The housing officer takes the proposal: a draft contract (which holds the home) from the proposed move-in
    day unless another is given. The contract's own checks apply (capacity, the 36-month limit, …)."""
    proposal = _locked(proposal)
    _require_housing_staff(actor, proposal.household.municipality_id)
    _require_open(proposal)
    contract = create_contract(
        actor=actor,
        household=proposal.household,
        unit=proposal.unit,
        kind=kind,
        start_date=start_date or proposal.move_in,
        payer=payer,
        monthly_cost=monthly_cost,
        note="Från matchningsförslag",
    )
    proposal.status = MatchProposal.Status.ACCEPTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.contract = contract
    proposal.save(update_fields=["status", "decided_by", "decided_at", "contract"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        proposal,
        f"Matchningsförslag accepterat: utkast till kontrakt för bostad {proposal.unit.reference}",
        {"status": MatchProposal.Status.ACCEPTED, "contract": str(contract.public_id)},
    )
    return proposal


@transaction.atomic
def reject_proposal(*, actor, proposal: MatchProposal, reason: str) -> MatchProposal:
    """The housing officer declines the proposal, saying why; the same household and home are not proposed again."""
    proposal = _locked(proposal)
    _require_housing_staff(actor, proposal.household.municipality_id)
    _require_open(proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reject_reason": "Ange skäl till att förslaget avböjs."})
    max_length = MatchProposal._meta.get_field("reject_reason").max_length
    if len(reason) > max_length:
        raise ValidationError({"reject_reason": f"Skälet får vara högst {max_length} tecken."})
    proposal.status = MatchProposal.Status.REJECTED
    proposal.reject_reason = reason
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "reject_reason", "decided_by", "decided_at"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        proposal,
        f"Matchningsförslag avböjt: bostad {proposal.unit.reference}",
        {"status": MatchProposal.Status.REJECTED, "reason": reason},
    )
    return proposal
