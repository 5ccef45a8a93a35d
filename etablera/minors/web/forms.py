"""The forms of the child's case (issue #14): each field with its Swedish label and limit; the rules are the
services' (minors/services), whose errors come back at these fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from etablera.minors.models import ChildCase, Guardian, Placement, TracingRequest
from etablera.minors.models.case import SHORT, TEXT
from etablera.organisation.models import Municipality
from etablera.web.forms import date_field

OPTIONAL_DATE = {"required": False}


def _municipality(label):
    return forms.ModelChoiceField(
        label=label, queryset=Municipality.objects.order_by("name"), required=False, empty_label="—"
    )


class CaseForm(forms.Form):
    prefix = "arende"
    asylum_status = forms.ChoiceField(
        label=gettext_lazy("Asylstatus"), choices=ChildCase.AsylumStatus.choices
    )
    permit_decided_on = date_field(gettext_lazy("Beslut om uppehållstillstånd"), **OPTIONAL_DATE)
    arrived_on = date_field(gettext_lazy("Ankom till Sverige"), **OPTIONAL_DATE)
    arrival_municipality = _municipality(gettext_lazy("Ankomstkommun"))
    assigned_municipality = _municipality(gettext_lazy("Anvisningskommun"))
    residing_municipality = _municipality(gettext_lazy("Vistelsekommun"))
    investigation_started_on = date_field(gettext_lazy("Utredningen inleddes"), **OPTIONAL_DATE)
    investigation_decided_on = date_field(gettext_lazy("Utredningen beslutades"), **OPTIONAL_DATE)
    young_adult_plan = forms.CharField(
        label=gettext_lazy("Plan för tiden 18–21 år"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Bistånd, boende och skola efter 18 års ålder."),
    )


class PlacementForm(forms.Form):
    prefix = "placering"
    kind = forms.ChoiceField(label=gettext_lazy("Placeringsform"), choices=Placement.Kind.choices)
    provider = forms.CharField(label=gettext_lazy("Utförare (hem, familj eller boende)"), max_length=SHORT)
    decided_on = date_field(gettext_lazy("Placeringsbeslut"))
    starts_on = date_field(gettext_lazy("Från"))
    ends_on = date_field(gettext_lazy("Till"), required=False, help_text=gettext_lazy("Tomt: tills vidare."))
    cost_per_day = forms.CharField(
        label=gettext_lazy("Kostnad per dygn (kr)"),
        max_length=20,
        help_text=gettext_lazy("Till exempel 2450."),
    )
    special_reasons = forms.CharField(
        label=gettext_lazy("Särskilda skäl"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Krävs för stödboende för den som är 16–17 år."),
    )


class EndPlacementForm(forms.Form):
    prefix = "avsluta"
    placement = forms.UUIDField(widget=forms.HiddenInput)
    ends_on = date_field(gettext_lazy("Sista dag"))
    end_reason = forms.ChoiceField(label=gettext_lazy("Skäl"), choices=Placement.EndReason.choices)


class GuardianForm(forms.Form):
    prefix = "foretradare"
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=Guardian.Kind.choices)
    name = forms.CharField(label=gettext_lazy("Namn"), max_length=SHORT)
    phone = forms.CharField(label=gettext_lazy("Telefon"), max_length=40, required=False)
    email = forms.CharField(label=gettext_lazy("E-post"), max_length=SHORT, required=False)
    applied_on = date_field(gettext_lazy("Ansökan gjord"), **OPTIONAL_DATE)
    appointed_on = date_field(gettext_lazy("Förordnad"), **OPTIONAL_DATE)


class EndGuardianForm(forms.Form):
    prefix = "upphor"
    guardian = forms.UUIDField(widget=forms.HiddenInput)
    ended_on = date_field(gettext_lazy("Uppdraget upphörde"))
    end_reason = forms.ChoiceField(label=gettext_lazy("Skäl"), choices=Guardian.EndReason.choices)


class ReportForm(forms.Form):
    prefix = "anmalan"
    sent_on = date_field(gettext_lazy("Anmälan skickades"))


class After18Form(forms.Form):
    prefix = "beslut"
    decision = forms.ChoiceField(
        label=gettext_lazy("Beslut"),
        choices=[c for c in ChildCase.After18.choices if c[0] != ChildCase.After18.UNDECIDED],
    )
    decided_on = date_field(gettext_lazy("Beslutsdatum"))


class VisitForm(forms.Form):
    prefix = "besok"
    visited_on = date_field(gettext_lazy("Besöksdatum"))
    note = forms.CharField(
        label=gettext_lazy("Anteckning"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TracingForm(forms.Form):
    prefix = "efterforskning"
    requested_on = date_field(gettext_lazy("Begärd"))
    via = forms.CharField(
        label=gettext_lazy("Genom"), max_length=SHORT, help_text=gettext_lazy("Till exempel Röda korset.")
    )
    note = forms.CharField(
        label=gettext_lazy("Anteckning"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SettleTracingForm(forms.Form):
    prefix = "utfall"
    tracing = forms.UUIDField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Utfall"),
        choices=[c for c in TracingRequest.Outcome.choices if c[0] != TracingRequest.Outcome.PENDING],
    )
    closed_on = date_field(gettext_lazy("Avslutad"))


class CloseForm(forms.Form):
    prefix = "avslut"
    closed_on = date_field(gettext_lazy("Ärendet avslutas"))
    reason = forms.CharField(label=gettext_lazy("Skäl"), max_length=SHORT)
