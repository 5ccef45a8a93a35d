"""Small pieces the pages share: a due-date badge with text (never colour alone), the "why this date?" disclosure,
ages, and an error summary that links to the fields."""

from __future__ import annotations

import datetime as dt

from django import forms, template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from etablera.rules.dates import age_on
from etablera.rules.deadlines import Deadline

register = template.Library()

DEADLINE_STATUS = {
    "in_force": gettext_lazy("Gällande regel"),
    "proposed": gettext_lazy("Förslag, ännu inte i kraft"),
    "unverified": gettext_lazy("Ej verifierad uppgift"),
    "local": gettext_lazy("Kommunens egen rutin"),
}


@register.simple_tag
def due_badge(due_date: dt.date | None, today: dt.date, is_open: bool = True):
    """'Försenad 3 dagar', 'Idag', 'Om 2 dagar' — a badge whose text says what its colour says."""
    if due_date is None or not is_open:
        return ""
    days = (due_date - today).days
    if days < 0:
        text = ngettext("Försenad %(n)s dag", "Försenad %(n)s dagar", -days) % {"n": -days}
        css = "badge--overdue"
    elif days == 0:
        text, css = _("Idag"), "badge--soon"
    elif days == 1:
        text, css = _("Imorgon"), "badge--soon"
    elif days <= 7:
        text, css = _("Om %(n)s dagar") % {"n": days}, "badge--soon"
    else:
        text, css = _("Om %(n)s dagar") % {"n": days}, "badge--muted"
    return format_html('<span class="badge {}">{}</span>', css, text)


@register.simple_tag
def deadline_why(deadline, expanded=False, label=""):
    """The disclosure that explains a deadline: title, the arithmetic, the source and the dates it is based on.

    Built here rather than by an included template because the task lists show it on every row: rendering a
    template per row was the largest single cost of those pages (docs/performance.md). The HTML is what the
    template made, to the whitespace (a test holds it). The rows of a list repeat the same few explanations (the
    tasks of one household share rule and dates), so the closed disclosure is made once per distinct deadline."""
    if not deadline:
        return "\n"
    if getattr(deadline, "i18n", None):
        deadline = deadline.shown()  # its messages in the reader's language (one made now holds its Swedish)
    if expanded or label:
        return _deadline_html(deadline, expanded, label)
    key = (
        get_language(),
        deadline.title,
        deadline.explanation,
        deadline.source,
        getattr(deadline, "status", ""),
        tuple(deadline.based_on.items()),
    )
    html = _closed.get(key)
    if html is None:
        if len(_closed) >= _CLOSED_MAX:
            _closed.clear()  # a bound, not an eviction policy: the set of distinct rules and dates is small
        html = _closed[key] = _deadline_html(deadline, False, "")
    return html


def deadline_why_stored(rule: dict | None, expanded=False, label=""):
    """deadline_why for a deadline as it is stored (`Task.due_rule`, a housing need's `house_by_rule`): the closed
    disclosure is looked up by the stored JSON before the deadline is rebuilt. Rebuilding it renders its messages
    (`Deadline.from_json`, about 100 µs) and deadline_why renders them once more — most of a task row's time, on a
    list whose rows share a few deadlines. The stored JSON (with its messages) and the language decide the HTML; its
    repr is the key (about 12 µs; the same rows from the database give the same order of keys)."""
    if not rule:
        return "\n"
    if expanded or label:
        return deadline_why(Deadline.from_json(rule), expanded, label)
    key = ("stored", get_language(), repr(rule))
    html = _closed.get(key)
    if html is None:
        html = deadline_why(Deadline.from_json(rule))
        if len(_closed) >= _CLOSED_MAX:
            _closed.clear()
        _closed[key] = html
    return html


# The closed disclosures made so far, per language and deadline (everything the HTML depends on). Per process and
# shared by the requests of a worker; a deadline's text is the same for every user who may see the task.
_closed: dict[tuple, str] = {}
_CLOSED_MAX = 5000


def _deadline_html(deadline, expanded, label):
    status_text = DEADLINE_STATUS.get(getattr(deadline, "status", ""), "")
    status = format_html(' <span class="muted">({})</span>', status_text) if status_text else ""
    dates = format_html_join(
        "",
        '<dt>{}</dt><dd><time datetime="{}">{}</time></dd>',
        ((name, iso_date(value), iso_date(value)) for name, value in deadline.based_on.items()),
    )
    return format_html(
        '<details class="why"{}>\n  <summary>{}</summary>\n  <dl class="facts facts--small">\n'
        "    <dt>{}</dt><dd>{}</dd>\n    <dt>{}</dt><dd>{}</dd>\n    <dt>{}</dt><dd>{}{}</dd>\n"
        "    {}\n  </dl>\n</details>\n",
        mark_safe(" open") if expanded else "",  # noqa: S308 — a constant
        label or _("Varför detta datum?"),
        _("Regel"),
        deadline.title,
        _("Så räknas datumet"),
        deadline.explanation,
        _("Källa"),
        deadline.source,
        status,
        dates,
    )


@register.filter(expects_localtime=True)
def iso_date(value) -> str:
    """What `|date:"Y-m-d"` gives, for the lists that show a date on every row: a date's isoformat is the same
    text and a fraction of the cost. Anything else (a datetime: its local date, as the template converts it)
    goes through the date filter."""
    if type(value) is dt.date:
        return value.isoformat()
    return date_filter(value, "Y-m-d") if value not in (None, "") else ""


@register.filter
def age(birth_date: dt.date | None, today: dt.date | None = None):
    if not birth_date:
        return ""
    return age_on(birth_date, today or timezone.localdate())


def _field_errors(form: forms.BaseForm, row_label: str = ""):
    items = []
    for error in form.non_field_errors():
        items.append({"href": "", "label": row_label, "message": error})
    for field in form:
        if field.is_hidden:
            for error in field.errors:
                items.append({"href": "", "label": row_label, "message": error})
            continue
        label = f"{row_label}: {field.label}" if row_label else field.label
        for error in field.errors:
            items.append({"href": f"#{field.id_for_label}", "label": label, "message": error})
    return items


@register.inclusion_tag("web/partials/error_summary.html")
def error_summary(*forms_and_formsets, row_name=""):
    """All errors of the given forms and formsets at the top of the page, each linking to its field."""
    items = []
    for item in forms_and_formsets:
        if item is None or not getattr(item, "is_bound", False):
            continue
        if isinstance(item, forms.BaseFormSet):
            for error in item.non_form_errors():
                items.append({"href": "", "label": "", "message": error})
            # Not inside the f-string: xgettext (makemessages) does not look into f-strings.
            row_label = row_name or _("Rad")
            for number, form in enumerate(item.forms, start=1):
                items.extend(_field_errors(form, f"{row_label} {number}"))
        else:
            items.extend(_field_errors(item))
    return {"items": items}
