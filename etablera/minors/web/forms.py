"""The forms of the child's case (issue #14): each field with its Swedish label and limit; the rules are the
services' (minors/services), whose errors come back at these fields. Each form says where on the child's page it
stands (`section`, the anchor the page comes back to) and what to say when it is done. A form about one record of
the case (ending a placement, removing a relative's link) is a RecordForm: the record's public id in a hidden
field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, gettext_lazy

from etablera.minors.models import ChildCase, Guardian, Placement, RelativeLink, TracingRequest
from etablera.minors.models.case import SHORT, TEXT
from etablera.minors.services.follow_up import REFERENCE_LENGTH
from etablera.organisation.models import Municipality
from etablera.web.forms import date_field

OPTIONAL_DATE = {"required": False}


def _municipality(label):
    return forms.ModelChoiceField(
        label=label, queryset=Municipality.objects.order_by("name"), required=False, empty_label="—"
    )


class CaseForm(forms.Form):
    prefix = "arende"
    section, done = "arende", gettext_lazy("Uppgifterna är sparade.")
    asylum_status = forms.ChoiceField(
        label=gettext_lazy("Asylstatus"), choices=ChildCase.AsylumStatus.choices
    )
    permit_decided_on = date_field(gettext_lazy("Beslut om uppehållstillstånd"), **OPTIONAL_DATE)
    arrived_on = date_field(gettext_lazy("Ankom till Sverige"), **OPTIONAL_DATE)
    arrival_municipality = _municipality(gettext_lazy("Ankomstkommun"))
    assigned_municipality = _municipality(gettext_lazy("Anvisningskommun"))
    residing_municipality = _municipality(gettext_lazy("Vistelsekommun"))
    investigation_started_on = date_field(gettext_lazy("Utredningen inleddes"), **OPTIONAL_DATE)
    investigation_decided_on = date_field(gettext_lazy("Utredningen beslutades"), **OPTIONAL_DATE)
    young_adult_plan = forms.CharField(
        label=gettext_lazy("Plan för tiden 18–21 år"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Bistånd, boende och skola efter 18 års ålder."),
    )


class PlacementForm(forms.Form):
    prefix = "placering"
    section, done = "placeringar", gettext_lazy("Placeringen är registrerad.")
    kind = forms.ChoiceField(label=gettext_lazy("Placeringsform"), choices=Placement.Kind.choices)
    provider = forms.CharField(label=gettext_lazy("Utförare (hem, familj eller boende)"), max_length=SHORT)
    housing_unit = forms.TypedChoiceField(
        label=gettext_lazy("Bostad i kommunens bestånd"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy(
            "Bara för stödboende, utslussboende och egen lägenhet i kommunens bostäder. Listan visar kommunens "
            "bostäder som du har behörighet till."
        ),
    )
    decided_on = date_field(gettext_lazy("Placeringsbeslut"))
    starts_on = date_field(gettext_lazy("Från"))
    ends_on = date_field(gettext_lazy("Till"), required=False, help_text=gettext_lazy("Tomt: tills vidare."))
    cost_per_day = forms.CharField(
        label=gettext_lazy("Kostnad per dygn (kr)"),
        max_length=20,
        help_text=gettext_lazy("Till exempel 2450."),
    )
    special_reasons = forms.CharField(
        label=gettext_lazy("Särskilda skäl"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Krävs för stödboende för den som är 16–17 år."),
    )

    def __init__(self, *args, units=(), **kwargs):
        """`units`: the homes the user may choose (minors.homes.units_to_choose); without any, no choice is shown."""
        super().__init__(*args, **kwargs)
        if units:
            self.fields["housing_unit"].choices = [("", "—")] + [(u.pk, unit_label(u)) for u in units]
        else:
            del self.fields["housing_unit"]


def unit_label(unit) -> str:
    """A home among the choices: its address (or that it is protected), its reference and its kind."""
    street = gettext("Skyddad adress") if getattr(unit, "address_masked", True) else unit.address_street
    return f"{street} ({unit.reference}): {unit.get_kind_display()}"


class RecordForm(forms.Form):
    """A form about one record of the case, named by its public id in the hidden field `record`. The page finds the
    record on the case; one no longer there is the error `gone`, at the field `gone_field` (None: the form's). The
    other fields go to the service as it names them (`renamed`)."""

    record = ""
    model: type
    gone = ""
    gone_field: str | None = None
    renamed: dict[str, str] = {}

    def arguments(self) -> dict:
        return {self.renamed.get(k, k): v for k, v in self.cleaned_data.items() if k != self.record}


class EndPlacementForm(RecordForm):
    prefix = "avsluta"
    section, done = "placeringar", gettext_lazy("Placeringen är avslutad.")
    record, model, gone_field = "placement", Placement, "ends_on"
    gone = gettext_lazy("Placeringen finns inte längre.")
    renamed = {"end_reason": "reason"}
    placement = forms.UUIDField(widget=forms.HiddenInput)
    ends_on = date_field(gettext_lazy("Sista dag"))
    end_reason = forms.ChoiceField(label=gettext_lazy("Skäl"), choices=Placement.EndReason.choices)


class GuardianForm(forms.Form):
    prefix = "foretradare"
    section, done = "foretradare", gettext_lazy("Företrädaren är registrerad.")
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=Guardian.Kind.choices)
    name = forms.CharField(label=gettext_lazy("Namn"), max_length=SHORT)
    phone = forms.CharField(label=gettext_lazy("Telefon"), max_length=40, required=False)
    email = forms.CharField(label=gettext_lazy("E-post"), max_length=SHORT, required=False)
    applied_on = date_field(gettext_lazy("Ansökan gjord"), **OPTIONAL_DATE)
    appointed_on = date_field(gettext_lazy("Förordnad"), **OPTIONAL_DATE)


class EndGuardianForm(RecordForm):
    prefix = "upphor"
    section, done = "foretradare", gettext_lazy("Uppdraget är avslutat.")
    record, model, gone_field = "guardian", Guardian, "ended_on"
    gone = gettext_lazy("Företrädaren finns inte längre.")
    renamed = {"end_reason": "reason"}
    guardian = forms.UUIDField(widget=forms.HiddenInput)
    ended_on = date_field(gettext_lazy("Uppdraget upphörde"))
    end_reason = forms.ChoiceField(label=gettext_lazy("Skäl"), choices=Guardian.EndReason.choices)


class ReportForm(forms.Form):
    prefix = "anmalan"
    section, done = "datum", gettext_lazy("Anmälan är registrerad som skickad.")
    sent_on = date_field(gettext_lazy("Anmälan skickades"))


class After18Form(forms.Form):
    prefix = "beslut"
    section, done = "datum", gettext_lazy("Beslutet är registrerat.")
    decision = forms.ChoiceField(
        label=gettext_lazy("Beslut"),
        choices=[c for c in ChildCase.After18.choices if c[0] != ChildCase.After18.UNDECIDED],
    )
    decided_on = date_field(gettext_lazy("Beslutsdatum"))


class VisitForm(forms.Form):
    prefix = "besok"
    section, done = "besok", gettext_lazy("Besöket är registrerat.")
    visited_on = date_field(gettext_lazy("Besöksdatum"))
    note = forms.CharField(
        label=gettext_lazy("Anteckning"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TracingForm(forms.Form):
    prefix = "efterforskning"
    section, done = "efterforskning", gettext_lazy("Efterforskningen är registrerad.")
    requested_on = date_field(gettext_lazy("Begärd"))
    via = forms.CharField(
        label=gettext_lazy("Genom"), max_length=SHORT, help_text=gettext_lazy("Till exempel Röda korset.")
    )
    note = forms.CharField(
        label=gettext_lazy("Anteckning"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SettleTracingForm(RecordForm):
    prefix = "utfall"
    section, done = "efterforskning", gettext_lazy("Efterforskningen är avslutad.")
    record, model, gone_field = "tracing", TracingRequest, "outcome"
    gone = gettext_lazy("Efterforskningen finns inte längre.")
    tracing = forms.UUIDField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Utfall"),
        choices=[c for c in TracingRequest.Outcome.choices if c[0] != TracingRequest.Outcome.PENDING],
    )
    closed_on = date_field(gettext_lazy("Avslutad"))


class RelativeForm(forms.Form):
    prefix = "anhorig"
    section, done = "anhoriga", gettext_lazy("Den anhöriges hushåll är kopplat till barnet.")
    reference = forms.CharField(
        label=gettext_lazy("Anvisningens referens"),
        max_length=REFERENCE_LENGTH,
        help_text=gettext_lazy(
            "Referensen i Migrationsverkets beslut om anvisning för den anhöriges hushåll, till exempel "
            "MIG-2026-000123. Hushållet ska finnas i Etablera och du ska ha behörighet till det."
        ),
    )
    relation = forms.CharField(
        label=gettext_lazy("Släktskap"),
        max_length=RelativeLink._meta.get_field("relation").max_length,
        help_text=gettext_lazy("Till exempel mamma och syster."),
    )
    noted_on = date_field(gettext_lazy("Noterad"))


class UnlinkRelativeForm(RecordForm):
    prefix = "bort"
    section, done = "anhoriga", gettext_lazy("Kopplingen till den anhöriges hushåll är borttagen.")
    record, model = "relative", RelativeLink
    gone = gettext_lazy("Kopplingen finns inte längre.")
    relative = forms.UUIDField(widget=forms.HiddenInput)


class CloseForm(forms.Form):
    prefix = "avslut"
    section, done = "avslut", gettext_lazy("Barnärendet är avslutat.")
    closed_on = date_field(gettext_lazy("Ärendet avslutas"))
    reason = forms.CharField(label=gettext_lazy("Skäl"), max_length=SHORT)
