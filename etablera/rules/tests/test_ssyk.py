"""SSYK 2012 (SCB): a code is four digits, named by its major group."""

import pytest

from etablera.rules import ssyk


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("5120", "Service-, omsorgs- och försäljningsyrken"),  # kockar och kallskänkor
        ("2221", "Yrken med krav på fördjupad högskolekompetens"),
        ("0110", "Militärt arbete"),
        ("9629", "Yrken med krav på kortare utbildning eller introduktion"),
    ],
)
def test_a_code_is_named_by_its_major_group(code, group):
    assert ssyk.is_code(code)
    assert ssyk.major_group(code) == group


@pytest.mark.parametrize("code", ["", "512", "51200", "51a0", "５１２０", " 512"])
def test_what_is_no_code(code):
    assert not ssyk.is_code(code)
    assert ssyk.major_group(code) is None


def test_the_ten_major_groups():
    assert sorted(ssyk.MAJOR_GROUPS) == [str(n) for n in range(10)]
    assert "Statistiska centralbyrån" in ssyk.SOURCE
