"""The rows of the money pages' two long tables — a month's lines (`/ersattning/manad/…`) and a month's costs per
household and child (`/ersattning/kostnader/…`), up to 500 rows each — built here rather than by the template's
loop. Rendered by the loop, a row of four or five cells cost 80 µs, which at 500 rows was more than all the page's
queries together (measured with a profile, docs/performance.md). The HTML is what the loop made, cell for cell (a
test renders both); only the whitespace between the rows differs."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from etablera.housing.web.templatetags.housing_ui import kronor_formatter
from etablera.money.models import Entitlement

register = template.Library()


def _no_rows(columns: int, text: str):
    return format_html('<tr><td colspan="{}" class="muted">{}</td></tr>', columns, text)


@register.simple_tag
def month_line_rows(lines):
    """One row per line: the person (named and linked only when the user sees them), the kind, the amount and why."""
    if not lines:
        return _no_rows(4, gettext("Inga rader för månaden."))
    unseen = format_html('<span class="muted">{}</span>', gettext("En person du inte har behörighet att se"))
    estimated = format_html(' <span class="badge badge--warn">{}</span>', gettext("uppskattat"))
    source = gettext("Källa:")
    unchecked = f" ({gettext('inte kontrollerad')})"
    # get_kind_display, with the labels translated once per table rather than the choices rebuilt once per row
    kinds = {value: str(label) for value, label in Entitlement._meta.get_field("kind").flatchoices}
    kronor = kronor_formatter()

    def person(line):
        if not line.person:
            return unseen
        url = reverse("person_detail", args=[line.person.public_id])
        return format_html('<a href="{}">{}</a>', url, line.person.full_name)

    return format_html_join(
        "\n",
        '<tr><td>{}</td><td>{}{}</td><td class="num">{}</td><td>{} <span class="muted">{} {}{}</span></td></tr>',
        (
            (
                person(line),
                kinds.get(line.entitlement.kind, line.entitlement.kind),
                estimated if line.entitlement.estimated else "",
                kronor(line.entitlement.amount),
                line.explanation,
                source,
                line.source,
                unchecked if line.status != "in_force" else "",
            )
            for line in lines
        ),
    )


@register.simple_tag
def cost_rows(rows):
    """One row per household or child: named and linked only when the user sees them; the three costs and the sum."""
    if not rows:
        return _no_rows(5, gettext("Inga kostnader under månaden."))
    unseen_child = format_html(
        '<span class="muted">{}</span>', gettext("Ett barn du inte har behörighet att se")
    )
    unseen_household = format_html(
        '<span class="muted">{}</span>', gettext("Ett hushåll du inte har behörighet att se")
    )

    def who(row):
        if row.household:
            url = reverse("household_detail", args=[row.household.public_id])
            return format_html('<a href="{}">{}</a>', url, row.household.name)
        if row.child:
            url = reverse("minors_child", args=[row.child.public_id])
            return format_html('<a href="{}">{}</a>', url, row.child.full_name)
        return unseen_child if row.is_child else unseen_household

    kronor = kronor_formatter()
    return format_html_join(
        "\n",
        '<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
        '<td class="num">{}</td></tr>',
        (
            (who(row), kronor(row.support), kronor(row.housing), kronor(row.placements), kronor(row.total))
            for row in rows
        ),
    )
