"""The records behind the indicators (issue #16), one function per indicator, each reading one source: reception
(the persons and anvisningar received), housing (the first permanent contract, temporary housing's cost), the
establishment's cohort outcomes (establishment/reports/outcomes.py — its definitions, not new ones), and
försörjningsstöd. A function returns `table.Record`s: a municipality, the breakdown values and a number — never who.

Every function takes the `Scope` (municipalities, year, the report's date) and reads only those municipalities."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _

from etablera.activity.models import SupportMonth
from etablera.establishment.reports.outcomes import cohort_members
from etablera.followup.table import NotMeasurable, Record, Scope
from etablera.housing.models import Contract
from etablera.money.selectors_costs import housing_cost, month_last
from etablera.people.models import Category
from etablera.reception.models import ReceptionCase
from etablera.rules import followup as rules
from etablera.rules.dates import add_months
from etablera.rules.parameters import parameter_value

ENDED_OR_RUNNING = (Contract.Status.ACTIVE, Contract.Status.ENDED)


def _year(scope: Scope) -> tuple[dt.date, dt.date]:
    return dt.date(scope.year, 1, 1), min(dt.date(scope.year, 12, 31), scope.as_of)


def _sex(code: str) -> str:
    return code if code in ("F", "M") else "X"  # other and unknown together, as the outcomes do


# --- reception ----------------------------------------------------------------------------------------------------


def _cases(scope: Scope):
    first, last = _year(scope)
    return ReceptionCase.objects.filter(
        municipality__in=scope.municipalities, arrival_date__gte=first, arrival_date__lte=last
    ).order_by()  # no sort: every reader folds the rows into a dict


def received(scope: Scope) -> dict[tuple[int, int], tuple[dt.date, int, tuple]]:
    """(municipality, person) -> (arrival, household, (sex, birth date, category)) for everyone received in the
    year: the members of the households whose reception case arrived then (a member who has left keeps the case of
    the household they left, as in the outcomes). A person received twice in a municipality in the year counts
    once, at the newer arrival. The person's facts come in the same rows (a join, not a list of ids to send back)."""

    def read():
        found: dict[tuple[int, int], tuple[dt.date, int, tuple]] = {}
        for path in ("household__memberships__person", "household__former_memberships__person"):
            rows = _cases(scope).values_list(
                "municipality_id",
                f"{path}_id",
                "arrival_date",
                "household_id",
                f"{path}__sex",
                f"{path}__birth_date",
                f"{path}__category",
            )
            for place, person, arrival, household, *about in rows:
                if person is not None and (
                    (place, person) not in found or arrival > found[(place, person)][0]
                ):
                    found[(place, person)] = (arrival, household, tuple(about))
        return found

    return scope.remember("received", read)


def received_persons(scope: Scope) -> list[Record]:
    """One record per person received in the year, by sex, age band at arrival and category."""
    records = []
    for (place, _person), (arrival, _household, (sex, born, category)) in received(scope).items():
        records.append(
            Record(place, sex=_sex(sex), age_band=rules.age_band(born, arrival), category=category)
        )
    return records


def received_in_time(scope: Scope) -> list[Record]:
    """One record per anvisning received in the year: 1 when the household arrived on or before the anvisning's
    latest reception date (förordning 2016:39 10 §), by the anvisning's category."""
    rows = _cases(scope).filter(assignment__isnull=False)
    return [
        Record(place, number=int(arrival <= latest), category=category)
        for place, arrival, latest, category in rows.values_list(
            "municipality_id", "arrival_date", "assignment__latest_reception_date", "assignment__category"
        )
    ]


def _household_category(scope: Scope) -> dict[int, tuple[int, dt.date, str]]:
    """household -> (municipality, arrival, category) for the households received in the year (the anvisning's
    category; self-settled without one). A household received twice counts at its newer arrival."""
    found: dict[int, tuple[int, dt.date, str]] = {}
    for household, place, arrival, category in _cases(scope).values_list(
        "household_id", "municipality_id", "arrival_date", "assignment__category"
    ):
        if household not in found or arrival > found[household][1]:
            found[household] = (place, arrival, category or Category.SELF_SETTLED)
    return found


# --- housing ------------------------------------------------------------------------------------------------------


def days_to_housing(scope: Scope) -> list[Record]:
    """One record per household received in the year that has had a permanent contract (first- or second-hand,
    Contract.PERMANENT_KINDS) in the municipality: the days from arrival to that contract's start (0 when the home
    was ready before the household came)."""
    households = _household_category(scope)
    first_home: dict[int, dt.date] = {}
    contracts = Contract.objects.filter(
        household_id__any=list(households),
        kind__in=Contract.PERMANENT_KINDS,
        status__in=ENDED_OR_RUNNING,
        start_date__lte=scope.as_of,
    ).values_list("household_id", "municipality_id", "start_date")
    for household, place, start in contracts:
        if place == households[household][0] and (
            household not in first_home or start < first_home[household]
        ):
            first_home[household] = start
    return [
        Record(place, number=max(0, (first_home[household] - arrival).days), category=category)
        for household, (place, arrival, category) in households.items()
        if household in first_home
    ]


def temporary_housing_cost(scope: Scope) -> list[Record]:
    """One record per household the municipality paid temporary housing for in the year (a contract not permanent,
    paid by the municipality): its cost in the year, each month by the days it ran (money/selectors_costs.py
    `housing_cost`, the same arithmetic as the money overview), up to the report's date."""
    first, last = _year(scope)
    contracts = (
        Contract.objects.filter(
            municipality__in=scope.municipalities,
            payer=Contract.Payer.MUNICIPALITY,
            status__in=ENDED_OR_RUNNING,
            start_date__lte=last,
        )
        .exclude(kind__in=Contract.PERMANENT_KINDS)
        .exclude(end_date__lt=first)
        .values_list("municipality_id", "household_id", "start_date", "end_date", "monthly_cost")
    )
    months = []  # the year's months up to the report's date: (first day, last day), worked out once
    month = first
    while month <= last:
        months.append((month, month_last(month)))
        month = add_months(month, 1)
    costs: dict[tuple[int, int], int] = defaultdict(int)
    for place, household, start, end, cost in contracts:
        end = min(end, last) if end else last
        # Only the months the contract runs in (the year's months are in order: index = month − 1).
        runs = months[max(start, first).month - 1 : end.month] if start <= end else []
        costs[(place, household)] += sum(
            housing_cost(cost, start, end, day, month_end) for day, month_end in runs
        )
    return [Record(place, number=amount) for (place, _household), amount in costs.items()]


# --- försörjningsstöd ---------------------------------------------------------------------------------------------


def support_per_person(scope: Scope) -> list[Record]:
    """One record per household received in the year: the försörjningsstöd the municipality paid it in its first
    `establishment.programme_months` months from the month of arrival (up to the report's date), standing for the
    household's members received then (the amount is the household's; it is not split between persons)."""
    months = parameter_value("establishment.programme_months", dt.date(scope.year, 1, 1))
    households: dict[int, tuple[int, dt.date]] = {}
    persons: dict[int, int] = defaultdict(int)
    for (place, _person), (arrival, household, _about) in received(scope).items():
        households[household] = (place, arrival)
        persons[household] += 1
    paid: dict[int, int] = defaultdict(int)
    support = SupportMonth.objects.filter(household_id__any=list(households), month__lte=scope.as_of)
    windows = {  # household -> (municipality, first month, the month after the last), worked out once each
        household: (home, arrival.replace(day=1), add_months(arrival.replace(day=1), months))
        for household, (home, arrival) in households.items()
    }
    for household, place, month, amount in support.values_list(
        "household_id", "municipality_id", "month", "amount"
    ):
        # A household of the year's cases without a member has no window (and no person to stand for).
        home, start, end = windows.get(household, (None, None, None))
        if place == home and start <= month < end:
            paid[household] += amount
    return [
        Record(place, number=paid[household], weight=persons[household])
        for household, (place, _arrival) in households.items()
    ]


# --- the establishment's cohort outcomes (establishment/reports/outcomes.py) -------------------------------------


def _cohort(scope: Scope):
    """The outcomes' cohort of the year per municipality (20–65 at arrival), read once per run: every municipality's
    in one set of queries, whether the scope is one municipality, a county or the country."""

    def read():
        return cohort_members(
            [m.pk for m in scope.municipalities], range(scope.year, scope.year + 1), scope.as_of
        )

    return scope.remember("cohort", read)


def _member_record(place: int, member, number) -> Record:
    return Record(place, number=number, sex=member.sex, age_band=member.age_band, category=member.category)


def work_or_studies_90_days(scope: Scope) -> list[Record]:
    """The outcomes' "followed up" persons (the programme ended 90 days or more ago and the month has a status):
    1 when that month's status is work or studies."""
    return [_member_record(place, m, int(m.in_work_or_studies)) for place, m in _cohort(scope) if m.followed]


def days_to_sfi(scope: Scope) -> list[Record]:
    """The outcomes' SFI waiting time: days from arrival to the first SFI start, for those who have started."""
    return [
        _member_record(place, m, m.sfi_wait_days)
        for place, m in _cohort(scope)
        if m.sfi_wait_days is not None
    ]


def self_supporting_after(years: int):
    """The records of "share self-supporting after `years` years": of the cohort, 1 for those whose first month of
    work or studies (the outcomes' months to self-support) came at most 12 × years months after the arrival month. Only
    once every member has been here that long (the report's date on or after 31 December of arrival year + years)."""

    def records(scope: Scope) -> list[Record]:
        ready = dt.date(scope.year + years, 12, 31)
        if scope.as_of < ready:
            raise NotMeasurable(
                _("Mäts först %(date)s, när alla som kom %(year)s har varit här i %(years)s år.")
                % {"date": ready.isoformat(), "year": scope.year, "years": years}
            )
        return [
            _member_record(
                place,
                m,
                int(m.months_to_self_support is not None and m.months_to_self_support <= 12 * years),
            )
            for place, m in _cohort(scope)
        ]

    return records
