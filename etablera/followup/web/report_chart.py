"""The board report's chart (issue #16): one horizontal bar each for the municipality, the county and the country —
server-drawn SVG in the indicators' chart's measures and classes (charts.py), the same figures as the table beside
it; a suppressed figure gets no bar and its "–" written out. No JavaScript: the chart library stays the page's own
SVG, as it is for every other chart of the follow-up (nothing to load, nothing to keep up to date)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from etablera.establishment.reports.outcome_tables import shown
from etablera.followup.board_report import Section
from etablera.followup.suppression import SUPPRESSED
from etablera.followup.web.charts import BAR, GAP, LEFT, RIGHT, TOP, WIDTH


def comparison_chart(section: Section, min_cell: int, chart_id: str) -> SafeString | str:
    if not section.has_figures:
        return ""
    plot = WIDTH - LEFT - RIGHT
    height = TOP + len(section.figures) * (BAR + GAP) + 8
    full = section.scale
    bars = []
    for index, figure in enumerate(section.figures):
        y = TOP + index * (BAR + GAP)
        name = format_html(
            '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT - 8,
            y + BAR - 4,
            figure.area,
        )
        if isinstance(figure.value, int | float):
            width = plot * figure.value / full
            bar = format_html(
                '<rect class="chart__cell" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="chart__label" x="{}" y="{}">{}</text>',
                LEFT,
                y,
                f"{width:.1f}",
                BAR,
                f"{LEFT + width + 6:.1f}",
                y + BAR - 4,
                shown(figure.value),
            )
        else:
            text = SUPPRESSED if figure.value == SUPPRESSED else _("inget att räkna på")
            bar = format_html(
                '<text class="chart__tick" x="{}" y="{}">{}</text>', LEFT + 6, y + BAR - 4, text
            )
        bars.append(format_html("{}{}", name, bar))
    description = _(
        "Stapeldiagram: kommunen, länet och riket, %(unit)s. – betyder färre än %(n)s personer. Samma siffror finns "
        "i tabellen."
    ) % {"unit": section.indicator.unit, "n": min_cell}
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        section.title,
        chart_id,
        description,
        format_html_join("", "{}", ((bar,) for bar in bars)),
    )
