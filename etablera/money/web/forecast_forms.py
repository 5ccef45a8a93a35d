"""The forecast's parameters as a form (issue #15). The ranges and the messages are the service's
(money/services/forecast.py): the form only reads what was typed — a share with a decimal comma, whole kronor with
or without spaces — and passes on what it cannot read, so that every field's Swedish message comes back at once, at
its field."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.money.services.forecast import SOURCE_LENGTH
from etablera.web.forms import mark_required

WHOLE = re.compile(r"-?\d{1,12}")


def _whole(value: str):
    """A whole number as typed ("7 200"), or the text itself for the service to refuse."""
    compact = (value or "").replace("\xa0", "").replace(" ", "")
    return int(compact) if WHOLE.fullmatch(compact) else compact


class ForecastSettingForm(forms.Form):
    share_without_work = forms.CharField(
        label=_("Andel utan arbete eller studier (%)"),
        max_length=10,
        required=False,
        help_text=_(
            "Hur stor del av dem som lämnar etableringsprogrammet som inte går till arbete eller studier och behöver "
            "försörjningsstöd. Från 0 till 100, högst två decimaler."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    average_monthly_cost = forms.CharField(
        label=_("Genomsnittlig kostnad per person och månad (kr)"),
        max_length=20,
        required=False,
        help_text=_("Försörjningsstöd per person som behöver det, i hela kronor, från 0 till 1 000 000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    months_on_support = forms.CharField(
        label=_("Månader med försörjningsstöd efter programmet"),
        max_length=10,
        required=False,
        help_text=_(
            "Hur länge kostnaden räknas för varje person, från månaden efter programmet. Från 1 till 60."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    source = forms.CharField(
        label=_("Underlag"),
        max_length=SOURCE_LENGTH,
        required=False,
        help_text=_(
            "Var siffrorna kommer från, till exempel kommunens eget utfall eller KEFU:s analys. Högst 300 tecken."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "share_without_work", "average_monthly_cost", "months_on_support")

    def clean_average_monthly_cost(self):
        return _whole(self.cleaned_data["average_monthly_cost"])

    def clean_months_on_support(self):
        return _whole(self.cleaned_data["months_on_support"])

    @classmethod
    def for_setting(cls, setting, data=None):
        initial = {
            "share_without_work": f"{setting.share_without_work}".replace(".", ",").removesuffix(",00"),
            "average_monthly_cost": setting.average_monthly_cost,
            "months_on_support": setting.months_on_support,
            "source": setting.source,
        }
        return cls(data, initial=initial)
