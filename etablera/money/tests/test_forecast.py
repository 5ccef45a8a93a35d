"""The forecast (issue #15, KEFU's method) against hand-computed figures: the cohort leaving the programme × the share
without work × the average försörjningsstöd, for the months after they leave; overlapping cohorts adding up; the
month edges (the 1st and the last day, the window's first month, the last support month); the planned end while a
programme runs; the stored schablon and initial-cost lines as the income; the years not computed; who may read and
who may change the parameters; and the number of queries, whatever the size."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.access.models import AuditEvent
from etablera.establishment.models import ProgrammePeriod
from etablera.money.models import Entitlement, ForecastSetting, Kind
from etablera.money.selectors_forecast import forecast
from etablera.money.services.entitlements import compute
from etablera.money.services.forecast import save_settings
from etablera.money.tests.conftest import receive
from etablera.testing.factories import PersonFactory, municipality

pytestmark = pytest.mark.django_db

JAN_2030 = dt.date(2030, 1, 1)


def leave(end: dt.date, n: int = 1, *, planned: bool = False, code: str = "0480") -> list:
    """`n` persons of municipality `code` whose programme ends on `end` (its actual end, or its planned end while it
    still runs)."""
    people = []
    for _i in range(n):
        person = PersonFactory(municipality=municipality(code))
        start = end - dt.timedelta(days=700)
        ProgrammePeriod.objects.create(
            person=person,
            municipality=person.municipality,
            referral_date=start,
            start_date=start,
            planned_end=end if planned else start + dt.timedelta(days=730),
            actual_end=None if planned else end,
            end_reason="" if planned else ProgrammePeriod.EndReason.TIME_OUT,
        )
        people.append(person)
    return people


def by_month(data) -> dict[str, object]:
    return {f"{m.month:%Y-%m}": m for m in data.months}


def test_ten_leaving_in_march_cost_35_750_a_month_for_twelve_months(olof, nykoping):
    leave(dt.date(2030, 3, 15), 10)
    data = forecast(olof, nykoping.pk, JAN_2030)
    months = by_month(data)
    assert len(data.months) == 24 and data.start == JAN_2030 and data.end == dt.date(2031, 12, 1)
    assert not data.saved and data.share == Decimal(55)  # the defaults: 55 %, 6 500 kr, 12 months
    assert months["2030-03"].leaving == 10 and months["2030-03"].without_work == Decimal("5.5")
    assert months["2030-03"].cost == 0  # the cost starts the month after they leave
    for key in [f"2030-{m:02}" for m in range(4, 13)] + ["2031-01", "2031-02", "2031-03"]:
        assert months[key].cost == 35_750, key  # 10 × 55 % × 6 500
        assert months[key].on_support == Decimal("5.5")
    assert months["2031-04"].cost == 0  # twelve months: April to March
    assert data.cost == 12 * 35_750 == 429_000
    assert data.leaving == 10 and data.without_work == Decimal("5.5")


def test_overlapping_cohorts_add_up(olof, nykoping):
    leave(dt.date(2030, 3, 1), 10)
    leave(dt.date(2030, 6, 30), 4)
    months = by_month(forecast(olof, nykoping.pk, JAN_2030))
    assert months["2030-06"].cost == 35_750  # only March's
    assert months["2030-07"].cost == 50_050  # (10 + 4) × 55 % × 6 500
    assert months["2031-03"].cost == 50_050
    assert months["2031-04"].cost == 14_300  # June's alone: 4 × 55 % × 6 500
    assert months["2031-06"].cost == 14_300 and months["2031-07"].cost == 0


def test_month_edges_the_first_and_the_last_day_and_the_window(olof, nykoping):
    leave(dt.date(2029, 12, 31))  # before the window: its cost runs January–December 2030
    leave(dt.date(2030, 1, 1))  # the window's first month: February 2030–January 2031
    leave(dt.date(2028, 12, 31))  # thirteen months before: nothing left in the window
    leave(dt.date(2031, 12, 31))  # the window's last month: counted, costs only after the window
    data = forecast(olof, nykoping.pk, JAN_2030)
    months = by_month(data)
    one = 3575  # 1 × 55 % × 6 500
    assert months["2030-01"].leaving == 1 and months["2030-01"].cost == one
    assert months["2030-02"].cost == 2 * one and months["2030-12"].cost == 2 * one
    assert months["2031-01"].cost == one and months["2031-02"].cost == 0
    assert months["2031-12"].leaving == 1 and months["2031-12"].cost == 0
    assert data.leaving == 2  # the two leaving inside the window


def test_the_planned_end_counts_while_the_programme_runs_and_the_actual_end_wins(olof, nykoping):
    leave(dt.date(2030, 5, 20), planned=True)
    [early] = leave(dt.date(2030, 8, 20), planned=True)
    ProgrammePeriod.objects.filter(person=early).update(
        actual_end=dt.date(2030, 2, 10), end_reason=ProgrammePeriod.EndReason.WORK
    )
    months = by_month(forecast(olof, nykoping.pk, JAN_2030))
    assert months["2030-05"].leaving == 1 and months["2030-02"].leaving == 1
    assert months["2030-08"].leaving == 0


def test_only_the_municipalitys_persons_count(olof, nykoping):
    leave(dt.date(2030, 3, 3), 2)
    leave(dt.date(2030, 3, 3), 5, code="0381")
    [moved] = leave(dt.date(2030, 3, 3))
    moved.municipality = municipality("0381")
    moved.save(update_fields=["municipality"])
    assert by_month(forecast(olof, nykoping.pk, JAN_2030))["2030-03"].leaving == 2


def test_the_municipalitys_own_parameters_and_rounding(olof, nykoping):
    leave(dt.date(2030, 3, 3))
    save_settings(
        olof,
        nykoping,
        share_without_work="10",
        average_monthly_cost=6505,
        months_on_support=3,
        source="Eget utfall",
    )
    data = forecast(olof, nykoping.pk, JAN_2030)
    months = by_month(data)
    assert data.saved and data.setting.source == "Eget utfall"
    assert months["2030-04"].cost == 651  # 1 × 10 % × 6 505 = 650,5, rounded half up
    assert months["2030-06"].cost == 651 and months["2030-07"].cost == 0
    assert data.cost == 3 * 651


def test_the_income_is_the_stored_schablon_and_initial_cost_lines(olof, nykoping):
    receive(dt.date(1990, 1, 1), dt.date(2024, 8, 10))
    receive(dt.date(2012, 6, 1), dt.date(2024, 11, 30))
    compute(2024)
    compute(2025)
    Entitlement.objects.create(
        municipality=nykoping, received_in=nykoping, kind=Kind.MINORS_DAYS, month=dt.date(2024, 9, 1),
        amount=99_999, rate=1_000, days=30,
    )  # fmt: skip
    data = forecast(olof, nykoping.pk, dt.date(2024, 9, 1))
    lines = Entitlement.objects.filter(
        municipality=nykoping,
        kind__in=[Kind.SCHABLON, Kind.INITIAL_COSTS],
        month__gte=dt.date(2024, 9, 1),
        month__lt=dt.date(2026, 9, 1),
    )
    assert data.income == sum(lines.values_list("amount", flat=True)) > 0
    for m in data.months:
        month_lines = lines.filter(month=m.month)
        assert m.schablon == sum(month_lines.filter(kind=Kind.SCHABLON).values_list("amount", flat=True))
        assert m.initial_costs == sum(
            month_lines.filter(kind=Kind.INITIAL_COSTS).values_list("amount", flat=True)
        )
    september = by_month(data)["2024-09"]
    assert september.schablon == 6875 and september.initial_costs == 19_998  # minors' days are not in it
    assert data.missing_years == [2026]


def test_a_year_without_lines_is_missing(olof, nykoping):
    receive(dt.date(1990, 1, 1), dt.date(2024, 8, 10))
    compute(2024)
    assert forecast(olof, nykoping.pk, dt.date(2024, 8, 1)).missing_years == [2025, 2026]
    assert forecast(olof, nykoping.pk, dt.date(2024, 1, 1), 12).missing_years == []


def test_who_reads_the_forecast(olof, stina, bob, charlie, alice, nykoping):
    leave(dt.date(2030, 3, 3), 3)
    figures = forecast(olof, nykoping.pk, JAN_2030)
    assert forecast(stina, nykoping.pk, JAN_2030).cost == figures.cost > 0  # statistics: the same figures
    assert forecast(alice, nykoping.pk, JAN_2030).cost == figures.cost
    with pytest.raises(PermissionDenied):
        forecast(bob, nykoping.pk, JAN_2030)
    with pytest.raises(PermissionDenied):
        forecast(charlie, nykoping.pk, JAN_2030)
    with pytest.raises(ValueError):
        forecast(olof, nykoping.pk, JAN_2030, 61)


def test_the_forecast_takes_the_same_queries_for_few_or_many(olof, nykoping):
    leave(dt.date(2030, 3, 3))
    receive(dt.date(1990, 1, 1), dt.date(2029, 12, 3))
    compute(2030)
    forecast(olof, nykoping.pk, JAN_2030)  # the memberships
    with CaptureQueriesContext(connection) as few:
        forecast(olof, nykoping.pk, JAN_2030)
    for i in range(8):
        leave(dt.date(2030, 1 + i, 3 + i), 2)
        receive(dt.date(1980 + i, 1, 1), dt.date(2029, 3 + i, 3))
    compute(2030)
    save_settings(olof, nykoping, share_without_work=40, average_monthly_cost=7000, months_on_support=24)
    with CaptureQueriesContext(connection) as many:
        data = forecast(olof, nykoping.pk, JAN_2030)
    assert data.leaving == 17
    assert len(many) == len(few) == 3


# --- the parameters ---------------------------------------------------------------------------------------------


def test_saving_the_parameters_is_logged_and_locks_one_row(olof, nykoping):
    setting = save_settings(
        olof,
        nykoping,
        share_without_work="47,5",
        average_monthly_cost=7200,
        months_on_support=18,
        source=" KEFU ",
    )
    assert setting.share_without_work == Decimal("47.50") and setting.source == "KEFU"
    assert setting.updated_by == olof
    event = AuditEvent.objects.get(actor=olof, object_type="ForecastSetting")
    assert event.action == AuditEvent.Action.CREATE and event.municipality_code == "0480"
    before, after = event.changes["share_without_work"]
    assert Decimal(before) == 55 and after == "47.50"
    save_settings(olof, nykoping, share_without_work=50, average_monthly_cost=7200, months_on_support=18)
    assert ForecastSetting.objects.count() == 1
    update = AuditEvent.objects.filter(object_type="ForecastSetting").latest("pk")
    assert update.action == AuditEvent.Action.UPDATE
    assert set(update.changes) == {"share_without_work", "source"}


def test_bad_parameters_get_swedish_errors_by_field_and_nothing_is_saved(olof, nykoping):
    with pytest.raises(ValidationError) as caught:
        save_settings(
            olof,
            nykoping,
            share_without_work="100,5",
            average_monthly_cost=1_000_001,
            months_on_support=0,
            source="x" * 301,
        )
    errors = caught.value.message_dict
    assert set(errors) == {"share_without_work", "average_monthly_cost", "months_on_support", "source"}
    assert "från 0 till 100 procent" in errors["share_without_work"][0]
    assert "1 000 000" in errors["average_monthly_cost"][0]
    assert "från 1 till 60" in errors["months_on_support"][0]
    assert "300 tecken" in errors["source"][0]
    assert not ForecastSetting.objects.exists()
    for share, words in (
        ("12,345", "två decimaler"),
        ("mycket", "som ett tal"),
        (True, "procent"),
        ("NaN", "100"),
    ):
        with pytest.raises(ValidationError) as caught:
            save_settings(
                olof, nykoping, share_without_work=share, average_monthly_cost=1, months_on_support=1
            )
        assert words in caught.value.message_dict["share_without_work"][0]
    with pytest.raises(ValidationError):
        save_settings(olof, nykoping, share_without_work=0, average_monthly_cost="6500", months_on_support=60)
    # The edges themselves are allowed.
    save_settings(olof, nykoping, share_without_work=0, average_monthly_cost=0, months_on_support=1)
    save_settings(
        olof, nykoping, share_without_work=100, average_monthly_cost=1_000_000, months_on_support=60
    )
    assert ForecastSetting.objects.get().months_on_support == 60


def test_only_the_keepers_of_the_money_records_change_the_parameters(stina, charlie, alice, nykoping):
    values = {"share_without_work": 50, "average_monthly_cost": 6000, "months_on_support": 12}
    with pytest.raises(PermissionDenied):
        save_settings(stina, nykoping, **values)
    with pytest.raises(PermissionDenied):
        save_settings(charlie, nykoping, **values)
    save_settings(alice, nykoping, **values)
    assert ForecastSetting.objects.get().average_monthly_cost == 6000


# --- the forecast beside its outcome (issue #16) ------------------------------------------------------------------


def test_the_forecast_beside_what_was_paid_to_the_leavers_households(olof, nykoping):
    """Two of a household leave in March 2030 (forecast 2 × 55 % × 6 500 = 7 150 kr a month from April); the
    household gets 9 000 kr in April and 8 000 in May — once a month, though two of it left; its March support is
    before they left, and another household's support (nobody of it left) is not theirs."""
    from etablera.activity.models import SupportMonth
    from etablera.money.selectors_forecast import outcome
    from etablera.people.models import HouseholdMember
    from etablera.testing.factories import HouseholdFactory

    first, second = leave(dt.date(2030, 3, 15), 2)
    household = HouseholdFactory(municipality=nykoping)
    for person in (first, second):
        HouseholdMember.objects.create(household=household, person=person, relation="ADULT")
    other = HouseholdFactory(municipality=nykoping)
    for month, amount in ((3, 5000), (4, 9000), (5, 8000)):
        SupportMonth.objects.create(
            household=household, municipality=nykoping, month=dt.date(2030, month, 1), amount=amount
        )
    SupportMonth.objects.create(
        household=other, municipality=nykoping, month=dt.date(2030, 4, 1), amount=4000
    )
    months = {f"{m.month:%Y-%m}": m for m in outcome(olof, nykoping.pk, 2030)}
    assert len(months) == 12
    assert (months["2030-03"].forecast, months["2030-03"].actual) == (0, 0)
    assert (months["2030-04"].forecast, months["2030-04"].actual, months["2030-04"].households) == (
        7150,
        9000,
        1,
    )
    assert months["2030-04"].difference == 1850
    assert (months["2030-05"].actual, months["2030-06"].actual) == (8000, 0)


def test_the_outcome_is_for_those_who_read_the_money(bob, nykoping):
    from etablera.money.selectors_forecast import outcome

    with pytest.raises(PermissionDenied):
        outcome(bob, nykoping.pk, 2030)
