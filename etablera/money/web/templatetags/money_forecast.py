"""The forecast page's helpers (issue #15): the chart's top and a figure with one decimal. The chart itself is
money_ui's `money_bars` with chart="forecast"."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


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
