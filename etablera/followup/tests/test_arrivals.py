"""The arrivals forecast (issue #16) on data computed by hand.

Nyköping 2026, as of 15 October: kommuntal 20, pace 1 a month January–September and 2 a month October–December.
Received: a household of 2 adults and a 4-year-old (3 persons, 2 bedrooms) in March and one of 2 adults (2 persons,
1 bedroom) in May — 5 received, 15 kvar att avräkna; they are also the household mix (2 households, 5 persons).
On hand: 3 persons (2 adults, a 2-year-old) planned for 20 November, and 4 (3 adults, an 8-year-old) whose latest
reception date passed in September/October — expected now. 15 − 7 = 8 not yet assigned, over October–December by
the pace 2:2:2 → 2.67 each → 3, 3, 2 by the largest remainder (rounding each would give 9).
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from etablera.followup.arrivals import PastYear, forecast, largest_remainder
from etablera.people.models import Category, HouseholdMember
from etablera.reception import services
from etablera.reception.models import Assignment, MonthlyQuota, MunicipalQuota
from etablera.testing.factories import AssignmentFactory, HouseholdFactory, PersonFactory, municipality

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 10, 15)


def received(code: str, ages: list[int], on: dt.date) -> Assignment:
    place = municipality(code)
    household = HouseholdFactory.with_members(ages, on=on, municipality=place)
    return AssignmentFactory(
        municipality=place,
        household=household,
        person_count=len(ages),
        decision_date=on - dt.timedelta(days=40),
        status=Assignment.Status.RECEIVED,
        received_date=on,
    )


def on_hand(place, reference: str, ages: list[int], decision: dt.date, planned: dt.date | None = None):
    return services.create_assignment(
        actor=None,
        municipality=place,
        reference=reference,
        category=Category.ASSIGNED_FROM_FACILITY,
        decision_date=decision,
        household=HouseholdFactory.with_members(ages, on=AS_OF, municipality=place),
        planned_arrival_date=planned,
    )


@pytest.fixture
def quota(nykoping):
    quota = MunicipalQuota.objects.create(municipality=nykoping, year=2026, quota=20)
    for month in range(1, 13):
        MonthlyQuota.objects.create(quota=quota, month=month, count=2 if month >= 10 else 1)
    return quota


@pytest.fixture
def nykoping_2026(nykoping, quota):
    received("0480", [35, 33, 4], dt.date(2026, 3, 10))
    received("0480", [40, 38], dt.date(2026, 5, 4))
    on_hand(nykoping, "MIG-PLAN-1", [30, 28, 2], dt.date(2026, 9, 1), planned=dt.date(2026, 11, 20))
    overdue = on_hand(nykoping, "MIG-LATE-1", [50, 45, 19, 8], dt.date(2026, 7, 15))
    assert overdue.latest_reception_date < AS_OF
    return nykoping


def test_it_splits_by_the_largest_remainder():
    assert largest_remainder(8, [2, 2, 2]) == [3, 3, 2]  # ties to the earlier month
    assert largest_remainder(7, [3, 2, 2]) == [3, 2, 2]
    assert largest_remainder(10, [1, 2, 3, 4]) == [1, 2, 3, 4]
    assert largest_remainder(5, [1, 1, 3]) == [1, 1, 3]
    assert largest_remainder(4, [3, 0, 1]) == [3, 0, 1]
    assert largest_remainder(3, [1, 1]) == [2, 1]
    assert largest_remainder(5, [0, 0]) == [3, 2]  # no pace: evenly
    assert largest_remainder(0, [1, 2]) == [0, 0]
    for total in range(30):
        assert sum(largest_remainder(total, [5, 3, 3, 1])) == total


def test_it_forecasts_the_months_by_hand(nykoping_2026):
    result = forecast(nykoping_2026, 2026, AS_OF)
    assert (result.quota, result.received, result.remaining) == (20, 5, 15)
    assert (result.on_hand, result.not_assigned, result.later) == (7, 8, 0)
    assert [(m.month, m.on_hand, m.not_assigned, m.total) for m in result.months] == [
        (10, 4, 3, 7),  # the overdue 4 counted now
        (11, 3, 3, 6),  # the planned arrival in November
        (12, 0, 2, 2),
    ]
    assert sum(m.total for m in result.months) == result.remaining


def test_the_months_add_up_to_the_remainder_for_any_pace(nykoping_2026, quota):
    for month, count in ((10, 5), (11, 0), (12, 1)):
        MonthlyQuota.objects.filter(quota=quota, month=month).update(count=count)
    result = forecast(nykoping_2026, 2026, AS_OF)
    # 8 by 5:0:1 → 6.67, 0, 1.33 → 6, 0, 1 and the one left to the larger remainder (0.67)
    assert [m.not_assigned for m in result.months] == [7, 0, 1]
    assert sum(m.total for m in result.months) == result.remaining == 15


def test_without_a_pace_the_persons_are_spread_evenly(nykoping_2026, quota):
    quota.months.all().delete()
    result = forecast(nykoping_2026, 2026, AS_OF)
    assert [m.not_assigned for m in result.months] == [3, 3, 2]


def test_never_below_zero_when_the_anvisningar_exceed_the_remainder(nykoping_2026, quota):
    MunicipalQuota.objects.filter(pk=quota.pk).update(quota=10)  # 10 − 5 = 5 kvar, 7 on hand
    result = forecast(nykoping_2026, 2026, AS_OF)
    assert (result.remaining, result.on_hand, result.not_assigned) == (5, 7, 0)
    assert [m.total for m in result.months] == [4, 3, 0]


def test_homes_by_bedrooms_by_the_crowding_norm(nykoping_2026):
    result = forecast(nykoping_2026, 2026, AS_OF)
    # On hand: 3 adults + a child → 2 + 1 bedrooms (now); 2 adults + a child → 1 + 1 (November).
    assert [m.on_hand_homes for m in result.months] == [{3: 1}, {2: 1}, {}]
    # Mix: 2 households, 5 persons (2.5 each), one needing 1 bedroom and one 2. 8 persons → 3.2 → 3 households,
    # over the months by their persons 3:3:2 → 1, 1, 1; each over 1 and 2 bedrooms 1:1 → the tie to the larger.
    mix = result.mix
    assert (mix.source, mix.households, mix.persons, mix.by_bedrooms) == ("municipality", 2, 5, {1: 1, 2: 1})
    assert [m.not_assigned_homes for m in result.months] == [{2: 1}, {2: 1}, {2: 1}]
    assert [m.homes for m in result.months] == [{2: 1, 3: 1}, {2: 2}, {2: 1}]
    assert result.bedroom_sizes == [2, 3]


def test_a_child_who_turns_adult_before_arriving_needs_an_adult_bed(nykoping, quota):
    # 17 on the as-of date, 18 by the planned arrival in December: 2 adults → 1 bedroom, not 1 + 1.
    household = HouseholdFactory.with_members([40], on=AS_OF, municipality=nykoping)
    youth = PersonFactory(municipality=nykoping, birth_date=dt.date(2008, 11, 1))
    HouseholdMember.objects.create(household=household, person=youth, relation=HouseholdMember.Relation.CHILD)
    services.create_assignment(
        actor=None,
        municipality=nykoping,
        reference="MIG-YOUTH-1",
        category=Category.ASSIGNED_FROM_FACILITY,
        decision_date=dt.date(2026, 9, 1),
        household=household,
        planned_arrival_date=dt.date(2026, 12, 1),
    )
    result = forecast(nykoping, 2026, AS_OF)
    assert result.months[-1].on_hand_homes == {1: 1}


def test_the_county_mix_when_the_municipality_has_none(nykoping, quota):
    received("0484", [30, 6, 4, 2], dt.date(2026, 2, 2))  # Eskilstuna: 1 adult + 3 children → 1 + 2 bedrooms
    result = forecast(nykoping, 2026, AS_OF)
    assert (result.mix.source, result.mix.households, result.mix.by_bedrooms) == ("county", 1, {3: 1})
    # 20 kvar → 20 / 4 = 5 households, over 2:2:2 persons (7, 7, 6) → 2, 2, 1
    assert [m.not_assigned for m in result.months] == [7, 7, 6]
    assert [m.not_assigned_homes for m in result.months] == [{3: 2}, {3: 2}, {3: 1}]


def test_persons_only_when_no_household_was_received(nykoping, quota):
    received("0480", [30], dt.date(2024, 9, 1))  # more than two years before: not in the mix
    result = forecast(nykoping, 2026, AS_OF)
    assert result.mix is None
    assert [m.not_assigned for m in result.months] == [7, 7, 6]
    assert all(m.homes == {} for m in result.months)
    assert any("bara antalet personer" in text for text in result.assumptions)


def test_a_coming_year_from_january_and_a_past_year_refused(nykoping):
    assert [m.month for m in forecast(nykoping, 2027, AS_OF).months] == list(range(1, 13))
    with pytest.raises(PastYear):
        forecast(nykoping, 2025, AS_OF)


def test_it_is_deterministic_and_names_no_household(nykoping_2026):
    first = forecast(nykoping_2026, 2026, AS_OF)
    assert first == forecast(nykoping_2026, 2026, AS_OF)
    text = repr(first)
    assert "MIG-" not in text and "Hushåll" not in text


def report(*args) -> str:
    out = io.StringIO()
    call_command("report", "arrivals", *args, "--as-of", AS_OF.isoformat(), stdout=out)
    return out.getvalue()


def test_the_report_command_json(nykoping_2026):
    data = json.loads(report("--municipality", "0480", "--year", "2026", "--format", "json"))
    assert (data["remaining"], data["on_hand"], data["not_assigned"]) == (15, 7, 8)
    assert [(m["month"], m["on_hand"], m["not_assigned"], m["total"]) for m in data["months"]] == [
        (10, 4, 3, 7),
        (11, 3, 3, 6),
        (12, 0, 2, 2),
    ]
    assert data["months"][0]["homes"] == {"2": 1, "3": 1}
    assert data["mix"]["source"] == "municipality"
    assert data["assumptions"]


def test_the_report_command_csv_and_table(nykoping_2026):
    lines = report("--municipality", "480", "--year", "2026", "--format", "csv").splitlines()
    assert lines[0].split(";")[:5] == ["Kommunkod", "Månad", "Anvisade", "Ännu inte anvisade", "Totalt"]
    assert lines[1].split(";")[:5] == ["0480", "2026-10", "4", "3", "7"]
    assert len(lines) == 4
    table = report("--municipality", "0480", "--year", "2026")
    assert "Nyköpings kommun" in table and "2026-12" in table


def test_the_report_command_needs_a_municipality(nykoping):
    with pytest.raises(CommandError, match="--municipality"):
        report("--year", "2026")
    with pytest.raises(CommandError, match="Okänd kommunkod"):
        report("--municipality", "9999")
