"""The forms of the pot and the split (issue #15): the year's model and budget, an application, its decision and its
report, a share. Each text has its column's limit; the amounts and percentages are checked by the service
(money/services/funding.py), whose Swedish messages come back at these fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from etablera.money.models import FundingYear, PotApplication
from etablera.money.models.funding import SHORT, TEXT
from etablera.web.forms import date_field

OPTIONAL = {"required": False}
Status = PotApplication.Status


def _amount(label, help_text="", required=True):
    # The range is the service's, so that its message stands at the field.
    return forms.IntegerField(label=label, help_text=help_text, required=required)


def _long_text(label, help_text="", required=True):
    return forms.CharField(
        label=label,
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        required=required,
    )


def _unit_choices(units, empty) -> list[tuple[str, str]]:
    return [("", empty)] + [(str(unit.pk), unit.name) for unit in units]


class FundingYearForm(forms.Form):
    model = forms.ChoiceField(label=gettext_lazy("Fördelningsmodell"), choices=FundingYear.Model.choices)
    budget = _amount(
        gettext_lazy("Budget för året (kr)"),
        gettext_lazy("Den del av schablonen som fördelas, i hela kronor."),
    )
    note = _long_text(
        gettext_lazy("Anteckning"),
        gettext_lazy("Till exempel beslutet om budgeten. Inga namn."),
        required=False,
    )


class _PartyForm(forms.Form):
    """A unit of the municipality or an association by its name: one of the two (the service says so)."""

    unit_field = name_field = ""

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.unit_field].choices = _unit_choices(units, gettext_lazy("— Ingen enhet —"))

    def clean(self):
        data = super().clean()
        unit = data.get(self.unit_field)
        data[self.unit_field] = int(unit) if unit else None
        return data


class ApplicationForm(_PartyForm):
    unit_field, name_field = "applicant_unit", "applicant_name"
    applicant_unit = forms.ChoiceField(
        label=gettext_lazy("Sökande enhet"),
        help_text=gettext_lazy("En förvaltning eller enhet i kommunen. Lämna tom om en förening söker."),
        **OPTIONAL,
    )
    applicant_name = forms.CharField(
        label=gettext_lazy("Eller sökande förening"),
        max_length=SHORT,
        help_text=gettext_lazy("Föreningens eller organisationens namn, om ingen enhet är vald."),
        **OPTIONAL,
    )
    purpose = _long_text(
        gettext_lazy("Syfte"), gettext_lazy("Vad pengarna ska användas till och för vilka. Inga namn.")
    )
    amount_applied = _amount(gettext_lazy("Sökt belopp (kr)"), gettext_lazy("Hela kronor."))
    period_start = date_field(gettext_lazy("Period från"))
    period_end = date_field(
        gettext_lazy("Period till"), help_text=gettext_lazy("Perioden ska röra budgetåret.")
    )


class DecisionForm(forms.Form):
    prefix = "beslut"
    expected_status = forms.CharField(widget=forms.HiddenInput, max_length=10)
    status = forms.ChoiceField(
        label=gettext_lazy("Beslut"),
        choices=[(Status.GRANTED, Status.GRANTED.label), (Status.REFUSED, Status.REFUSED.label)],
    )
    amount_granted = _amount(
        gettext_lazy("Beviljat belopp (kr)"),
        gettext_lazy("Högst det sökta beloppet och det som finns kvar av budgeten. Tomt vid avslag."),
        required=False,
    )
    decided_on = date_field(gettext_lazy("Beslut den"), help_text=gettext_lazy("Tomt: i dag."), **OPTIONAL)
    decision_note = _long_text(
        gettext_lazy("Motivering"), gettext_lazy("Krävs vid avslag. Inga namn."), required=False
    )


class ReportForm(forms.Form):
    prefix = "rapport"
    expected_status = forms.CharField(widget=forms.HiddenInput, max_length=10)
    spent = _amount(gettext_lazy("Använt belopp (kr)"), gettext_lazy("Högst det beviljade beloppet."))
    report = _long_text(
        gettext_lazy("Återrapport"), gettext_lazy("Vad pengarna användes till och vad det gav.")
    )
    reported_on = date_field(
        gettext_lazy("Återrapporterad den"), help_text=gettext_lazy("Tomt: i dag."), **OPTIONAL
    )


class ShareForm(_PartyForm):
    prefix = "andel"
    unit_field, name_field = "recipient_unit", "recipient_name"
    recipient_unit = forms.ChoiceField(label=gettext_lazy("Enhet"), **OPTIONAL)
    recipient_name = forms.CharField(
        label=gettext_lazy("Eller förening eller annan mottagare"),
        max_length=SHORT,
        help_text=gettext_lazy("Namnet, om ingen enhet är vald."),
        **OPTIONAL,
    )
    percent = forms.CharField(
        label=gettext_lazy("Andel (%)"),
        max_length=10,
        help_text=gettext_lazy(
            "Från 0,01 till 100, högst två decimaler. Alla andelar tillsammans högst 100."
        ),
    )
