"""A server-drawn SVG chart for an indicator that is a share (issue #16): one horizontal bar per row of its table,
the same figures as the table beside it; a suppressed row gets no bar and its "–" written out. No JavaScript."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from etablera.followup.indicators import IndicatorTable
from etablera.followup.suppression import SUPPRESSED

WIDTH, LEFT, RIGHT, TOP, BAR, GAP = 560, 190, 60, 20, 18, 8


def share_chart(table: IndicatorTable, labels: list[str], chart_id: str) -> SafeString | str:
    if table.indicator.aggregate != "share" or not table.rows:
        return ""
    plot = WIDTH - LEFT - RIGHT
    height = TOP + len(table.rows) * (BAR + GAP) + 24

    def x(percent) -> str:
        return f"{LEFT + plot * percent / 100:.1f}"

    grid = format_html_join(
        "",
        '<line class="chart__grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="chart__tick" x="{}" y="{}" text-anchor="middle">{} %</text>',
        ((x(v), TOP - 4, x(v), height - 24, x(v), height - 6, v) for v in (0, 50, 100)),
    )
    bars = []
    for index, (row, label) in enumerate(zip(table.rows, labels, strict=True)):
        y = TOP + index * (BAR + GAP)
        name = format_html(
            '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT - 8,
            y + BAR - 4,
            label,
        )
        if isinstance(row.value, int):
            bar = format_html(
                '<rect class="chart__cell" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="chart__label" x="{}" y="{}">{} %</text>',
                LEFT,
                y,
                f"{plot * row.value / 100:.1f}",
                BAR,
                f"{LEFT + plot * row.value / 100 + 6:.1f}",
                y + BAR - 4,
                row.value,
            )
        else:
            shown = SUPPRESSED if row.value == SUPPRESSED else _("inget att räkna på")
            bar = format_html(
                '<text class="chart__tick" x="{}" y="{}">{}</text>', LEFT + 6, y + BAR - 4, shown
            )
        bars.append(format_html("{}{}", name, bar))
    description = _(
        "Stapeldiagram: en stapel per rad i tabellen. – betyder färre än %(n)s personer. Samma siffror finns i "
        "tabellen."
    ) % {"n": table.min_cell}
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        table.indicator.title,
        chart_id,
        description,
        grid,
        format_html_join("", "{}", ((bar,) for bar in bars)),
    )
