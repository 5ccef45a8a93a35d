"""Who the activity requirement covers in a municipality on a day, from when and why, and the hours it demands of
each — computed from the support months, birth dates and exemptions by rules.activity each time it is asked (nothing
stored to go stale when a month is imported or an exemption recorded).

Two readers: `coverage_list` for social services (names; starts from restrict(), so only what section SOCIAL allows,
and logs each person listed), and `coverage_figures` for the "can we offer enough?" report and the CLI (counts and
hours, no names). Both cost the same handful of queries for a municipality of any size: the months, the persons,
the exemptions, the capacities, the part-time work and the plans, one query each.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from etablera.access.audit import log_list
from etablera.access.policy import restrict, visible_sections
from etablera.access.sections import Section
from etablera.activity.models import (
    CapacityAssessment,
    Exemption,
    Participation,
    RequirementPlan,
    SupportMonth,
)
from etablera.people.models import Person
from etablera.rules import activity as rules
from etablera.rules.dates import add_months
from etablera.rules.deadlines import Message
from etablera.rules.parameters import parameter_value

SOON_DAYS = 30  # "whose requirement starts within 30 days" (issue #13)


@dataclass
class PersonCoverage:
    person: Person
    household_id: int
    coverage: rules.Coverage
    capacity: Decimal | None = None
    work_hours: Decimal = Decimal(0)
    demanded_hours: Decimal = Decimal(0)
    demanded_reasons: tuple[Message, ...] = ()
    plan: RequirementPlan | None = None

    @property
    def starts_soon(self) -> bool:
        c = self.coverage
        return (
            c.state == rules.UPCOMING
            and c.starts_on is not None
            and (c.starts_on - c.as_of).days <= SOON_DAYS
        )

    @property
    def plan_missing(self) -> bool:
        return self.coverage.covered and self.plan is None


@dataclass
class CoverageFigures:
    as_of: dt.date
    covered: int = 0
    upcoming: int = 0
    exempt: int = 0
    demanded_hours: Decimal = Decimal(0)
    by_ground: dict[str, int] = field(default_factory=dict)


LOOKBACK_MONTHS = 24  # the window a list reads; a longer run is shown as "at least" this long


def lookback_start(as_of: dt.date) -> dt.date:
    """The first month a list reads. It must reach back far enough for every start date (the requirement never
    applies before the in-force month, so a run that began `requirement_months` before it starts then, however
    long it is); two years are read, so that a run's length is true up to two years and "at least" beyond."""
    months = parameter_value("activity.requirement_months", as_of)
    in_force = parameter_value("activity.first_support_month", as_of)
    return min(
        add_months(in_force, -months),
        add_months(rules.month_start(as_of), -max(months + 1, LOOKBACK_MONTHS - 1)),
    )


def _months_by_person(months: QuerySet) -> tuple[dict[int, list[dt.date]], dict[int, int]]:
    """{person id: [months]} and {person id: household id} for the support months given."""
    through = SupportMonth.persons.through.objects.filter(supportmonth__in=months).values_list(
        "person_id", "supportmonth__month", "supportmonth__household_id"
    )
    by_person: dict[int, list[dt.date]] = defaultdict(list)
    household: dict[int, int] = {}
    for person_id, month, household_id in through:
        by_person[person_id].append(month)
        household[person_id] = household_id
    return by_person, household


@dataclass
class _Records:
    """The exemptions, capacities and part-time work of a set of persons that hold some day of a span, read once;
    which of them hold on a given day is then answered in Python (the offer report asks for eight weeks)."""

    exemptions: list[Exemption]
    # Newest first: the first that holds on a day for a person is the one in force.
    capacities: list[CapacityAssessment]
    # (person, starts, ends, hours a week)
    work: list[tuple[int, dt.date, dt.date | None, Decimal]]


def _records(
    ids: list[int], exemptions: QuerySet, capacities: QuerySet, first: dt.date, last: dt.date
) -> _Records:
    span = Q(valid_from__lte=last) & (Q(valid_until__isnull=True) | Q(valid_until__gte=first))
    work = Participation.objects.filter(
        person_id__in=ids, kind=Participation.Kind.WORK, starts_on__lte=last
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    return _Records(
        exemptions=list(exemptions.filter(person_id__in=ids).filter(span)),
        capacities=list(capacities.filter(person_id__in=ids).filter(span).order_by("-valid_from", "-pk")),
        work=list(work.values_list("person_id", "starts_on", "ends_on", "hours_per_week")),
    )


def _holds_on(record, day: dt.date) -> bool:
    return record.valid_from <= day and (record.valid_until is None or record.valid_until >= day)


def _compute(
    persons: list[Person],
    months: dict[int, list[dt.date]],
    households: dict[int, int],
    records: _Records,
    as_of: dt.date,
) -> list[PersonCoverage]:
    exempt: dict[int, list[rules.ExemptionPeriod]] = defaultdict(list)
    for e in records.exemptions:
        if _holds_on(e, as_of):
            exempt[e.person_id].append(e.period())
    capacity: dict[int, Decimal] = {}
    for c in records.capacities:
        if _holds_on(c, as_of):
            capacity.setdefault(c.person_id, c.hours_per_week)
    work: dict[int, Decimal] = defaultdict(Decimal)
    for person_id, starts_on, ends_on, hours in records.work:
        if starts_on <= as_of and (ends_on is None or ends_on >= as_of):
            work[person_id] += hours
    rows = []
    known_from = lookback_start(as_of)
    for person in persons:
        coverage = rules.coverage(
            birth_date=person.birth_date,
            support_months=months.get(person.pk, ()),
            exemptions=exempt.get(person.pk, ()),
            as_of=as_of,
            known_from=known_from,
        )
        row = PersonCoverage(person, households.get(person.pk), coverage)
        if coverage.state in (rules.COVERED, rules.UPCOMING):
            row.capacity = capacity.get(person.pk)
            row.work_hours = work.get(person.pk, Decimal(0))
            row.demanded_hours, row.demanded_reasons = rules.required_hours(
                row.capacity, row.work_hours, as_of
            )
        rows.append(row)
    return rows


def coverage_list(user, municipality_id: int, as_of: dt.date) -> list[PersonCoverage]:
    """Everyone with support in a run that reaches `as_of` in the municipality, as far as the user may see
    section SOCIAL, with where they stand: covered, upcoming or exempt (those not covered are left out). Logged
    as a list read."""
    months = restrict(user, SupportMonth.objects.all()).filter(
        municipality_id=municipality_id, month__gte=lookback_start(as_of)
    )
    by_person, households = _months_by_person(months)
    persons = list(
        Person.objects.filter(pk__in=list(by_person))
        .select_related("municipality")  # the audit event names the municipality
        .only(
            "pk",
            "public_id",
            "municipality__code",
            "first_name",
            "last_name",
            "birth_date",
            "sex",
            "protected_identity",
        )
    )
    # The persons are seen (their months came through restrict()): their records need only their section, which
    # visible_sections answers for all of them at once (the owner of the section, a consent, break-glass: the same
    # conditions as restrict()'s, two small queries instead of a condition compiled into every query below).
    sections = visible_sections(user, persons)
    social = [pk for pk, seen in sections.items() if Section.SOCIAL in seen]
    health = [pk for pk, seen in sections.items() if Section.HEALTH in seen]
    capacities = CapacityAssessment.objects.filter(
        Q(section=CapacityAssessment.Section.SOCIAL, person_id__in=social)
        | Q(section=CapacityAssessment.Section.HEALTH, person_id__in=health)
    )
    records = _records(
        [p.pk for p in persons], Exemption.objects.filter(person_id__in=social), capacities, as_of, as_of
    )
    rows = _compute(persons, by_person, households, records, as_of)
    rows = [r for r in rows if r.coverage.state != rules.NOT_COVERED]
    social = set(social)
    plans = {
        p.person_id: p
        for p in RequirementPlan.objects.filter(
            person_id__in=[r.person.pk for r in rows if r.person.pk in social],
            status=RequirementPlan.Status.ACTIVE,
        )
    }
    for row in rows:
        row.plan = plans.get(row.person.pk)
    rows.sort(
        key=lambda r: (r.coverage.state, r.coverage.starts_on or as_of, r.person.last_name, r.person.pk)
    )
    log_list(user, [r.person for r in rows], "Aktivitetskravet: vilka som omfattas")
    return rows


def coverage_figures(municipality_id: int, as_of: dt.date) -> CoverageFigures:
    """The counts and the hours demanded in the municipality on `as_of`, without names (a report's figures: the
    caller checks that the user may read them)."""
    return coverage_figures_on(municipality_id, [as_of])[0]


def coverage_figures_on(municipality_id: int, days: list[dt.date]) -> list[CoverageFigures]:
    """`coverage_figures` for each of `days`, in the same handful of queries however many days: the months of the
    widest window, the persons, their exemptions, capacities and work over the whole span, read once."""
    if not days:
        return []
    first, last = min(days), max(days)
    months = SupportMonth.objects.filter(municipality_id=municipality_id, month__gte=lookback_start(first))
    all_months, households = _months_by_person(months)
    persons = list(Person.objects.filter(pk__in=list(all_months)).only("pk", "birth_date"))
    records = _records(
        [p.pk for p in persons], Exemption.objects.all(), CapacityAssessment.objects.all(), first, last
    )
    answers = []
    for day in days:
        # The window the day's list reads (lookback_start), as if it had been asked alone.
        since = lookback_start(day)
        by_person = {pk: kept for pk, seen in all_months.items() if (kept := [m for m in seen if m >= since])}
        figures = CoverageFigures(day)
        for row in _compute([p for p in persons if p.pk in by_person], by_person, households, records, day):
            state = row.coverage.state
            if state == rules.COVERED:
                figures.covered += 1
                figures.demanded_hours += row.demanded_hours
            elif state == rules.UPCOMING:
                figures.upcoming += 1
            elif state == rules.EXEMPT:
                figures.exempt += 1
                figures.by_ground[row.coverage.ground] = figures.by_ground.get(row.coverage.ground, 0) + 1
        answers.append(figures)
    return answers
