"""The activity requirement's rules at their edges (etablera/rules/activity.py): the start month with the proposed
three months and with a newer parameter of two (the parameter decides, never code), the in-force month, a gap, the
current month not yet imported, support decided ahead, each exemption and its edges, the hours demanded, the job
coach's deadline, attendance below plan and the ISO week."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from etablera.rules import activity as rules
from etablera.rules import parameters
from etablera.rules.deadlines import render

D = dt.date
ADULT = D(1990, 5, 10)


def months(*texts: str) -> list[dt.date]:
    return [D(int(t[:4]), int(t[5:7]), 1) for t in texts]


def run_of(first: str, last: str) -> list[dt.date]:
    start = D(int(first[:4]), int(first[5:7]), 1)
    end = D(int(last[:4]), int(last[5:7]), 1)
    out = []
    while start <= end:
        out.append(start)
        start = D(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return out


def cover(support, as_of, birth=ADULT, exemptions=()):
    return rules.coverage(birth_date=birth, support_months=support, exemptions=exemptions, as_of=as_of)


# --- the start month -----------------------------------------------------------------------------------------------


def test_three_months_in_a_row_start_the_requirement_in_the_fourth():
    c = cover(run_of("2026-10", "2027-01"), D(2027, 1, 15))
    assert c.state == rules.COVERED
    assert c.starts_on == D(2027, 1, 1)  # October, November, December in a row: January's support is covered
    assert c.run == (D(2026, 10, 1), D(2027, 1, 1))
    first = render(c.reasons[0])
    assert "4 månader i följd (2026-10–2027-01)" in first and "efter 3 månader" in first


def test_two_months_are_not_yet_enough_and_the_start_is_explained():
    c = cover(run_of("2026-11", "2026-12"), D(2026, 12, 10))
    assert c.state == rules.UPCOMING
    assert c.starts_on == D(2027, 2, 1)
    assert "2027-02-01" in render(c.reasons[-1])


def test_a_newer_parameter_of_two_months_decides(monkeypatch):
    newer = parameters.Parameter(
        key="activity.requirement_months",
        value=2,
        effective_from=D(2027, 1, 1),
        status="proposed",
        source="Tänkt ändring: två månader (Ds 2024:29)",
        description="Test",
    )
    monkeypatch.setattr(parameters, "PARAMETERS", (*parameters.PARAMETERS, newer))
    # a run whose last month is in 2027: the newer version (two months) applies
    c = cover(run_of("2026-12", "2027-02"), D(2027, 2, 3))
    assert c.state == rules.COVERED
    assert c.starts_on == D(2027, 2, 1)
    assert "efter 2 månader" in render(c.reasons[0]) and "Ds 2024:29" in render(c.reasons[0])
    # before it, the three months of the lagrådsremiss
    c = cover(run_of("2026-10", "2026-12"), D(2026, 12, 3))
    assert c.state == rules.UPCOMING and c.starts_on == D(2027, 1, 1)


def test_support_before_the_in_force_month_never_counts_toward_a_start_before_it():
    # a long run from the spring: without the in-force month it would have started in August
    c = cover(run_of("2026-05", "2026-12"), D(2026, 12, 1))
    assert c.state == rules.COVERED
    assert c.starts_on == D(2026, 10, 1)
    assert any("från och med 2026-10" in render(r) for r in c.reasons)
    # before the in-force month nobody is covered, however long the run
    c = cover(run_of("2026-03", "2026-09"), D(2026, 9, 20))
    assert c.state == rules.UPCOMING and c.starts_on == D(2026, 10, 1)


def test_a_gap_breaks_the_run():
    support = run_of("2026-06", "2026-09") + run_of("2026-11", "2026-12")
    c = cover(support, D(2026, 12, 5))
    assert c.run == (D(2026, 11, 1), D(2026, 12, 1))
    assert c.state == rules.UPCOMING and c.starts_on == D(2027, 2, 1)


def test_the_current_month_not_yet_imported_keeps_the_run():
    c = cover(run_of("2026-08", "2026-11"), D(2026, 12, 3))  # December's support not imported yet
    assert c.state == rules.COVERED
    assert c.run == (D(2026, 8, 1), D(2026, 11, 1))


def test_no_support_this_month_or_the_one_before_is_not_covered():
    c = cover(run_of("2026-06", "2026-10"), D(2026, 12, 3))
    assert c.state == rules.NOT_COVERED and c.run is None
    assert "2026-12" in render(c.reasons[0])


def test_support_decided_ahead_counts_when_the_run_reaches_now():
    c = cover(run_of("2026-10", "2027-01"), D(2026, 12, 20))
    assert c.run == (D(2026, 10, 1), D(2027, 1, 1))  # January's support, decided in December, is in the run
    assert c.state == rules.UPCOMING and c.starts_on == D(2027, 1, 1)
    c = cover(run_of("2026-09", "2027-01"), D(2026, 12, 20))
    assert c.state == rules.COVERED and c.starts_on == D(2026, 12, 1)


def test_support_ahead_after_a_gap_is_no_run():
    assert rules.support_run(months("2027-01"), D(2026, 12, 20)) is None
    c = cover(months("2026-10", "2027-01"), D(2026, 12, 20))
    # November is the month before December and has no support; October alone does not reach now
    assert c.state == rules.NOT_COVERED


# --- exemptions ----------------------------------------------------------------------------------------------------


def test_under_18_until_the_day_before_the_18th_birthday():
    birth = D(2008, 12, 10)
    support = run_of("2026-06", "2026-12")
    c = cover(support, D(2026, 12, 9), birth=birth)
    assert c.state == rules.EXEMPT and c.ground == rules.UNDER_18
    assert c.exempt_until == D(2026, 12, 9)
    assert "2026-12-10" in render(c.reasons[0])
    assert cover(support, D(2026, 12, 10), birth=birth).state == rules.COVERED


def test_pension_age_exempts_from_the_birthday():
    birth = D(1959, 12, 15)
    support = run_of("2026-06", "2026-12")
    assert cover(support, D(2026, 12, 14), birth=birth).state == rules.COVERED
    c = cover(support, D(2026, 12, 15), birth=birth)
    assert c.state == rules.EXEMPT and c.ground == rules.PENSION_AGE
    assert "67" in render(c.reasons[0])


@pytest.mark.parametrize("ground", rules.RECORDED_GROUNDS)
def test_each_recorded_ground_holds_from_its_first_to_its_last_day(ground):
    birth = D(2007, 3, 1) if ground == rules.SCHOOL else ADULT
    support = run_of("2026-06", "2027-01")
    period = rules.ExemptionPeriod(ground, D(2026, 11, 10), D(2026, 12, 20))
    assert cover(support, D(2026, 11, 9), birth, [period]).state == rules.COVERED
    on_first = cover(support, D(2026, 11, 10), birth, [period])
    assert on_first.state == rules.EXEMPT and on_first.ground == ground
    assert on_first.exempt_until == D(2026, 12, 20)
    assert rules.GROUNDS[ground] in render(on_first.reasons[0])
    assert cover(support, D(2026, 12, 20), birth, [period]).state == rules.EXEMPT
    assert cover(support, D(2026, 12, 21), birth, [period]).state == rules.COVERED


def test_an_exemption_until_further_notice():
    period = rules.ExemptionPeriod(rules.SICKNESS, D(2026, 11, 1))
    c = cover(run_of("2026-06", "2026-12"), D(2026, 12, 1), exemptions=[period])
    assert c.state == rules.EXEMPT and c.exempt_until is None
    assert "tills vidare" in render(c.reasons[0])


def test_exemption_problem_for_school_outside_18_to_20():
    assert rules.exemption_problem(rules.SCHOOL, D(2008, 1, 2), D(2026, 1, 1)) == (  # 17 the first day
        "Undantaget för gymnasieskola gäller den som är 18–20 år."
    )
    assert rules.exemption_problem(rules.SCHOOL, D(2008, 1, 1), D(2026, 1, 1)) is None  # 18 that day
    assert rules.exemption_problem(rules.SCHOOL, D(2006, 1, 1), D(2026, 12, 31)) is None  # 20
    assert rules.exemption_problem(rules.SCHOOL, D(2006, 1, 1), D(2027, 1, 1)) is not None  # 21 that day
    assert rules.exemption_problem(rules.FULL_TIME_WORK, D(1960, 1, 1), D(2026, 1, 1)) is None
    assert rules.exemption_problem(rules.UNDER_18, D(2010, 1, 1), D(2026, 1, 1)) is not None  # not recorded


# --- hours ---------------------------------------------------------------------------------------------------------

ON = D(2026, 12, 1)


def test_required_hours_full_time_without_an_assessment():
    hours, reasons = rules.required_hours(None, Decimal(0), ON)
    assert hours == Decimal(40)
    assert render(reasons[-1]) == "Krav: 40 timmar i veckan."


def test_required_hours_reduced_to_capacity_and_part_time_work():
    hours, reasons = rules.required_hours(Decimal("25"), Decimal("10"), ON)
    assert hours == Decimal(15)
    texts = [render(r) for r in reasons]
    assert "Bedömd förmåga 25 timmar i veckan." in texts and "Arbetar 10 timmar i veckan." in texts
    # a capacity above full time does not raise the demand
    assert rules.required_hours(Decimal("45"), Decimal(0), ON)[0] == Decimal(40)
    assert rules.required_hours(Decimal("12.5"), Decimal(0), ON)[0] == Decimal("12.5")


def test_required_hours_are_never_negative():
    hours, reasons = rules.required_hours(Decimal("10"), Decimal("30"), ON)
    assert hours == Decimal(0)
    assert render(reasons[-1]) == "Krav: 0 timmar i veckan."


# --- the job coach, attendance, the week ---------------------------------------------------------------------------


def test_job_coach_first_contact_within_three_days():
    deadline = rules.job_coach_first_contact(D(2026, 12, 4))
    assert deadline.date == D(2026, 12, 7)
    assert deadline.status == "local"
    assert "2026-12-04" in deadline.explanation and "3" in deadline.explanation


def test_attendance_below_plan_at_80_percent():
    assert rules.attendance_below_plan(Decimal(20), Decimal("15.9"), ON) is True
    assert rules.attendance_below_plan(Decimal(20), Decimal(16), ON) is False  # exactly 80 %
    assert rules.attendance_below_plan(Decimal(0), Decimal(0), ON) is False  # nothing planned


def test_week_monday_and_label():
    assert rules.week_monday("2026-W50") == D(2026, 12, 7)
    assert rules.week_monday(" 2026-W01 ") == D(2025, 12, 29)
    assert rules.week_monday("2026-W53") == D(2026, 12, 28)  # 2026 begins on a Thursday: 53 weeks
    assert rules.week_monday("2027-W53") is None  # 2027 has 52
    assert rules.week_monday("2026-50") is None
    assert rules.week_label(D(2026, 12, 7)) == "2026-W50"
    assert rules.week_label(D(2025, 12, 29)) == "2026-W01"
