"""Pieces of the housing pages: why so many bedrooms, why this house-by date, and the chart of households by
housing status drawn on the server as SVG (no script: the CSP forbids inline ones, and the page works without)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.urls import reverse
from django.utils import numberformat
from django.utils.formats import get_format, localize, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from etablera.housing.matching import reason_texts
from etablera.housing.models import HousingNeed, HousingUnit
from etablera.web.templatetags.etablera_ui import deadline_why_stored, due_badge, iso_date

register = template.Library()


@register.filter
def reasons(explanation):
    """A proposal's stored reasons in the reader's language (older rows: the Swedish sentences they stored)."""
    return reason_texts(explanation)


@register.simple_tag
def bedrooms_why(need, label=""):
    """The disclosure beside a bedroom count: the crowding norm's arithmetic and its source (a BedroomNeed)."""
    if need is None:
        return ""
    return format_html(
        '<details class="why">\n  <summary>{}</summary>\n  <dl class="facts facts--small">\n'
        "    <dt>{}</dt><dd>{}</dd>\n    <dt>{}</dt><dd>{}</dd>\n  </dl>\n</details>\n",
        label or _("Varför så många sovrum?"),
        _("Så räknas det"),
        need.explanation,
        _("Källa"),
        need.source,
    )


@register.simple_tag
def house_by_why(need, expanded=False, label=""):
    """The stored explanation of a housing need's house-by date, shown as every other deadline is."""
    rule = getattr(need, "house_by_rule", None)
    if not rule:
        return ""
    return deadline_why_stored(rule, expanded=expanded, label=label)


@register.simple_tag
def current_home(row):
    """Where a household in the queue lives now: its home (the address masked for a protected household), its own
    home's bedrooms, or none. A tag rather than an included template: it is drawn on every row of the queue."""
    if row.contract is not None:
        unit = row.contract.unit
        address = (
            format_html('<span class="muted">{}</span>', _("Skyddad adress"))
            if row.address_masked
            else unit.address
        )
        bedrooms = ngettext("%(n)s sovrum", "%(n)s sovrum", unit.bedrooms) % {"n": unit.bedrooms}
        return format_html(
            '{}<br><span class="muted">{}, {}</span>', address, unit.get_kind_display(), bedrooms
        )
    if row.need.current_bedrooms is not None:
        n = row.need.current_bedrooms
        return ngettext("Eget boende, %(n)s sovrum", "Eget boende, %(n)s sovrum", n) % {"n": n}
    return format_html('<span class="muted">{}</span>', _("Saknar bostad"))


# The queue's row, as housing/queue.html's loop made it (to the whitespace: web/tests/test_queue_rows.py holds it).
_QUEUE_ROW = (
    "\n    <tr>\n"
    '      <th scope="row"><a href="{}">{}</a>\n'
    '        <br><a class="muted" href="{}">{}<span class="visually-hidden">: {}</span></a></th>\n'
    '      <td class="num">{}</td>\n'
    '      <td class="due">{}{}\n        {}</td>\n'
    "      <td>{}\n        {}</td>\n"
    '      <td class="due">{}</td>\n'
    "      <td>{}</td>\n"
    "    </tr>\n    "
)


@register.simple_tag(takes_context=True)
def housing_queue_rows(context, rows):
    """The rows of the housing queue (housing/queue.html), built here rather than by the template's loop: at a
    municipality's queue of a hundred households the loop was a third of the page, and a queue grows with the
    municipality (docs/performance.md, "The queue's rows"). Its words are translated once a list, not once a row."""
    today = context.get("today")
    need_label = _("Bostadsbehov")
    accessible = format_html('<br><span class="badge badge--muted">{}</span>', _("Tillgänglighetsanpassad"))
    crowded = format_html('<br><span class="badge badge--overdue">{}</span>', _("Trångbodd"))
    no_date = format_html('<span class="muted">{}</span>', _("Inget datum"))
    statuses = {value: str(label) for value, label in HousingNeed.Status.choices}
    html = []
    for row in rows:
        need, household, bedrooms = row.need, row.household, row.bedrooms
        if need.house_by:
            due = format_html(
                "{} {} {}", iso_date(need.house_by), due_badge(need.house_by, today), house_by_why(need)
            )
        else:
            due = no_date
        html.append(
            format_html(
                _QUEUE_ROW,
                reverse("household_detail", args=[household.public_id]),
                household.name,
                reverse("household_housing_need", args=[household.public_id]),
                need_label,
                household.name,
                number_format(bedrooms.adults + bedrooms.children),
                ngettext("%(n)s sovrum", "%(n)s sovrum", bedrooms.bedrooms)
                % {"n": number_format(bedrooms.bedrooms)},
                accessible if need.needs_accessible else "",
                bedrooms_why(bedrooms),
                current_home(row),
                crowded if row.overcrowded else "",
                due,
                statuses.get(need.status, need.status),
            )
        )
    return mark_safe("".join(html))  # noqa: S308 — every row built with format_html


# A home's row, as housing/units.html's loop made it (to the whitespace: web/tests/test_unit_rows.py holds it).
_UNIT_ROW = (
    "\n    <tr>\n"
    '      <th scope="row"><a href="{}">{}</a>\n'
    '        <br><span class="muted">{}{}</span></th>\n'
    "      <td>{}{}{}</td>\n"
    '      <td class="num">{}</td>\n'
    '      <td class="num">{}</td>\n'
    '      <td class="num nowrap">{}</td>\n'
    "      <td>{}</td>\n"
    "    </tr>\n    "
)


@register.simple_tag
def housing_unit_rows(rows):
    """The rows of the homes page (housing/units.html), built here rather than by the template's loop: the loop was
    half of the page for a municipality's 75 homes free within 90 days (docs/performance.md, issue #19's eighth
    step). Its words are translated once a list, not once a row."""
    masked = _("Skyddad adress")
    accessible = format_html('<br><span class="badge badge--muted">{}</span>', _("Tillgänglighetsanpassad"))
    inactive = format_html('<br><span class="badge badge--muted">{}</span>', _("Erbjuds inte"))
    free_now = format_html('<span class="badge badge--done">{}</span>', _("Ledig nu"))
    not_soon = format_html('<span class="muted">{}</span>', _("Inte inom 90 dagar"))
    kinds = {value: str(label) for value, label in HousingUnit.Kind.choices}
    kronor = kronor_formatter()
    html = []
    for row in rows:
        unit = row.unit
        if row.is_free_now:
            free = free_now
            if unit.capacity > 1:
                places = ngettext("%(n)s plats", "%(n)s platser", row.free_places) % {
                    "n": localize(row.free_places)
                }
                free = format_html("{} {}", free_now, places)
        elif row.free_from:
            free = _("Från %(date)s") % {"date": iso_date(row.free_from)}
        else:
            free = not_soon
        html.append(
            format_html(
                _UNIT_ROW,
                reverse("housing_unit_detail", args=[unit.pk]),
                masked if unit.address_masked else unit.address_street,
                unit.reference,
                f", {unit.area}" if unit.area and not unit.address_masked else "",
                kinds.get(unit.kind, unit.kind),
                accessible if unit.accessible else "",
                "" if unit.is_active else inactive,
                localize(unit.rooms),
                localize(unit.bedrooms),
                kronor(unit.monthly_cost),
                free,
            )
        )
    return mark_safe("".join(html))  # noqa: S308 — every row built with format_html


@register.filter
def months(value) -> str:
    """Months with one decimal, in the language's own way ("3,5" in Swedish, "3.5" in English)."""
    if value is None:
        return ""
    return number_format(round(value, 1), decimal_pos=1)


@register.filter
def kronor(value) -> str:
    """Whole kronor with the thousands grouped as the language groups them ("12 000", "12,000")."""
    if value is None:
        return ""
    return number_format(int(value), force_grouping=True)


def kronor_formatter():
    """`kronor` for a whole table: the language's separators looked up once, not three times a cell (Django's
    number_format, unrolled; the money pages' long tables, money_rows)."""
    language = get_language()
    decimal, grouping, thousands = (
        get_format(name, language) for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    )

    def format_kronor(value) -> str:
        if value is None:
            return ""
        return numberformat.format(
            int(value), decimal, grouping=grouping, thousand_sep=thousands, force_grouping=True
        )

    return format_kronor


# --- the chart ----------------------------------------------------------------------------------------------------

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 200, 24, 40
LABEL_GAP = 18  # the least distance between two lines' names at the right end, so that they never overlap
SERIES = (
    # attribute of StatusPoint, CSS class (colour), dash pattern: the lines differ by more than colour
    ("waiting", "chart__line--waiting", "8 4"),
    ("temporary", "chart__line--temporary", "2 4"),
    ("permanent", "chart__line--permanent", ""),
)


def _labels():
    return {
        "waiting": _("Väntar på bostad"),
        "temporary": _("Tillfälligt boende"),
        "permanent": _("Permanent boende"),
    }


def _ceiling(value: int) -> int:
    """A round top for the axis: 4, 10, 20, 50, 100, …"""
    for step in (4, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    return ((value // 10000) + 1) * 10000


@register.simple_tag
def status_chart(points, chart_id="status-chart"):
    """Households by housing status over time, as a line per status with its name at its end. The same numbers are
    in the table beside the chart; the SVG's title and description say what it shows for a screen reader."""
    if not points:
        return ""
    labels = _labels()
    top = _ceiling(max(max(p.waiting, p.temporary, p.permanent) for p in points) or 1)
    first, last = points[0].date, points[-1].date
    span = max((last - first).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    # Coordinates as text: format_html escapes its arguments to strings before formatting them.
    def x(day: dt.date) -> str:
        return f"{LEFT + (plot_w / 2 if first == last else plot_w * (day - first).days / span):.1f}"

    def y(value: float) -> str:
        return f"{TOP + plot_h - plot_h * value / top:.1f}"

    grid = format_html_join(
        "",
        '<line class="chart__grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
        ((LEFT, y(v), LEFT + plot_w, y(v), LEFT - 6, y(v - top / 60), v) for v in (0, top // 2, top)),
    )
    dates = [first] if first == last else [first, last]
    axis = format_html_join(
        "",
        '<text class="chart__tick" x="{}" y="{}" text-anchor="{}">{}</text>',
        (
            (x(d), HEIGHT - BOTTOM + 20, "middle" if first == last else ("start" if d == first else "end"), d)
            for d in dates
        ),
    )
    # The names at the lines' ends, moved apart where the last values lie close together.
    label_y: dict[str, float] = {}
    for attr, _css, _dash in sorted(SERIES, key=lambda item: -getattr(points[-1], item[0])):
        wanted = float(y(getattr(points[-1], attr))) + 4
        label_y[attr] = max([wanted, *(placed + LABEL_GAP for placed in label_y.values())])
    lines = []
    markers = len(points) <= 40
    for attr, css, dash in SERIES:
        coords = [(x(p.date), y(getattr(p, attr))) for p in points]
        path = " ".join(f"{cx},{cy}" for cx, cy in coords)
        dash_attr = format_html(' stroke-dasharray="{}"', dash) if dash else ""
        lines.append(
            format_html(
                '<g class="{}"><polyline class="chart__line" points="{}"{}/>{}'
                '<text class="chart__label" x="{}" y="{}">{} ({})</text></g>',
                css,
                path,
                dash_attr,
                format_html_join(
                    "", '<circle class="chart__dot" cx="{}" cy="{}" r="3"/>', coords if markers else []
                ),
                LEFT + plot_w + 8,
                f"{label_y[attr]:.1f}",
                labels[attr],
                getattr(points[-1], attr),
            )
        )
    latest = points[-1]
    description = _(
        "Linjediagram från %(first)s till %(last)s. Senast: %(waiting)s väntar på bostad, %(temporary)s bor "
        "tillfälligt och %(permanent)s har permanent boende. Samma siffror finns i tabellen."
    ) % {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "waiting": latest.waiting,
        "temporary": latest.temporary,
        "permanent": latest.permanent,
    }
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'focusable="false"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        _("Hushåll efter boendestatus över tid"),
        chart_id,
        description,
        format_html(
            '{}<text class="chart__tick" x="{}" y="{}" text-anchor="start">{}</text>',
            grid,
            4,
            TOP - 10,
            pgettext(
                "axis", "Hushåll"
            ),  # the y axis: "Households" (plain "Hushåll" is a column, "Household")
        ),
        axis,
        mark_safe("".join(lines)),  # noqa: S308 — each part built by format_html above
    )


@register.filter
def sees_housing_figures(user) -> bool:
    """The menu's "Boende" for the statistics role: the figures page (housing staff get the queue)."""
    from etablera.access.policy import capabilities

    return bool(capabilities(user).housing_figures_municipality_ids)
