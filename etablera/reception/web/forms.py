"""The reception pages' forms: tasks, anvisningar and their import, kommuntal, process templates,
an anvisning's members and self-settled households."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera import limits
from etablera.organisation.models import TASK_FUNCTION_CHOICES, Municipality, Unit
from etablera.people.models import Category, HouseholdMember, Person
from etablera.reception.models import TemplateStep
from etablera.web.forms import CsvFileForm, date_field, mark_required
from etablera.web.widgets import FastSelect

# --- tasks ------------------------------------------------------------------------------------------------------


class CompleteTaskForm(forms.Form):
    prefix = "klar"
    note = forms.CharField(
        label=_("Anteckning (frivillig)"),
        required=False,
        max_length=limits.COMPLETION_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NotApplicableForm(forms.Form):
    prefix = "ejaktuell"
    # Not required here: the service says in Swedish why a reason is needed, at this field.
    reason = forms.CharField(
        label=_("Skäl till att uppgiften inte är aktuell"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "reason")


class ReassignForm(forms.Form):
    prefix = "flytta"
    unit = forms.ModelChoiceField(label=_("Ny ansvarig enhet"), queryset=Unit.objects.none())
    assignee = forms.TypedChoiceField(
        label=_("Handläggare (frivilligt)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Handläggaren måste arbeta på den valda enheten."),
    )

    def __init__(self, *args, units=None, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        grouped: dict[str, list[tuple[int, str]]] = {}
        self.users = {}
        for membership in memberships:
            user = membership.user
            self.users[user.pk] = user
            grouped.setdefault(membership.unit.name, []).append((user.pk, str(user)))
        self.fields["assignee"].choices = [("", _("Ingen särskild handläggare"))] + [
            (unit_name, people) for unit_name, people in grouped.items()
        ]

    @property
    def assignee_user(self):
        return self.users.get(self.cleaned_data.get("assignee"))


class NoteForm(forms.Form):
    prefix = "anteckning"
    text = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=limits.TASK_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "text")


class UnitFilterForm(forms.Form):
    enhet = forms.TypedChoiceField(label=_("Enhet"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].choices = [("", _("Alla mina enheter"))] + [(u.pk, u.name) for u in units]


# --- assignments --------------------------------------------------------------------------------------------------


class AssignmentForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommun"), queryset=Municipality.objects.none())
    reference = forms.CharField(
        label=_("Migrationsverkets referens"),
        max_length=40,
        required=False,
        help_text=_("Som den står i anvisningsbeslutet, till exempel MIG-2026-000123."),
    )
    # Self-settled households (EBO) have no anvisning: they are registered on their own page (issue #11).
    category = forms.ChoiceField(
        label=_("Kategori"),
        choices=[("", "—")] + [c for c in Category.choices if c[0] != Category.SELF_SETTLED],
        required=False,
        help_text=_("Egenbosatta (EBO) har ingen anvisning: registrera dem under Hushåll i eget boende."),
    )
    decision_date = date_field(_("Beslutsdatum"), required=False)
    latest_reception_date = date_field(_("Sista mottagningsdag (frivilligt)"), required=False)
    planned_arrival_date = date_field(
        _("Planerad ankomst (frivilligt)"),
        required=False,
        help_text=_(
            "När resan är bokad. Uppgifterna före ankomst räknas från detta datum, annars från sista mottagningsdag."
        ),
    )
    household_name = forms.CharField(
        label=_("Hushållets benämning"),
        max_length=200,
        required=False,
        help_text=_("Till exempel hushållets efternamn."),
    )

    def __init__(self, *args, municipalities=None, latest_rule_text="", **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = list(municipalities or [])
        # Most users receive for one municipality only: then there is nothing to choose.
        self.only_municipality = municipalities[0] if len(municipalities) == 1 else None
        if self.only_municipality is not None:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].queryset = Municipality.objects.filter(
                pk__in=[m.pk for m in municipalities]
            )
        self.fields["latest_reception_date"].help_text = latest_rule_text
        mark_required(self, "reference", "category", "decision_date", "household_name")

    @property
    def chosen_municipality(self):
        return self.only_municipality or self.cleaned_data.get("municipality")


class MemberForm(forms.Form):
    """One person in the household. Empty rows are left out; the service checks names and numbers."""

    first_name = forms.CharField(label=_("Förnamn"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=100, required=False)
    # Every select has an initial value, the one the browser sends for an untouched row, so such a row is "unchanged".
    relation = forms.ChoiceField(
        label=_("Relation i hushållet"),
        choices=HouseholdMember.Relation.choices,
        initial=HouseholdMember.Relation.ADULT,
    )
    identity_number_type = forms.ChoiceField(
        label=_("Nummertyp"),
        choices=Person.IdentityNumberType.choices,
        initial=Person.IdentityNumberType.NONE,
    )
    identity_number = forms.CharField(
        label=_("Identitetsnummer"),
        max_length=20,
        required=False,
        help_text=_("Personnummer ÅÅÅÅMMDD-NNNN, samordningsnummer eller dossiernummer 12-345678."),
    )
    birth_date = date_field(
        _("Födelsedatum"), required=False, help_text=_("Räknas fram ur personnumret om det finns.")
    )
    sex = forms.ChoiceField(label=_("Kön"), choices=Person.Sex.choices, initial=Person.Sex.UNKNOWN)
    languages = forms.CharField(
        label=_("Språk"), max_length=200, required=False, help_text=_("Till exempel arabiska, engelska.")
    )
    interpreter_language = forms.CharField(
        label=_("Tolkspråk"), max_length=60, required=False, help_text=_("Fyll i om personen behöver tolk.")
    )
    protected_identity = forms.ChoiceField(
        label=_("Skyddade personuppgifter"),
        choices=Person._meta.get_field("protected_identity").choices,
        initial=Person._meta.get_field("protected_identity").default,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "first_name", "last_name")


MAX_MEMBERS = 8

MemberFormSet = forms.formset_factory(
    MemberForm, extra=MAX_MEMBERS, max_num=MAX_MEMBERS, absolute_max=MAX_MEMBERS, validate_max=True
)


class ReceiveForm(forms.Form):
    prefix = "ankomst"
    arrival_date = date_field(_("Ankomstdatum (kommunmottagen)"), required=True)


class PlannedArrivalForm(forms.Form):
    prefix = "planerad"
    planned_arrival_date = date_field(
        _("Planerad ankomst"),
        required=False,
        help_text=_(
            "Lämna tomt om dagen inte är känd: då räknas uppgifterna före ankomst från sista mottagningsdag."
        ),
    )


class CancelForm(forms.Form):
    prefix = "avbryt"
    cancelled_date = date_field(_("Datum för avbrottet"), required=True)
    reason = forms.CharField(
        label=_("Skäl"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "reason")


# --- quota report ------------------------------------------------------------------------------------------------


class QuotaReportForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2016, max_value=2100)
    # FastSelect: the same HTML without a template per option (290 municipalities; docs/performance.md).
    county = forms.ChoiceField(label=_("Län"), required=False, widget=FastSelect)
    municipality = forms.ChoiceField(label=_("Kommun"), required=False, widget=FastSelect)
    as_of = date_field(_("Per datum"), required=False, help_text=_("Lämna tomt för dagens datum."))

    def __init__(self, *args, counties=(), municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", _("Hela riket"))] + [
            (c.code, f"{c.code} {c.name}") for c in counties
        ]
        grouped: dict[str, list[tuple[str, str]]] = {}
        self.county_of = {}
        for m in municipalities:
            grouped.setdefault(m.county.name, []).append((m.code, f"{m.code} {m.name}"))
            self.county_of[m.code] = m.county.code
        self.fields["municipality"].choices = [("", _("Alla kommuner i länet"))] + list(grouped.items())
        # The county chosen limits the municipalities offered (issue #11): without a script, choosing a county and
        # pressing Visa shows the form again with that county's municipalities only. Every municipality stays a
        # valid answer, so one of another county is the error at the field that says so, not "not a choice".
        county = (self.data if self.is_bound else self.initial).get("county") or ""
        if county and county in {code for code, _name in self.fields["county"].choices}:
            in_county = [
                choice
                for group in grouped.values()
                for choice in group
                if self.county_of[choice[0]] == county
            ]
            self.fields["municipality"].widget.choices = [("", _("Alla kommuner i länet")), *in_county]
        else:
            self.fields["municipality"].help_text = _(
                "Välj ett län och tryck Visa, så visas länets kommuner."
            )

    def clean(self):
        cleaned = super().clean()
        county, municipality = cleaned.get("county"), cleaned.get("municipality")
        if county and municipality and self.county_of.get(municipality) != county:
            self.add_error("municipality", _("Kommunen ligger inte i det valda länet."))
        return cleaned


# --- process templates --------------------------------------------------------------------------------------------


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Mallens namn"), max_length=200, required=False)
    is_active = forms.BooleanField(
        label=_("Används vid mottagande"),
        required=False,
        help_text=_("När kommunens mall inte används gäller den nationella standardmallen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "name")


def _optional_int(label, **kwargs):
    return forms.IntegerField(label=label, required=False, **kwargs)


class StepForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput(), required=False)
    title = forms.CharField(label=_("Rubrik"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        max_length=limits.STEP_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    responsible_function = forms.ChoiceField(
        label=_("Ansvarig enhet (ansvarsområde)"),
        choices=[("", "—"), *TASK_FUNCTION_CHOICES],
        required=False,
    )
    # Initial values are what the browser sends for an untouched extra row, so that such a row counts as empty.
    scope = forms.ChoiceField(
        label=_("Gäller"), choices=TemplateStep.Scope.choices, initial=TemplateStep.Scope.HOUSEHOLD
    )
    anchor = forms.ChoiceField(
        label=_("Räknas från"), choices=TemplateStep.Anchor.choices, initial=TemplateStep.Anchor.ARRIVAL
    )
    offset_days = forms.IntegerField(label=_("Antal dagar"), required=False, initial=0)
    rule = forms.ChoiceField(
        label=_("Regel"),
        choices=TemplateStep.Rule.choices,
        required=False,
        help_text=_("En regel ersätter antalet dagar och visar sin källa vid uppgiften."),
    )
    min_age = _optional_int(_("Från ålder"))
    max_age = _optional_int(_("Till och med ålder"))
    establishment_age_only = forms.BooleanField(label=_("Endast etableringsålder (20–65 år)"), required=False)
    requires_children = forms.BooleanField(label=_("Endast hushåll med barn"), required=False)
    order = forms.IntegerField(label=_("Ordning"), required=False, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "title", "responsible_function")


class BaseStepFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort steget")


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=2, can_delete=True, max_num=100, absolute_max=100
)


class AssignmentImportForm(CsvFileForm):
    field_order = ["kind", "file"]
    kind = forms.ChoiceField(
        label=_("Vad innehåller filen?"),
        choices=[
            ("assignments", _("Anvisningar (en rad per anvisning)")),
            ("members", _("Hushållsmedlemmar till anvisningar (en rad per person)")),
        ],
        initial="assignments",
        required=False,  # a form without the choice (as before issue #11) imports anvisningar
        widget=forms.RadioSelect,
    )
    file_help = _(
        "Sparad som CSV UTF-8, med komma eller semikolon och en rubrikrad. Högst 2 MB; större filer importeras "
        "med kommandot etablera import assignments (eller members)."
    )


# --- members of an anvisning, self-settled households (issue #11) -------------------------------------------------


class AddMembersForm(forms.Form):
    """The household's name, asked only when the anvisning has no household yet; the persons are a MemberFormSet."""

    household_name = forms.CharField(
        label=_("Hushållets benämning"),
        max_length=200,
        required=False,
        help_text=_("Till exempel hushållets efternamn. Tomt: den första personens efternamn."),
    )


class SelfSettledForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommun"), queryset=Municipality.objects.none())
    household_name = forms.CharField(
        label=_("Hushållets benämning"),
        max_length=200,
        required=False,
        help_text=_("Till exempel hushållets efternamn."),
    )
    registered_date = date_field(
        _("Folkbokförd i kommunen"),
        required=False,
        help_text=_("Dagen då hushållet folkbokfördes i kommunen: mottagandet räknas från den."),
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = list(municipalities or [])
        self.only_municipality = municipalities[0] if len(municipalities) == 1 else None
        if self.only_municipality is not None:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].queryset = Municipality.objects.filter(
                pk__in=[m.pk for m in municipalities]
            )
        mark_required(self, "household_name", "registered_date")

    @property
    def chosen_municipality(self):
        return self.only_municipality or self.cleaned_data.get("municipality")
