"""A server-drawn SVG chart of the expected arrivals (issue #16): one horizontal bar per month, the persons of the
anvisningar on hand and those not yet assigned one after the other, the total written beside it — the same figures
as the table beside it, in the indicators' chart's measures and classes (charts.py). No JavaScript."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from etablera.followup.arrivals import ArrivalForecast
from etablera.followup.web.charts import BAR, GAP, LEFT, RIGHT, TOP, WIDTH

LEGEND = 26


def month_name(year: int, month: int) -> str:
    return date_format(dt.date(year, month, 1), "F").capitalize()


def arrivals_chart(result: ArrivalForecast, chart_id: str) -> SafeString | str:
    if not result.months:
        return ""
    largest = max(m.total for m in result.months)
    if not largest:
        return ""
    plot = WIDTH - LEFT - RIGHT
    top = TOP + LEGEND
    height = top + len(result.months) * (BAR + GAP) + 8

    def width(persons: int) -> float:
        return plot * persons / largest

    legend = format_html(
        '<rect class="chart__cell" x="{}" y="4" width="14" height="14"/>'
        '<text class="chart__tick" x="{}" y="16">{}</text>'
        '<rect class="chart__cell--goal" x="{}" y="4" width="14" height="14"/>'
        '<text class="chart__tick" x="{}" y="16">{}</text>',
        LEFT,
        LEFT + 20,
        _("anvisade"),
        LEFT + 140,
        LEFT + 160,
        _("ännu inte anvisade"),
    )
    bars = []
    for index, month in enumerate(result.months):
        y = top + index * (BAR + GAP)
        on_hand = width(month.on_hand)
        bars.append(
            format_html(
                '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="chart__cell" x="{}" y="{}" width="{}" height="{}"/>'
                '<rect class="chart__cell--goal" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="chart__label" x="{}" y="{}">{}</text>',
                LEFT - 8,
                y + BAR - 4,
                month_name(result.year, month.month),
                LEFT,
                y,
                f"{on_hand:.1f}",
                BAR,
                f"{LEFT + on_hand:.1f}",
                y,
                f"{width(month.not_assigned):.1f}",
                BAR,
                f"{LEFT + width(month.total) + 6:.1f}",
                y + BAR - 4,
                month.total,
            )
        )
    title = _("Väntade mottagna per månad")
    description = _(
        "Stapeldiagram: en stapel per månad, personer i anvisningar som finns och personer som ännu inte är "
        "anvisade. Samma siffror finns i tabellen."
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        legend,
        format_html_join("", "{}", ((bar,) for bar in bars)),
    )
