"""Räcker utbudet? (issue #13): per week ahead — this week and the next seven — the hours the activity requirement
demands in a municipality against the hours offered, planned and attended; and the outcomes of ended placements by
the participant's sex. Figures only: no row names a person.

Definitions:
- **Hours demanded**: the sum over the persons covered on the week's Monday of the hours a week demanded of them
  (full time reduced to the capacity, less part-time work; etablera/activity/coverage.py `coverage_figures`).
- **Hours offered**: the catalogue's active activities that run some day of the week, places × hours a week; and
  the placements open or filled that run some day of the week, their hours a week.
- **Hours planned**: the participations running some day of the week in the municipality, their hours a week.
- **Hours attended**: the attendance recorded for the week.
- **Placement outcomes**: the ended placements, by outcome (employment, studies, neither) and the participant's sex
  (women, men, other or unknown together); the share to work or studies. A count between 1 and 4 is shown as "–",
  and so is a share resting on fewer than five placements (as the establishment's outcomes).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum

from etablera.access.policy import capabilities
from etablera.activity.coverage import coverage_figures_on
from etablera.activity.models import Activity, Attendance, Participation, Placement
from etablera.organisation.models import Municipality
from etablera.rules import activity as rules

SUPPRESSED = "–"
MIN_CELL = 5
WEEKS_AHEAD = 8  # this week and the next seven
SEXES = ("F", "M", "X")
OUTCOMES = (Placement.Outcome.EMPLOYMENT, Placement.Outcome.STUDIES, Placement.Outcome.NONE)


def report_municipality_ids(user) -> set[int]:
    """Where the user may read the report: those who work with the requirement, and those who read outcomes
    (statistics, unit managers, administrators, boards)."""
    caps = capabilities(user)
    return caps.activity_municipality_ids | caps.outcome_municipality_ids


class UnknownMunicipality(ValueError):
    pass


@dataclass
class OfferWeek:
    monday: dt.date
    covered: int = 0
    hours_demanded: Decimal = Decimal(0)
    hours_activities: Decimal = Decimal(0)
    hours_placements: Decimal = Decimal(0)
    hours_planned: Decimal = Decimal(0)
    hours_attended: Decimal = Decimal(0)

    @property
    def week(self) -> str:
        return rules.week_label(self.monday)

    @property
    def hours_offered(self) -> Decimal:
        return self.hours_activities + self.hours_placements

    @property
    def shortfall(self) -> Decimal:
        """Hours demanded that the offer does not reach (0 when it does)."""
        return max(Decimal(0), self.hours_demanded - self.hours_offered)


@dataclass
class OutcomeRow:
    sex: str | None  # None: all
    counts: dict[str, int | str] = field(default_factory=dict)  # by outcome, "–" where suppressed
    total: int | str = 0
    share_work_or_studies: int | str | None = None  # per cent


@dataclass
class OfferReport:
    municipality: Municipality
    monday: dt.date
    weeks: list[OfferWeek]
    outcomes: list[OutcomeRow]
    min_cell: int = MIN_CELL

    @property
    def week(self) -> str:
        return rules.week_label(self.monday)

    @property
    def first(self) -> OfferWeek:
        return self.weeks[0]


def _runs(starts_on: dt.date, ends_on: dt.date | None, monday: dt.date) -> bool:
    """Whether a period shares a day with the week that starts `monday` (activity.services.week.overlapping)."""
    return starts_on <= monday + dt.timedelta(days=6) and (ends_on is None or ends_on >= monday)


def _offer(municipality_id: int, rows: list[OfferWeek]) -> None:
    """The hours offered, planned and attended of every week in `rows`: four queries for all the weeks, each reading
    what runs some day of the span, summed per week here."""
    if not rows:
        return
    first, last = rows[0].monday, rows[-1].monday + dt.timedelta(days=6)
    span = Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    activities = list(
        Activity.objects.filter(span, municipality_id=municipality_id, active=True).values_list(
            "starts_on", "ends_on", "places", "hours_per_week"
        )
    )
    placements = list(
        Placement.objects.filter(
            span, municipality_id=municipality_id, state__in=(Placement.State.OPEN, Placement.State.FILLED)
        ).values_list("starts_on", "ends_on", "hours_per_week")
    )
    planned = list(
        Participation.objects.filter(span, municipality_id=municipality_id).values_list(
            "starts_on", "ends_on", "hours_per_week"
        )
    )
    attended = dict(
        Attendance.objects.filter(
            week__in=[row.monday for row in rows], participation__municipality_id=municipality_id
        )
        .values("week")
        .annotate(hours=Sum("hours_attended"))
        .values_list("week", "hours")
    )
    for row in rows:
        monday = row.monday
        row.hours_activities = sum(
            (places * hours for starts, ends, places, hours in activities if _runs(starts, ends, monday)),
            Decimal(0),
        )
        row.hours_placements = sum(
            (hours for starts, ends, hours in placements if _runs(starts, ends, monday)), Decimal(0)
        )
        row.hours_planned = sum(
            (hours for starts, ends, hours in planned if _runs(starts, ends, monday)), Decimal(0)
        )
        row.hours_attended = attended.get(monday) or Decimal(0)


def _shown(count: int) -> int | str:
    return SUPPRESSED if 0 < count < MIN_CELL else count


def _outcome_row(sex: str | None, counts: Counter) -> OutcomeRow:
    total = sum(counts.values())
    good = counts[Placement.Outcome.EMPLOYMENT] + counts[Placement.Outcome.STUDIES]
    share: int | str | None = None
    if total >= MIN_CELL:
        share = int((Decimal(good * 100) / total).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    elif total:
        share = SUPPRESSED
    return OutcomeRow(
        sex=sex,
        counts={outcome: _shown(counts[outcome]) for outcome in OUTCOMES},
        total=_shown(total),
        share_work_or_studies=share,
    )


def placement_outcomes(municipality_id: int, until: dt.date) -> list[OutcomeRow]:
    """The placements ended on or before `until`: all, then women, men and other or unknown."""
    ended = Placement.objects.filter(
        municipality_id=municipality_id, state=Placement.State.ENDED, ended_on__lte=until
    ).values_list("outcome", "participant__sex")
    by_sex: dict[str, Counter] = {sex: Counter() for sex in SEXES}
    for outcome, sex in ended:
        by_sex[sex if sex in ("F", "M") else "X"][outcome] += 1
    everyone = sum(by_sex.values(), Counter())
    return [_outcome_row(None, everyone)] + [_outcome_row(sex, by_sex[sex]) for sex in SEXES]


def municipality_by_code(code: str) -> Municipality:
    code = (code or "").strip()
    if code.isdigit() and len(code) == 3:
        code = code.zfill(4)  # Excel drops the leading zero
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        raise UnknownMunicipality(code)
    return found


def offer_report(municipality: Municipality, monday: dt.date, weeks: int = WEEKS_AHEAD) -> OfferReport:
    """The report from the week starting `monday` and `weeks` weeks on (the caller checks that the user may read
    the municipality's figures). The same dozen queries for any number of weeks."""
    mondays = [monday + dt.timedelta(weeks=n) for n in range(weeks)]
    rows = [
        OfferWeek(figures.as_of, covered=figures.covered, hours_demanded=figures.demanded_hours)
        for figures in coverage_figures_on(municipality.pk, mondays)
    ]
    _offer(municipality.pk, rows)
    return OfferReport(
        municipality=municipality,
        monday=monday,
        weeks=rows,
        outcomes=placement_outcomes(municipality.pk, monday + dt.timedelta(days=6)),
    )
