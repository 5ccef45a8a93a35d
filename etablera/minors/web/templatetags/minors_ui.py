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


# --- the child's plan (issue #14; minors/web/plan_views.py) ----------------------------------------------------------


@register.simple_tag(takes_context=True)
def care_plan_section(context):
    """The child page's section "Barnets plan" (minors/_care_plan.html): its form and the individual plan in
    Establishment the child's plan is part of — kept out of the page's view so the section comes with its include."""
    from etablera.minors.web.plan_views import care_plan_section as section

    return section(context["request"].user, context["data"], context.get("forms"))
