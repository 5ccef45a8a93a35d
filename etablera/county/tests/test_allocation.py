"""The allocation model's arithmetic (etablera/county/allocation.py): hand-computed cases and its invariants."""

from __future__ import annotations

from fractions import Fraction
from math import ceil, floor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etablera.county.allocation import (
    AllocationError,
    Criteria,
    Fixed,
    allocate,
    largest_remainder,
    weighted_shares,
)
from etablera.rules.county import Weights, WeightsError, parse_weights, weights_for


def weights(labour=0, population=100, asylum=0, newcomers=100, minors=100) -> Weights:
    values = {
        "labour_market": labour,
        "population": population,
        "asylum_seekers": asylum,
        "earlier_newcomers": newcomers,
        "earlier_minors": minors,
    }
    return Weights(values, "given", "test")


def row(code, population=0, labour=0, asylum=0, newcomers=0, minors=0) -> Criteria:
    return Criteria(code, f"Kommun {code}", labour, population, asylum, newcomers, minors)


def test_largest_remainder_gives_the_places_left_to_the_largest_remainders():
    # Floors 4 + 3 + 2 = 9; the one place left goes to 0.6, the largest remainder.
    values = {"a": Fraction(46, 10), "b": Fraction(33, 10), "c": Fraction(21, 10)}
    assert largest_remainder(values, 10) == {"a": 5, "b": 3, "c": 2}


def test_largest_remainder_breaks_ties_by_the_lowest_code():
    values = {"0002": Fraction(3, 2), "0001": Fraction(3, 2), "0003": Fraction(2)}
    assert largest_remainder(values, 5) == {"0001": 2, "0002": 1, "0003": 2}
    thirds = {"0009": Fraction(10, 3), "0005": Fraction(10, 3), "0007": Fraction(10, 3)}
    assert largest_remainder(thirds, 10) == {"0005": 4, "0007": 3, "0009": 3}


def test_largest_remainder_refuses_values_that_do_not_sum_to_the_total():
    with pytest.raises(AllocationError):
        largest_remainder({"a": Fraction(1), "b": Fraction(1)}, 3)


def test_the_weighted_share_follows_the_weights():
    rows = [
        row("0001", population=300, labour=100, asylum=0),
        row("0002", population=100, labour=300, asylum=10),
    ]
    shares = weighted_shares(rows, weights(labour=50, population=30, asylum=20))
    # 0001: 0.5·1/4 + 0.3·3/4 + 0.2·0 = 0.35; 0002: 0.5·3/4 + 0.3·1/4 + 0.2·1 = 0.65
    assert shares == {"0001": Fraction(35, 100), "0002": Fraction(65, 100)}


def test_a_criterion_the_county_has_none_of_is_left_out():
    rows = [row("0001", population=300), row("0002", population=100)]
    shares = weighted_shares(rows, weights(labour=43, population=37, asylum=20))
    assert shares == {"0001": Fraction(3, 4), "0002": Fraction(1, 4)}


def test_a_hand_computed_allocation():
    result = allocate(10, [row("0001", population=300), row("0002", population=100)], weights())
    # raw 7.5 and 2.5: both remainders 0.5, the one place left goes to the lower code.
    assert [(line.code, line.raw, line.rounded) for line in result.lines] == [
        ("0001", Fraction(15, 2), 8),
        ("0002", Fraction(5, 2), 2),
    ]


def test_earlier_reception_is_deducted_and_can_give_zero():
    rows = [row("0001", population=100, newcomers=15, minors=5), row("0002", population=100)]
    result = allocate(10, rows, weights())
    first, second = result.lines
    # earlier 20 + 0; base 10 + 20 = 30; raw 15 each; after max(0, 15 − 20) = 0 and 15; scaled to 0 and 10.
    assert (first.earlier, first.raw, first.after_deduction, first.rounded) == (20, 15, 0, 0)
    assert (second.after_deduction, second.exact, second.rounded) == (15, 10, 10)


def test_the_deduction_weight_scales_earlier_reception():
    rows = [row("0001", population=100, newcomers=20), row("0002", population=100)]
    half = allocate(10, rows, weights(newcomers=50))
    # earlier 10; base 20; raw 10 each; after 0 and 10.
    assert [line.rounded for line in half.lines] == [0, 10]
    none = allocate(10, rows, weights(newcomers=0))
    assert [line.rounded for line in none.lines] == [5, 5]


def test_what_is_left_after_the_deduction_always_covers_the_lanstal():
    # base 8 + 2000; raw 1506 and 502; after 506 and 0: the deductions take only what was raw, so the rest sums to
    # at least the länstal and step 5 never divides by zero unless the länstal is zero.
    rows = [row("0001", population=300, newcomers=1000), row("0002", population=100, newcomers=1000)]
    result = allocate(8, rows, weights())
    assert [line.after_deduction for line in result.lines] == [506, 0]
    assert [line.rounded for line in result.lines] == [8, 0]
    assert [line.rounded for line in allocate(0, rows, weights()).lines] == [0, 0]


def test_an_adjustment_is_respected_and_the_rest_redistributed():
    rows = [row("0001", population=1), row("0002", population=1), row("0003", population=2)]
    plain = allocate(8, rows, weights())
    assert [line.rounded for line in plain.lines] == [2, 2, 4]
    result = allocate(8, rows, weights(), {"0003": Fixed(2, "Bostadsbrist")})
    assert [line.adjusted for line in result.lines] == [3, 3, 2]
    assert [line.rounded for line in result.lines] == [2, 2, 4]  # the model's own figure is still shown
    assert result.lines[2].reason == "Bostadsbrist"
    assert result.total == 8


def test_an_adjustment_to_zero_and_one_above_the_model():
    rows = [row("0001", population=5), row("0002", population=3), row("0003", population=2)]
    result = allocate(10, rows, weights(), {"0001": Fixed(0, "Nollad"), "0003": Fixed(4, "Har bostäder")})
    assert result.kommuntal() == {"0001": 0, "0002": 6, "0003": 4}


def test_adjustments_that_cannot_be_met_are_refused():
    rows = [row("0001", population=1), row("0002", population=1)]
    with pytest.raises(AllocationError) as error:
        allocate(5, rows, weights(), {"0001": Fixed(6, "För många")})
    assert error.value.field == "adjustments" and "mer än länstalet" in str(error.value)
    with pytest.raises(AllocationError):
        allocate(5, rows, weights(), {"0001": Fixed(2, "a"), "0002": Fixed(2, "b")})
    with pytest.raises(AllocationError):
        allocate(5, rows, weights(), {"9999": Fixed(2, "Ingen sådan")})
    assert allocate(5, rows, weights(), {"0001": Fixed(2, "a"), "0002": Fixed(3, "b")}).total == 5


def test_the_weights_are_dated_unverified_parameters():
    found = weights_for(2018)
    assert found.values["labour_market"] + found.values["population"] + found.values["asylum_seekers"] == 100
    assert found.status == "unverified"
    assert (
        "2016:38" in found.source and "2016:39" in found.source and "ingen officiell formel" in found.source
    )


def test_weights_given_for_one_run():
    given_weights = parse_weights("labour_market=50, population=30", weights_for(2018))
    assert given_weights.values["labour_market"] == 50 and given_weights.values["asylum_seekers"] == 20
    assert given_weights.status == "given"
    with pytest.raises(WeightsError, match="100 procent"):
        parse_weights("labour_market=60", weights_for(2018))
    with pytest.raises(WeightsError, match="Okänd vikt"):
        parse_weights("housing=10", weights_for(2018))


counts = st.integers(min_value=0, max_value=200_000)


@st.composite
def counties(draw):
    size = draw(st.integers(min_value=1, max_value=12))
    rows = [
        row(
            f"{i:04d}",
            population=draw(st.integers(min_value=1, max_value=200_000)),
            labour=draw(counts),
            asylum=draw(st.integers(min_value=0, max_value=3_000)),
            newcomers=draw(st.integers(min_value=0, max_value=1_000)),
            minors=draw(st.integers(min_value=0, max_value=300)),
        )
        for i in range(size)
    ]
    return rows


@settings(max_examples=200, database=None, deadline=None)
@given(rows=counties(), lanstal=st.integers(min_value=0, max_value=5_000), data=st.data())
def test_invariants(rows, lanstal, data):
    fixed_code = data.draw(st.sampled_from([None, *(r.code for r in rows)]))
    adjustments = {}
    if fixed_code and len(rows) > 1:
        adjustments = {fixed_code: Fixed(data.draw(st.integers(min_value=0, max_value=lanstal)), "Skäl")}
    result = allocate(lanstal, rows, weights_for(2019), adjustments)
    assert sum(line.rounded for line in result.lines) == lanstal
    assert result.total == lanstal
    assert sum(line.exact for line in result.lines) == lanstal
    for line in result.lines:
        assert floor(line.exact) <= line.rounded <= ceil(line.exact)
        assert line.rounded >= 0 and line.adjusted >= 0
        if line.code in adjustments:
            assert line.adjusted == adjustments[line.code].kommuntal
    # Deterministic: the same input in another order gives the same kommuntal.
    again = allocate(lanstal, list(reversed(rows)), weights_for(2019), adjustments)
    assert again.kommuntal() == result.kommuntal()
