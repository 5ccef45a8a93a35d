"""The reconciliation (money/selectors_payments.py), held to hand-computed amounts: expected from compute() for two
persons received in Nyköping, the payments of a year against it — a month without a payment shows as missing, an
extra payment as more, a repayment counts against its month — the sums that reconcile, the per-person counts
where payments name persons, and a fixed number of queries whatever the size.

Amounts (förordning 2010:1122; rules/parameters.py "money.schablon"): both are received before 2025, so the
schablon is 165 000 kr under 65, in 24 instalments of 165 000 / 24 = 6 875 kr from the month after reception.
A, received 14 March 2023: April 2023 – March 2025, so every month of 2024. B, received 31 January 2024: from
February 2024. Expected in 2024: January 6 875, February–December 13 750 a month, 23 × 6 875 = 158 125 in all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum

from etablera.money.models import Entitlement, Kind, Payment
from etablera.money.selectors_payments import MISSING, MORE, reconciliation
from etablera.money.services.entitlements import compute
from etablera.money.tests.conftest import receive
from etablera.testing.factories import municipality

pytestmark = pytest.mark.django_db

STEP = 6875  # 165 000 / 24


@pytest.fixture
def persons(nykoping):
    a = receive(dt.date(1990, 5, 17), dt.date(2023, 3, 14))
    b = receive(dt.date(1985, 1, 1), dt.date(2024, 1, 31))
    receive(dt.date(1988, 2, 2), dt.date(2023, 6, 1), code="0381")  # Enköping's: not in Nyköping's figures
    compute(2024, [nykoping.pk, municipality("0381").pk])
    return a, b


def pay(place, month: int, amount: int, kind=Kind.SCHABLON, person=None):
    return Payment.objects.create(
        municipality=place,
        kind=kind,
        month=dt.date(2024, month, 1),
        paid_on=dt.date(2024, month, 25),
        amount=amount,
        person=person,
    )


@pytest.fixture
def year_paid(nykoping, persons):
    """January for A alone, February–November for both (May and June per person, August paid too much and a
    repayment), nothing in December, and 500 kr of something else in March."""
    a, b = persons
    pay(nykoping, 1, STEP)
    for month in (2, 3, 4, 7, 9, 10, 11):
        pay(nykoping, month, 2 * STEP)
    pay(nykoping, 5, STEP, person=a)
    pay(nykoping, 5, STEP, person=b)
    pay(nykoping, 6, STEP, person=a)  # B's June is not paid
    pay(nykoping, 8, 3 * STEP)
    pay(nykoping, 8, -STEP)  # the repayment
    pay(nykoping, 3, 500, kind=Kind.OTHER)
    pay(municipality("0381"), 12, 99_999)  # Enköping's payment
    return a, b


def test_the_expected_amounts_are_the_hand_computed_ones(nykoping, persons):
    data = reconciliation(nykoping.pk, 2024)
    expected = {line.month.month: line.expected for line in data.lines if line.kind == Kind.SCHABLON}
    assert expected == {1: STEP, **{month: 2 * STEP for month in range(2, 13)}}
    assert data.total.expected == 23 * STEP == 158_125


def test_expected_received_and_difference_per_month_and_kind(nykoping, year_paid):
    data = reconciliation(nykoping.pk, 2024)
    got = {
        (line.month.month, line.kind): (line.expected, line.received, line.difference) for line in data.lines
    }
    assert got[1, Kind.SCHABLON] == (STEP, STEP, 0)
    assert got[5, Kind.SCHABLON] == (2 * STEP, 2 * STEP, 0)
    assert got[6, Kind.SCHABLON] == (2 * STEP, STEP, -STEP)
    assert got[8, Kind.SCHABLON] == (2 * STEP, 2 * STEP, 0)  # paid too much, then repaid
    assert got[12, Kind.SCHABLON] == (2 * STEP, 0, -2 * STEP)  # no payment at all: missing
    assert got[3, Kind.OTHER] == (0, 500, 500)
    assert len(got) == 13
    # In the table's order: by month, then by kind.
    assert [(line.month.month, line.kind) for line in data.lines][:4] == [
        (1, Kind.SCHABLON),
        (2, Kind.SCHABLON),
        (3, Kind.SCHABLON),
        (3, Kind.OTHER),
    ]


def test_the_differences_are_listed_with_their_sign(nykoping, year_paid):
    data = reconciliation(nykoping.pk, 2024)
    assert [(line.month.month, line.kind, line.difference, line.sign) for line in data.differences] == [
        (3, Kind.OTHER, 500, MORE),
        (6, Kind.SCHABLON, -STEP, MISSING),
        (12, Kind.SCHABLON, -2 * STEP, MISSING),
    ]
    assert data.missing_total == 3 * STEP == 20_625
    assert data.more_total == 500


def test_the_sums_reconcile(nykoping, year_paid):
    data = reconciliation(nykoping.pk, 2024)
    in_year = {"municipality": nykoping, "month__year": 2024}
    assert data.total.expected == Entitlement.objects.filter(**in_year).aggregate(s=Sum("amount"))["s"]
    assert data.total.received == Payment.objects.filter(**in_year).aggregate(s=Sum("amount"))["s"]
    assert data.total.received == 158_125 - 3 * STEP + 500 == 138_000
    assert data.total.difference == data.more_total - data.missing_total == -20_125
    assert sum(t.expected for t in data.totals) == data.total.expected
    assert sum(t.received for t in data.totals) == data.total.received
    assert [(t.kind, t.expected, t.received) for t in data.totals] == [
        (Kind.SCHABLON, 158_125, 137_500),
        (Kind.OTHER, 0, 500),
    ]


def test_per_person_differences_are_counted_where_payments_name_persons(nykoping, year_paid):
    persons = reconciliation(nykoping.pk, 2024).persons
    # May and June name persons: A is paid both months, B only May (June missing).
    assert (persons.compared, persons.balanced, persons.missing, persons.more) == (2, 1, 1, 0)
    assert (persons.missing_amount, persons.more_amount) == (STEP, 0)


def test_nothing_to_compare_per_person_without_named_payments(nykoping, persons):
    pay(nykoping, 1, STEP)
    assert reconciliation(nykoping.pk, 2024).persons.compared == 0


def test_another_year_and_another_municipality_are_apart(nykoping, enkoping, year_paid):
    assert reconciliation(nykoping.pk, 2023).lines == []
    enkoping_lines = reconciliation(enkoping.pk, 2024).lines
    assert {line.received for line in enkoping_lines if line.month.month == 12} == {99_999}


def test_a_fixed_number_of_queries_whatever_the_size(nykoping, year_paid, django_assert_num_queries):
    with django_assert_num_queries(4):
        reconciliation(nykoping.pk, 2024)
    for _ in range(12):
        receive(dt.date(1970, 1, 1), dt.date(2023, 5, 5))
    compute(2024, [nykoping.pk])
    a, b = year_paid
    for month in range(1, 13):
        pay(nykoping, month, STEP, person=a)
        pay(nykoping, month, 1, kind=Kind.INITIAL_COSTS)
    with django_assert_num_queries(4):
        data = reconciliation(nykoping.pk, 2024)
    assert data.persons.compared > 2
