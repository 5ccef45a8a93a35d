"""The job profile's form (issue #13): wished occupations as SSYK codes, travel, other wishes. The service checks
the codes (rules.ssyk); the form keeps every text within its column so an oversized value gets a Swedish error."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.activity.models import JobProfile
from etablera.activity.services.profile import WISHES

CODES = 100  # characters of the codes field: five codes and their separators with room to spare


class JobProfileForm(forms.Form):
    wished_ssyk = forms.CharField(
        label=_("Önskade yrken (SSYK-koder)"),
        max_length=CODES,
        required=False,
        help_text=_("Fyra siffror per yrke, skilda med mellanslag eller komma, t.ex. 5321 9111."),
    )
    travel = forms.ChoiceField(label=_("Kan resa"), choices=JobProfile.Travel.choices)
    wishes = forms.CharField(
        label=_("Önskemål i övrigt"),
        max_length=WISHES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("T.ex. tider personen inte kan, eller vad personen vill lära sig."),
    )
