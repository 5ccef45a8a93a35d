"""Reading the records of unaccompanied minors (issue #14): the child's page with its next legal dates, the lists
by next legal date, and the placement days per child and month that the state compensation is computed from.

Every read starts from restrict() (section SOCIAL) and is logged. The dates are computed from the person's birth
date each time (rules.minors), so an age uplift moves them all; each explains itself."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from etablera.access.audit import log_list, log_read
from etablera.access.policy import capabilities, get_for_user, restrict
from etablera.minors.models import ChildCase, FollowUpVisit, Guardian, Placement
from etablera.minors.services import housing as minors_housing
from etablera.minors.services import tasks as minors_tasks
from etablera.people.models import BirthDateChange, Person
from etablera.rules import minors as rules
from etablera.rules.dates import add_months, age_on
from etablera.rules.deadlines import Deadline, gettext_noop
from etablera.rules.parameters import parameter_value

# The report of continued responsibility is for a young asylum seeker (Migrationsverket houses adult asylum
# seekers); a child with a residence permit stays the municipality's to 21 without it.
REPORT_STATUSES = (ChildCase.AsylumStatus.SEEKING, ChildCase.AsylumStatus.REFUSED)
# How far ahead the lists look, per kind of date: the municipality's local parameters (rules/parameters.py).
WINDOWS = {
    "REPORT": "minors.report_due_soon_days",
    "ADULT": "minors.turning_adult_soon_days",
    "PLACEMENT_ENDS": "minors.placement_ending_soon_days",
}


def window_days(kind: str, on: dt.date) -> int:
    return parameter_value(WINDOWS[kind], on)


@dataclass
class NextDate:
    kind: str  # REPORT, ADULT, END_21, PLACEMENT_ENDS, VISIT, HOUSING_NEED
    deadline: Deadline

    @property
    def date(self) -> dt.date:
        return self.deadline.date


def next_dates(
    case: ChildCase,
    person: Person,
    running: Placement | None,
    last_visit: dt.date | None,
    as_of: dt.date,
    *,
    has_housing_need: bool = False,
) -> list[NextDate]:
    """The case's legal and routine dates from `as_of` on, earliest first: the report of continued responsibility
    (an asylum seeker's, until it is sent), the 18th and 21st birthdays, the running placement's end and its next
    follow-up visit, and the day to open the young person's housing need by (until the household has one:
    `has_housing_need`, looked up in bulk by the caller — minors.services.housing.persons_with_housing_need). An
    overdue report, visit or housing need stays (it is what must be done first)."""
    if case.status != ChildCase.Status.OPEN or person.birth_date is None:
        return []
    born = person.birth_date
    dates: list[NextDate] = []
    if (
        case.asylum_status in REPORT_STATUSES
        and case.report_sent_on is None
        and rules.turns_adult(born) > as_of
    ):
        dates.append(NextDate("REPORT", rules.continued_responsibility_report(born)))
    if rules.turns_adult(born) > as_of:
        dates.append(NextDate("ADULT", rules.adulthood(born)))
    if rules.responsibility_ends(born) > as_of:
        dates.append(NextDate("END_21", rules.responsibility_end(born)))
    if running is not None:
        if running.ends_on is not None and running.ends_on >= as_of:
            dates.append(NextDate("PLACEMENT_ENDS", _placement_end(running)))
        dates.append(
            NextDate("VISIT", rules.follow_up_visit(max(filter(None, [last_visit, running.starts_on]))))
        )
    if not has_housing_need and (opening := minors_housing.housing_need_date(case, born, running, as_of)):
        dates.append(NextDate("HOUSING_NEED", opening))
    return sorted(dates, key=lambda d: d.date)


def _placement_end(placement: Placement) -> Deadline:
    return Deadline.make(
        date=placement.ends_on,
        rule="minors.placement_ends",
        title=[gettext_noop("Placeringen slutar"), {}],
        explanation=[
            [
                gettext_noop("%(kind)s hos %(provider)s till %(date)s enligt placeringsbeslutet."),
                {
                    "kind": placement.get_kind_display(),
                    "provider": placement.provider,
                    "date": placement.ends_on.isoformat(),
                },
            ]
        ],
        source=[gettext_noop("Placeringsbeslutet"), {}],
        status="local",
    )


def running_placement(placements, as_of: dt.date) -> Placement | None:
    return next(
        (p for p in placements if p.starts_on <= as_of and (p.ends_on is None or p.ends_on >= as_of)), None
    )


@dataclass
class ChildPage:
    person: Person
    case: ChildCase
    as_of: dt.date
    age: int | None
    placements: list[Placement] = field(default_factory=list)
    running: Placement | None = None
    guardians: list[Guardian] = field(default_factory=list)
    visits: list[FollowUpVisit] = field(default_factory=list)
    tracing: list = field(default_factory=list)
    relatives: list = field(default_factory=list)
    uplifts: list[BirthDateChange] = field(default_factory=list)
    dates: list[NextDate] = field(default_factory=list)
    may_write: bool = False
    school_health: list = field(default_factory=list)  # the reception's tasks (services.tasks)
    housing_need: minors_housing.HousingNeedView | None = None  # the household's need (services.housing)


def child_case(user, person_public_id) -> ChildCase:
    """The child's case of the person, as `user` sees it: 404 when not seen (no section SOCIAL, or no case). Not
    logged: the caller logs what it shows."""
    return get_for_user(
        user,
        ChildCase.objects.select_related("person__municipality", "municipality"),
        person__public_id=person_public_id,
    )


def child_page(user, person_public_id, as_of: dt.date | None = None) -> ChildPage:
    """The child's case as its owners read it: 404 when the case is not seen (no section SOCIAL, or no case)."""
    as_of = as_of or timezone.localdate()
    case = child_case(user, person_public_id)
    person = case.person
    log_read(user, person, "Barnärendet (ensamkommande)")
    placements = list(case.placements.select_related("housing_unit"))
    visits = list(case.visits.all())
    running = running_placement(placements, as_of)
    return ChildPage(
        person=person,
        case=case,
        as_of=as_of,
        age=age_on(person.birth_date, as_of) if person.birth_date else None,
        placements=placements,
        running=running,
        guardians=list(case.guardians.all()),
        visits=visits,
        tracing=list(case.tracing_requests.all()),
        relatives=list(case.relatives.select_related("household")),
        uplifts=list(
            BirthDateChange.objects.filter(person=person, kind=BirthDateChange.Kind.AGE_UPLIFT).order_by(
                "-pk"
            )
        ),
        dates=next_dates(
            case,
            person,
            running,
            visits[0].visited_on if visits else None,
            as_of,
            has_housing_need=bool(minors_housing.persons_with_housing_need([person.pk])),
        ),
        may_write=case.municipality_id in capabilities(user).social_services_municipality_ids
        and case.status == ChildCase.Status.OPEN,
        school_health=minors_tasks.school_health_tasks(user, person),
        housing_need=minors_housing.housing_need_for(user, person),
    )


# --- the lists ---------------------------------------------------------------------------------------------------


@dataclass
class ChildRow:
    case: ChildCase
    person: Person
    age: int | None
    running: Placement | None
    dates: list[NextDate]
    guardian: Guardian | None

    @property
    def next(self) -> NextDate | None:
        return self.dates[0] if self.dates else None

    def due_within(self, kind: str, as_of: dt.date, days: int | None = None) -> bool:
        """A date of `kind` within the list's window from `as_of` (window_days), or overdue."""
        days = window_days(kind, as_of) if days is None else days
        return any(d.kind == kind and (d.date - as_of).days <= days for d in self.dates)


def _rows(cases: list[ChildCase], as_of: dt.date) -> list[ChildRow]:
    ids = [c.pk for c in cases]
    # Only the placements running on `as_of` (the list shows no history), and of the visits only the last date:
    # the ended placements and older visits were most of the objects the list made.
    placements: dict[int, list[Placement]] = {}
    for p in (
        Placement.objects.filter(case_id__in=ids, starts_on__lte=as_of)
        .exclude(ends_on__lt=as_of)
        .order_by("-starts_on", "-pk")
    ):
        placements.setdefault(p.case_id, []).append(p)
    last_visit: dict[int, dt.date] = dict(
        FollowUpVisit.objects.filter(case_id__in=ids)
        .values("case_id")
        .annotate(last=Max("visited_on"))
        .values_list("case_id", "last")
    )
    guardians: dict[int, Guardian] = {}
    for g in (
        Guardian.objects.filter(case_id__in=ids, ended_on__isnull=True)
        .only("pk", "case_id", "kind", "appointed_on")
        .order_by("-appointed_on", "-pk")
    ):
        guardians.setdefault(g.case_id, g)
    # Whether each young person's household has a housing need: one query for all the cases.
    with_housing_need = minors_housing.persons_with_housing_need(c.person_id for c in cases)
    rows = []
    for case in cases:
        running = running_placement(placements.get(case.pk, []), as_of)
        person = case.person
        row = ChildRow(
            case=case,
            person=person,
            age=age_on(person.birth_date, as_of) if person.birth_date else None,
            running=running,
            dates=next_dates(
                case,
                person,
                running,
                last_visit.get(case.pk),
                as_of,
                has_housing_need=person.pk in with_housing_need,
            ),
            guardian=guardians.get(case.pk),
        )
        rows.append(row)
    return rows


def require_social_services(user, municipality_id: int) -> None:
    if municipality_id not in capabilities(user).social_services_municipality_ids:
        raise PermissionDenied(gettext("Listorna över ensamkommande barn är socialtjänstens."))


def children(user, municipality_id: int, as_of: dt.date | None = None) -> list[ChildRow]:
    """The open cases of the municipality that the user sees, by their next date (no date last). Logged."""
    require_social_services(user, municipality_id)
    as_of = as_of or timezone.localdate()
    cases = list(
        restrict(user, ChildCase.objects.all())
        .filter(municipality_id=municipality_id, status=ChildCase.Status.OPEN)
        .select_related("person__municipality")
    )
    rows = _rows(cases, as_of)
    rows.sort(
        key=lambda r: (r.next is None, r.next.date if r.next else as_of, r.person.last_name, r.person.pk)
    )
    log_list(user, [r.person for r in rows], "Ensamkommande barn och unga vuxna")
    return rows


# --- placement days (for the state compensation in "Money") and the report -----------------------------------------


@dataclass
class PlacementMonth:
    case_id: int
    person_id: int
    month: dt.date
    kind: str
    days: int
    cost: Decimal


def placement_days(municipality_id: int, month: dt.date) -> list[PlacementMonth]:
    """Placement days per child and placement in `month` (its first day), with their cost — what the state
    compensation per day for unaccompanied minors is computed from. No names: the caller checks who may read it."""
    first = month.replace(day=1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    rows = []
    for p in (
        Placement.objects.filter(case__municipality_id=municipality_id, starts_on__lte=last)
        .exclude(ends_on__lt=first)
        .select_related("case")
        .order_by("case_id", "starts_on")
    ):
        days = rules.days_in_month(p.starts_on, p.ends_on, first)
        if days:
            rows.append(
                PlacementMonth(p.case_id, p.case.person_id, first, p.kind, days, p.cost_per_day * days)
            )
    return rows


@dataclass
class MinorsFigures:
    as_of: dt.date
    open_cases: int = 0
    under_18: int = 0
    young_adults: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    without_placement: int = 0
    reports_due: list[dict] = field(default_factory=list)  # within three weeks, no names: case and date


def figures(municipality_id: int, as_of: dt.date) -> MinorsFigures:
    """The counts for the report (no names): open cases, under 18 and 18–20, running placements by kind, and the
    reports of continued responsibility due within three weeks (or overdue)."""
    cases = list(
        ChildCase.objects.filter(
            municipality_id=municipality_id, status=ChildCase.Status.OPEN
        ).select_related("person")
    )
    rows = _rows(cases, as_of)
    result = MinorsFigures(as_of=as_of, open_cases=len(rows))
    report_days = window_days("REPORT", as_of)
    kinds: Counter = Counter()
    for row in rows:
        if row.age is not None and row.age < rules.care_age(as_of):
            result.under_18 += 1
        else:
            result.young_adults += 1
        if row.running is None:
            result.without_placement += 1
        else:
            kinds[row.running.kind] += 1
        for d in row.dates:
            if d.kind == "REPORT" and (d.date - as_of).days <= report_days:
                result.reports_due.append(
                    {"case": str(row.case.public_id), "due": d.date.isoformat(), "overdue": d.date < as_of}
                )
    result.by_kind = {kind: kinds.get(kind, 0) for kind in Placement.Kind.values}
    result.reports_due.sort(key=lambda r: r["due"])
    return result


@dataclass
class CostRow:
    person: Person
    placement: Placement
    days: int
    cost: Decimal


@dataclass
class PlacementCosts:
    month: dt.date
    rows: list[CostRow]
    by_kind: dict[str, tuple[int, int, Decimal]]  # kind: (children, days, cost)

    @property
    def days(self) -> int:
        return sum(r.days for r in self.rows)

    @property
    def cost(self) -> Decimal:
        return sum((r.cost for r in self.rows), Decimal(0))


def placement_costs(user, municipality_id: int, month: dt.date) -> PlacementCosts:
    """The placements of the municipality's children in `month` that the user sees, with their days and cost, and
    the sums per kind. Social services only; logged."""
    require_social_services(user, municipality_id)
    first = month.replace(day=1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    placements = list(
        restrict(user, Placement.objects.all())
        .filter(case__municipality_id=municipality_id, starts_on__lte=last)
        .exclude(ends_on__lt=first)
        .select_related("case__person__municipality")
        .order_by("case__person__last_name", "case__person__first_name", "starts_on", "pk")
    )
    rows = []
    kinds: dict[str, list] = {}
    for p in placements:
        days = rules.days_in_month(p.starts_on, p.ends_on, first)
        if not days:
            continue
        rows.append(CostRow(p.case.person, p, days, p.cost_per_day * days))
        entry = kinds.setdefault(p.kind, [set(), 0, Decimal(0)])
        entry[0].add(p.case_id)
        entry[1] += days
        entry[2] += p.cost_per_day * days
    log_list(
        user, list({r.person.pk: r.person for r in rows}.values()), f"Placeringar och kostnad {first:%Y-%m}"
    )
    return PlacementCosts(
        month=first,
        rows=rows,
        by_kind={kind: (len(v[0]), v[1], v[2]) for kind, v in sorted(kinds.items())},
    )
