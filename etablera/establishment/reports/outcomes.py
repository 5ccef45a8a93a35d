"""Cohort outcomes (issue #12): for the persons a municipality (or a county's municipalities) received in an arrival
year, broken down by sex, category and age band — how many, the share in work or studies 90 days after the
programme, the median months from arrival to self-support, and the median SFI waiting time. Figures only: no row
names a person, and a figure resting on fewer than five persons is shown as "–" (docs/reports.md, "Utfall").

Definitions (the rules and their sources are in etablera/rules/establishment.py and rules/parameters.py):

- **Cohort**: the persons received by the municipality (a reception case of a household the person is a member
  of, as the establishment page's arrival; a member who has left the household keeps the case of the household
  they left) whose arrival falls in the year, aged 20–65 at arrival (the programme's age, the union of the age
  bands). The arrival is the newest such reception case in the municipality. Persons without a birth date are left
  out (their age band is unknown).
- **Age band**: completed years at arrival, `establishment.outcome_age_bands` (20–24, 25–39, 40–54, 55–65).
- **Sex**: women, men, and "other or unknown" together.
- **In work or studies 90 days after the programme** (Kolada N00973): of the persons whose newest programme has
  ended (none runs) and whose end lies at least 90 days before the report's date, those with a status recorded
  for the month that contains the end + 90 days ("followed up"); the share is those whose status that month is
  work or studies. A person without a recorded status for the month is not in the share.
- **Months to self-support**: from the month of arrival to the first month, from arrival on, whose status is work
  or studies (one status per month: such a month has no försörjningsstöd recorded); the median over those who
  have reached it.
- **SFI waiting time**: days from arrival to the first SFI start (0 when SFI started before the arrival); the
  median over those who have started.
- **Suppression**: a row of fewer than five persons shows "–" for every figure. In a year's breakdown a single
  suppressed row could be worked out from the year's total, so the smallest other row is suppressed with it. A
  count of a row (followed up, self-supporting, started SFI) between 1 and 4 is "–", and so is a share or median
  resting on fewer than five persons. `None` is a figure that cannot be computed (nobody to compute it over).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import product

from django.db.models import Min
from django.utils import timezone

from etablera.establishment.models import MonthlyStatus, ProgrammePeriod, SfiEnrolment
from etablera.followup import suppression
from etablera.organisation.models import County, Municipality
from etablera.people.models import Category
from etablera.reception.models import ReceptionCase
from etablera.rules import establishment as rules

SUPPRESSED = suppression.SUPPRESSED
SELF_SUPPORT = (MonthlyStatus.Status.WORK, MonthlyStatus.Status.STUDIES)
DIMENSIONS = ("sex", "category", "age_band")
SEXES = ("F", "M", "X")  # X: other or unknown (Person.Sex OTHER and UNKNOWN together)


class UnknownArea(ValueError):
    pass


@dataclass(frozen=True)
class _Member:
    """One person of the cohort, as the figures need them. Never leaves this module."""

    year: int
    sex: str
    category: str
    age_band: str
    followed: bool  # the programme ended 90 days or more ago and the follow-up month has a status
    in_work_or_studies: bool
    months_to_self_support: int | None
    sfi_wait_days: int | None


@dataclass
class OutcomeRow:
    """One row of the table: its year and the groups it stands for (None = all), and its figures as shown."""

    year: int
    sex: str | None = None
    category: str | None = None
    age_band: str | None = None
    persons: int | str = 0
    followed: int | str | None = 0
    work_or_studies_percent: int | str | None = None
    self_supporting: int | str | None = 0
    median_months_to_self_support: float | str | None = None
    sfi_started: int | str | None = 0
    median_sfi_wait_days: float | str | None = None
    is_total: bool = False
    _size: int = 0  # the persons before suppression, for the complementary suppression only

    @property
    def suppressed(self) -> bool:
        return self.persons == SUPPRESSED

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "sex": self.sex,
            "category": self.category,
            "age_band": self.age_band,
            "is_total": self.is_total,
            "persons": self.persons,
            "followed_up": self.followed,
            "work_or_studies_percent": self.work_or_studies_percent,
            "self_supporting": self.self_supporting,
            "median_months_to_self_support": self.median_months_to_self_support,
            "sfi_started": self.sfi_started,
            "median_sfi_wait_days": self.median_sfi_wait_days,
        }


@dataclass
class OutcomeReport:
    title: str
    code: str
    scope: str  # "municipality" or "county"
    cohorts: tuple[int, int]  # first and last arrival year
    as_of: dt.date
    by: tuple[str, ...]
    min_cell: int
    age_bands: tuple[tuple[int, int], ...]
    rows: list[OutcomeRow] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "code": self.code,
            "scope": self.scope,
            "cohort_from": self.cohorts[0],
            "cohort_to": self.cohorts[1],
            "as_of": self.as_of.isoformat(),
            "by": list(self.by),
            "min_cell": self.min_cell,
            "suppressed": SUPPRESSED,
            "rows": [row.as_dict() for row in self.rows],
        }


def band_label(band: tuple[int, int]) -> str:
    return f"{band[0]}–{band[1]}"


def _median(values: list[int]) -> float:
    return float(statistics.median(values))


def _percent(part: int, whole: int) -> int:
    return int((Decimal(part * 100) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _figures(row: OutcomeRow, members: list[_Member], min_cell: int) -> OutcomeRow:
    """The row's figures from its members, each suppressed where it rests on fewer than `min_cell` persons."""

    def count(n: int) -> int | str:
        return suppression.count(n, min_cell)

    def rests_on(n: int, value):
        return suppression.rests_on(n, value, min_cell)

    row._size = len(members)
    if len(members) < min_cell:
        suppress(row, empty=not members)
        return row
    followed = [m for m in members if m.followed]
    supporting = [m.months_to_self_support for m in members if m.months_to_self_support is not None]
    waits = [m.sfi_wait_days for m in members if m.sfi_wait_days is not None]
    row.persons = len(members)
    row.followed = count(len(followed))
    row.work_or_studies_percent = rests_on(
        len(followed), lambda: _percent(sum(m.in_work_or_studies for m in followed), len(followed))
    )
    row.self_supporting = count(len(supporting))
    row.median_months_to_self_support = rests_on(len(supporting), lambda: _median(supporting))
    row.sfi_started = count(len(waits))
    row.median_sfi_wait_days = rests_on(len(waits), lambda: _median(waits))
    return row


def suppress(row: OutcomeRow, *, empty: bool = False) -> None:
    """Every figure of the row as "–" (a row of nobody shows 0 and no figures)."""
    if empty:
        row.persons, row.followed, row.self_supporting, row.sfi_started = 0, 0, 0, 0
        row.work_or_studies_percent = row.median_months_to_self_support = row.median_sfi_wait_days = None
        return
    for name in (
        "persons",
        "followed",
        "work_or_studies_percent",
        "self_supporting",
        "median_months_to_self_support",
        "sfi_started",
        "median_sfi_wait_days",
    ):
        setattr(row, name, SUPPRESSED)


def _complementary(rows: list[OutcomeRow]) -> None:
    """One suppressed row among a year's rows could be worked out from the year's total: suppress the smallest
    other row with it."""
    index = suppression.smallest_other([r.suppressed for r in rows], [r._size for r in rows])
    if index is not None:
        suppress(rows[index])


def _key(member: _Member, by: tuple[str, ...]) -> tuple:
    return tuple(getattr(member, name) for name in by)


def _values(by: tuple[str, ...], bands) -> list[tuple]:
    """Every combination of the chosen dimensions, in the table's order."""
    orders = {
        "sex": SEXES,
        "category": tuple(Category.values),
        "age_band": tuple(band_label(b) for b in bands),
    }
    return list(product(*(orders[name] for name in by)))


def build_rows(members: list[_Member], years: range, by: tuple[str, ...], min_cell: int, bands) -> list:
    rows: list[OutcomeRow] = []
    by_year: dict[int, list[_Member]] = defaultdict(list)
    for member in members:
        by_year[member.year].append(member)
    for year in years:
        cohort = by_year.get(year, [])
        rows.append(_figures(OutcomeRow(year=year, is_total=True), cohort, min_cell))
        if not by:
            continue
        groups: dict[tuple, list[_Member]] = defaultdict(list)
        for member in cohort:
            groups[_key(member, by)].append(member)
        breakdown = [
            _figures(OutcomeRow(year=year, **dict(zip(by, values, strict=True))), groups[values], min_cell)
            for values in _values(by, bands)
            if groups.get(values)
        ]
        if not rows[-1].suppressed:
            _complementary(breakdown)
        else:
            for row in breakdown:
                suppress(row)
        rows += breakdown
    return rows


# --- reading the records ------------------------------------------------------------------------------------------


def _keep(found: dict, key, value, pick) -> None:
    found[key] = pick(found[key], value) if key in found else value


def _cases(municipality_ids: list[int], first: dt.date):
    return ReceptionCase.objects.filter(
        municipality_id__in=municipality_ids, arrival_date__gte=first
    ).order_by()


def _arrivals(
    municipality_ids: list[int], first: dt.date, last: dt.date, *, by_place: bool
) -> tuple[dict, dict]:
    """Each person's newest arrival in these municipalities (current households first, then households left),
    kept when it falls between `first` and `last`: keyed by person, or with `by_place` by (municipality, person) —
    each municipality's own cohort, for a person received in two of them. And each person's (sex, category, birth
    date), read in the same rows. Two queries."""
    cases = _cases(municipality_ids, first)

    def key(place: int, person_id: int):
        return (place, person_id) if by_place else person_id

    about: dict[int, tuple] = {}
    found: dict[str, dict] = {}
    for path in ("household__memberships__person", "household__former_memberships__person"):
        arrivals = found[path] = {}
        for place, person_id, arrival, *facts in cases.values_list(
            "municipality_id",
            f"{path}_id",
            "arrival_date",
            f"{path}__sex",
            f"{path}__category",
            f"{path}__birth_date",
        ):
            if person_id is not None:
                _keep(arrivals, key(place, person_id), arrival, max)
                about[person_id] = tuple(facts)
    current, former = found.values()
    arrivals = {**{k: day for k, day in former.items() if k not in current}, **current}
    return {k: day for k, day in arrivals.items() if day <= last}, about


def _members(municipality_ids: list[int], years: range, as_of: dt.date, *, by_place: bool = False) -> list:
    """The cohort's members: a list of `_Member`, or with `by_place` of (municipality, `_Member`) — every
    municipality's cohort from one set of queries (the county page and the board report read them all at once)."""
    first, last = dt.date(years.start, 1, 1), dt.date(years.stop - 1, 12, 31)
    arrivals, about = _arrivals(municipality_ids, first, last, by_place=by_place)
    keys_of: dict[int, list] = defaultdict(list)  # person -> their keys (one, or one per municipality)
    for key in arrivals:
        keys_of[key[1] if by_place else key].append(key)
    people = {}
    for pk, keys in keys_of.items():
        sex, category, born = about[pk]
        if born is None:
            continue
        for key in keys:
            band = rules.outcome_age_band(born, arrivals[key])
            if band is not None:
                people[key] = (pk, sex if sex in ("F", "M") else "X", category, band_label(band))
    ids = list({pk for pk, *_ in people.values()})  # sent as one array (etablera/lookups.py)
    # The newest programme of each person, unless one still runs.
    ended: dict[int, dt.date] = {}
    running: set[int] = set()
    programmes = ProgrammePeriod.objects.filter(person_id__any=ids).order_by()
    for pk, end in programmes.values_list("person_id", "actual_end"):
        if end is None:
            running.add(pk)
        elif pk not in ended or end > ended[pk]:
            ended[pk] = end
    follow_up = {
        pk: rules.outcome_follow_up_month(end)
        for pk, end in ended.items()
        if pk not in running and rules.outcome_follow_up_day(end) <= as_of
    }
    status_of: dict[tuple[int, dt.date], str] = {}
    first_self_support: dict = {}  # by key: the first month of self-support counts from that arrival
    statuses = MonthlyStatus.objects.filter(person_id__any=ids, month__lte=as_of, month__gte=first).order_by()
    for pk, month, status in statuses.values_list("person_id", "month", "status"):
        if follow_up.get(pk) == month:
            status_of[(pk, month)] = status
        if status in SELF_SUPPORT:
            for key in keys_of.get(pk, ()):
                if month >= arrivals[key].replace(day=1):
                    _keep(first_self_support, key, month, min)
    sfi_start = dict(
        SfiEnrolment.objects.filter(person_id__any=ids, start_date__isnull=False, start_date__lte=as_of)
        .values("person_id")
        .annotate(first=Min("start_date"))
        .values_list("person_id", "first")
    )
    members = []
    for key, (pk, sex, category, band) in people.items():
        arrival = arrivals[key]
        status = status_of.get((pk, follow_up.get(pk)))
        first = first_self_support.get(key)
        member = _Member(
            year=arrival.year,
            sex=sex,
            category=category,
            age_band=band,
            followed=status is not None,
            in_work_or_studies=status in SELF_SUPPORT,
            months_to_self_support=rules.months_from_arrival(arrival, first) if first else None,
            sfi_wait_days=max(0, (sfi_start[pk] - arrival).days) if pk in sfi_start else None,
        )
        members.append((key[0], member) if by_place else member)
    return members


def _area(municipality_code: str | None, county_code: str | None):
    if municipality_code:
        municipality = Municipality.objects.filter(code=municipality_code).first()
        if municipality is None:
            raise UnknownArea(municipality_code)
        from etablera.reception.reports import municipality_title

        return [municipality.pk], municipality_title(municipality.name), municipality.code, "municipality"
    county = County.objects.filter(code=county_code).first() if county_code else None
    if county is None:
        raise UnknownArea(county_code or "")
    return list(county.municipalities.values_list("pk", flat=True)), county.name, county.code, "county"


def outcome_report(
    *,
    cohort: int,
    cohort_to: int | None = None,
    municipality_code: str | None = None,
    county_code: str | None = None,
    by: tuple[str, ...] = DIMENSIONS,
    as_of: dt.date | None = None,
) -> OutcomeReport:
    """The outcomes of the arrival years `cohort`…`cohort_to` for one municipality or one county (figures only;
    who may read them is the caller's question: `Capabilities.outcome_municipality_ids`, or the command line)."""
    as_of = as_of or timezone.localdate()
    last = cohort_to or cohort
    if last < cohort:
        cohort, last = last, cohort
    by = tuple(name for name in DIMENSIONS if name in by)
    ids, title, code, scope = _area(municipality_code, county_code)
    years = range(cohort, last + 1)
    min_cell = rules.outcome_min_cell(as_of)
    bands = rules.outcome_age_bands(dt.date(cohort, 1, 1))
    members = _members(ids, years, as_of)
    return OutcomeReport(
        title=title,
        code=code,
        scope=scope,
        cohorts=(cohort, last),
        as_of=as_of,
        by=by,
        min_cell=min_cell,
        age_bands=bands,
        rows=build_rows(members, years, by, min_cell, bands),
    )


def cohort_members(municipality_ids: list[int], years: range, as_of: dt.date) -> list[tuple[int, _Member]]:
    """(municipality, member) for the persons of each municipality's cohorts as the figures need them (sex,
    category, age band and the outcomes; no names) — each municipality's cohort as its own report has it, all read in
    one set of queries — for the follow-up's indicators (issue #16, followup/indicators.py), which build on these
    definitions rather than compute them again. The members never leave the register: only suppressed figures do."""
    return _members(municipality_ids, years, as_of, by_place=True)
