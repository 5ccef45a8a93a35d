"""The activity requirement's forms (issue #13): each field with its Swedish label and limit; the rules are the
services' (activity/services), whose errors come back at these fields."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.activity.models import CapacityAssessment, Deviation, Exemption
from etablera.activity.models.common import SHORT, TEXT
from etablera.web.forms import date_field

_MONTH = re.compile(r"(\d{4})-(\d{2})")
HOURS_HINT = gettext_lazy("Timmar i veckan, t.ex. 20 eller 12,5.")


class HoursField(forms.DecimalField):
    def __init__(self, **kwargs):
        super().__init__(
            min_value=0,
            max_value=168,
            max_digits=4,
            decimal_places=1,
            localize=True,
            error_messages={
                "invalid": gettext_lazy("Ange timmar i veckan som ett tal, t.ex. 20 eller 12,5."),
                "min_value": gettext_lazy("Ange mellan 0 och 168 timmar i veckan."),
                "max_value": gettext_lazy("Ange mellan 0 och 168 timmar i veckan."),
                "max_digits": gettext_lazy("Ange mellan 0 och 168 timmar i veckan."),
                "max_decimal_places": gettext_lazy("Ange timmarna med högst en decimal."),
                "required": gettext_lazy("Ange antal timmar i veckan."),
            },
            **kwargs,
        )
        self.widget.attrs.update({"inputmode": "decimal"})


class MonthField(forms.CharField):
    """A month written ÅÅÅÅ-MM (the native month picker where there is one)."""

    def __init__(self, **kwargs):
        super().__init__(
            max_length=7, widget=forms.TextInput(attrs={"type": "month", "placeholder": "ÅÅÅÅ-MM"}), **kwargs
        )

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        match = _MONTH.fullmatch(text.strip())
        try:
            if match is None:
                raise ValueError(text)
            return dt.date(int(match[1]), int(match[2]), 1)
        except ValueError as error:
            raise ValidationError(_("Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-11.")) from error


class SupportMonthForm(forms.Form):
    prefix = "stod"
    month = MonthField(
        label=gettext_lazy("Månad"), error_messages={"required": gettext_lazy("Ange månaden.")}
    )
    amount = forms.IntegerField(
        label=gettext_lazy("Belopp (kr)"),
        min_value=1,
        max_value=1_000_000,
        error_messages={
            "required": gettext_lazy("Ange beloppet i hela kronor."),
            "invalid": gettext_lazy("Ange beloppet i hela kronor."),
            "min_value": gettext_lazy("Ange ett belopp från 1 till 1 000 000 kronor."),
            "max_value": gettext_lazy("Ange ett belopp från 1 till 1 000 000 kronor."),
        },
    )
    persons = forms.MultipleChoiceField(
        label=gettext_lazy("Personer som stödet omfattar"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Välj minst en person som stödet omfattar.")},
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(p.public_id): p for p in members}
        self.fields["persons"].choices = [(key, p.full_name) for key, p in self.members.items()]

    def chosen(self):
        return [self.members[key] for key in self.cleaned_data["persons"]]


class ExemptionForm(forms.Form):
    prefix = "undantag"
    ground = forms.ChoiceField(
        label=gettext_lazy("Skäl"),
        choices=Exemption.Ground.choices,
        error_messages={"required": gettext_lazy("Välj ett av de undantag som registreras.")},
    )
    valid_from = date_field(gettext_lazy("Gäller från"), required=False)
    valid_until = date_field(
        gettext_lazy("Gäller till och med"), required=False, help_text=gettext_lazy("Tomt: tills vidare.")
    )
    note = forms.CharField(label=gettext_lazy("Anteckning"), max_length=SHORT, required=False)


class EndExemptionForm(forms.Form):
    prefix = "avsluta"
    exemption = forms.UUIDField(widget=forms.HiddenInput)
    valid_until = date_field(gettext_lazy("Sista dag undantaget gäller"), required=False)


class CapacityForm(forms.Form):
    prefix = "formaga"
    hours_per_week = HoursField(label=gettext_lazy("Förmåga, timmar i veckan"), help_text=HOURS_HINT)
    valid_from = date_field(gettext_lazy("Gäller från"), required=False)
    valid_until = date_field(gettext_lazy("Gäller till och med"), required=False)
    assessor = forms.CharField(label=gettext_lazy("Bedömd av"), max_length=200, required=False)
    reason = forms.CharField(
        label=gettext_lazy("Vad bedömningen grundar sig på"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    section = forms.ChoiceField(
        label=gettext_lazy("Uppgiftsslag"), choices=CapacityAssessment.Section.choices
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [(v, label) for v, label in CapacityAssessment.Section.choices if v in sections]
        self.fields["section"].choices = allowed
        if len(allowed) == 1:
            self.fields["section"].initial = allowed[0][0]


class PlanForm(forms.Form):
    prefix = "plan"
    hours_per_week = HoursField(label=gettext_lazy("Krav, timmar i veckan"), help_text=HOURS_HINT)
    job_seeking_hours = HoursField(label=gettext_lazy("Varav jobbsökande, timmar i veckan"), required=False)
    content = forms.CharField(
        label=gettext_lazy("Planens innehåll"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    drawn_up_on = date_field(
        gettext_lazy("Upprättad"), required=False, help_text=gettext_lazy("Tomt: i dag.")
    )
    follow_up_on = date_field(gettext_lazy("Följs upp senast"), required=False)
    individual_plan = forms.ChoiceField(
        label=gettext_lazy("Koppla till personens individuella plan i etableringen"), required=False
    )

    def __init__(self, *args, individual_plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = {str(p.public_id): p for p in individual_plans}
        self.fields["individual_plan"].choices = [("", _("Ingen koppling"))] + [
            (key, _("Plan upprättad %(date)s") % {"date": p.started_on.isoformat()})
            for key, p in self.plans.items()
        ]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["individual_plan"] = self.plans.get(data.get("individual_plan") or "")
        return data


class ClosePlanForm(forms.Form):
    prefix = "avsluta_plan"
    reason = forms.CharField(label=gettext_lazy("Skäl till avslut"), max_length=SHORT, required=False)


class DeviationForm(forms.Form):
    prefix = "avvikelse"
    kind = forms.ChoiceField(label=gettext_lazy("Vad hände?"), choices=Deviation.Kind.choices)
    occurred_on = date_field(gettext_lazy("Datum"), required=False)
    description = forms.CharField(
        label=gettext_lazy("Beskriv vad som hände"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AssessForm(forms.Form):
    prefix = "bedom"
    status = forms.ChoiceField(
        label=gettext_lazy("Bedömning"),
        choices=[
            (Deviation.Status.ACCEPTABLE, gettext_lazy("Godtagbart skäl")),
            (
                Deviation.Status.REFERRED,
                gettext_lazy("Inget godtagbart skäl – lämnas till beslut i socialtjänstens system"),
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Välj om skälet är godtagbart eller om ärendet lämnas till beslut.")
        },
    )
    assessment = forms.CharField(
        label=gettext_lazy("Bedömningen: vad har kommit fram och varför"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    decision_reference = forms.CharField(
        label=gettext_lazy("Beslutets diarienummer i socialtjänstens system"),
        max_length=100,
        required=False,
        help_text=gettext_lazy(
            "Bara när ärendet lämnas till beslut. Beslutet fattas av en handläggare i verksamhetssystemet, aldrig i Etablera."
        ),
    )
