"""Small pieces the pages share: a due-date badge with text (never colour alone), the "why this date?" disclosure,
ages, and an error summary that links to the fields."""

from __future__ import annotations

import datetime as dt

from django import forms, template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from etablera.rules.dates import age_on

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


@register.inclusion_tag("web/partials/deadline_why.html")
def deadline_why(deadline, expanded=False, label=""):
    """The disclosure that explains a deadline: title, the arithmetic, the source and the dates it is based on."""
    return {
        "deadline": deadline,
        "expanded": expanded,
        "label": label,
        "status_text": DEADLINE_STATUS.get(getattr(deadline, "status", ""), "") if deadline else "",
    }


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
