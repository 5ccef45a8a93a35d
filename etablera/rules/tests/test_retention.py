import datetime as dt

import pytest

from etablera.rules import retention
from etablera.rules.parameters import parameter


@pytest.mark.parametrize(
    ("last_entry", "today", "due", "period_ends", "complete_by"),
    [
        (dt.date(2020, 3, 10), dt.date(2025, 3, 10), False, dt.date(2025, 3, 10), dt.date(2026, 12, 31)),
        (dt.date(2020, 3, 10), dt.date(2025, 3, 11), True, dt.date(2025, 3, 10), dt.date(2026, 12, 31)),
        (dt.date(2020, 12, 31), dt.date(2026, 1, 1), True, dt.date(2025, 12, 31), dt.date(2026, 12, 31)),
        (dt.date(2020, 2, 29), dt.date(2025, 3, 1), True, dt.date(2025, 2, 28), dt.date(2026, 12, 31)),
        (dt.date(2023, 6, 1), dt.date(2026, 11, 1), False, dt.date(2028, 6, 1), dt.date(2029, 12, 31)),
    ],
)
def test_social_services_records_go_five_years_after_the_last_entry(
    last_entry, today, due, period_ends, complete_by
):
    outcome = retention.assess(retention.HOUSEHOLD, last_entry, today)
    assert (outcome.due, outcome.period_ends, outcome.complete_by) == (due, period_ends, complete_by)
    assert outcome.deadline.date == complete_by
    assert "7 kap. 2 §" in outcome.deadline.source
    assert "2001:453" in outcome.deadline.source and outcome.deadline.status == "in_force"
    assert last_entry.isoformat() in outcome.deadline.explanation


@pytest.mark.parametrize("day", [5, 15, 25])
def test_people_born_on_the_5th_15th_or_25th_are_kept_for_research(day):
    outcome = retention.assess(
        retention.HOUSEHOLD, dt.date(2015, 1, 1), dt.date(2026, 1, 1), birth_dates=[dt.date(1990, 4, day)]
    )
    assert outcome.expired and not outcome.due
    assert outcome.exemption == retention.RESEARCH_BIRTH_DAY


def test_other_birth_days_and_unknown_births_are_not_exempt():
    outcome = retention.assess(
        retention.HOUSEHOLD,
        dt.date(2015, 1, 1),
        dt.date(2026, 1, 1),
        birth_dates=[dt.date(1990, 4, 6), None, dt.date(1991, 5, 24)],
    )
    assert outcome.due and outcome.exemption == ""


def test_records_about_placements_of_children_are_kept():
    outcome = retention.assess(
        retention.HOUSEHOLD, dt.date(2015, 1, 1), dt.date(2026, 1, 1), child_placement=True
    )
    assert outcome.expired and not outcome.due and outcome.exemption == retention.CHILD_PLACEMENT


def test_each_section_of_notes_has_its_own_period():
    last, today = dt.date(2018, 5, 2), dt.date(2026, 1, 1)
    assert retention.assess("note.SOCIAL", last, today).due
    assert retention.assess("note.BASIC", last, today).due
    assert retention.assess("note.SCHOOL", last, today).due
    health = retention.assess("note.HEALTH", last, today)
    assert not health.due and health.period_ends == dt.date(2028, 5, 2)
    assert "Patientdatalagen" in health.deadline.source
    basic = retention.assess("note.BASIC", last, today)
    assert basic.deadline.status == "local"


def test_every_record_type_has_a_dated_parameter_with_a_source():
    for record_type, key in retention.YEARS_PARAMETER.items():
        rule = parameter(key, dt.date(2026, 1, 1))
        assert rule.source and rule.description, record_type
        assert isinstance(rule.value, int) and rule.value > 0
    assert retention.note_record_type("SOCIAL") in retention.YEARS_PARAMETER
    assert parameter("log_review.many_persons_count", dt.date(2026, 1, 1)).local
