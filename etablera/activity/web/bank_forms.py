"""The forms of the activities catalogue and the praktikplatsbank (issue #13). Labels, choices and lengths come
from the models; the services validate and refuse, and their messages are put back at the fields, so the field
names are the services' own. Numbers and dates are read by the form only so far as they are numbers and dates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.activity.models import Activity, Employer, EmployerContact, Placement, PlacementOffer
from etablera.activity.models.common import TEXT
from etablera.web.forms import date_field, mark_required

KIND_CHOICES = [("", _("Välj"))] + Activity.Kind.choices


def _length(model, name) -> int:
    return model._meta.get_field(name).max_length


class ActivityForm(forms.Form):
    prefix = "aktivitet"
    name = forms.CharField(label=_("Namn"), max_length=_length(Activity, "name"), required=False)
    kind = forms.ChoiceField(label=_("Slag"), choices=KIND_CHOICES, required=False)
    description = forms.CharField(
        label=_("Beskrivning"), max_length=TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    organiser = forms.CharField(
        label=_("Arrangör"),
        max_length=_length(Activity, "organiser"),
        required=False,
        help_text=_("T.ex. en förening."),
    )
    place = forms.CharField(label=_("Plats"), max_length=_length(Activity, "place"), required=False)
    postcode = forms.CharField(label=_("Postnummer"), max_length=6, required=False)
    schedule = forms.CharField(
        label=_("Schema"),
        max_length=_length(Activity, "schedule"),
        required=False,
        help_text=_("T.ex. ”mån och ons 9–12”."),
    )
    hours_per_week = forms.DecimalField(
        label=_("Timmar i veckan"), max_digits=4, decimal_places=1, required=False, localize=True
    )
    places = forms.IntegerField(label=_("Antal platser"), min_value=1, max_value=10000, required=False)
    languages = forms.CharField(
        label=_("Språk"),
        max_length=100,
        required=False,
        help_text=_("Språkkoder enligt ISO 639-1, med kommatecken emellan, t.ex. ar, so, ti."),
    )
    language_support = forms.BooleanField(label=_("Språkstöd finns"), required=False)
    starts_on = date_field(_("Startar"), required=False)
    ends_on = date_field(
        _("Slutar"), required=False, help_text=_("Lämna tomt om aktiviteten pågår tills vidare.")
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ChoiceField(
                label=_("Ansvarig enhet"), choices=[(str(u.pk), u.name) for u in units], required=False
            )
        mark_required(self, "name", "kind", "place", "schedule", "hours_per_week", "places", "starts_on")

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("unit", None)
        return data


class ActivityFilterForm(forms.Form):
    slag = forms.ChoiceField(
        label=_("Slag"), choices=[("", _("Alla slag"))] + Activity.Kind.choices, required=False
    )
    sprak = forms.CharField(label=_("Språk (kod)"), max_length=3, required=False, help_text=_("T.ex. ar"))
    inaktiva = forms.BooleanField(label=_("Visa också inaktiva"), required=False)


class EmployerForm(forms.Form):
    prefix = "arbetsgivare"
    name = forms.CharField(label=_("Namn"), max_length=_length(Employer, "name"), required=False)
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"), max_length=20, required=False, help_text=_("T.ex. 556036-0793.")
    )
    industry = forms.CharField(label=_("Bransch"), max_length=_length(Employer, "industry"), required=False)
    address = forms.CharField(label=_("Adress"), max_length=_length(Employer, "address"), required=False)
    postcode = forms.CharField(label=_("Postnummer"), max_length=6, required=False)
    notes = forms.CharField(
        label=_("Anteckningar"), max_length=TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "name", "organisation_number")


class ContactForm(forms.Form):
    prefix = "kontakt"
    name = forms.CharField(label=_("Namn"), max_length=_length(EmployerContact, "name"), required=False)
    role = forms.CharField(label=_("Roll"), max_length=_length(EmployerContact, "role"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.CharField(label=_("E-post"), max_length=254, required=False)
    is_supervisor = forms.BooleanField(label=_("Handledare för praktikanter"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "name")


class PlacementForm(forms.Form):
    prefix = "praktik"
    title = forms.CharField(label=_("Benämning"), max_length=_length(Placement, "title"), required=False)
    ssyk = forms.CharField(
        label=_("Yrke (SSYK-kod)"), max_length=4, required=False, help_text=_("Fyra siffror, t.ex. 5120.")
    )
    tasks = forms.CharField(
        label=_("Arbetsuppgifter"), max_length=TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    swedish_level = forms.ChoiceField(
        label=_("Krav på svenska"), choices=Placement.SwedishLevel.choices, required=False
    )
    languages = forms.CharField(
        label=_("Andra språk som är till hjälp"),
        max_length=100,
        required=False,
        help_text=_("Språkkoder enligt ISO 639-1, t.ex. ar, en."),
    )
    driving_licence = forms.BooleanField(label=_("Kräver körkort"), required=False)
    postcode = forms.CharField(label=_("Postnummer"), max_length=6, required=False)
    starts_on = date_field(_("Startar"), required=False)
    ends_on = date_field(_("Slutar"), required=False)
    hours_per_week = forms.DecimalField(
        label=_("Timmar i veckan"), max_digits=4, decimal_places=1, required=False, localize=True
    )
    supervisor = forms.ChoiceField(label=_("Handledare"), required=False)

    def __init__(self, *args, supervisors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.supervisors = {str(c.pk): c for c in supervisors}
        self.fields["supervisor"].choices = [("", _("Ingen vald"))] + [
            (str(c.pk), c.name) for c in supervisors
        ]
        mark_required(self, "title", "ssyk", "tasks", "starts_on", "ends_on", "hours_per_week")

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["supervisor"] = self.supervisors.get(data.get("supervisor") or "")
        return data


STATE_CHOICES = [("", _("Lediga, erbjudna och tillsatta"))] + Placement.State.choices


class PlacementFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATE_CHOICES, required=False)
    ssyk = forms.CharField(
        label=_("Yrke (SSYK)"), max_length=4, required=False, help_text=_("Hela koden eller början, t.ex. 5.")
    )


class EndForm(forms.Form):
    prefix = "avsluta"
    outcome = forms.ChoiceField(
        label=_("Vad praktiken ledde till"),
        choices=[("", _("Välj"))] + Placement.Outcome.choices,
        required=False,
    )
    ended_on = date_field(_("Avslutad"), required=False, help_text=_("Utelämnat: i dag."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "outcome")


class FollowUpForm(forms.Form):
    prefix = "uppfoljning"
    employer_follow_up = forms.CharField(
        label=_("Arbetsgivarens uppföljning"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    followed_up_on = date_field(_("Uppföljd"), required=False, help_text=_("Utelämnat: i dag."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "employer_follow_up")


class DeclineForm(forms.Form):
    prefix = "nej"
    decline_reason = forms.CharField(
        label=_("Skäl att tacka nej"), max_length=_length(PlacementOffer, "decline_reason"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "decline_reason")
