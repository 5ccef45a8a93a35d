"""The small timeline of a person's status per month on the establishment page: a lane per status (its name at the
left, so the chart reads without telling colours apart) and a box per month with that status; a month without a
status is an empty column. Only the geometry is made here; the template draws it as SVG with a title, a
description and the same months in a table beside it (as the housing chart does)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from etablera.establishment.models import MonthlyStatus
from etablera.rules.dates import add_months

WIDTH = 720
LEFT = 250  # the lanes' names
RIGHT = 8
TOP = 6
LANE = 24
LANE_GAP = 6
AXIS = 28  # the months under the lanes
LABEL_WIDTH = 64  # a month's label (ÅÅÅÅ-MM) at the chart's font size, with room on either side
# "In work or studies" is what the follow-up counts (the Kolada indicator): those months stand out.
GOAL = {MonthlyStatus.Status.WORK, MonthlyStatus.Status.STUDIES}


@dataclass(frozen=True)
class Lane:
    label: str
    count: int
    y: float
    text_y: float


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    width: float
    goal: bool
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    anchor: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    lane_height: int
    plot_left: int
    plot_right: int
    axis_y: float
    lanes: list[Lane]
    cells: list[Cell]
    ticks: list[Tick]
    first: dt.date
    last: dt.date
    months: int
    missing: int


def _month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def _ticks(months: list[dt.date], step: float) -> list[Tick]:
    """The first and the last month named at the plot's ends, and each January between where its label does not
    overlap another."""
    if len(months) == 1:
        return [Tick(x=LEFT + step / 2, label=f"{months[0]:%Y-%m}", anchor="middle")]
    first = Tick(x=LEFT, label=f"{months[0]:%Y-%m}", anchor="start")
    last = Tick(x=WIDTH - RIGHT, label=f"{months[-1]:%Y-%m}", anchor="end")
    taken = [(LEFT, LEFT + LABEL_WIDTH), (WIDTH - RIGHT - LABEL_WIDTH, WIDTH - RIGHT)]
    ticks = [first]
    for i, month in enumerate(months[1:-1], start=1):
        if month.month != 1:
            continue
        x = LEFT + i * step + step / 2
        extent = (x - LABEL_WIDTH / 2, x + LABEL_WIDTH / 2)
        if all(extent[1] <= a or extent[0] >= b for a, b in taken):
            taken.append(extent)
            ticks.append(Tick(x=round(x, 1), label=f"{month:%Y-%m}", anchor="middle"))
    return [*ticks, last]


def build(rows: list[MonthlyStatus], *, today: dt.date, limit: int) -> Timeline | None:
    """The timeline of `rows` (any order) from the first month shown up to this month, at most `limit` months."""
    if not rows:
        return None
    by_month = {row.month: row for row in rows}
    this_month = today.replace(day=1)
    last = max(max(by_month), this_month)
    first = max(min(by_month), add_months(last, -(limit - 1)))
    months = _month_range(first, last)
    shown = [row for row in rows if first <= row.month <= last]
    labels = dict(MonthlyStatus.Status.choices)
    used = [status for status in MonthlyStatus.Status.values if any(r.status == status for r in shown)]
    lane_y = {status: TOP + i * (LANE + LANE_GAP) for i, status in enumerate(used)}
    plot_w = WIDTH - LEFT - RIGHT
    step = plot_w / len(months)
    index = {month: i for i, month in enumerate(months)}
    lanes = [
        Lane(
            label=str(labels[status]),
            count=sum(1 for r in shown if r.status == status),
            y=lane_y[status],
            text_y=lane_y[status] + LANE * 0.7,
        )
        for status in used
    ]
    cells = [
        Cell(
            x=round(LEFT + index[row.month] * step + 1, 1),
            y=lane_y[row.status],
            width=round(max(step - 2, 1), 1),
            goal=row.status in GOAL,
            title=f"{row.month:%Y-%m}: {labels[row.status]}",
        )
        for row in sorted(shown, key=lambda r: r.month)
    ]
    axis_y = TOP + len(used) * (LANE + LANE_GAP)
    ticks = _ticks(months, step)
    return Timeline(
        width=WIDTH,
        height=int(axis_y + AXIS),
        lane_height=LANE,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        axis_y=axis_y,
        lanes=lanes,
        cells=cells,
        ticks=ticks,
        first=first,
        last=last,
        months=len(months),
        missing=len(months) - len(shown),
    )


def description(timeline: Timeline) -> str:
    return _(
        "Tidslinje från %(first)s till %(last)s: en rad per status och en ruta per månad. %(missing)s av "
        "%(months)s månader saknar status. Samma uppgifter finns i tabellen."
    ) % {
        "first": f"{timeline.first:%Y-%m}",
        "last": f"{timeline.last:%Y-%m}",
        "missing": timeline.missing,
        "months": timeline.months,
    }
