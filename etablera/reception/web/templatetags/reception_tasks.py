"""Task titles and the texts of a task's history and a household's timeline in the user's language, and the
caseload's bar chart.

A task's stored title is its step's title, or "<step title>: <first name>" for a member's task, in Swedish. The
titles of the national default template are in the catalogue (gettext_noop in reception/default_template.py), so
`{% task_title task %}` shows them in the page's language; a title a municipality typed for its own step is not
among them and stays as typed, and so does the name after the colon. No query: the title alone decides.
`{{ event|event_text }}` shows a stored TaskEvent's or CaseEvent's text the same way (reception/event_texts.py)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext

from etablera.reception.event_texts import shown
from etablera.reception.models import CaseEvent
from etablera.reception.selectors.tasks import display_title

register = template.Library()


@register.simple_tag
def task_title(task_or_title) -> str:
    """{% task_title task %} (or a stored title): the title in the page's language; autoescaped as any value."""
    title = task_or_title if isinstance(task_or_title, str) else getattr(task_or_title, "title", "")
    return display_title(title or "")


@register.filter(name="task_title")
def task_title_filter(task_or_title) -> str:
    """{{ task|task_title }}, for where a tag does not fit (inside a blocktranslate, an attribute)."""
    return task_title(task_or_title)


@register.filter
def event_text(event) -> str:
    """{{ event|event_text }}: a task's or household's event text (as the services wrote it, in Swedish) in the
    page's language; what a user wrote stays as written. Autoescaped as any value."""
    if isinstance(event, CaseEvent) and event.kind == CaseEvent.Kind.NOTE:
        return shown(
            event.text
        )  # the timeline's notes are the services' texts (a user's note is a TaskEvent's)
    return shown(event.text, event.kind)


# --- the caseload's bar chart: the same numbers as the table beside it ------------------------------------------

BAR_HEIGHT, GAP, LABEL_W, PLOT_W, COUNT_W = 18, 8, 170, 260, 60


@register.simple_tag
def caseload_chart(rows, chart_id: str = "caseload-chart"):
    """Horizontal bars per caseworker: open tasks, the overdue part darker and named in the bar's text (never by
    colour alone). Drawn with attributes only: the site's Content-Security-Policy allows no inline style."""
    if not rows:
        return ""
    top = max((row.open for row in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_W + PLOT_W + COUNT_W

    def label(row) -> str:
        return str(row.assignee) if row.assignee is not None else pgettext("caseload", "Ingen handläggare")

    bars = format_html_join(
        "",
        '<g><text x="{}" y="{}" text-anchor="end" class="chart__tick">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#8aa9c9"/>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#9b1c1c"/>'
        '<text x="{}" y="{}" class="chart__tick">{}</text></g>',
        (
            (
                LABEL_W - 8,
                GAP + i * (BAR_HEIGHT + GAP) + BAR_HEIGHT - 5,
                label(row),
                LABEL_W,
                GAP + i * (BAR_HEIGHT + GAP),
                f"{PLOT_W * row.open / top:.1f}",
                BAR_HEIGHT,
                LABEL_W,
                GAP + i * (BAR_HEIGHT + GAP),
                f"{PLOT_W * row.overdue / top:.1f}",
                BAR_HEIGHT,
                LABEL_W + PLOT_W * row.open / top + 6,
                GAP + i * (BAR_HEIGHT + GAP) + BAR_HEIGHT - 5,
                gettext("%(open)s (%(overdue)s försenade)") % {"open": row.open, "overdue": row.overdue},
            )
            for i, row in enumerate(rows)
        ),
    )
    return format_html(
        '<svg class="chart" id="belastning-{}" viewBox="0 0 {} {}" role="img" aria-labelledby="belastning-{}-title">'
        '<title id="belastning-{}-title">{}</title>{}</svg>',
        chart_id,
        width,
        height,
        chart_id,
        chart_id,
        gettext(
            "Öppna uppgifter per handläggare; den mörka delen är försenade. Samma siffror som i tabellen."
        ),
        bars,
    )
