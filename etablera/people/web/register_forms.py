"""The forms that keep a person's register data true (issue #11): the plain data and contact, the address,
protected identity, a new identity number and a residence permit decision. The services check everything; these
forms only parse (and carry `version`, the person's `updated_at` as the form was opened, so that a change made
from an old reading is refused rather than overwriting someone else's)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera import limits
from etablera.people.models import Person, ProtectedIdentity, ResidencePermitDecision
from etablera.web.forms import date_field, mark_required


class _Versioned(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)


class PersonEditForm(_Versioned):
    prefix = "person"
    first_name = forms.CharField(label=_("Förnamn"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Kön"), choices=Person.Sex.choices)
    languages = forms.CharField(
        label=_("Språk"),
        max_length=200,
        required=False,
        help_text=_("Kommaseparerade, t.ex. arabiska, engelska"),
    )
    needs_interpreter = forms.BooleanField(label=_("Behöver tolk"), required=False)
    interpreter_language = forms.CharField(label=_("Tolkspråk"), max_length=60, required=False)
    citizenship = forms.CharField(label=_("Medborgarskap"), max_length=60, required=False)
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=30,
        required=False,
        help_text=_("Svenskt nummer eller med landsnummer, t.ex. 070-123 45 67 eller +46 70 123 45 67."),
    )
    email = forms.CharField(label=_("E-post"), max_length=254, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "first_name", "last_name")


class AddressEditForm(_Versioned):
    prefix = "ny-adress"
    street = forms.CharField(label=_("Gatuadress"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postnummer"), max_length=10, required=False)
    city = forms.CharField(label=_("Postort"), max_length=100, required=False)


class ProtectionForm(_Versioned):
    prefix = "skydd"
    level = forms.ChoiceField(label=_("Skyddade personuppgifter"), choices=ProtectedIdentity.choices)
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=limits.REVEAL_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs när skyddet hävs. Skälet sparas i åtkomstloggen."),
    )


class IdentityNumberForm(_Versioned):
    prefix = "nummer"
    identity_number_type = forms.ChoiceField(
        label=_("Nummertyp"),
        choices=[
            (v, label)
            for v, label in Person.IdentityNumberType.choices
            if v != Person.IdentityNumberType.NONE
        ],
    )
    identity_number = forms.CharField(
        label=_("Nytt identitetsnummer"), max_length=limits.IDENTITY_NUMBER_INPUT, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "identity_number")


class ResidencePermitForm(forms.Form):
    prefix = "tillstand"
    kind = forms.ChoiceField(label=_("Typ av tillstånd"), choices=ResidencePermitDecision.Kind.choices)
    decided_on = date_field(_("Beslutsdatum"), required=False)
    valid_from = date_field(
        _("Gäller från"), required=False, help_text=_("Lämna tomt om tillståndet gäller från beslutsdatumet.")
    )
    valid_until = date_field(
        _("Gäller till och med"), required=False, help_text=_("Lämna tomt för permanent uppehållstillstånd.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "decided_on")
