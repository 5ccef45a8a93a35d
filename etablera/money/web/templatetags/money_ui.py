"""The money pages' template helpers: a value by key, a year's total of a kind, and the bar chart of expected and
received per month (the same figures are in the table beside it)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 40, 40, 10


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def total_of(overview, kind: str) -> int:
    return overview.total(kind)


@register.simple_tag
def money_bars(months, top: int):
    """Two bars a month: expected (filled) and received (striped, so the two differ by more than colour)."""
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT) / max(len(months), 1)
    bar = slot * 0.36

    def height(value: int) -> float:
        return plot_h * max(value, 0) / top

    bars = []
    for i, m in enumerate(months):
        x = LEFT + i * slot + slot * 0.1
        for offset, value, css, label in (
            (0, m.expected_total, "chart__bar--expected", _("Förväntat")),
            (bar, m.received, "chart__bar--received-striped", _("Mottaget")),
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
    ticks = format_html_join(
        "",
        '<text class="chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{LEFT + i * slot + slot / 2:.1f}", HEIGHT - BOTTOM + 18, f"{m.month:%m}")
            for i, m in enumerate(months)
        ),
    )
    scale = format_html(
        '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
        LEFT - 4,
        TOP + 10,
        number_format(top // 1000, force_grouping=True) + " tkr",
    )
    return format_html("{}{}{}", rects, ticks, scale)
