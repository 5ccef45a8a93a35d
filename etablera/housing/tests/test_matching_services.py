"""Running the matching for a municipality, accepting and rejecting its proposals (matching_services)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.access.models import AuditEvent
from etablera.housing import services
from etablera.housing.matching import reason_texts
from etablera.housing.matching_services import accept_proposal, reject_proposal, run_matching
from etablera.housing.models import Contract, HousingUnit, MatchProposal
from etablera.testing.factories import HouseholdFactory, HousingUnitFactory


def need(household, actor, **kw):
    return services.set_housing_need(actor=actor, household=household, **kw)


def only(run) -> MatchProposal:
    proposals = list(run.proposals.all())
    assert len(proposals) == 1, proposals
    return proposals[0]


def test_it_proposes_the_free_flat_for_the_waiting_family(hanna, family, flat, nykoping, today):
    need(family, hanna, house_by=today + dt.timedelta(days=30), wishes=["SCHOOL"])
    run = run_matching(actor=hanna, municipality=nykoping)
    proposal = only(run)
    assert (proposal.household, proposal.unit, proposal.move_in) == (family, flat, today)
    assert proposal.on_time and proposal.status == MatchProposal.Status.PROPOSED
    # Stored as codes and parameters, said in the reader's language when shown.
    assert proposal.explanation[0] == {
        "code": "rooms",
        "params": {"persons": 4, "needed": 2, "bedrooms": 2, "empty": 0},
    }
    sentences = reason_texts(proposal.explanation)
    assert sentences[0] == "4 personer: 2 sovrum behövs, 2 finns"
    assert f"Inflyttning {today.isoformat()}, före sista dag för bostad" in sentences[1]
    assert "Hyra 8 500 kr/mån" in sentences
    assert "Önskemål: nära skola – inte uppfyllt" in sentences
    assert (run.households, run.units, run.on_date, run.created_by) == (1, 1, today, hanna)
    assert run.summary["optimal"]["housed_on_time"] == 1
    assert run.summary["fcfs"]["housed"] == 1
    assert run.summary["exact"] is True
    assert AuditEvent.objects.filter(object_type="MatchRun", actor=hanna, action="CREATE").count() == 1
    event = AuditEvent.objects.get(object_type="MatchProposal")
    assert event.household_public_id == family.public_id
    assert "NH-1001" in event.summary


def test_reception_staff_may_run_it_but_not_sfi_or_another_municipality(
    alice, bob, charlie, family, flat, nykoping
):
    need(family, alice)
    assert run_matching(actor=alice, municipality=nykoping).proposals.count() == 1
    for outsider in (bob, charlie):
        with pytest.raises(PermissionDenied):
            run_matching(actor=outsider, municipality=nykoping)


def test_it_needs_enough_bedrooms_by_the_norm_or_the_assessment(hanna, family, nykoping):
    HousingUnitFactory(municipality=nykoping, rooms=2, bedrooms=1)
    need(family, hanna)
    assert run_matching(actor=hanna, municipality=nykoping).proposals.count() == 0
    need(
        family,
        hanna,
        bedrooms_override=1,
        bedrooms_override_reason="Barnen sover hos föräldrarna enligt önskemål",
    )
    assert run_matching(actor=hanna, municipality=nykoping).proposals.count() == 1


def test_overcrowded_and_homeless_households_go_first(hanna, nykoping, flat):
    crowded = HouseholdFactory.with_members([35, 33, 5], municipality=nykoping)
    housed_enough = HouseholdFactory.with_members([35, 33, 5], municipality=nykoping)
    need(crowded, hanna, reason="OVERCROWDED", current_bedrooms=1)
    need(housed_enough, hanna, reason="OTHER", current_bedrooms=2)
    proposal = only(run_matching(actor=hanna, municipality=nykoping))
    assert proposal.household == crowded
    assert "Hushållet är trångbott eller saknar bostad i dag och går före" in reason_texts(
        proposal.explanation
    )


def test_occupied_and_inactive_homes_and_placements_are_not_offered(hanna, family, flat, nykoping, today):
    need(family, hanna)
    other = HouseholdFactory.with_members([30], municipality=nykoping)
    services.create_contract(
        actor=hanna,
        household=other,
        unit=flat,
        kind="FIRST_HAND",
        start_date=today,
        payer="HOUSEHOLD",
        sign=True,
    )
    HousingUnitFactory(municipality=nykoping, rooms=3, bedrooms=2, is_active=False)
    HousingUnitFactory(municipality=nykoping, kind="HVB", rooms=8, bedrooms=8, capacity=8)
    HousingUnitFactory(
        municipality=nykoping, rooms=3, bedrooms=2, available_from=today + dt.timedelta(days=91)
    )
    run = run_matching(actor=hanna, municipality=nykoping)
    assert run.proposals.count() == 0 and run.units == 0


def test_a_home_for_several_households_offers_its_free_places(hanna, nykoping, today):
    shared = HousingUnitFactory(municipality=nykoping, kind="TRANSITIONAL", rooms=3, bedrooms=3, capacity=3)
    singles = [HouseholdFactory.with_members([25 + i], municipality=nykoping) for i in range(4)]
    services.create_contract(
        actor=hanna,
        household=singles[0],
        unit=shared,
        kind="TEMPORARY",
        start_date=today,
        payer="MUNICIPALITY",
    )
    for single in singles[1:]:
        need(single, hanna)
    run = run_matching(actor=hanna, municipality=nykoping)
    assert sorted(p.unit_id for p in run.proposals.all()) == [shared.pk, shared.pk]
    assert run.summary["optimal"]["places"] == 2


def test_homes_and_needs_of_another_municipality_are_left_out(hanna, family, nykoping, enkoping):
    HousingUnitFactory(municipality=enkoping, rooms=3, bedrooms=2)
    need(family, hanna)
    need(HouseholdFactory.with_members([30], municipality=enkoping), None)
    run = run_matching(actor=hanna, municipality=nykoping)
    assert (run.households, run.units, run.proposals.count()) == (1, 0, 0)


def test_a_new_run_supersedes_the_open_proposals(hanna, family, flat, nykoping):
    need(family, hanna)
    first = only(run_matching(actor=hanna, municipality=nykoping))
    second = only(run_matching(actor=hanna, municipality=nykoping))
    first.refresh_from_db()
    assert first.status == MatchProposal.Status.SUPERSEDED
    assert second.status == MatchProposal.Status.PROPOSED
    assert second.run.summary["superseded"] == 1


def test_accepting_drafts_the_contract_and_holds_the_home(hanna, family, flat, nykoping, today):
    need(family, hanna)
    proposal = only(run_matching(actor=hanna, municipality=nykoping))
    accepted = accept_proposal(actor=hanna, proposal=proposal, kind="SECOND_HAND", payer="HOUSEHOLD")
    proposal.refresh_from_db()
    assert proposal.status == MatchProposal.Status.ACCEPTED and proposal.decided_by == hanna
    assert proposal.decided_at is not None and accepted.contract == proposal.contract
    contract = proposal.contract
    assert (contract.status, contract.household, contract.unit) == (Contract.Status.DRAFT, family, flat)
    assert (contract.start_date, contract.monthly_cost, contract.kind) == (today, 8500, "SECOND_HAND")
    assert AuditEvent.objects.filter(object_type="MatchProposal", action="UPDATE").count() == 1
    # The family holds an offer and the flat is held by the draft: neither is matched again.
    again = run_matching(actor=hanna, municipality=nykoping)
    assert again.proposals.count() == 0
    assert (again.households, again.units, again.summary["households_with_offer"]) == (0, 0, 1)
    proposal.refresh_from_db()
    assert proposal.status == MatchProposal.Status.ACCEPTED  # an accepted proposal is not superseded
    with pytest.raises(ValidationError) as raised:
        accept_proposal(actor=hanna, proposal=proposal, kind="SECOND_HAND", payer="HOUSEHOLD")
    assert "inte längre öppet" in raised.value.message_dict["status"][0]


def test_accepting_with_another_start_and_cost(hanna, family, flat, nykoping, today):
    need(family, hanna)
    proposal = only(run_matching(actor=hanna, municipality=nykoping))
    later = today + dt.timedelta(days=14)
    accept_proposal(
        actor=hanna,
        proposal=proposal,
        kind="TEMPORARY",
        start_date=later,
        payer="MUNICIPALITY",
        monthly_cost=9000,
    )
    contract = MatchProposal.objects.get(pk=proposal.pk).contract
    assert (contract.start_date, contract.monthly_cost) == (later, 9000)
    assert contract.end_date is not None  # a temporary contract gets its planned end from the rules


def test_accepting_checks_the_contract_like_any_other(hanna, family, flat, nykoping):
    need(family, hanna)
    proposal = only(run_matching(actor=hanna, municipality=nykoping))
    with pytest.raises(ValidationError) as raised:
        accept_proposal(actor=hanna, proposal=proposal, kind="NONSENSE", payer="HOUSEHOLD")
    assert "kind" in raised.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == MatchProposal.Status.PROPOSED and proposal.contract is None


def test_rejecting_needs_a_reason_and_the_pair_is_not_proposed_again(hanna, family, flat, nykoping):
    need(family, hanna)
    proposal = only(run_matching(actor=hanna, municipality=nykoping))
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as raised:
            reject_proposal(actor=hanna, proposal=proposal, reason=blank)
        assert raised.value.message_dict == {"reject_reason": ["Ange skäl till att förslaget avböjs."]}
    reject_proposal(actor=hanna, proposal=proposal, reason="Hushållet tackade nej: för långt från skolan")
    proposal.refresh_from_db()
    assert proposal.status == MatchProposal.Status.REJECTED and proposal.decided_by == hanna
    assert proposal.reject_reason == "Hushållet tackade nej: för långt från skolan"
    again = run_matching(actor=hanna, municipality=nykoping)
    assert again.proposals.count() == 0 and again.summary["rejected_pairs_excluded"] == 1
    # Another home for the family is proposed all the same.
    second = HousingUnitFactory(municipality=nykoping, rooms=3, bedrooms=2)
    assert only(run_matching(actor=hanna, municipality=nykoping)).unit == second
    with pytest.raises(ValidationError):
        reject_proposal(actor=hanna, proposal=proposal, reason="En gång till")


def test_only_housing_staff_decide_on_proposals(hanna, bob, charlie, family, flat, nykoping):
    need(family, hanna)
    proposal = only(run_matching(actor=hanna, municipality=nykoping))
    for outsider in (bob, charlie):
        with pytest.raises(PermissionDenied):
            accept_proposal(actor=outsider, proposal=proposal, kind="SECOND_HAND", payer="HOUSEHOLD")
        with pytest.raises(PermissionDenied):
            reject_proposal(actor=outsider, proposal=proposal, reason="Nej")
    proposal.refresh_from_db()
    assert proposal.status == MatchProposal.Status.PROPOSED


def _queries(actor, municipality) -> int:
    with CaptureQueriesContext(connection) as captured:
        run_matching(actor=actor, municipality=municipality)
    return len(captured.captured_queries)


def test_a_run_costs_the_same_number_of_queries_however_many_households_and_homes(hanna, nykoping, today):
    def add(n: int) -> None:
        for i in range(n):
            household = HouseholdFactory.with_members([30 + i, 28, 4], municipality=nykoping)
            need(household, hanna, wishes=["SFI"])
            HousingUnitFactory(municipality=nykoping, rooms=3, bedrooms=2, near=["SFI"])
        temporary = HouseholdFactory.with_members([40], municipality=nykoping)
        hotel = HousingUnitFactory(municipality=nykoping, kind=HousingUnit.Kind.HOTEL, rooms=1, bedrooms=1)
        services.create_contract(
            actor=hanna,
            household=temporary,
            unit=hotel,
            kind="PER_NIGHT",
            start_date=today - dt.timedelta(days=10),
            payer="MUNICIPALITY",
            sign=True,
        )
        need(temporary, hanna)

    add(1)
    small = _queries(hanna, nykoping)
    add(6)
    assert _queries(hanna, nykoping) == small
    # The seven homeless families get the seven flats; the hotel guests, housed well enough for now, wait.
    assert MatchProposal.objects.filter(status="PROPOSED").count() == 7


def test_a_proposal_for_a_protected_household_is_logged_as_protected_without_the_home(
    hanna, family, flat, nykoping
):
    from etablera.people.models import Person, ProtectedIdentity

    need(family, hanna)
    Person.objects.filter(household_memberships__household=family).update(
        protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION
    )
    run_matching(actor=hanna, municipality=nykoping)
    event = AuditEvent.objects.get(object_type="MatchProposal")
    assert event.protected is True
    assert "NH-1001" not in event.summary and "unit" not in event.changes
