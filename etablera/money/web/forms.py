"""The money pages' forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.money.models import Rate
from etablera.web.forms import date_field


class RateForm(forms.Form):
    key = forms.ChoiceField(label=_("Belopp"), choices=Rate.Key.choices)
    effective_from = date_field(_("Gäller för mottagna från och med"), required=True)
    amount = forms.IntegerField(
        label=_("Belopp (kr)"),
        min_value=1,
        max_value=10_000_000,
        help_text=_("För schablonen: beloppet under åldersgränsen."),
    )
    amount_over = forms.IntegerField(
        label=_("Schablon över åldersgränsen (kr)"),
        min_value=1,
        max_value=10_000_000,
        required=False,
        help_text=_("Bara för schablonersättningen."),
    )
    source = forms.CharField(
        label=_("Källa"),
        max_length=300,
        help_text=_("Författningen eller beslutet, t.ex. ”Förordning (2010:1122) 11 §, SFS 2024:xxx”."),
    )
