"""Housing rules: the crowding norm, contract periods and occupancy (issue #5).

Plain functions, no database. Every number comes from `parameters.py` with its source; the municipality's own
policy values there are marked `local`. The deadlines' texts are catalogue messages (deadlines.Deadline.make),
shown in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from etablera.rules.dates import add_months, age_on, birthday
from etablera.rules.deadlines import Deadline, gettext_noop
from etablera.rules.parameters import parameter, parameter_value


@dataclass(frozen=True)
class BedroomNeed:
    """How many bedrooms a household needs by the crowding norm, and why (shown beside the figure)."""

    bedrooms: int
    adults: int
    children: int
    explanation: str
    source: str


def bedrooms_needed(birth_dates: Iterable[dt.date | None], on: dt.date) -> BedroomNeed:
    """Bedrooms a household needs on `on` by the crowding norm (trångboddhetsnorm).

    The norm (glossary, "trångboddhet"): at most two persons per bedroom; kitchen and living room are not bedrooms.
    Local policy (`housing.children_share_with_adults`, default no): children under 18 do not share a bedroom with
    an adult, so adults and children are counted apart — two adults share one, two children share one. A member
    without a known birth date counts as an adult (the household's need is then not underestimated).
    """
    per_bedroom = parameter_value("housing.max_persons_per_bedroom", on)
    adult_age = parameter_value("adulthood.age", on)
    adults = children = 0
    for born in birth_dates:
        if born is not None and age_on(born, on) < adult_age:
            children += 1
        else:
            adults += 1
    norm = parameter("housing.max_persons_per_bedroom", on)
    if parameter_value("housing.children_share_with_adults", on):
        bedrooms = max(1, math.ceil((adults + children) / per_bedroom))
        how = f"{adults + children} personer, högst {per_bedroom} per sovrum"
    else:
        adult_rooms = math.ceil(adults / per_bedroom)
        child_rooms = math.ceil(children / per_bedroom)
        bedrooms = max(1, adult_rooms + child_rooms)
        how = (
            f"{_count(adults, 'vuxen', 'vuxna')}: {_count(adult_rooms, 'sovrum', 'sovrum')}; "
            f"{_count(children, 'barn', 'barn')}: {_count(child_rooms, 'sovrum', 'sovrum')} "
            f"(högst {per_bedroom} per sovrum, barn delar inte sovrum med vuxna)"
        )
    explanation = f"{bedrooms} sovrum behövs: {how}. Kök och vardagsrum räknas inte som sovrum."
    return BedroomNeed(bedrooms, adults, children, explanation, norm.source)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def is_overcrowded(persons_bedrooms_needed: int, bedrooms: int) -> bool:
    """A home with fewer bedrooms than the norm requires is overcrowded."""
    return bedrooms < persons_bedrooms_needed


def empty_bedrooms(needed: int, bedrooms: int) -> int:
    return max(0, bedrooms - needed)


# Labels of the deadlines below (the title of the house-by date; the dates a deadline is based on).
HOUSE_BY = gettext_noop("Bostad senast")
FIRST_DAY = gettext_noop("Första dag")
LATEST_RECEPTION_DATE = gettext_noop("Sista mottagningsdag")

# --- contract periods -------------------------------------------------------------------------------------------


def establishment_housing_end(start: dt.date) -> Deadline:
    """The last day of establishment housing (etableringsboende): at most 36 months from the start.

    Prop. 2025/26:215, proposed in force 2027-01-01 (status proposed): the municipality provides housing for at
    most 36 months. "36 months from 2027-01-01" ends on 2029-12-31: the day before the same date 36 months later.
    """
    p = parameter("housing.establishment_housing_months", start)
    end = add_months(start, p.value) - dt.timedelta(days=1)
    return Deadline.make(
        date=end,
        rule="housing.establishment_housing_end",
        title=[gettext_noop("Etableringsboendet upphör senast"), {}],
        explanation=[
            [
                gettext_noop(
                    "Etableringsboende i högst %(months)s månader från inflyttningen %(start)s: sista dag %(end)s."
                ),
                {"months": p.value, "start": start.isoformat(), "end": end.isoformat()},
            ]
        ],
        source=[p.source, {}],
        status=p.status,
        based_on={FIRST_DAY: start},
    )


def temporary_contract_end(start: dt.date) -> Deadline:
    """The planned end of a temporary contract without security of tenure (local policy, e.g. two years)."""
    p = parameter("housing.temporary_contract_months", start)
    end = add_months(start, p.value) - dt.timedelta(days=1)
    return Deadline.make(
        date=end,
        rule="housing.temporary_contract_end",
        title=[gettext_noop("Tidsbegränsat kontrakt löper ut"), {}],
        explanation=[
            [
                gettext_noop(
                    "Tidsbegränsat kontrakt i %(months)s månader från %(start)s: sista dag %(end)s."
                ),
                {"months": p.value, "start": start.isoformat(), "end": end.isoformat()},
            ]
        ],
        source=[p.source, {}],
        status="local" if p.local else p.status,
        based_on={FIRST_DAY: start},
    )


def max_contract_months(kind: str, on: dt.date) -> int | None:
    """The longest a contract of `kind` may run, in months (None: no limit in law or policy)."""
    if kind == "ESTABLISHMENT":
        return parameter_value("housing.establishment_housing_months", on)
    return None


def contract_end_within_limit(kind: str, start: dt.date, end: dt.date | None) -> Deadline | None:
    """The limit a contract breaks when it ends after its longest allowed end (None when it keeps within it)."""
    if kind != "ESTABLISHMENT":
        return None
    limit = establishment_housing_end(start)
    if end is None or end > limit.date:
        return limit
    return None


def must_be_housed_by(latest_reception_date: dt.date | None) -> Deadline | None:
    """An assigned household must have a home on the day it is received: at the latest the anvisning's latest
    reception date (bosättningslagen 2016:38 5 §; förordning 2016:39 10 §)."""
    if latest_reception_date is None:
        return None
    p = parameter("reception.latest_reception_months", latest_reception_date)
    return Deadline.make(
        date=latest_reception_date,
        rule="housing.must_be_housed_by",
        title=[HOUSE_BY, {}],
        explanation=[
            [
                gettext_noop(
                    "Hushållet ska ha en bostad när det tas emot, senast anvisningens sista mottagningsdag "
                    "%(date)s."
                ),
                {"date": latest_reception_date.isoformat()},
            ]
        ],
        source=[
            f"Lag (2016:38) om mottagande av vissa nyanlända invandrare för bosättning, 5 §; {p.source}",
            {},
        ],
        status=p.status,
        based_on={LATEST_RECEPTION_DATE: latest_reception_date},
    )


# Categories the municipality must provide housing for on reception: those assigned to it (anvisade) under
# bosättningslagen (2016:38) 5 §, as the proposed etableringsboende (prop. 2025/26:215) also reads. Self-settled
# persons arranged their own housing, and family members join the anchor person's home.
HOUSED_ON_ASSIGNMENT = frozenset(
    {"RESETTLED", "ASSIGNED_FROM_FACILITY", "TEMPORARY_PROTECTION", "UNACCOMPANIED_MINOR"}
)


def municipality_houses_on_assignment(category: str) -> bool:
    """Whether an anvisning of `category` gives the household a housing need at once (bosättningslagen 5 §)."""
    return category in HOUSED_ON_ASSIGNMENT


def monthly_cost_from_nightly(nightly: int, on: dt.date) -> int:
    """A per-night price as a monthly cost: nights per month (365/12, local parameter) × the price, in kronor."""
    return round(nightly * parameter_value("housing.nights_per_month", on))


# --- occupancy --------------------------------------------------------------------------------------------------

Interval = tuple[dt.date, dt.date | None]  # (first day, last day or None for until further notice)


def overlaps(a: Interval, b: Interval) -> bool:
    """Do two periods share a day? Both ends are inclusive; None is open-ended."""
    a_start, a_end = a
    b_start, b_end = b
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def peak_occupancy(intervals: Iterable[Interval]) -> int:
    """The largest number of periods that share one day (a sweep over starts and ends)."""
    events: list[tuple[dt.date, int]] = []
    for start, end in intervals:
        events.append((start, 1))
        if end is not None:
            events.append((end + dt.timedelta(days=1), -1))
    peak = current = 0
    for _day, delta in sorted(events, key=lambda e: (e[0], e[1])):
        current += delta
        peak = max(peak, current)
    return peak


def fits_capacity(existing: Iterable[Interval], new: Interval, capacity: int) -> bool:
    """Whether a new contract keeps the unit within its capacity (a flat: one household; HVB: its places)."""
    relevant = [i for i in existing if overlaps(i, new)]
    return peak_occupancy([*relevant, new]) <= capacity


# --- young adults -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeTransition:
    age: int
    date: dt.date
    meaning: str


def housing_age_transitions(birth_date: dt.date, on: dt.date, horizon_months: int) -> list[AgeTransition]:
    """18th and 21st birthdays within `horizon_months` of `on`: at 18 the care responsibility ends (housing may go
    on as continued responsibility until 21), at 21 the municipality's responsibility ends and the young adult needs
    housing of their own (seed 000, Ekerö; shared/domain/RULES.md, unaccompanied minors)."""
    adult = parameter_value("adulthood.age", on)
    end = parameter_value("minors.responsibility_end_age", on)
    until = add_months(on, horizon_months)
    found = []
    for age, meaning in (
        (adult, "Fyller 18: vårdansvaret upphör, boende efter 18 behöver planeras"),
        (end, "Fyller 21: kommunens ansvar upphör, egen bostad behövs"),
    ):
        day = birthday(birth_date, age)
        if on <= day <= until:
            found.append(AgeTransition(age, day, meaning))
    return found
