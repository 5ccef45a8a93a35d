"""The forms of the day's work with tasks (issue #11): the unit list's filters (read from the URL), taking or
assigning several tasks at once, and assigning one task to a colleague of its unit."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from etablera.reception.selectors.tasks import NO_ASSIGNEE, Due, Sort, TaskFilters, display_title
from etablera.reception.services.tasks import MAX_BULK_TASKS, BulkAction
from etablera.web.forms import mark_required
from etablera.web.widgets import FastSelect

DUE_CHOICES = [
    ("", _("Alla")),
    (Due.OVERDUE, _("Försenade")),
    (Due.WEEK, _("Denna vecka")),
    (Due.LATER, _("Senare")),
]
SORT_CHOICES = [
    (Sort.DUE, _("Sista dag")),
    (Sort.HOUSEHOLD, _("Hushåll")),
    (Sort.ASSIGNEE, _("Handläggare")),
]


class TaskFilterForm(forms.Form):
    """The unit list's filters (shown; `read_filters` reads them): in the URL, so only ids and words — the household
    by its public id."""

    # FastSelect (web/widgets.py): the same HTML without a template per option — the households' and the
    # caseworkers' options grow with the unit's list (issue #19: no template per row).
    enhet = forms.TypedChoiceField(
        label=_("Enhet"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    sista = forms.ChoiceField(label=_("Sista dag"), required=False, choices=DUE_CHOICES, widget=FastSelect)
    typ = forms.TypedChoiceField(
        label=_("Uppgift"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    hushall = forms.TypedChoiceField(label=_("Hushåll"), required=False, empty_value=None, widget=FastSelect)
    handlaggare = forms.ChoiceField(label=_("Handläggare"), required=False, widget=FastSelect)
    sortera = forms.ChoiceField(
        label=_("Sortera efter"), required=False, choices=SORT_CHOICES, widget=FastSelect
    )

    def __init__(self, *args, units=(), kinds=(), households=(), caseworkers=(), title=str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].choices = [("", _("Alla mina enheter"))] + [(u.pk, u.name) for u in units]
        self.fields["typ"].choices = [("", _("Alla"))] + [(pk, title(name)) for pk, name in kinds]
        self.fields["hushall"].choices = [("", _("Alla"))] + [(str(h.public_id), h.name) for h in households]
        self.fields["handlaggare"].choices = [("", _("Alla")), (NO_ASSIGNEE, _("Ingen handläggare"))] + [
            (str(u.pk), str(u)) for u in caseworkers
        ]


def read_filters(query, unit_ids: set[int]) -> tuple[TaskFilters, int]:
    """The filters and the page number from the URL. A value that is not what the field takes is left out (an
    old or edited link still shows a list); a household or caseworker outside the units simply matches nothing."""

    def number(name):
        # ASCII digits only: isdigit() also takes '²', which int() refuses (a server error, not a list).
        value = query.get(name, "")
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None

    unit = number("enhet")
    household = query.get("hushall", "")
    try:
        household = uuid.UUID(household) if household else None
    except ValueError:
        household = None
    assignee = query.get("handlaggare", "")
    if assignee != NO_ASSIGNEE and number("handlaggare") is None:
        assignee = ""
    due = query.get("sista", "")
    sort = query.get("sortera", "")
    filters = TaskFilters(
        unit_ids={unit} if unit in unit_ids else None,
        due=due if due in dict(DUE_CHOICES) else "",
        step_id=number("typ"),
        household=household,
        assignee=assignee,
        sort=sort if sort in dict(SORT_CHOICES) else Sort.DUE,
    )
    return filters, max(1, number("sida") or 1)


def filter_form(filters: TaskFilters, listing, units) -> TaskFilterForm:
    """The filter form showing what is chosen, with the options the listing found."""
    return TaskFilterForm(
        initial={
            "enhet": next(iter(filters.unit_ids)) if filters.unit_ids else "",
            "sista": filters.due,
            "typ": filters.step_id or "",
            "hushall": str(filters.household or ""),
            "handlaggare": filters.assignee,
            "sortera": filters.sort,
        },
        units=units,
        kinds=listing.kinds,
        households=listing.households,
        caseworkers=listing.caseworkers,
        title=display_title,
    )


class TaskIdsField(forms.Field):
    """The ids of the tasks ticked in a list (checkboxes named `uppgift`)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            ids = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            raise ValidationError(_("Välj uppgifter i listan.")) from None
        if len(ids) > MAX_BULK_TASKS:
            raise ValidationError(_("Välj högst %(n)s uppgifter åt gången.") % {"n": MAX_BULK_TASKS})
        return ids


class BulkTaskForm(forms.Form):
    """Take or assign the ticked tasks at once."""

    uppgift = TaskIdsField(label=_("Uppgifter"), required=False)
    action = forms.ChoiceField(
        label=_("Gör med de valda"),
        choices=[(BulkAction.TAKE, _("Ta uppgifterna")), (BulkAction.ASSIGN, _("Tilldela handläggare"))],
    )
    assignee = forms.TypedChoiceField(
        label=_("Handläggare"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Bara när uppgifterna ska tilldelas: en kollega på enheten som ansvarar för dem."),
    )

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.users = {m.user.pk: m.user for m in memberships}
        grouped: dict[str, list[tuple[int, str]]] = {}
        for membership in memberships:
            people = grouped.setdefault(membership.unit.name, [])
            if (membership.user.pk, str(membership.user)) not in people:
                people.append((membership.user.pk, str(membership.user)))
        self.fields["assignee"].choices = [("", _("Välj handläggare"))] + list(grouped.items())

    @property
    def assignee_user(self):
        return self.users.get(self.cleaned_data.get("assignee"))


class AssignTaskForm(forms.Form):
    """Give one task to a colleague of the unit that owns it: only that unit's active staff are offered."""

    prefix = "tilldela"
    assignee = forms.TypedChoiceField(label=_("Handläggare"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.users = {m.user.pk: m.user for m in memberships}
        self.fields["assignee"].choices = [("", _("Välj handläggare"))] + [
            (pk, str(user)) for pk, user in self.users.items()
        ]
        mark_required(self, "assignee")

    @property
    def assignee_user(self):
        return self.users.get(self.cleaned_data.get("assignee"))
