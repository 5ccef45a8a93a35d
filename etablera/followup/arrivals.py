"""Expected arrivals for the rest of the year, and the homes they need (issue #16, "Forecasts": the kommuntal comes
too late to plan housing — Katrineholm).

For one municipality and a year, per month from the as-of date's month to December:

  On hand        persons of the anvisningar on hand (status anvisad, counted against the year's kommuntal, decided on
                 or before the as-of date; EBO left out as in the quota report). Each anvisning's persons are its
                 household's registered members (its person count while it has no members). It is expected in the
                 month of its planned arrival date, else of its latest reception date; one whose date has passed
                 and which is not yet received is expected in the current month.
  Not assigned   persons of anvisningar not yet made: the quota report's "kvar att avräkna" (reports.quota_report,
                 not counted again here) minus the persons on hand, never below zero, spread over the remaining
                 months in proportion to Migrationsverket's monthly pace (MonthlyQuota) for those months — evenly
                 when there is no pace — as whole persons by the largest remainder method, so the months add up to
                 exactly that figure (ties go to the earlier month: plan for them sooner).
  Total          the two added.

Homes, as households per month by the bedrooms they need by the crowding norm (rules.housing.bedrooms_needed):
  - on hand: each household by its members' birth dates on its expected date (the as-of date when overdue); an
    anvisning without members counts its persons as adults, as the rule does for unknown birth dates;
  - not assigned: the persons become households by the mix of the households received in the municipality in the
    two years up to the as-of date (anvisningar received, EBO left out; each household as its members are
    registered now, their bedrooms by the norm on the day they were received). With no such household there, the
    county's; with none in the county either, persons only and no homes. The households expected are the persons
    divided by the mix's average household size, rounded half up (at least one when there is anyone); they are
    spread over the months in proportion to the months' persons, and each month's over the bedroom sizes in
    proportion to how many of the mix's households needed each — both by the largest remainder method (ties to the
    earlier month and to the larger home: not to underestimate).

Deterministic: the same records and date give the same figures. Figures only — no name, reference or household
leaves this module.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from etablera.organisation.models import Municipality
from etablera.people.models import Category, HouseholdMember
from etablera.reception.models import Assignment, MonthlyQuota
from etablera.reception.reports import municipality_title, quota_report
from etablera.rules.housing import bedrooms_needed

MIX_YEARS = 2


@dataclass(frozen=True)
class MonthForecast:
    month: int
    on_hand: int
    not_assigned: int
    on_hand_homes: dict[int, int] = field(default_factory=dict)  # bedrooms -> households
    not_assigned_homes: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.on_hand + self.not_assigned

    @property
    def homes(self) -> dict[int, int]:
        both = Counter(self.on_hand_homes)
        both.update(self.not_assigned_homes)
        return dict(sorted(both.items()))

    @property
    def households(self) -> int:
        return sum(self.homes.values())


@dataclass(frozen=True)
class HouseholdMix:
    """The households a forecast's not-yet-assigned persons are modelled on: figures only."""

    source: str  # "municipality" or "county"
    area: str
    households: int
    persons: int
    by_bedrooms: dict[int, int]  # bedrooms -> households

    @property
    def average_size(self) -> Fraction:
        return Fraction(self.persons, self.households)


@dataclass(frozen=True)
class ArrivalForecast:
    municipality_code: str
    area: str
    year: int
    as_of: dt.date
    quota: int
    received: int
    remaining: int
    on_hand: int
    not_assigned: int
    months: list[MonthForecast]
    later: int  # persons on hand expected after December (still counted against this year's kommuntal)
    mix: HouseholdMix | None

    @property
    def bedroom_sizes(self) -> list[int]:
        return sorted({size for month in self.months for size in month.homes})

    @property
    def assumptions(self) -> list[str]:
        return assumptions(self)


class UnknownMunicipality(ValueError):
    pass


class PastYear(ValueError):
    pass


def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """`total` split in whole parts in proportion to `weights`, adding up to exactly `total`: each part's floor,
    then one more to the largest remainders (ties to the earlier position). All weights zero: evenly."""
    if not weights:
        return []
    if total <= 0:
        return [0] * len(weights)
    if sum(weights) <= 0:
        weights = [1] * len(weights)
    whole = sum(weights)
    shares = [Fraction(total * w, whole) for w in weights]
    parts = [int(share) for share in shares]  # floor: the shares are not negative
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _round_half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2))


def _persons_and_births(assignment: Assignment) -> tuple[int, list[dt.date | None]]:
    members = list(assignment.household.memberships.all()) if assignment.household_id else []
    if members:
        return len(members), [m.person.birth_date for m in members]
    # No members registered yet: the anvisning's person count, as adults (the norm's rule for unknown births).
    return assignment.person_count, [None] * assignment.person_count


def _members_prefetch() -> Prefetch:
    return Prefetch("household__memberships", queryset=HouseholdMember.objects.select_related("person"))


def household_mix(municipality: Municipality, as_of: dt.date) -> HouseholdMix | None:
    """The households received in the municipality (else its county) in the two years up to `as_of`."""
    start = dt.date(as_of.year - MIX_YEARS, as_of.month, min(as_of.day, 28))
    received = (
        Assignment.objects.filter(
            status=Assignment.Status.RECEIVED,
            received_date__gt=start,
            received_date__lte=as_of,
            household__isnull=False,
        )
        .exclude(category=Category.SELF_SETTLED)
        .select_related("household")
        .prefetch_related(_members_prefetch())
        .order_by("pk")
    )
    for source, rows, area in (
        ("municipality", received.filter(municipality=municipality), municipality_title(municipality.name)),
        ("county", received.filter(municipality__county_id=municipality.county_id), municipality.county.name),
    ):
        by_bedrooms: Counter[int] = Counter()
        persons = 0
        for assignment in rows:
            members = list(assignment.household.memberships.all())
            if not members:
                continue
            persons += len(members)
            births = [m.person.birth_date for m in members]
            by_bedrooms[bedrooms_needed(births, assignment.received_date).bedrooms] += 1
        if by_bedrooms:
            return HouseholdMix(
                source, area, sum(by_bedrooms.values()), persons, dict(sorted(by_bedrooms.items()))
            )
    return None


def _pace(municipality: Municipality, year: int, months: list[int]) -> list[int]:
    counts = dict(
        MonthlyQuota.objects.filter(
            quota__municipality=municipality, quota__year=year, month__in=months
        ).values_list("month", "count")
    )
    return [counts.get(month, 0) for month in months]


def forecast(municipality: Municipality | str, year: int, as_of: dt.date) -> ArrivalForecast:
    """The expected arrivals and homes per month from `as_of` (or January of a coming year) to December."""
    if isinstance(municipality, str):
        found = Municipality.objects.select_related("county").filter(code=municipality).first()
        if found is None:
            raise UnknownMunicipality(municipality)
        municipality = found
    if year < as_of.year:
        raise PastYear(year)
    start = max(as_of, dt.date(year, 1, 1))
    months = list(range(start.month, 13))
    quota = quota_report(year=year, municipality_code=municipality.code, as_of=as_of).total

    on_hand = {month: 0 for month in months}
    on_hand_homes: dict[int, Counter[int]] = {month: Counter() for month in months}
    later = 0
    anvisningar = (
        Assignment.objects.filter(
            municipality=municipality,
            quota_year=year,
            status=Assignment.Status.ASSIGNED,
            decision_date__lte=as_of,
        )
        .exclude(category=Category.SELF_SETTLED)
        .select_related("household")
        .prefetch_related(_members_prefetch())
        .order_by("pk")
    )
    for assignment in anvisningar:
        expected = assignment.planned_arrival_date or assignment.latest_reception_date
        expected = max(expected, start)  # past its date and not received: expected now
        persons, births = _persons_and_births(assignment)
        if expected.year > year:
            later += persons
            continue
        on_hand[expected.month] += persons
        on_hand_homes[expected.month][bedrooms_needed(births, expected).bedrooms] += 1

    persons_on_hand = sum(on_hand.values()) + later
    not_assigned = max(0, quota.remaining - persons_on_hand)
    spread = largest_remainder(not_assigned, _pace(municipality, year, months))

    mix = household_mix(municipality, as_of)
    homes_per_month: list[dict[int, int]] = [{} for _ in months]
    if mix is not None and not_assigned:
        households = max(1, _round_half_up(not_assigned / mix.average_size))
        sizes = sorted(mix.by_bedrooms, reverse=True)  # ties to the larger home
        for index, count in enumerate(largest_remainder(households, spread)):
            split = largest_remainder(count, [mix.by_bedrooms[size] for size in sizes])
            homes_per_month[index] = {size: n for size, n in sorted(zip(sizes, split, strict=True)) if n}

    rows = [
        MonthForecast(
            month=month,
            on_hand=on_hand[month],
            not_assigned=spread[index],
            on_hand_homes=dict(sorted(on_hand_homes[month].items())),
            not_assigned_homes=homes_per_month[index],
        )
        for index, month in enumerate(months)
    ]
    return ArrivalForecast(
        municipality_code=municipality.code,
        area=municipality_title(municipality.name),
        year=year,
        as_of=as_of,
        quota=quota.quota,
        received=quota.received,
        remaining=quota.remaining,
        on_hand=persons_on_hand,
        not_assigned=not_assigned,
        months=rows,
        later=later,
        mix=mix,
    )


def assumptions(result: ArrivalForecast) -> list[str]:
    """The forecast's assumptions in plain Swedish, for the page and the report (the module docstring's)."""
    out = [
        _(
            "Anvisningar som finns: personerna i hushållet, den månad de planeras komma – annars den månad då de "
            "senast ska tas emot. En anvisning vars datum har passerat räknas till denna månad."
        ),
        _(
            "Ännu inte anvisade: kvar att avräkna minus personerna i anvisningarna som finns (aldrig under noll), "
            "fördelade på årets återstående månader efter Migrationsverkets månadstakt (jämnt om takt saknas), i "
            "hela personer så att summan stämmer (största rest)."
        ),
        _(
            "Bostäder: sovrum enligt trångboddhetsnormen, för hushållen i anvisningarna efter medlemmarnas ålder "
            "den månad de väntas komma."
        ),
    ]
    mix = result.mix
    if mix is None:
        out.append(
            _(
                "Inga mottagna hushåll de senaste två åren i kommunen eller länet: för de ännu inte anvisade visas "
                "bara antalet personer, inte bostäder."
            )
        )
    else:
        size = f"{float(mix.average_size):.1f}".replace(".", ",")
        out.append(
            _(
                "De ännu inte anvisade blir hushåll som de %(households)s hushåll (%(persons)s personer, i snitt "
                "%(size)s per hushåll) som togs emot i %(area)s de senaste två åren, och behöver sovrum som de "
                "gjorde."
            )
            % {"households": mix.households, "persons": mix.persons, "size": size, "area": mix.area}
        )
    if result.later:
        out.append(
            _(
                "%(n)s personer i anvisningar som finns väntas först nästa år; de räknas ändå av från årets tal."
            )
            % {"n": result.later}
        )
    return out
