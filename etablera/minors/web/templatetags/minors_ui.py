"""The minors pages' chart: horizontal bars of the children per kind of placement — the same numbers as the table
beside it. Drawn with attributes only: the site's Content-Security-Policy allows no inline style."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()

BAR_HEIGHT, GAP, LABEL_W, PLOT_W, COUNT_W = 18, 8, 190, 240, 40


@register.simple_tag
def kinds_chart(kinds, chart_id: str = "former"):
    """`kinds`: [(label, count)]."""
    if not kinds:
        return ""
    top = max((n for _label, n in kinds), default=0) or 1
    height = len(kinds) * (BAR_HEIGHT + GAP) + GAP
    bars = format_html_join(
        "",
        '<g><text x="{}" y="{}" text-anchor="end" class="chart__tick">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#8aa9c9"/>'
        '<text x="{}" y="{}" class="chart__tick">{}</text></g>',
        (
            (
                LABEL_W - 8,
                GAP + i * (BAR_HEIGHT + GAP) + BAR_HEIGHT - 5,
                label,
                LABEL_W,
                GAP + i * (BAR_HEIGHT + GAP),
                f"{PLOT_W * n / top:.1f}",
                BAR_HEIGHT,
                LABEL_W + PLOT_W * n / top + 6,
                GAP + i * (BAR_HEIGHT + GAP) + BAR_HEIGHT - 5,
                n,
            )
            for i, (label, n) in enumerate(kinds)
        ),
    )
    return format_html(
        '<svg class="chart" id="diagram-{}" viewBox="0 0 {} {}" role="img" aria-labelledby="diagram-{}-title">'
        '<title id="diagram-{}-title">{}</title>{}</svg>',
        chart_id,
        LABEL_W + PLOT_W + COUNT_W,
        height,
        chart_id,
        chart_id,
        gettext("Barn och unga vuxna per placeringsform i dag. Samma siffror som i tabellen."),
        bars,
    )
