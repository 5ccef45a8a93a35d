"""Räcker utbudet? on a small case counted by hand, and the command line's JSON, text and CSV.

Week 2026-W50 (Monday 2026-12-07) in Nyköping:
- two adults with försörjningsstöd July 2026 – February 2027: both covered (three months in a row, from October);
  one works 10 hours a week, so 40 + 30 = 70 hours demanded.
- offered: the café 3 places × 6 h = 18 (an inactive activity and one that ended are not counted); an open
  placement 20 h and a filled one 15 h (an offered one is not counted): 18 + 35 = 53.
- planned: the work 10 + the café 6 = 16; attended 4.
- six ended placements: five women (3 employment, 1 studies, 1 neither) and one man (employment).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from etablera.activity.models import (
    Activity,
    Attendance,
    CapacityAssessment,
    Employer,
    Exemption,
    Participation,
    Placement,
    SupportMonth,
)
from etablera.activity.reports.offer import offer_report
from etablera.organisation.models import Unit
from etablera.people.models import Person
from etablera.testing.factories import HouseholdFactory, PersonFactory

MONDAY = dt.date(2026, 12, 7)


@pytest.fixture
def case(nykoping, units):
    unit = units[Unit.Function.LABOUR_MARKET]
    household = HouseholdFactory.with_members([40, 38], municipality=nykoping, on=MONDAY)
    first, second = household.members.order_by("pk")
    month = dt.date(2026, 7, 1)
    while month <= dt.date(2027, 2, 1):
        support = SupportMonth.objects.create(
            household=household, municipality=nykoping, month=month, amount=9000
        )
        support.persons.set([first, second])
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    common = {
        "municipality": nykoping,
        "unit": unit,
        "place": "Biblioteket",
        "schedule": "mån",
        "kind": "OTHER",
    }
    cafe = Activity.objects.create(
        name="Café", hours_per_week=6, places=3, starts_on=dt.date(2026, 1, 1), **common
    )
    Activity.objects.create(
        name="Vilande", hours_per_week=6, places=9, starts_on=dt.date(2026, 1, 1), active=False, **common
    )
    Activity.objects.create(
        name="Slut",
        hours_per_week=6,
        places=9,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 6),
        **common,
    )
    employer = Employer.objects.create(
        municipality=nykoping, name="Bageriet AB", organisation_number="556000-0001"
    )
    place = {"employer": employer, "municipality": nykoping, "unit": unit, "ssyk": "5120", "tasks": "Baka"}
    span = {"starts_on": dt.date(2026, 11, 1), "ends_on": dt.date(2027, 3, 1)}
    Placement.objects.create(title="Öppen", hours_per_week=20, **place, **span)
    Placement.objects.create(
        title="Tillsatt", hours_per_week=15, state="FILLED", participant=first, **place, **span
    )
    Placement.objects.create(title="Erbjuden", hours_per_week=30, state="OFFERED", **place, **span)
    ended = {
        "state": "ENDED",
        "ended_on": dt.date(2026, 10, 31),
        "starts_on": dt.date(2026, 6, 1),
        "ends_on": dt.date(2026, 10, 31),
    }
    for outcome, sex in [("EMPLOYMENT", "F")] * 3 + [("STUDIES", "F"), ("NONE", "F"), ("EMPLOYMENT", "M")]:
        person = PersonFactory(municipality=nykoping, sex=sex)
        Placement.objects.create(
            title="Klar", hours_per_week=20, outcome=outcome, participant=person, **place, **ended
        )
    Participation.objects.create(
        person=second,
        municipality=nykoping,
        kind="WORK",
        hours_per_week=10,
        starts_on=dt.date(2026, 11, 1),
        unit=unit,
    )
    in_cafe = Participation.objects.create(
        person=first,
        municipality=nykoping,
        kind="ACTIVITY",
        activity=cafe,
        hours_per_week=6,
        starts_on=dt.date(2026, 11, 1),
        unit=unit,
    )
    Attendance.objects.create(
        participation=in_cafe, week=MONDAY, hours_attended=4, hours_absent=2, absence_reason="SICK"
    )
    return household


def test_the_figures_counted_by_hand(case, nykoping):
    report = offer_report(nykoping, MONDAY)
    week = report.weeks[0]
    assert report.week == "2026-W50" and len(report.weeks) == 8
    assert week.covered == 2
    assert week.hours_demanded == Decimal(70)
    assert (week.hours_activities, week.hours_placements, week.hours_offered) == (18, 35, 53)
    assert week.shortfall == Decimal(17)
    assert (week.hours_planned, week.hours_attended) == (16, 4)
    assert report.weeks[1].hours_attended == 0
    everyone, women, men, other = report.outcomes
    assert everyone.total == 6 and everyone.share_work_or_studies == 83
    assert everyone.counts == {"EMPLOYMENT": "–", "STUDIES": "–", "NONE": "–"}
    assert women.total == 5 and women.share_work_or_studies == 80
    assert men.total == "–" and men.share_work_or_studies == "–"
    assert other.total == 0 and other.share_work_or_studies is None
    assert Person.objects.count() == 8


def _changes_within_the_weeks(case, nykoping, units):
    """What makes the eight weeks differ: an activity ending in the second week, a participation in the third, a
    capacity assessed from the fourth and an exemption from the fifth."""
    first, second = case.members.order_by("pk")
    unit = units[Unit.Function.LABOUR_MARKET]
    Activity.objects.create(
        name="Julpyssel",
        hours_per_week=4,
        places=5,
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2026, 12, 14),
        municipality=nykoping,
        unit=unit,
        place="Biblioteket",
        schedule="tis",
        kind="OTHER",
    )
    Participation.objects.create(
        person=first,
        municipality=nykoping,
        kind="WORK",
        hours_per_week=5,
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 12, 21),
        unit=unit,
    )
    CapacityAssessment.objects.create(
        person=first,
        municipality=nykoping,
        hours_per_week=20,
        valid_from=dt.date(2026, 12, 28),
        assessor="Läkare",
        reason="Bedömd arbetsförmåga",
    )
    Exemption.objects.create(
        person=second, municipality=nykoping, ground="FULL_TIME_STUDIES", valid_from=dt.date(2027, 1, 4)
    )


def test_each_week_is_what_it_would_be_asked_alone(case, nykoping, units):
    _changes_within_the_weeks(case, nykoping, units)
    weeks = offer_report(nykoping, MONDAY).weeks
    alone = [offer_report(nykoping, week.monday, weeks=1).weeks[0] for week in weeks]
    assert weeks == alone
    assert len({(w.covered, w.hours_demanded, w.hours_offered, w.hours_planned) for w in weeks}) >= 4


def test_the_report_costs_the_same_queries_for_one_week_or_eight(case, nykoping, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _changes_within_the_weeks(case, nykoping, units)
    with CaptureQueriesContext(connection) as one:
        offer_report(nykoping, MONDAY, weeks=1)
    with CaptureQueriesContext(connection) as eight:
        offer_report(nykoping, MONDAY)
    assert len(eight) == len(one) <= 12
    assert offer_report(nykoping, MONDAY, weeks=0).weeks == []


def test_the_command_line_json(case):
    out = StringIO()
    call_command(
        "report", "activity", "--municipality", "0480", "--week", "2026-W50", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["municipality"] == "0480" and data["week"] == "2026-W50"
    assert data["covered_persons"] == 2
    assert data["hours_demanded"] == 70 and data["hours_offered"] == 53 and data["hours_attended"] == 4
    assert data["hours_planned"] == 16
    assert [w["week"] for w in data["weeks"]][:2] == ["2026-W50", "2026-W51"]
    assert data["placement_outcomes"][0] == {
        "sex": "ALL",
        "ended": 6,
        "employment": "–",
        "studies": "–",
        "none": "–",
        "work_or_studies_percent": 83,
    }


def test_the_command_line_text_and_csv(case):
    out = StringIO()
    call_command("report", "activity", "--municipality", "480", "--week", "2026-W50", stdout=out)
    text = out.getvalue()
    assert "Räcker utbudet?" in text and "2026-W50" in text and "Timmar som krävs" in text
    out = StringIO()
    call_command(
        "report", "activity", "--municipality", "0480", "--week", "2026-W50", "--format", "csv", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Kommun;Vecka;Omfattas;Timmar som krävs")
    assert lines[1].startswith("0480;2026-W50;2;70;18;35;53;17;16;4")


@pytest.mark.parametrize(
    "args,message",
    [
        (["--week", "2026-W50"], "Ange kommunen"),
        (["--municipality", "9999"], "Okänd kommunkod"),
        (["--municipality", "0480", "--week", "2026-W60"], "Ogiltig vecka"),
    ],
)
def test_the_command_line_refuses(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", "activity", *args)
