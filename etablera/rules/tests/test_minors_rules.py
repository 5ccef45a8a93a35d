"""The dates of unaccompanied minors (rules.minors, issue #14) at their edges: the report three weeks before an 18th
birthday on 29 February, the 21st birthday, an age uplift moving every date, supported housing's ages."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.rules import minors as rules
from etablera.rules.deadlines import render


def test_the_report_is_due_three_weeks_before_the_18th_birthday():
    due = rules.continued_responsibility_report(dt.date(2009, 6, 15))
    assert rules.turns_adult(dt.date(2009, 6, 15)) == dt.date(2027, 6, 15)
    assert due.date == dt.date(2027, 5, 25)  # 21 days before
    assert due.rule == "minors.continued_responsibility_report"
    assert "2027-06-15" in due.explanation and "3 veckor" in due.explanation
    assert "Migrationsverket" in due.source


def test_born_on_29_february_the_birthday_is_1_march_in_a_common_year_and_the_report_counts_from_it():
    born = dt.date(2008, 2, 29)
    assert rules.turns_adult(born) == dt.date(2026, 3, 1)  # 2026 is a common year
    due = rules.continued_responsibility_report(born)
    assert due.date == dt.date(2026, 2, 8)  # 1 March − 21 days
    assert "29 februari" in due.explanation
    # in a leap year the birthday is the day itself, and no note is needed
    leap = rules.continued_responsibility_report(dt.date(2010, 2, 28))
    assert leap.date == dt.date(2028, 2, 7) and "29 februari" not in leap.explanation
    assert rules.turns_adult(dt.date(2012, 2, 29)) == dt.date(2030, 3, 1)
    assert rules.responsibility_ends(dt.date(2008, 2, 29)) == dt.date(2029, 3, 1)
    assert rules.responsibility_ends(dt.date(2011, 2, 28)) == dt.date(2032, 2, 28)


def test_an_age_uplift_moves_every_date():
    """Nothing is stored: the dates are computed from the birth date there is now."""
    before, after = dt.date(2010, 9, 1), dt.date(2008, 1, 1)
    assert (
        rules.continued_responsibility_report(after).date < rules.continued_responsibility_report(before).date
    )
    assert rules.adulthood(after).date == dt.date(2026, 1, 1)
    assert rules.responsibility_end(after).date == dt.date(2029, 1, 1)
    assert rules.adulthood(before).date == dt.date(2028, 9, 1)


def test_the_dates_explain_themselves_in_the_readers_language():
    deadline = rules.adulthood(dt.date(2009, 6, 15))
    assert "god mans uppdrag" in render(deadline.i18n["explanation"][0])
    assert deadline.shown().date == deadline.date
    assert rules.responsibility_end(dt.date(2009, 6, 15)).title.startswith("Fyller 21 år")


@pytest.mark.parametrize(
    ("age_days", "kind", "reasons", "problem"),
    [
        ((16, 0), rules.SUPPORTED_HOUSING, "Behöver träna eget boende nära skolan", None),
        ((16, 0), rules.SUPPORTED_HOUSING, "", "särskilda skäl"),
        ((15, 364), rules.SUPPORTED_HOUSING, "Skäl", "från 16 år"),
        ((18, 0), rules.SUPPORTED_HOUSING, "", None),
        ((20, 364), rules.SUPPORTED_HOUSING, "", None),
        ((21, 0), rules.SUPPORTED_HOUSING, "", "fyllt 21"),
        ((21, 0), rules.EXIT_HOUSING, "", "fyllt 21"),
        ((12, 0), rules.HVB, "", None),
        ((12, 0), rules.FAMILY_HOME, "", None),
    ],
)
def test_supported_housing_is_for_16_to_20_and_16_17_only_with_special_reasons(
    age_days, kind, reasons, problem
):
    years, days = age_days
    starts = dt.date(2026, 12, 1)
    born = dt.date(starts.year - years, starts.month, starts.day) - dt.timedelta(days=days)
    found = rules.placement_problem(kind, born, starts, reasons)
    assert (found is None) if problem is None else (problem in found)


def test_a_god_man_ends_at_18_or_when_a_custodian_is_appointed():
    born = dt.date(2010, 5, 5)
    assert rules.guardian_end(True, born, None) == dt.date(2028, 5, 5)
    assert rules.guardian_end(True, born, dt.date(2027, 1, 10)) == dt.date(2027, 1, 10)
    assert rules.guardian_end(False, born, None) == dt.date(2028, 5, 5)


def test_the_follow_up_visit_is_six_weeks_after_the_last_and_local():
    visit = rules.follow_up_visit(dt.date(2026, 11, 2))
    assert visit.date == dt.date(2026, 12, 14)
    assert visit.status == "local"


def test_placement_days_in_a_month():
    december = dt.date(2026, 12, 1)
    assert rules.days_in_month(dt.date(2026, 11, 20), None, december) == 31
    assert rules.days_in_month(dt.date(2026, 12, 10), dt.date(2026, 12, 20), december) == 11
    assert rules.days_in_month(dt.date(2026, 12, 31), None, december) == 1
    assert rules.days_in_month(dt.date(2026, 10, 1), dt.date(2026, 11, 30), december) == 0
    assert rules.days_in_month(dt.date(2024, 2, 1), None, dt.date(2024, 2, 1)) == 29
    assert rules.months_between(dt.date(2026, 11, 20), dt.date(2027, 1, 3)) == [
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 1),
    ]
