"""The person page's forms: consent, section notes and the reveal of a protected address."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera import limits
from etablera.access.models import Consent
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.web.forms import date_field, mark_required

# --- persons: consent, section notes, protected address, break-glass ---------------------------------------------


class ConsentForm(forms.Form):
    prefix = "samtycke"
    units = forms.ModelMultipleChoiceField(
        label=_("Enheter som får ta del av uppgifterna"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sections = forms.MultipleChoiceField(
        label=_("Uppgifter som samtycket gäller"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[Section.BASIC],
        help_text=_(
            "Socialtjänst, skola och hälsa kan bara väljas av den enhet som ansvarar för uppgifterna: "
            "socialtjänsten, skolan respektive regionen."
        ),
    )
    purpose = forms.CharField(
        label=_("Syfte"),
        max_length=300,
        required=False,
        help_text=_("Till exempel: planera SFI-start och samordna insatser."),
    )
    given_date = date_field(_("Lämnat den"), required=False)
    valid_until = date_field(
        _("Gäller till och med (frivilligt)"),
        required=False,
        help_text=_("Lämna tomt om samtycket gäller tills vidare."),
    )
    given_by = forms.ChoiceField(
        label=_("Lämnat av"), choices=Consent.GivenBy.choices, initial=Consent.GivenBy.PERSON
    )
    guardian_name = forms.CharField(
        label=_("Vårdnadshavarens eller den gode mannens namn"),
        max_length=200,
        required=False,
        help_text=_("För ett barn lämnas samtycket av vårdnadshavare eller god man."),
    )
    method = forms.ChoiceField(
        label=_("Hur samtycket lämnades"), choices=[("", "—")] + list(Consent.Method.choices), required=False
    )
    method_note = forms.CharField(
        label=_("Anteckning om hur"),
        max_length=300,
        required=False,
        help_text=_("Vid muntligt samtycke: vem som tog emot det, när och hur."),
    )
    document_reference = forms.CharField(
        label=_("Dokumentreferens (frivillig)"),
        max_length=100,
        required=False,
        help_text=_("Till exempel diarienummer för den skriftliga blanketten."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["units"].queryset = units  # the units of the person's municipality
        mark_required(self, "units", "sections", "purpose", "given_date", "method")


class WithdrawConsentForm(forms.Form):
    note = forms.CharField(
        label=_("Anteckning om återkallelsen (frivillig)"),
        max_length=300,
        required=False,
    )


class PersonNoteForm(forms.Form):
    prefix = "anteckning"
    section = forms.ChoiceField(label=_("Del"))
    text = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=limits.SECTION_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only the sections the user may see; the service refuses any other.
        self.fields["section"].choices = [(v, label) for v, label in Section.choices if v in set(sections)]
        mark_required(self, "text")


class RevealAddressForm(forms.Form):
    prefix = "adress"
    reason = forms.CharField(
        label=_("Skäl till att du behöver se adressen"),
        max_length=limits.REVEAL_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Skälet sparas i åtkomstloggen tillsammans med ditt namn."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "reason")
