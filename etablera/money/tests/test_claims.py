"""The claim register's services (issue #15): a claim by hand and its validation, its steps and the wrong ones, the
claims Etablera foresees (idempotent, with their deadlines at the edges: the fourth quarter's on 7 January the next
year, a reception on 29 February 2024 twelve months on), who may write, the audit log, and two people changing the
same claim at once (PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.minors.models import ChildCase, Placement
from etablera.money.models import Claim, Entitlement, Kind
from etablera.money.services import claims as services
from etablera.money.services.entitlements import compute
from etablera.money.tests.conftest import receive
from etablera.people.models import Category
from etablera.rules import money as rules
from etablera.rules.deadlines import Deadline
from etablera.testing.concurrency import CONCURRENT, at_once, while_locked
from etablera.testing.factories import PersonFactory, municipality
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db

S = Claim.Status


def concurrent(test):
    for mark in reversed(CONCURRENT):
        test = mark(test)
    return test


def manual(actor, place, **extra):
    values = {
        "kind": Claim.Kind.SPECIAL_COSTS,
        "title": "Särskilda kostnader hösten",
        "deadline": dt.date(2026, 3, 1),
    }
    values.update(extra)
    return services.open_claim(
        actor, place, values.pop("kind"), values.pop("title"), values.pop("deadline"), **values
    )


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def child_placed(place, starts_on, *, ends_on=None, born=dt.date(2010, 6, 1)):
    child = PersonFactory(municipality=place, birth_date=born, category=Category.UNACCOMPANIED_MINOR)
    case = ChildCase.objects.create(person=child, municipality=place)
    return Placement.objects.create(
        case=case,
        kind="HVB",
        provider="HVB Solrosen",
        decided_on=starts_on,
        starts_on=starts_on,
        ends_on=ends_on,
        cost_per_day=2000,
    )


# --- the deadlines at their edges ------------------------------------------------------------------------------------


def test_the_fourth_quarters_claim_is_due_on_7_january_the_next_year():
    deadline = rules.minors_quarter_deadline(dt.date(2024, 10, 1))
    assert deadline.date == dt.date(2025, 1, 7)
    assert rules.minors_quarter_deadline(dt.date(2025, 1, 1)).date == dt.date(2025, 4, 7)
    assert rules.quarter_start(dt.date(2024, 12, 31)) == dt.date(2024, 10, 1)
    assert rules.quarter_start(dt.date(2025, 1, 1)) == dt.date(2025, 1, 1)


def test_a_reception_on_29_february_2024_is_due_twelve_months_on_the_28th():
    assert rules.resettled_initial_deadline(dt.date(2024, 2, 29)).date == dt.date(2025, 2, 28)
    assert rules.resettled_initial_deadline(dt.date(2024, 3, 1)).date == dt.date(2025, 3, 1)


# --- a claim by hand -------------------------------------------------------------------------------------------------


def test_a_claim_by_hand_is_to_apply_for_with_a_deadline_that_says_it_was_entered(olof, nykoping):
    claim = manual(olof, nykoping, amount_claimed=125_000, reference="  1234-56  ")
    assert claim.status == S.TO_APPLY and claim.deadline == dt.date(2026, 3, 1)
    assert claim.reference == "1234-56" and claim.amount_claimed == 125_000 and claim.auto_key is None
    why = Deadline.from_json(claim.deadline_rule)
    assert why.rule == "money.manual" and why.date == claim.deadline and why.status == "local"
    assert "angavs för hand" in why.explanation
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="Claim")
    assert event.actor == olof and event.municipality_code == "0480" and event.object_id == str(claim.pk)


def test_a_claim_by_hand_is_refused_at_each_field_and_nothing_is_saved(olof, nykoping):
    got = errors_of(
        lambda: manual(
            olof,
            nykoping,
            kind="BONUS",
            title="x" * 201,
            deadline=None,
            period_start=dt.date(2025, 6, 30),
            period_end=dt.date(2025, 4, 1),
            amount_claimed=100_000_001,
            reference="R" * 41,
            note="n" * 2001,
        )
    )
    assert got == {
        "kind": ["Välj vilken ersättning ansökan gäller."],
        "title": ["Högst 200 tecken."],
        "deadline": ["Ange sista dag för ansökan."],
        "period_end": ["Perioden kan inte sluta före den börjar."],
        "amount_claimed": ["Beloppet ska vara från 0 till 100 000 000 kronor."],
        "reference": ["Högst 40 tecken."],
        "note": ["Högst 2000 tecken."],
    }
    assert errors_of(lambda: manual(olof, nykoping, title="   ", amount_claimed=-1)) == {
        "title": ["Ange en benämning, till exempel vad och vilken period."],
        "amount_claimed": ["Beloppet ska vara från 0 till 100 000 000 kronor."],
    }
    assert errors_of(lambda: manual(olof, nykoping, period_end=dt.date(2025, 1, 1))) == {
        "period_start": ["Ange när perioden börjar."]
    }
    # The limits themselves are allowed.
    assert manual(olof, nykoping, title="x" * 200, amount_claimed=100_000_000, note="n" * 2000).pk
    assert manual(olof, nykoping, amount_claimed=0).amount_claimed == 0
    assert Claim.objects.count() == 2


def test_only_the_keepers_of_the_money_records_open_a_claim(alice, carol, stina, bob, charlie, nykoping):
    assert manual(alice, nykoping).pk and manual(carol, nykoping).pk
    for reader in (stina, bob, charlie):
        with pytest.raises(PermissionDenied):
            manual(reader, nykoping)
    assert Claim.objects.count() == 2


def test_a_household_of_another_municipality_is_refused(olof, nykoping, enkoping):
    elsewhere = (
        receive(dt.date(1990, 1, 1), dt.date(2025, 1, 10), code="0381").household_memberships.get().household
    )
    assert errors_of(lambda: manual(olof, nykoping, household=elsewhere)) == {
        "household": ["Hushållet hör till en annan kommun."]
    }


# --- its steps -------------------------------------------------------------------------------------------------------


def test_a_claim_goes_step_by_step_to_paid_each_step_with_its_date(olof, nykoping, today):
    claim = manual(olof, nykoping, amount_claimed=50_000)
    assert errors_of(lambda: services.change_status(olof, claim, S.APPLIED)) == {
        "applied_on": ["Ange när ansökan skickades."]
    }
    services.change_status(
        olof, claim, S.APPLIED, applied_on=today - dt.timedelta(days=20), reference="MIG-55"
    )
    assert errors_of(lambda: services.change_status(olof, claim, S.GRANTED, decided_on=today)) == {
        "amount_granted": ["Ange det beviljade beloppet."]
    }
    assert errors_of(
        lambda: services.change_status(olof, claim, S.GRANTED, decided_on=today - dt.timedelta(days=30))
    ) == {
        "decided_on": ["Beslutet kan inte vara före ansökan."],
        "amount_granted": ["Ange det beviljade beloppet."],
    }
    services.change_status(
        olof, claim, S.GRANTED, decided_on=today - dt.timedelta(days=5), amount_granted=48_000
    )
    assert errors_of(
        lambda: services.change_status(olof, claim, S.PAID, paid_on=today + dt.timedelta(days=1))
    ) == {"paid_on": ["Datumet kan inte ligga i framtiden."]}
    services.change_status(olof, claim, S.PAID, paid_on=today)
    claim.refresh_from_db()
    assert (claim.status, claim.amount_claimed, claim.amount_granted, claim.reference) == (
        S.PAID,
        50_000,
        48_000,
        "MIG-55",
    )
    assert claim.applied_on == today - dt.timedelta(days=20) and claim.paid_on == today
    events = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_type="Claim").order_by("pk")
    assert [e.changes["status"] for e in events] == [
        ["TO_APPLY", "APPLIED"],
        ["APPLIED", "GRANTED"],
        ["GRANTED", "PAID"],
    ]
    assert events[1].changes["amount_granted"] == [None, 48_000]


def test_a_step_from_the_wrong_status_is_a_conflict_in_swedish(olof, nykoping, today):
    claim = manual(olof, nykoping)
    with pytest.raises(StateConflict) as caught:
        services.change_status(olof, claim, S.PAID, paid_on=today)
    assert caught.value.detail.startswith(
        "Ansökan har status ”Att söka” och kan inte ändras till ”Utbetald”."
    )
    services.change_status(olof, claim, S.APPLIED, applied_on=today)
    services.change_status(olof, claim, S.REFUSED, decided_on=today, note="Avslag: fel period")
    for status in (S.TO_APPLY, S.APPLIED, S.GRANTED, S.PAID):
        with pytest.raises(StateConflict):
            services.change_status(olof, claim, status, decided_on=today)
    claim.refresh_from_db()
    assert claim.status == S.REFUSED and claim.note == "Avslag: fel period"


def test_the_same_status_edits_the_amounts_reference_and_note(olof, nykoping, today):
    claim = manual(olof, nykoping)
    services.change_status(olof, claim, S.TO_APPLY, amount_claimed=12_000, note="Underlag från HVB")
    claim.refresh_from_db()
    assert (claim.status, claim.amount_claimed, claim.note) == (S.TO_APPLY, 12_000, "Underlag från HVB")
    # A date of a step not reached is refused, not stored.
    assert errors_of(lambda: services.change_status(olof, claim, S.TO_APPLY, paid_on=today)) == {
        "paid_on": ["Datumet anges först när ansökan har kommit så långt."]
    }
    before = AuditEvent.objects.count()
    services.change_status(
        olof, claim, S.TO_APPLY, amount_claimed=12_000
    )  # nothing changes, nothing is logged
    assert AuditEvent.objects.count() == before


def test_a_change_from_a_status_the_caller_no_longer_sees_is_refused(olof, alice, nykoping, today):
    claim = manual(olof, nykoping)
    stale = Claim.objects.get(pk=claim.pk)
    services.change_status(alice, claim, S.APPLIED, applied_on=today)
    with pytest.raises(StateConflict) as caught:
        services.change_status(olof, stale, S.APPLIED, applied_on=today, note="Min anteckning")
    assert "Någon annan har ändrat ansökan" in caught.value.detail and "”Sökt”" in caught.value.detail
    with pytest.raises(StateConflict):
        services.change_status(olof, claim, S.GRANTED, expected_status=S.TO_APPLY, decided_on=today)
    assert Claim.objects.get(pk=claim.pk).note == ""


def test_readers_and_other_municipalities_change_nothing(olof, stina, bob, charlie, nykoping, today):
    claim = manual(olof, nykoping)
    for user in (stina, bob, charlie):
        with pytest.raises(PermissionDenied):
            services.change_status(user, claim, S.APPLIED, applied_on=today)
    assert Claim.objects.get(pk=claim.pk).status == S.TO_APPLY


# --- the claims Etablera foresees ------------------------------------------------------------------------------------


def test_a_quarter_with_placement_days_gets_its_claim_with_the_sum_of_its_lines(olof, nykoping):
    child_placed(nykoping, dt.date(2024, 11, 15))
    child_placed(nykoping, dt.date(2023, 3, 1), ends_on=dt.date(2023, 12, 31))  # before 2024: no claim
    compute(2024, [nykoping.pk])
    created = services.open_foreseen_claims(nykoping, dt.date(2025, 5, 10), actor=olof)
    by_key = {c.auto_key: c for c in created}
    # Q4 2024 and Q1 2025 are over; Q2 2025 is not.
    assert sorted(by_key) == ["minors:2024Q4", "minors:2025Q1"]
    q4 = by_key["minors:2024Q4"]
    assert (q4.period_start, q4.period_end, q4.deadline) == (
        dt.date(2024, 10, 1),
        dt.date(2024, 12, 31),
        dt.date(2025, 1, 7),
    )
    # 16 days in November and 31 in December, at 1 000 kr a day (2024), as the entitlement lines say.
    lines = Entitlement.objects.filter(kind=Kind.MINORS_DAYS, month__gte=dt.date(2024, 10, 1))
    assert q4.amount_claimed == 47 * 1_000 == sum(line.amount for line in lines)
    assert by_key["minors:2025Q1"].amount_claimed is None  # 2025 not computed yet
    why = Deadline.from_json(q4.deadline_rule)
    assert why.rule == "money.minors_quarter" and "2024-10-01–2024-12-31" in why.explanation
    assert q4.kind == Claim.Kind.MINORS_QUARTER and q4.household is None and q4.created_by == olof


def test_opening_again_opens_nothing_and_fills_a_missing_amount(olof, nykoping):
    child_placed(nykoping, dt.date(2025, 1, 20))
    first = services.open_foreseen_claims(nykoping, dt.date(2025, 7, 1), actor=olof)
    assert [c.auto_key for c in first] == ["minors:2025Q1", "minors:2025Q2"]
    assert services.open_foreseen_claims(nykoping, dt.date(2025, 7, 1), actor=olof) == []
    compute(2025, [nykoping.pk])
    assert services.open_foreseen_claims(nykoping, dt.date(2025, 7, 1), actor=olof) == []
    q1 = Claim.objects.get(auto_key="minors:2025Q1")
    assert q1.amount_claimed == (31 - 19) * 1_000 + 28 * 1_000 + 31 * 1_000  # 20 Jan to 31 March
    assert Claim.objects.count() == 2
    assert AuditEvent.objects.filter(
        object_type="Claim", action=AuditEvent.Action.UPDATE, changes__amount_claimed__isnull=False
    ).exists()


def test_no_quarter_after_the_18th_birthday(olof, nykoping):
    child_placed(nykoping, dt.date(2024, 5, 1), born=dt.date(2006, 8, 1))  # 18 on 1 August 2024
    created = services.open_foreseen_claims(nykoping, dt.date(2025, 2, 1), actor=olof)
    assert [c.auto_key for c in created] == ["minors:2024Q2", "minors:2024Q3"]


def test_a_resettled_household_within_two_years_gets_its_initial_costs_claim(olof, nykoping, enkoping):
    leap = receive(dt.date(1985, 4, 2), dt.date(2024, 2, 29), category=Category.RESETTLED)
    household = leap.household_memberships.get().household
    receive(dt.date(2015, 1, 9), dt.date(2024, 2, 29), category=Category.RESETTLED, household=household)
    receive(dt.date(1980, 1, 1), dt.date(2022, 12, 1), category=Category.RESETTLED)  # over two years ago
    receive(
        dt.date(1980, 1, 1), dt.date(2024, 6, 1), category=Category.ASSIGNED_FROM_FACILITY
    )  # not resettled
    receive(dt.date(1980, 1, 1), dt.date(2024, 6, 1), category=Category.RESETTLED, code="0381")  # Enköping's
    created = services.open_foreseen_claims(nykoping, dt.date(2025, 1, 15), actor=olof)
    assert len(created) == 1
    claim = created[0]
    assert claim.kind == Claim.Kind.RESETTLED_INITIAL and claim.household == household
    assert claim.deadline == dt.date(2025, 2, 28) and claim.auto_key == f"resettled:{household.public_id}"
    assert household.name not in claim.title and "2024-02-29" in claim.title
    assert Deadline.from_json(claim.deadline_rule).rule == "money.resettled_initial"
    assert services.open_foreseen_claims(nykoping, dt.date(2025, 1, 20), actor=olof) == []
    assert AuditEvent.objects.filter(
        object_type="Claim", action=AuditEvent.Action.CREATE, household_public_id=household.public_id
    ).exists()


def test_the_resettled_claim_holds_the_households_computed_initial_costs(olof, nykoping):
    adult = receive(dt.date(1985, 4, 2), dt.date(2024, 9, 2), category=Category.RESETTLED)
    compute(2024, [nykoping.pk])
    expected = sum(e.amount for e in Entitlement.objects.filter(kind=Kind.INITIAL_COSTS, person=adult))
    assert expected > 0
    (claim,) = services.open_foreseen_claims(nykoping, dt.date(2024, 12, 1), actor=olof)
    assert claim.amount_claimed == expected


def test_only_the_keepers_open_the_foreseen_claims(stina, charlie, nykoping):
    for user in (stina, charlie):
        with pytest.raises(PermissionDenied):
            services.open_foreseen_claims(nykoping, dt.date(2025, 1, 1), actor=user)
    assert services.open_foreseen_claims(municipality("0480"), dt.date(2025, 1, 1)) == []  # the system may


# --- two at once (PostgreSQL; at the end of the module: these leave the tables empty until it is done) ------------


def _apply(user, claim, day):
    return services.change_status(user, claim, S.APPLIED, applied_on=day, note=user.username)


@concurrent
def test_two_people_mark_the_same_claim_applied_at_once_one_is_refused(olof, alice, nykoping, today):
    claim = manual(olof, nykoping)
    # Both read the claim (to apply) before either writes, as two open pages do.
    seen_by_olof, seen_by_alice = Claim.objects.get(pk=claim.pk), Claim.objects.get(pk=claim.pk)
    results = at_once(lambda: _apply(olof, seen_by_olof, today), lambda: _apply(alice, seen_by_alice, today))
    refused = [r for r in results if isinstance(r, StateConflict)]
    assert len(refused) == 1 and "Någon annan har ändrat ansökan" in refused[0].detail, results
    winner = next(r for r in results if isinstance(r, Claim))
    claim.refresh_from_db()
    assert claim.status == S.APPLIED and claim.note == winner.note
    assert AuditEvent.objects.filter(object_type="Claim", action=AuditEvent.Action.UPDATE).count() == 1


@concurrent
def test_the_second_waits_for_the_row_lock_and_sees_the_first_change(olof, alice, nykoping, today):
    claim = manual(olof, nykoping)
    seen_by_alice = Claim.objects.get(pk=claim.pk)
    first, second, waited = while_locked(
        claim,
        lambda: _apply(olof, Claim.objects.get(pk=claim.pk), today),
        lambda: _apply(alice, seen_by_alice, today),
    )
    assert waited, "the second change did not wait for the row lock"
    assert isinstance(first, Claim) and isinstance(second, StateConflict), (first, second)
    assert "”Sökt”" in second.detail
    assert Claim.objects.get(pk=claim.pk).note == "olof"


@concurrent
def test_the_foreseen_claims_opened_twice_at_once_are_there_once(olof, alice, nykoping):
    child_placed(nykoping, dt.date(2025, 1, 20))

    def run(user):
        return services.open_foreseen_claims(municipality("0480"), dt.date(2025, 7, 1), actor=user)

    results = at_once(lambda: run(olof), lambda: run(alice))
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sorted(len(r) for r in results) in ([0, 2], [1, 1])
    assert Claim.objects.filter(municipality=nykoping).count() == 2
