"""The civil register's forms (issue #17). Labels, choices and lengths come from the models; the services validate
and refuse, and their messages are put back at the fields, so the field names are the services' own."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.activity.models import Activity
from etablera.civil.models import Agreement, Association, ContactPerson, FollowUp, NetworkMeeting, Offer
from etablera.web.forms import date_field, mark_required


def _length(model, name) -> int:
    return model._meta.get_field(name).max_length


def _choices(choices):
    return [("", _("Välj"))] + list(choices)


class AssociationForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=_length(Association, "name"), required=False)
    kind = forms.ChoiceField(label=_("Slag"), choices=_choices(Association.Kind.choices), required=False)
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=20,
        required=False,
        help_text=_("Tio siffror, till exempel 802000-1234. Lämna tomt för en aktör utan eget nummer."),
    )
    description = forms.CharField(
        label=_("Beskrivning"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    email = forms.CharField(label=_("E-post"), max_length=_length(Association, "email"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    website = forms.CharField(
        label=_("Webbplats"), max_length=_length(Association, "website"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "name", "kind")


class ContactForm(forms.Form):
    prefix = "kontakt"
    name = forms.CharField(label=_("Namn"), max_length=_length(ContactPerson, "name"), required=False)
    role = forms.CharField(label=_("Roll"), max_length=_length(ContactPerson, "role"), required=False)
    email = forms.CharField(label=_("E-post"), max_length=_length(ContactPerson, "email"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "name")


class OfferForm(forms.Form):
    prefix = "erbjudande"
    kind = forms.ChoiceField(label=_("Vad erbjuds"), choices=_choices(Offer.Kind.choices), required=False)
    description = forms.CharField(
        label=_("Beskrivning"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    languages = forms.CharField(
        label=_("Språk"),
        max_length=100,
        required=False,
        help_text=_("Språkkoder enligt ISO 639-1, med kommatecken emellan, t.ex. ar, so, ti."),
    )
    venues = forms.CharField(label=_("Platser"), max_length=_length(Offer, "venues"), required=False)
    target_groups = forms.CharField(
        label=_("Målgrupper"),
        max_length=_length(Offer, "target_groups"),
        required=False,
        help_text=_("T.ex. ”barn 7–12 år”, ”kvinnor”, ”nyanlända vuxna”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "kind")


class AgreementForm(forms.Form):
    prefix = "overenskommelse"
    kind = forms.ChoiceField(label=_("Slag"), choices=_choices(Agreement.Kind.choices), required=False)
    starts_on = date_field(_("Gäller från"), required=False)
    ends_on = date_field(_("Gäller till"), required=False)
    description = forms.CharField(
        label=_("Beskrivning"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    document_reference = forms.CharField(
        label=_("Diarienummer eller dokument"),
        max_length=_length(Agreement, "document_reference"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "kind", "starts_on", "ends_on")


class ActivityForm(forms.Form):
    """An association's activity for the catalogue: the catalogue's own fields, less the kind and organiser."""

    prefix = "aktivitet"
    name = forms.CharField(label=_("Namn"), max_length=_length(Activity, "name"), required=False)
    description = forms.CharField(
        label=_("Beskrivning"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "name", "place", "schedule", "hours_per_week", "places", "starts_on")


class MeetingForm(forms.Form):
    held_on = date_field(_("Datum"), required=False)
    place = forms.CharField(label=_("Plats"), max_length=_length(NetworkMeeting, "place"), required=False)
    notes = forms.CharField(
        label=_("Anteckningar"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    attending = forms.ModelMultipleChoiceField(
        label=_("Deltagande föreningar"),
        queryset=Association.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, associations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if associations is not None:
            self.fields["attending"].queryset = associations
        mark_required(self, "held_on", "place")


class FollowUpForm(forms.Form):
    prefix = "uppfoljning"
    text = forms.CharField(label=_("Vad ska göras"), max_length=_length(FollowUp, "text"), required=False)
    responsible = forms.CharField(
        label=_("Ansvarig"), max_length=_length(FollowUp, "responsible"), required=False
    )
    due_on = date_field(_("Klart senast"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "text", "responsible")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Sök namn eller organisationsnummer"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Slag"), choices=[("", _("Alla"))] + list(Association.Kind.choices), required=False
    )
    language = forms.CharField(
        label=_("Språk"), max_length=3, required=False, help_text=_("En språkkod, t.ex. ar.")
    )
    active = forms.ChoiceField(
        label=_("Visa"),
        choices=[("1", _("Med i nätverket")), ("0", _("Har lämnat nätverket")), ("all", _("Alla"))],
        required=False,
    )
