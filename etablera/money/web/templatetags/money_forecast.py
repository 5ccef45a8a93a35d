"""The forecast page's chart (issue #15): two bars a month — the försörjningsstöd cost (filled) and the expected
schablon and initial costs (striped, so the two differ by more than colour) — and a figure with one decimal. The
same figures are in the table beside the chart."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 40, 40, 10


@register.filter
def persons(value) -> str:
    """A number of persons with one decimal, as the language writes it ("5,5")."""
    if value is None:
        return ""
    return number_format(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), decimal_pos=1)


@register.simple_tag
def forecast_top(months) -> int:
    """The chart's top: the largest cost or income of a month (at least 1)."""
    return max([1, *(max(m.cost, m.income) for m in months)])


@register.simple_tag
def forecast_bars(months, top: int):
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT) / max(len(months), 1)
    bar = slot * 0.36

    def height(value: int) -> float:
        return plot_h * max(value, 0) / max(top, 1)

    bars = []
    for i, m in enumerate(months):
        x = LEFT + i * slot + slot * 0.1
        for offset, value, css, label in (
            (0, m.cost, "chart__bar--expected", _("Försörjningsstöd")),
            (bar, m.income, "chart__bar--received-striped", _("Förväntad ersättning")),
        ):
            h = height(value)
            bars.append(
                (
                    css,
                    f"{x + offset:.1f}",
                    f"{TOP + plot_h - h:.1f}",
                    f"{bar:.1f}",
                    f"{h:.1f}",
                    f"{label} {m.month:%Y-%m}: {number_format(value, force_grouping=True)} kr",
                )
            )
    rects = format_html_join(
        "", '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>', bars
    )
    # A tick for every month would crowd 24 or more: the first month of each quarter, with its year in January.
    ticks = format_html_join(
        "",
        '<text class="chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (
                f"{LEFT + i * slot + slot / 2:.1f}",
                HEIGHT - BOTTOM + 18,
                f"{m.month:%Y}" if m.month.month == 1 else f"{m.month:%m}",
            )
            for i, m in enumerate(months)
            if (m.month.month - 1) % 3 == 0 or len(months) <= 12
        ),
    )
    scale = format_html(
        '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
        LEFT - 4,
        TOP + 10,
        number_format(top // 1000, force_grouping=True) + " tkr",
    )
    return format_html("{}{}{}", rects, ticks, scale)
