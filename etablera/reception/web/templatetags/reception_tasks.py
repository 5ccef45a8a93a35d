"""Task titles and the texts of a task's history and a household's timeline in the user's language, and the
caseload's bar chart.

A task's stored title is its step's title, or "<step title>: <first name>" for a member's task, in Swedish. The
titles of the national default template are in the catalogue (gettext_noop in reception/default_template.py), so
`{% task_title task %}` shows them in the page's language; a title a municipality typed for its own step is not
among them and stays as typed, and so does the name after the colon. No query: the title alone decides.
`{{ event|event_text }}` shows a stored TaskEvent's or CaseEvent's text the same way (reception/event_texts.py)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext, pgettext

from etablera.reception.event_texts import shown
from etablera.reception.models import CaseEvent
from etablera.reception.selectors.tasks import display_title
from etablera.web.templatetags.etablera_ui import deadline_why_stored, due_badge, iso_date

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


# --- the task table's rows ---------------------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def task_rows(context, tasks):
    """The rows of reception/partials/task_table.html, built here rather than by the template's loop: the unit's list
    shows up to a page of tasks, and the loop's twenty-odd nodes a row were about a third of the page (profiled on
    the national data set, docs/performance.md). The HTML is the loop's, to the whitespace inside a cell (a test
    renders both). It reads what the loop read from the context: `selectable` (the bulk form's id), `take_unit_ids`
    and `take_next` (the "take the task" button), `today` and the CSRF token."""
    selectable = context.get("selectable") or ""
    take_unit_ids = context.get("take_unit_ids") or ()
    take_next = context.get("take_next") or ""
    today = context.get("today")
    token = context.get("csrf_token")
    csrf = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
        if token and token != "NOTPROVIDED"  # noqa: S105 — Django's csrf_token tag's marker, not a password
        else ""
    )
    whole_household = format_html('<span class="muted">{}</span>', gettext("Hela hushållet"))
    nobody = format_html('<span class="muted">{}</span>', gettext("Ingen"))
    choose, take = gettext("Välj %(title)s"), gettext("Ta uppgiften")
    rows = []
    for task in tasks:
        title = display_title(task.title or "")
        cells = []
        if selectable:
            label = mark_safe(choose % {"title": conditional_escape(title)})  # noqa: S308 — as blocktranslate
            cells.append(
                format_html(
                    '<td><input type="checkbox" name="uppgift" value="{}" form="{}" id="valj-{}">'
                    '<label for="valj-{}" class="visually-hidden">{}</label></td>',
                    task.pk,
                    selectable,
                    task.pk,
                    task.pk,
                    label,
                )
            )
        due = iso_date(task.due_date)
        if task.assignee:
            who = conditional_escape(str(task.assignee))
        elif take_unit_ids and task.unit_id in take_unit_ids:
            who = format_html(
                '{}\n        <form method="post" action="{}" class="inline-form">{}'
                '<input type="hidden" name="next" value="{}"><button type="submit" class="button button--small '
                'button--secondary">{}<span class="visually-hidden">: {}</span></button></form>',
                nobody,
                reverse("task_take", args=[task.pk]),
                csrf,
                take_next,
                take,
                title,
            )
        else:
            who = format_html("{}\n        ", nobody)
        rows.append(
            format_html(
                '\n    <tr>\n      {}\n      <th scope="row"><a href="{}">{}</a></th>\n'
                '      <td><a href="{}">{}</a></td>\n'
                "      <td>{}</td>\n"
                "      <td>{}</td>\n"
                '      <td class="due"><time datetime="{}">{}</time> {}\n        {}</td>\n'
                "      <td>{}</td>\n    </tr>\n    ",
                mark_safe("".join(cells)),  # noqa: S308 — built with format_html above
                reverse("task_detail", args=[task.pk]),
                title,
                reverse("household_detail", args=[task.household.public_id]),
                task.household.name,
                task.person.full_name if task.person else whole_household,
                task.unit.name,
                due,
                due,
                due_badge(task.due_date, today),
                deadline_why_stored(task.due_rule),
                who,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 — every row built with format_html


# --- the household page's task rows and timeline ----------------------------------------------------------------
# Built here for the reason task_rows is (decision 0016): the household page is the load test's most frequent
# heavy request, and its two loops were its largest template cost (about 7 ms of a 45–60 ms page on the national data
# set: 20-odd tasks and events, each row some twenty nodes). The HTML is the loops', to the whitespace (a test renders
# both, reception/web/tests/test_household_rows.py).


def _hidden_reason(section) -> str:
    return mark_safe(  # noqa: S308 — as blocktranslate: the catalogue's text, the value escaped
        gettext("Skälet hör till %(section)s och visas inte för dig.")
        % {"section": conditional_escape(section)}
    )


@register.simple_tag(takes_context=True)
def household_task_rows(context, tasks, status):
    """The rows of one status's table on the household page (reception/households/detail.html)."""
    today = context.get("today")
    before_arrival = format_html(' <span class="badge badge--muted">{}</span>', gettext("Före ankomst"))
    whole_household = format_html('<span class="muted">{}</span>', gettext("Hela hushållet"))
    nobody = format_html('<span class="muted">{}</span>', gettext("Ingen"))
    rows = []
    for task in tasks:
        reason = ""
        if task.not_applicable_reason:
            reason = format_html(
                '<br><span class="muted">{}</span>',
                task.not_applicable_reason
                if getattr(task, "section_text_visible", False)
                else _hidden_reason(task.get_section_display()),
            )
        due = iso_date(task.due_date)
        if status == "OPEN":
            due = format_html(
                "{} {} {}", due, due_badge(task.due_date, today), deadline_why_stored(task.due_rule)
            )
        rows.append(
            format_html(
                '\n    <tr>\n      <th scope="row"><a href="{}">{}</a>{}{}</th>\n'
                "      <td>{}</td>\n"
                "      <td>{}</td>\n"
                '      <td class="due">{}</td>\n'
                "      <td>{}</td>\n    </tr>\n    ",
                reverse("task_detail", args=[task.pk]),
                display_title(task.title or ""),
                "" if task.case_id else before_arrival,
                reason,
                task.person.full_name if task.person else whole_household,
                task.unit.name,
                due,
                task.assignee if task.assignee else nobody,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 — every row built with format_html


@register.simple_tag
def household_timeline(events):
    """The items of the household page's timeline (Händelser): when, what, who, and the text the reader may see."""
    # The kinds' labels once a timeline: get_kind_display() builds a dict of every choice, translating each label,
    # on every call — most of the timeline's time. An unknown kind shows as stored, as it does.
    kinds = {value: str(label) for value, label in CaseEvent.Kind.choices}
    items = []
    for event in events:
        at = localtime(event.at)
        text = format_html(": {}", event_text(event)) if event.text else ""
        hidden = ""
        if getattr(event, "text_hidden", False):
            section = getattr(event, "hidden_section", "")
            hidden = format_html(
                ' <span class="muted">{}</span>',
                _hidden_reason(section)
                if event.kind == "TASK_NOT_APPLICABLE"
                else mark_safe(  # noqa: S308 — as blocktranslate: the catalogue's text, the value escaped
                    gettext("Anteckningen hör till %(section)s och visas inte för dig.")
                    % {"section": conditional_escape(section)}
                ),
            )
        items.append(
            format_html(
                '\n  <li><time datetime="{}">{}</time>\n    <strong>{}</strong>{}{}{}</li>\n  ',
                at.isoformat(),  # what |date:'c' gives, without the formatter's machinery
                at.strftime("%Y-%m-%d %H:%M"),  # |date:"Y-m-d H:i"
                kinds.get(event.kind, event.kind),
                format_html(" – {}", event.actor) if event.actor else "",
                text,
                hidden,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 — every item built with format_html
