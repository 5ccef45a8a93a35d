"""The forms of the register's changes of a person and a household (issue #11): a birth date, a member added,
a member who leaves, a split, a merge, an anchor person, and two persons merged. They parse; the services check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera import limits
from etablera.people.models import BirthDateChange, FormerHouseholdMember, HouseholdMember, Person
from etablera.people.services.birth_dates import REASON_LENGTH
from etablera.people.services.merging import REASON_LENGTH as MERGE_REASON_LENGTH
from etablera.people.services.reshaping import NAME_LENGTH
from etablera.web.forms import date_field, mark_required


class BirthDateForm(forms.Form):
    prefix = "fodelsedatum"
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    kind = forms.ChoiceField(label=_("Typ av ändring"), choices=BirthDateChange.Kind.choices)
    new_date = date_field(_("Nytt födelsedatum"), required=False)
    decided_on = date_field(
        _("Beslutsdatum"),
        required=False,
        help_text=_("Krävs när åldern skrivs upp: datum för Migrationsverkets beslut."),
    )
    reason = forms.CharField(
        label=_("Skäl"), max_length=REASON_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "new_date", "reason")


def _choices(persons, empty=None):
    items = [
        (str(p.public_id), f"{p.full_name} ({p.birth_date.year if p.birth_date else '–'})") for p in persons
    ]
    return ([("", empty)] if empty else []) + items


class AddMemberForm(forms.Form):
    prefix = "medlem"
    existing = forms.ChoiceField(label=_("Registrerad person"), required=False)
    first_name = forms.CharField(label=_("Förnamn"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=100, required=False)
    birth_date = date_field(_("Födelsedatum"), required=False)
    sex = forms.ChoiceField(label=_("Kön"), choices=Person.Sex.choices, initial=Person.Sex.UNKNOWN)
    identity_number_type = forms.ChoiceField(label=_("Nummertyp"), choices=Person.IdentityNumberType.choices)
    identity_number = forms.CharField(
        label=_("Identitetsnummer"), max_length=limits.IDENTITY_NUMBER_INPUT, required=False
    )
    category = forms.ChoiceField(label=_("Kategori"), choices=Person._meta.get_field("category").choices)
    relation = forms.ChoiceField(label=_("Relation i hushållet"), choices=HouseholdMember.Relation.choices)
    joined_on = date_field(
        _("Ingår sedan"),
        required=False,
        help_text=_("Till exempel födelsedagen för ett nyfött barn. Tomt: i dag."),
    )
    anchor = forms.ChoiceField(label=_("Anknytningsperson"), required=False)

    def __init__(self, *args, candidates=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing"].choices = _choices(candidates, _("Ny person (fyll i nedan)"))
        self.fields["anchor"].choices = _choices(members, _("Ingen ändring"))


class LeaveForm(forms.Form):
    prefix = "lamnar"
    person = forms.ChoiceField(label=_("Person"))
    reason = forms.ChoiceField(
        label=_("Vad har hänt?"),
        choices=[
            (r.value, r.label)
            for r in (FormerHouseholdMember.Reason.MOVED_OUT, FormerHouseholdMember.Reason.DECEASED)
        ],
        widget=forms.RadioSelect,
    )
    on_date = date_field(_("Datum"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _choices(members)
        mark_required(self, "on_date")


class SplitForm(forms.Form):
    prefix = "dela"
    persons = forms.MultipleChoiceField(
        label=_("Flyttar till det nya hushållet"), widget=forms.CheckboxSelectMultiple, required=False
    )
    name = forms.CharField(label=_("Det nya hushållets benämning"), max_length=NAME_LENGTH, required=False)
    on_date = date_field(_("Datum"), required=False, help_text=_("Tomt: i dag."))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].choices = _choices(members)
        mark_required(self, "persons", "name")


class MergeHouseholdsForm(forms.Form):
    prefix = "sla-ihop"
    other = forms.ChoiceField(label=_("Hushåll som slås ihop med detta"), required=False)
    on_date = date_field(_("Datum"), required=False, help_text=_("Tomt: i dag."))

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [("", _("Välj hushåll"))] + [
            (str(h.public_id), h.name) for h in households
        ]
        mark_required(self, "other")


class AnchorForm(forms.Form):
    prefix = "anknytning"
    anchor = forms.ChoiceField(label=_("Anknytningsperson"), required=False)

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = _choices(persons, _("Ingen anknytningsperson"))


class MergePersonsForm(forms.Form):
    prefix = "dubblett"
    duplicate = forms.ChoiceField(label=_("Dubbletten, som tas bort"), required=False)
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=MERGE_REASON_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Varför är det samma person? Sparas i åtkomstloggen."),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = _choices(candidates, _("Välj person"))
        mark_required(self, "duplicate", "reason")
