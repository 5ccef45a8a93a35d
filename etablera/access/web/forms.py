"""The break-glass form: emergency access, with the identity number only in the body of a POST."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera import limits
from etablera.web.forms import mark_required


class BreakGlassForm(forms.Form):
    identity_number = forms.CharField(
        label=_("Personnummer, samordningsnummer eller dossiernummer"),
        max_length=limits.IDENTITY_NUMBER_INPUT,
        required=False,
        help_text=_("Hela numret, till exempel ÅÅÅÅMMDD-NNNN eller 12-345678."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=limits.BREAK_GLASS_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Beskriv varför du behöver uppgifterna nu. Skälet loggas och granskas av enhetschefen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "identity_number", "reason")
