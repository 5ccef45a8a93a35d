"""The money pages' template helpers: a value by key, a year's total of a kind, and the bar chart of two figures per
month — expected and received on the overview, cost and expected income on the forecast (the same figures are in the
table beside each chart)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

register = template.Library()

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 240, 40, 40, 10


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def total_of(overview, kind: str) -> int:
    return overview.total(kind)


@dataclass(frozen=True)
class _Chart:
    """What one bar chart shows: the month's two attributes with their labels (the first filled, the second striped,
    so the two differ by more than colour), and whether the ticks mark the years."""

    first: tuple[str, str]
    second: tuple[str, str]
    marks_years: bool


CHARTS = {
    # The overview's year: expected against received, a tick for every month.
    "payments": _Chart(("expected_total", _("Förväntat")), ("received", _("Mottaget")), marks_years=False),
    # The forecast's 24 months: the försörjningsstöd cost against the expected schablon and initial costs.
    "forecast": _Chart(
        ("cost", _("Försörjningsstöd")), ("income", _("Förväntad ersättning")), marks_years=True
    ),
}


@register.simple_tag
def money_bars(months, top: int, chart: str = "payments"):
    """Two bars a month, as CHARTS[chart] names them, scaled to `top` kronor."""
    spec = CHARTS[chart]
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT) / max(len(months), 1)
    bar = slot * 0.36

    def height(value: int) -> float:
        return plot_h * max(value, 0) / max(top, 1)

    bars = []
    for i, m in enumerate(months):
        x = LEFT + i * slot + slot * 0.1
        for offset, (attribute, label), css in (
            (0, spec.first, "chart__bar--expected"),
            (bar, spec.second, "chart__bar--received-striped"),
        ):
            value = getattr(m, attribute)
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
            (f"{LEFT + i * slot + slot / 2:.1f}", HEIGHT - BOTTOM + 18, _tick(m.month, spec.marks_years))
            for i, m in enumerate(months)
            # A tick for every month would crowd 24 or more: then the first month of each quarter.
            if not spec.marks_years or len(months) <= 12 or (m.month.month - 1) % 3 == 0
        ),
    )
    scale = format_html(
        '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
        LEFT - 4,
        TOP + 10,
        number_format(top // 1000, force_grouping=True) + " tkr",
    )
    return format_html("{}{}{}", rects, ticks, scale)


def _tick(month, marks_years: bool) -> str:
    """The month's number, or in a chart over several years its year in January."""
    return f"{month:%Y}" if marks_years and month.month == 1 else f"{month:%m}"
