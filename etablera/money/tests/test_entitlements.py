"""The year's entitlements, computed set-based in SQL, held to hand-computed amounts and to rules/money.py line by
line: the age band changing in a birthday month, reception on the 1st and the 31st, 1 July 2024, a move within 24
months, an estimated year, the minors' days, and sums that reconcile."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.money.models import Entitlement, Kind, Rate, Relocation
from etablera.money.services.entitlements import compute
from etablera.money.tests.conftest import receive
from etablera.people.models import Category
from etablera.rules import money as rules

pytestmark = pytest.mark.django_db


def lines(person, kind=Kind.SCHABLON):
    return list(Entitlement.objects.filter(person=person, kind=kind).order_by("month"))


def compute_years(*years, ids=None):
    for year in years:
        compute(year, ids)


def test_instalments_start_the_month_after_reception_and_sum_to_the_years_amount():
    person = receive(dt.date(1990, 5, 17), dt.date(2023, 3, 14))
    compute_years(2023, 2024, 2025)
    got = lines(person)
    assert len(got) == 24
    assert got[0].month == dt.date(2023, 4, 1) and got[-1].month == dt.date(2025, 3, 1)
    assert [g.instalment for g in got] == list(range(1, 25))
    assert sum(g.amount for g in got) == 165_000  # 2023's amount under 66, to the krona
    assert {g.amount for g in got} == {6875}


def test_reception_on_the_first_and_the_last_day_of_a_month_start_in_the_same_month():
    first = receive(dt.date(1985, 1, 1), dt.date(2024, 1, 1))
    last = receive(dt.date(1985, 1, 1), dt.date(2024, 1, 31))
    compute_years(2024)
    assert lines(first)[0].month == lines(last)[0].month == dt.date(2024, 2, 1)
    assert len(lines(first)) == len(lines(last)) == 11  # February to December 2024


def test_the_band_changes_with_the_age_at_the_end_of_the_month_before_payment():
    # Turns 66 on 15 March 2025. The March instalment goes by the age at the end of February (65: the higher
    # amount); April's by the end of March (66: the lower).
    person = receive(dt.date(1959, 3, 15), dt.date(2024, 1, 10))
    compute_years(2025)
    by_month = {g.month: g for g in lines(person)}
    assert by_month[dt.date(2025, 3, 1)].band == "UNDER"
    assert by_month[dt.date(2025, 3, 1)].amount == 165_000 * 14 // 24 - 165_000 * 13 // 24 == 6875
    april = by_month[dt.date(2025, 4, 1)]
    assert april.band == "OVER" and april.rate == 92_600
    assert april.amount == 92_600 * 15 // 24 - 92_600 * 14 // 24 == 3859


def test_the_sql_gives_the_rules_answer_line_by_line():
    people = [
        receive(dt.date(1959, 11, 30), dt.date(2023, 12, 31)),
        receive(dt.date(1958, 2, 28), dt.date(2022, 6, 1)),
        receive(dt.date(2004, 2, 29), dt.date(2024, 2, 29)),
        receive(dt.date(1990, 1, 1), dt.date(2021, 12, 15), category=Category.SELF_SETTLED),
    ]
    compute_years(2021, 2022, 2023, 2024, 2025, 2026)
    for person in people:
        received_on = person.household_memberships.get().household.reception_cases.get().arrival_date
        amounts = rules.schablon_instalments(person.birth_date, received_on, _amounts(received_on))
        got = [(g.instalment, g.month, g.band, g.amount) for g in lines(person)]
        assert got == [(i.number, i.month, i.band, i.amount) for i in amounts]


def _amounts(on):
    from etablera.rules.parameters import parameter_value

    return parameter_value("money.schablon", on)


@pytest.mark.parametrize(
    ("received_on", "category", "birth", "expected"),
    [
        (dt.date(2024, 6, 30), Category.ASSIGNED_FROM_FACILITY, dt.date(2010, 1, 1), None),  # the day before
        (
            dt.date(2024, 7, 1),
            Category.ASSIGNED_FROM_FACILITY,
            dt.date(2010, 1, 1),
            9_999,
        ),  # 17,45 % of 57 300
        (dt.date(2024, 7, 1), Category.RESETTLED, dt.date(2004, 7, 1), 19_998),  # 20 that day: 34,90 %
        (dt.date(2024, 7, 1), Category.RESETTLED, dt.date(2004, 7, 2), 9_999),  # 20 the day after: under 20
        (dt.date(2024, 7, 1), Category.ASSIGNED_FROM_FACILITY, dt.date(1958, 7, 1), 12_503),  # 66: 21,82 %
        (dt.date(2024, 7, 1), Category.SELF_SETTLED, dt.date(2010, 1, 1), 3_003),  # 5,24 %
        (dt.date(2024, 7, 1), Category.SELF_SETTLED, dt.date(1980, 1, 1), 4_000),  # 6,98 %
        (dt.date(2024, 7, 1), Category.SELF_SETTLED, dt.date(1950, 1, 1), None),  # no share at 66 and over
        (dt.date(2024, 7, 1), Category.FAMILY_REUNIFICATION, dt.date(1980, 1, 1), None),
    ],
)
def test_initial_costs_from_1_july_2024(received_on, category, birth, expected):
    person = receive(birth, received_on, category=category)
    compute_years(2024)
    got = lines(person, Kind.INITIAL_COSTS)
    assert [g.amount for g in got] == ([expected] if expected else [])
    if expected:
        assert got[0].month == dt.date(2024, 8, 1) and got[0].rate == 57_300
        share = rules.initial_costs_share(category, birth, received_on)
        assert got[0].share == share and rules.share_of(57_300, share) == expected


def test_a_move_within_24_months_sends_the_later_instalments_to_the_new_municipality(nykoping, enkoping):
    person = receive(dt.date(1990, 5, 17), dt.date(2024, 1, 15))
    Relocation.objects.create(
        person=person, from_municipality=nykoping, to_municipality=enkoping, moved_on=dt.date(2024, 9, 10)
    )
    compute_years(2024, 2025, 2026, ids=[nykoping.pk])
    got = lines(person)
    assert len(got) == 24
    assert {g.month for g in got if g.municipality_id == nykoping.pk} == {
        dt.date(2024, m, 1) for m in range(2, 10)
    }  # February to September: the month of the move is still Nyköping's
    assert all(g.municipality_id == enkoping.pk for g in got if g.month >= dt.date(2024, 10, 1))
    assert all(g.received_in_id == nykoping.pk for g in got)
    # Enköping's own computation gives the same lines (the person moved there), not a second set.
    compute_years(2024, 2025, 2026, ids=[enkoping.pk])
    assert len(lines(person)) == 24


def test_a_move_after_24_months_changes_nothing(nykoping, enkoping):
    person = receive(dt.date(1990, 5, 17), dt.date(2023, 1, 15))
    Relocation.objects.create(
        person=person, from_municipality=nykoping, to_municipality=enkoping, moved_on=dt.date(2025, 1, 20)
    )
    compute_years(2023, 2024, 2025)
    assert {g.municipality_id for g in lines(person)} == {nykoping.pk}


def test_a_year_without_its_amount_is_estimated_until_an_administrator_enters_it(carol):
    person = receive(dt.date(1990, 5, 17), dt.date(2025, 3, 1))
    compute_years(2025)
    got = lines(person)
    assert got and all(g.estimated and g.rate == 165_000 for g in got)
    Rate.objects.create(
        key=Rate.Key.SCHABLON,
        effective_from=dt.date(2025, 1, 1),
        value={"under": 170_400, "over": 95_600},
        source="Förordning (2010:1122) 11 § (testvärde)",
        entered_by=carol,
    )
    compute_years(2025)
    got = lines(person)
    assert got and not any(g.estimated for g in got) and {g.rate for g in got} == {170_400}


def test_recomputing_is_idempotent_and_one_municipality_leaves_the_others_alone(nykoping, enkoping):
    here = receive(dt.date(1990, 5, 17), dt.date(2024, 1, 15))
    there = receive(dt.date(1980, 5, 17), dt.date(2024, 2, 15), code="0381")
    compute_years(2024)
    before = sorted(Entitlement.objects.values_list("person_id", "month", "amount", "municipality_id"))
    compute(2024, [nykoping.pk])
    compute(2024)
    assert (
        sorted(Entitlement.objects.values_list("person_id", "month", "amount", "municipality_id")) == before
    )
    assert lines(here) and lines(there)


def test_the_years_sum_is_the_sum_of_its_explained_lines(nykoping):
    for year in (2022, 2023, 2024):
        receive(dt.date(1970, 3, 3), dt.date(year, 5, 5))
        receive(dt.date(1950, 3, 3), dt.date(year, 5, 5), category=Category.SELF_SETTLED)
    result = compute(2024, [nykoping.pk])
    rows = Entitlement.objects.filter(municipality=nykoping, month__year=2024)
    assert sum(result.amounts.values()) == sum(r.amount for r in rows)
    assert result.lines[Kind.SCHABLON] == rows.filter(kind=Kind.SCHABLON).count()


def test_unaccompanied_minors_days_at_the_years_rate_until_the_18th_birthday(nykoping):
    from etablera.minors.models import ChildCase, Placement

    child = receive(dt.date(2006, 2, 10), dt.date(2023, 5, 1), category=Category.UNACCOMPANIED_MINOR)
    case = ChildCase.objects.create(person=child, municipality=nykoping)
    Placement.objects.create(
        case=case,
        kind="HVB",
        provider="Påhittade HVB",
        decided_on=dt.date(2023, 11, 1),
        starts_on=dt.date(2023, 11, 20),
        cost_per_day=2500,
    )
    compute_years(2023, 2024)
    got = {(g.month, g.days, g.rate, g.amount) for g in lines(child, Kind.MINORS_DAYS)}
    assert got == {
        (dt.date(2023, 11, 1), 11, 1_350, 14_850),
        (dt.date(2023, 12, 1), 31, 1_350, 41_850),
        (dt.date(2024, 1, 1), 31, 1_000, 31_000),
        (dt.date(2024, 2, 1), 9, 1_000, 9_000),  # 18 on 10 February: the 1st to the 9th
    }
    assert all(g.municipality_id == nykoping.pk for g in lines(child, Kind.MINORS_DAYS))
