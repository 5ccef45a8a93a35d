"""The activity requirement in försörjningsstödet (aktivitetskrav; lagrådsremiss December 2025, Ds 2024:29) and the
week it fills: who is covered and from when, who is exempt and why, how many hours a week are demanded, and the job
coach's first contact.

Everything here is proposed law (status `proposed` until confirmed): the number of months in a row, the in-force
month and the full-time hours are parameters, so a changed bill is data. What the rules never do is decide a
sanction: a refusal without acceptable reason is recorded as a deviation for social services to assess, and a
decision to reduce or refuse support is made and signed by a person in the social-services system.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from etablera.rules.dates import add_months, age_on, birthday
from etablera.rules.deadlines import Deadline, Message, gettext_noop
from etablera.rules.parameters import parameter, parameter_value

# How a person stands against the requirement on a day.
COVERED = "COVERED"  # the requirement applies
UPCOMING = "UPCOMING"  # on support, not yet long enough: it applies from `starts_on` if the support goes on
EXEMPT = "EXEMPT"  # an exemption holds (its ground in `ground`)
NOT_COVERED = "NOT_COVERED"  # no support in a row that reaches the current month

# The grounds of exemption. The first two follow from the birth date; the others are recorded with their period.
UNDER_18 = "UNDER_18"
PENSION_AGE = "PENSION_AGE"
SCHOOL = "SCHOOL"  # 18–20 and in upper-secondary school
FULL_TIME_WORK = "FULL_TIME_WORK"
FULL_TIME_STUDIES = "FULL_TIME_STUDIES"
AF_PROGRAMME = "AF_PROGRAMME"  # a full-time programme of Arbetsförmedlingen
SICKNESS = "SICKNESS"  # sick pay, sickness or activity compensation

GROUNDS: dict[str, str] = {
    UNDER_18: gettext_noop("Under 18 år"),
    PENSION_AGE: gettext_noop("Har nått pensionsåldern"),
    SCHOOL: gettext_noop("18–20 år och går i gymnasieskolan"),
    FULL_TIME_WORK: gettext_noop("Arbetar heltid"),
    FULL_TIME_STUDIES: gettext_noop("Studerar heltid"),
    AF_PROGRAMME: gettext_noop("Deltar på heltid i ett program hos Arbetsförmedlingen"),
    SICKNESS: gettext_noop("Har sjukpenning, sjukersättning eller aktivitetsersättning"),
}
RECORDED_GROUNDS = (SCHOOL, FULL_TIME_WORK, FULL_TIME_STUDIES, AF_PROGRAMME, SICKNESS)

SOURCE = gettext_noop(
    "Lagrådsremiss Aktivitetskrav för vissa biståndsmottagare (december 2025), föreslagen lag"
)


@dataclass(frozen=True)
class ExemptionPeriod:
    """A recorded exemption: its ground and the days it holds (`until` inclusive, None for until further notice)."""

    ground: str
    valid_from: dt.date
    valid_until: dt.date | None = None

    def holds_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Coverage:
    """Where a person stands on `as_of`, and why: `reasons` are catalogue messages, in order."""

    state: str
    as_of: dt.date
    starts_on: dt.date | None = None  # COVERED: since; UPCOMING: from, if the support goes on
    ground: str | None = None  # EXEMPT: why
    exempt_until: dt.date | None = None
    run: tuple[dt.date, dt.date] | None = None  # the months of support in a row (first, last)
    reasons: tuple[Message, ...] = ()

    @property
    def covered(self) -> bool:
        return self.state == COVERED


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(month: dt.date, step: int = 1) -> dt.date:
    """The first of the month `step` months on (a first of a month in, a first out; plain integers, as a list of
    thousands of persons asks this for each of their months)."""
    index = month.year * 12 + month.month - 1 + step
    return dt.date(index // 12, index % 12 + 1, 1)


def support_run(months: Iterable[dt.date], as_of: dt.date) -> tuple[dt.date, dt.date] | None:
    """The months of support in a row that reach the current month or the one before it (the current month's
    support is often decided, and imported, during the month): (first month, last month), or None.

    A month after the current one (support decided ahead) counts too, but only when the run reaches the current
    month or the one before."""
    current = month_start(as_of)
    have = {month_start(m) for m in months}
    latest = None
    for candidate in (_next_month(current), current, _next_month(current, -1)):
        if candidate in have:
            if candidate > current and current not in have:
                continue  # support ahead with a gap before it: not a run that reaches now
            latest = candidate
            break
    if latest is None:
        return None
    first = latest
    while _next_month(first, -1) in have:
        first = _next_month(first, -1)
    return first, latest


def _age_exemption(birth_date: dt.date | None, on: dt.date) -> tuple[str, dt.date | None, Message] | None:
    if birth_date is None:
        return None
    adult = parameter_value("adulthood.age", on)
    if age_on(birth_date, on) < adult:
        turns = birthday(birth_date, adult)
        return (
            UNDER_18,
            turns - dt.timedelta(days=1),
            [gettext_noop("Under 18 år: omfattas från %(date)s."), {"date": turns.isoformat()}],
        )
    pension = parameter("activity.pension_age", on)
    if age_on(birth_date, on) >= pension.value:
        return (
            PENSION_AGE,
            None,
            [
                gettext_noop("Har fyllt %(age)s år (%(source)s)."),
                {"age": pension.value, "source": pension.source},
            ],
        )
    return None


def coverage(
    *,
    birth_date: dt.date | None,
    support_months: Iterable[dt.date],
    exemptions: Sequence[ExemptionPeriod] = (),
    as_of: dt.date,
    known_from: dt.date | None = None,
) -> Coverage:
    """Whether the activity requirement applies to a person on `as_of`, from when, or why not.

    The requirement applies to the support for a month once the person has had support the `requirement_months`
    months before it in a row (three in the lagrådsremiss, two in Ds 2024:29), and never to support for a month
    before `first_support_month`. An exemption — by age, or recorded with its ground and period — goes before.
    `known_from`: the first month the caller read (a list reads a window, not the whole history): a run that
    reaches it is said to be "at least" that long."""
    by_age = _age_exemption(birth_date, as_of)
    if by_age:
        ground, until, reason = by_age
        return Coverage(EXEMPT, as_of, ground=ground, exempt_until=until, reasons=(reason,))
    for exemption in exemptions:
        if exemption.holds_on(as_of):
            until = exemption.valid_until
            reason = (
                [
                    gettext_noop("Undantag: %(ground)s, %(from)s–%(until)s."),
                    {
                        "ground": GROUNDS[exemption.ground],
                        "from": exemption.valid_from.isoformat(),
                        "until": until.isoformat(),
                    },
                ]
                if until
                else [
                    gettext_noop("Undantag: %(ground)s, från %(from)s tills vidare."),
                    {"ground": GROUNDS[exemption.ground], "from": exemption.valid_from.isoformat()},
                ]
            )
            return Coverage(EXEMPT, as_of, ground=exemption.ground, exempt_until=until, reasons=(reason,))

    run = support_run(support_months, as_of)
    current = month_start(as_of)
    if run is None:
        return Coverage(
            NOT_COVERED,
            as_of,
            reasons=(
                [
                    gettext_noop("Inget försörjningsstöd för %(month)s eller månaden före."),
                    {"month": current.strftime("%Y-%m")},
                ],
            ),
        )
    first, last = run
    months = parameter("activity.requirement_months", last)
    in_force = parameter("activity.first_support_month", last)
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    starts = add_months(first, months.value)
    at_least = known_from is not None and first <= month_start(known_from)
    reasons: list[Message] = [
        [
            gettext_noop(
                "Försörjningsstöd minst %(count)s månader i följd (%(first)s–%(last)s); kravet gäller efter "
                "%(months)s månader i följd (%(source)s)."
            )
            if at_least
            else gettext_noop(
                "Försörjningsstöd %(count)s månader i följd (%(first)s–%(last)s); kravet gäller efter %(months)s "
                "månader i följd (%(source)s)."
            ),
            {
                "count": count,
                "first": first.strftime("%Y-%m"),
                "last": last.strftime("%Y-%m"),
                "months": months.value,
                "source": months.source,
            },
        ]
    ]
    if starts < in_force.value:
        starts = in_force.value
        reasons.append(
            [
                gettext_noop("Kravet gäller försörjningsstöd från och med %(month)s."),
                {"month": in_force.value.strftime("%Y-%m")},
            ]
        )
    if starts <= current:
        reasons.append([gettext_noop("Aktivitetskravet gäller från %(date)s."), {"date": starts.isoformat()}])
        return Coverage(COVERED, as_of, starts_on=starts, run=run, reasons=tuple(reasons))
    reasons.append(
        [
            gettext_noop("Fortsätter stödet gäller aktivitetskravet från %(date)s."),
            {"date": starts.isoformat()},
        ]
    )
    return Coverage(UPCOMING, as_of, starts_on=starts, run=run, reasons=tuple(reasons))


def exemption_problem(ground: str, birth_date: dt.date | None, valid_from: dt.date) -> str | None:
    """Why a recorded exemption cannot be: a ground that is not recorded, or school outside ages 18–20."""
    if ground not in RECORDED_GROUNDS:
        return gettext_noop("Välj ett av de undantag som registreras.")
    if ground == SCHOOL and birth_date is not None:
        age = age_on(birth_date, valid_from)
        if (
            not parameter_value("adulthood.age", valid_from)
            <= age
            < parameter_value("activity.school_age_exclusive", valid_from)
        ):
            return gettext_noop("Undantaget för gymnasieskola gäller den som är 18–20 år.")
    return None


def full_time_hours(on: dt.date) -> Decimal:
    """Full time in hours a week on the day: what the requirement starts from, the most a person's week is planned
    to, and a person's hours when no capacity is assessed."""
    return Decimal(parameter("activity.full_time_hours", on).value)


def required_hours(
    capacity: Decimal | None, work_hours: Decimal, on: dt.date
) -> tuple[Decimal, tuple[Message, ...]]:
    """The hours a week the requirement demands of activity: full time, reduced to the assessed capacity, less the
    hours the person already works (part-time work counts). Job seeking is part of the demanded time."""
    full = parameter("activity.full_time_hours", on)
    base = Decimal(full.value)
    reasons: list[Message] = [[gettext_noop("Heltid %(hours)s timmar i veckan."), {"hours": full.value}]]
    if capacity is not None and capacity < base:
        base = capacity
        reasons.append(
            [gettext_noop("Bedömd förmåga %(hours)s timmar i veckan."), {"hours": _hours(capacity)}]
        )
    demanded = max(Decimal(0), base - work_hours)
    if work_hours:
        reasons.append([gettext_noop("Arbetar %(hours)s timmar i veckan."), {"hours": _hours(work_hours)}])
    reasons.append([gettext_noop("Krav: %(hours)s timmar i veckan."), {"hours": _hours(demanded)}])
    return demanded, tuple(reasons)


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")


def job_coach_first_contact(assigned_on: dt.date) -> Deadline:
    """The job coach's first contact with the participant (Trelleborg's three days, local)."""
    p = parameter("activity.job_coach_first_contact_days", assigned_on)
    date = assigned_on + dt.timedelta(days=p.value)
    return Deadline.make(
        date=date,
        rule="activity.job_coach_first_contact",
        title=[gettext_noop("Jobbcoachens första kontakt senast"), {}],
        explanation=[
            [
                gettext_noop("Tilldelad %(assigned)s + %(days)s dagar = %(date)s."),
                {"assigned": assigned_on.isoformat(), "days": p.value, "date": date.isoformat()},
            ]
        ],
        source=[p.source, {}],
        status="local" if p.local else p.status,
        based_on={gettext_noop("Jobbcoach tilldelad"): assigned_on},
    )


def attendance_below_plan(planned: Decimal, attended: Decimal, on: dt.date) -> bool:
    """Attended hours under the municipality's share of the planned hours (80 % unless it says otherwise)."""
    if planned <= 0:
        return False
    return attended * 100 < planned * parameter_value("activity.attendance_follow_up_share", on)


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def week_monday(text: str) -> dt.date | None:
    """The Monday of an ISO week written 2026-W50, or None for what is no such week."""
    match = _WEEK.match(text.strip())
    if not match:
        return None
    try:
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


def week_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
