"""The housing rules: crowding norm, contract periods (36-month limit), occupancy and age transitions."""

import datetime as dt

import pytest

from etablera.rules import housing as rules

ON = dt.date(2026, 12, 1)


def born(age: int) -> dt.date:
    return dt.date(ON.year - age, 6, 1)


@pytest.mark.parametrize(
    ("ages", "bedrooms"),
    [
        ([30], 1),
        ([30, 28], 1),
        ([30, 2], 2),  # a child does not share with an adult (local policy)
        ([40, 38, 9, 2], 2),
        ([40, 38, 12, 9, 2], 3),
        ([40, 38, 16, 14, 12, 9, 2], 4),
        ([45, 20, 19], 2),  # three adults: at most two per bedroom
        ([17], 1),  # an unaccompanied minor alone
    ],
)
def test_bedrooms_needed_by_the_norm(ages, bedrooms):
    need = rules.bedrooms_needed([born(a) for a in ages], ON)
    assert need.bedrooms == bedrooms
    assert f"{bedrooms} sovrum behövs" in need.explanation
    assert "Kök och vardagsrum" in need.explanation


def test_a_child_turning_18_counts_as_an_adult_from_the_birthday():
    birth = dt.date(2008, 12, 2)
    assert rules.bedrooms_needed([born(40), birth], dt.date(2026, 12, 1)).children == 1
    assert rules.bedrooms_needed([born(40), birth], dt.date(2026, 12, 2)).adults == 2


def test_unknown_birth_date_counts_as_adult():
    need = rules.bedrooms_needed([None, born(5)], ON)
    assert (need.adults, need.children, need.bedrooms) == (1, 1, 2)


def test_overcrowding_and_empty_bedrooms():
    assert rules.is_overcrowded(3, 2)
    assert not rules.is_overcrowded(2, 2)
    assert rules.empty_bedrooms(2, 4) == 2
    assert rules.empty_bedrooms(3, 2) == 0


def test_establishment_housing_ends_after_36_months():
    deadline = rules.establishment_housing_end(dt.date(2027, 1, 1))
    assert deadline.date == dt.date(2029, 12, 31)
    assert deadline.status == "proposed"
    assert "2025/26:215" in deadline.source
    assert "36 månader" in deadline.explanation


def test_establishment_contract_limit():
    start = dt.date(2027, 3, 15)
    assert rules.contract_end_within_limit("ESTABLISHMENT", start, dt.date(2030, 3, 14)) is None
    assert rules.contract_end_within_limit("ESTABLISHMENT", start, dt.date(2030, 3, 15)) is not None
    assert rules.contract_end_within_limit("ESTABLISHMENT", start, None) is not None
    assert rules.contract_end_within_limit("FIRST_HAND", start, None) is None


def test_temporary_contract_runs_two_years_by_local_policy():
    deadline = rules.temporary_contract_end(dt.date(2026, 2, 1))
    assert deadline.date == dt.date(2028, 1, 31)
    assert deadline.status == "local"


def test_must_be_housed_by_the_latest_reception_date():
    deadline = rules.must_be_housed_by(dt.date(2027, 1, 31))
    assert deadline.date == dt.date(2027, 1, 31)
    assert "2016:38" in deadline.source
    assert rules.must_be_housed_by(None) is None


def test_nightly_price_as_monthly_cost():
    assert rules.monthly_cost_from_nightly(1480, ON) == round(1480 * 365 / 12)


D = dt.date


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 1, 31), None), True),  # the last day is shared
        ((D(2026, 1, 1), D(2026, 1, 30)), (D(2026, 1, 31), None), False),
        ((D(2026, 1, 1), None), (D(2030, 1, 1), D(2030, 2, 1)), True),
        ((D(2026, 2, 1), D(2026, 3, 1)), (D(2026, 1, 1), D(2026, 1, 31)), False),
    ],
)
def test_overlaps(a, b, expected):
    assert rules.overlaps(a, b) is expected
    assert rules.overlaps(b, a) is expected


def test_capacity():
    existing = [(D(2026, 1, 1), D(2026, 6, 30)), (D(2026, 7, 1), None)]
    assert rules.peak_occupancy(existing) == 1
    assert not rules.fits_capacity(existing, (D(2026, 6, 1), D(2026, 6, 15)), 1)
    assert rules.fits_capacity(existing, (D(2026, 6, 1), D(2026, 6, 15)), 2)
    # Two places: three short stays that never all meet fit.
    stays = [(D(2026, 1, 1), D(2026, 1, 10)), (D(2026, 1, 11), D(2026, 1, 20))]
    assert rules.fits_capacity(stays, (D(2026, 1, 5), D(2026, 1, 15)), 2)
    assert not rules.fits_capacity(
        [*stays, (D(2026, 1, 5), D(2026, 1, 15))], (D(2026, 1, 9), D(2026, 1, 12)), 2
    )


def test_age_transitions_18_and_21():
    birth = dt.date(2009, 3, 10)
    found = rules.housing_age_transitions(birth, ON, 12)
    assert [(t.age, t.date) for t in found] == [(18, dt.date(2027, 3, 10))]
    found = rules.housing_age_transitions(dt.date(2006, 1, 5), ON, 12)
    assert [(t.age, t.date) for t in found] == [(21, dt.date(2027, 1, 5))]
    assert rules.housing_age_transitions(dt.date(2000, 1, 1), ON, 12) == []
