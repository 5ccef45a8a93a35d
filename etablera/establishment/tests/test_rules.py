"""The establishment rules at their edges: the programme age, the 24 months, the mapping's three weeks and the SIP
started "utan dröjsmål"."""

import datetime as dt

import pytest

from etablera.rules import establishment as rules
from etablera.rules.parameters import parameter

BORN = dt.date(1990, 6, 15)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2010, 6, 14), False),  # the day before the 20th birthday
        (dt.date(2010, 6, 15), True),  # the 20th birthday
        (dt.date(2056, 6, 14), True),  # the last day aged 65
        (dt.date(2056, 6, 15), False),  # the 66th birthday: no longer (RULES.md: up to but not including 66)
    ],
)
def test_programme_age_is_20_up_to_but_not_including_66(on, expected):
    assert rules.in_programme_age(BORN, on) is expected


def test_programme_age_window_is_the_20th_and_66th_birthday():
    assert rules.programme_age_window(BORN, dt.date(2026, 1, 1)) == (
        dt.date(2010, 6, 15),
        dt.date(2056, 6, 15),
    )
    # born on 29 February: the birthday is 1 March in a common year
    assert rules.programme_age_window(dt.date(2004, 2, 29), dt.date(2026, 1, 1))[0] == dt.date(2024, 2, 29)
    assert rules.programme_age_window(dt.date(2003, 2, 28), dt.date(2026, 1, 1))[0] == dt.date(2023, 2, 28)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 1, 15), dt.date(2028, 1, 15)),
        (dt.date(2026, 2, 28), dt.date(2028, 2, 28)),
        (dt.date(2024, 2, 29), dt.date(2026, 2, 28)),  # no 29 February in 2026
        (dt.date(2025, 12, 31), dt.date(2027, 12, 31)),
    ],
)
def test_programme_runs_24_months(start, end):
    deadline = rules.programme_planned_end(start)
    assert deadline.date == end
    assert deadline.rule == "establishment.programme_end"
    assert "2017:820" in deadline.source
    assert start.isoformat() in deadline.explanation and "24 månader" in deadline.explanation
    assert deadline.status == "in_force" and deadline.legal


def test_mapping_is_due_three_weeks_after_arrival_as_local_policy():
    deadline = rules.assessment_deadline(dt.date(2026, 12, 28), dt.date(1980, 1, 1))
    assert deadline.date == dt.date(2027, 1, 18)  # over the new year
    assert deadline.status == "local" and not deadline.legal
    assert "seed 000" in deadline.source
    assert "3 veckor" in deadline.explanation and "2026-12-28" in deadline.explanation
    assert deadline.based_on == {"Ankomstdatum": dt.date(2026, 12, 28)}


def test_a_childs_mapping_uses_the_schools_three_weeks():
    arrival = dt.date(2026, 3, 2)
    deadline = rules.assessment_deadline(arrival, dt.date(2017, 5, 1))
    assert deadline.date == dt.date(2026, 3, 23)
    assert deadline.source == parameter("school.child_assessment_weeks", arrival).source
    # the day before the 18th birthday a child, on it an adult
    assert rules.assessment_deadline(arrival, dt.date(2008, 3, 3)).source == deadline.source
    assert rules.assessment_deadline(arrival, dt.date(2008, 3, 2)).source != deadline.source


def test_sip_without_delay_explains_that_the_law_gives_no_days():
    deadline = rules.sip_deadline(dt.date(2026, 5, 25))
    assert deadline.date == dt.date(2026, 6, 8)
    assert "utan dröjsmål" in deadline.explanation
    assert "SoL 2 kap. 7 §" in deadline.explanation and "HSL 16 kap. 4 §" in deadline.explanation
    assert "inget antal dagar" in deadline.explanation
    assert "16 kap. 4 §" in deadline.source and deadline.status == "local"


def test_the_new_parameters_have_their_sources():
    for key in ("establishment.assessment_weeks", "establishment.programme_months", "establishment.sip_days"):
        p = parameter(key, dt.date(2026, 1, 1))
        assert p.source and p.description
    assert parameter("establishment.programme_months", dt.date(2026, 1, 1)).value == 24
    assert parameter("establishment.assessment_weeks", dt.date(2026, 1, 1)).local
