"""The volunteers' forms: the public sign-up (every field bounded, errors in Swedish at the field) and the staff's
review, wish, match and follow-up forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.organisation.models import Municipality
from etablera.volunteers.codes import LANGUAGES, Offer
from etablera.volunteers.models import FollowUp, Match, NewcomerWish
from etablera.web.forms import date_field

REQUIRED = {"required": _("Fyll i det här fältet.")}


class SignUpForm(forms.Form):
    municipality = forms.ChoiceField(
        label=_("Kommun"),
        choices=(),
        error_messages={"required": _("Välj kommun."), "invalid_choice": _("Välj kommun.")},
    )
    name = forms.CharField(label=_("Namn"), max_length=200, error_messages=REQUIRED)
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_("Vi skickar en länk som du bekräftar din anmälan med."),
        error_messages={
            "required": _("Fyll i din e-postadress."),
            "invalid": _("Skriv en e-postadress, t.ex. namn@exempel.se."),
        },
    )
    phone = forms.CharField(label=_("Telefon (frivilligt)"), max_length=30, required=False)
    offers = forms.MultipleChoiceField(
        label=_("Vad vill du göra?"),
        choices=Offer.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en sak du vill göra.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Språk du talar"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett språk.")},
    )
    area = forms.CharField(label=_("Område eller stadsdel"), max_length=200, required=False)
    availability = forms.CharField(
        label=_("När kan du?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel: vardagskvällar, varannan helg."),
    )
    takes_families = forms.BooleanField(label=_("Jag kan träffa en hel familj"), required=False, initial=True)
    consent = forms.BooleanField(
        label=_("Jag har läst texten och samtycker"),
        error_messages={"required": _("Du behöver samtycka för att kunna anmäla dig.")},
    )
    # The honeypot: hidden from people (and from screen readers), filled in by bots that fill in every field.
    website = forms.CharField(label=_("Lämna tomt"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Välj kommun"))] + [
            (m.code, m.name) for m in Municipality.objects.order_by("name").only("code", "name")
        ]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Beslut"),
        choices=[("approve", _("Godkänn")), ("reject", _("Godkänn inte"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anteckning"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    background_check_note = forms.CharField(
        label=_("Belastningsregister (där det krävs)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Till exempel: utdrag visat 2026-03-01 (uppdrag med barn). Spara aldrig själva utdraget."
        ),
    )


class WishForm(forms.Form):
    person = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Gäller"), choices=NewcomerWish.Kind.choices)
    offers = forms.MultipleChoiceField(
        label=_("Önskar"),
        choices=Offer.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en sak som önskas.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Språk"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett språk.")},
    )
    area = forms.CharField(label=_("Område"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Anteckning"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    consent_given_by = forms.CharField(label=_("Samtycke lämnat av"), max_length=200, error_messages=REQUIRED)
    consent_method = forms.ChoiceField(
        label=_("Samtycket lämnades"), choices=NewcomerWish.ConsentMethod.choices
    )
    consent_date = date_field(
        _("Samtyckets datum"),
        error_messages={"required": _("Fyll i datum."), "invalid": _("Skriv datum som ÅÅÅÅ-MM-DD.")},
    )


class ConsentForm(forms.Form):
    given_by = forms.CharField(label=_("Samtycke lämnat av"), max_length=200, error_messages=REQUIRED)
    date = date_field(
        _("Datum"),
        error_messages={"required": _("Fyll i datum."), "invalid": _("Skriv datum som ÅÅÅÅ-MM-DD.")},
    )


class StartForm(forms.Form):
    date = date_field(
        _("Startdatum"),
        error_messages={"required": _("Fyll i datum."), "invalid": _("Skriv datum som ÅÅÅÅ-MM-DD.")},
    )


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Skäl"), choices=Match.EndReason.choices)
    note = forms.CharField(
        label=_("Anteckning"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    date = date_field(
        _("Slutdatum"),
        error_messages={"required": _("Fyll i datum."), "invalid": _("Skriv datum som ÅÅÅÅ-MM-DD.")},
    )


class FollowUpForm(forms.Form):
    date = date_field(
        _("Datum"),
        error_messages={"required": _("Fyll i datum."), "invalid": _("Skriv datum som ÅÅÅÅ-MM-DD.")},
    )
    outcome = forms.ChoiceField(label=_("Läge"), choices=FollowUp.Outcome.choices)
    note = forms.CharField(
        label=_("Anteckning"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())
    offer = forms.ChoiceField(
        label=_("Erbjuder"), required=False, choices=[("", _("Alla"))] + list(Offer.choices)
    )
    language = forms.ChoiceField(
        label=_("Språk"), required=False, choices=[("", _("Alla"))] + list(LANGUAGES)
    )

    def __init__(self, *args, **kwargs):
        from etablera.volunteers.models import Volunteer

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alla"))] + list(Volunteer.Status.choices)
