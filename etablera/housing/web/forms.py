"""Forms for the housing pages (issue #5). As every page form, they parse and label; the rules and the Swedish
messages about homes, needs and contracts are the housing services', put back at the field by `attach_errors`."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from etablera import limits
from etablera.housing.models import Contract, HousingNeed, HousingUnit, Wish
from etablera.housing.protection import ADDRESS_FIELDS
from etablera.housing.services import UnitInput
from etablera.organisation.models import Municipality
from etablera.web.forms import CsvFileForm, date_field, mark_required

BLANK = [("", "—")]


def _int(label, **kwargs) -> forms.IntegerField:
    # Not min_value: the services say in Swedish what is wrong with a number, at the field.
    return forms.IntegerField(label=label, required=False, **kwargs)


class MunicipalityChoiceMixin:
    """Most housing staff work for one municipality: then there is nothing to choose."""

    def _set_municipalities(self, municipalities) -> None:
        municipalities = list(municipalities or [])
        self.only_municipality = municipalities[0] if len(municipalities) == 1 else None
        if self.only_municipality is not None:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].queryset = Municipality.objects.filter(
                pk__in=[m.pk for m in municipalities]
            )

    @property
    def chosen_municipality(self):
        return self.only_municipality or self.cleaned_data.get("municipality")


# --- homes ------------------------------------------------------------------------------------------------------


class HomeFilterForm(forms.Form):
    visa = forms.ChoiceField(
        label=_("Visa"),
        required=False,
        choices=[
            ("soon", _("Lediga nu eller inom 90 dagar")),
            ("free", _("Lediga nu")),
            ("all", _("Alla bostäder")),
        ],
    )
    typ = forms.ChoiceField(label=_("Typ av bostad"), required=False)
    sovrum = forms.TypedChoiceField(
        label=_("Minst antal sovrum"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Alla"))] + [(n, str(n)) for n in range(1, 6)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typ"].choices = [("", _("Alla typer"))] + list(HousingUnit.Kind.choices)

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"show": "soon", "kind": None, "min_bedrooms": None}
        data = self.cleaned_data
        return {"show": data["visa"] or "soon", "kind": data["typ"] or None, "min_bedrooms": data["sovrum"]}


class UnitForm(MunicipalityChoiceMixin, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommun"), queryset=Municipality.objects.none())
    reference = forms.CharField(
        label=_("Objektnummer"),
        max_length=40,
        required=False,
        help_text=_("Hyresvärdens nummer för bostaden; en import känner igen bostaden på det."),
    )
    address_street = forms.CharField(label=_("Gatuadress"), max_length=200, required=False)
    address_postal_code = forms.CharField(label=_("Postnummer"), max_length=10, required=False)
    address_city = forms.CharField(label=_("Postort"), max_length=100, required=False)
    area = forms.CharField(
        label=_("Område"), max_length=100, required=False, help_text=_("Stadsdel eller ort")
    )
    landlord = forms.ChoiceField(label=_("Hyresvärd"), required=False)
    landlord_name = forms.CharField(label=_("Hyresvärdens namn"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Typ av bostad"), required=False)
    rooms = _int(_("Antal rum"), help_text=_("Rum utöver kök"))
    bedrooms = _int(_("Antal sovrum"), help_text=_("Rum att sova i; kök och vardagsrum räknas inte"))
    floor_area = _int(_("Yta i m² (frivilligt)"))
    monthly_cost = _int(
        _("Kostnad per månad (kr)"),
        help_text=_("För hotell och vandrarhem räcker kostnaden per natt: månadskostnaden räknas ut."),
    )
    nightly_cost = _int(_("Kostnad per natt (kr, frivilligt)"))
    capacity = _int(
        _("Antal hushåll eller platser"),
        initial=1,
        help_text=_("Hur många hushåll (eller platser på HVB och stödboende) som kan bo här samtidigt"),
    )
    accessible = forms.BooleanField(label=_("Tillgänglighetsanpassad"), required=False)
    accessibility_note = forms.CharField(label=_("Om tillgängligheten"), max_length=200, required=False)
    near = forms.MultipleChoiceField(
        label=_("Nära"), choices=Wish.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    available_from = date_field(_("Ledig från"), required=False)
    available_to = date_field(_("Ledig till (frivilligt)"), required=False)
    is_active = forms.BooleanField(label=_("Kan erbjudas"), required=False, initial=True)
    notes = forms.CharField(
        label=_("Anteckningar"),
        required=False,
        max_length=limits.HOUSING_NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, municipalities=None, protected_unit: HousingUnit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_municipalities(municipalities)
        self.fields["landlord"].choices = BLANK + list(HousingUnit.Landlord.choices)
        self.fields["kind"].choices = BLANK + list(HousingUnit.Kind.choices)
        # A home with a protected address (etablera.housing.protection): the address is neither shown nor
        # posted; the stored one is kept.
        self.kept_address = {}
        if protected_unit is not None:
            for name in ADDRESS_FIELDS:
                del self.fields[name]
                self.kept_address[name] = getattr(protected_unit, name)
        mark_required(self, "reference", "landlord", "kind", "rooms", "bedrooms", "capacity")
        if "address_street" in self.fields:
            mark_required(self, "address_street")

    @classmethod
    def initial_for(cls, unit: HousingUnit) -> dict:
        names = UnitInput.__dataclass_fields__
        hidden = ADDRESS_FIELDS if getattr(unit, "address_masked", True) else ()
        return {name: getattr(unit, name) for name in names if name not in hidden}

    def to_input(self) -> UnitInput:
        data = self.cleaned_data
        values = {name: data.get(name) for name in UnitInput.__dataclass_fields__ if name in self.fields}
        values.update(self.kept_address)
        for name in ("reference", "address_street", "address_postal_code", "address_city", "area"):
            values[name] = (values[name] or "").strip()
        for name in ("landlord_name", "accessibility_note", "notes", "landlord", "kind"):
            values[name] = values[name] or ""
        values["capacity"] = (
            1 if data.get("capacity") is None else data["capacity"]
        )  # left empty: one household
        values["near"] = list(data.get("near") or [])
        return UnitInput(**values)


# --- a household's housing need ---------------------------------------------------------------------------------


class HousingNeedForm(forms.Form):
    reason = forms.ChoiceField(label=_("Skäl till bostadsbehovet"), choices=HousingNeed.Reason.choices)
    house_by = date_field(_("Bostad senast"), required=False)
    needs_accessible = forms.BooleanField(label=_("Behöver tillgänglighetsanpassad bostad"), required=False)
    wishes = forms.MultipleChoiceField(
        label=_("Önskemål"), choices=Wish.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    preferred_area = forms.CharField(label=_("Önskat område (frivilligt)"), max_length=100, required=False)
    bedrooms_override = _int(
        _("Antal sovrum enligt bedömning (frivilligt)"),
        help_text=_("Lämna tomt för att räkna efter normen; ange skäl om du ändrar."),
    )
    bedrooms_override_reason = forms.CharField(
        label=_("Skäl till bedömningen"), max_length=200, required=False
    )
    current_bedrooms = _int(
        _("Sovrum i nuvarande boende (frivilligt)"),
        help_text=_(
            "För hushåll som bor kvar i eget boende, t.ex. egenbosatta; tomt om hushållet saknar bostad."
        ),
    )
    max_monthly_cost = _int(_("Högsta kostnad per månad i kr (frivilligt)"))
    note = forms.CharField(label=_("Anteckning (frivillig)"), max_length=300, required=False)

    def __init__(self, *args, house_by_help="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["house_by"].help_text = house_by_help

    @classmethod
    def initial_for(cls, need: HousingNeed | None) -> dict:
        if need is None:
            return {}
        names = [
            "reason",
            "needs_accessible",
            "wishes",
            "preferred_area",
            "bedrooms_override",
            "bedrooms_override_reason",
            "current_bedrooms",
            "max_monthly_cost",
            "note",
        ]
        initial = {name: getattr(need, name) for name in names}
        # A date the officer entered is kept; one that came from the anvisning follows it if it changes.
        if need.house_by_rule.get("rule") == "housing.house_by_entered":
            initial["house_by"] = need.house_by
        return initial


class CloseNeedForm(forms.Form):
    prefix = "avsluta"
    note = forms.CharField(
        label=_("Varför bostadsbehovet avslutas"),
        required=False,
        max_length=300,
        help_text=_("Till exempel: har ordnat eget boende, eller har flyttat från kommunen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "note")


# --- contracts --------------------------------------------------------------------------------------------------


class ContractForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Bostad"), coerce=int, empty_value=None, required=False)
    kind = forms.ChoiceField(label=_("Typ av kontrakt"), required=False)
    start_date = date_field(_("Första dag"), required=False)
    end_date = date_field(
        _("Sista dag (frivilligt)"),
        required=False,
        help_text=_(
            "Tomt: tills vidare. Tidsbegränsade kontrakt och etableringsboende får sitt sista datum enligt "
            "regeln; etableringsboende gäller högst 36 månader."
        ),
    )
    payer = forms.ChoiceField(label=_("Betalas av"), required=False)
    monthly_cost = _int(
        _("Kostnad per månad (kr, frivilligt)"), help_text=_("Tomt: bostadens kostnad per månad.")
    )
    nightly_cost = _int(_("Kostnad per natt (kr, frivilligt)"), help_text=_("För hotell och vandrarhem."))
    note = forms.CharField(label=_("Anteckning (frivillig)"), max_length=300, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {row.unit.pk: row.unit for row in units}
        self.fields["unit"].choices = BLANK + [(row.unit.pk, _unit_label(row)) for row in units]
        self.fields["kind"].choices = BLANK + list(Contract.Kind.choices)
        self.fields["payer"].choices = BLANK + list(Contract.Payer.choices)
        mark_required(self, "unit", "kind", "start_date", "payer")

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        if pk is None:
            raise ValidationError(_("Välj en bostad."))
        return self.units[pk]  # the choices hold only homes the user may offer


def _unit_label(row) -> str:
    unit = row.unit
    free = (
        _("ledig nu")
        if row.is_free_now
        else _("ledig från %(date)s") % {"date": row.free_from.isoformat()}
        if row.free_from
        else _("inte ledig")
    )
    return _("%(street)s (%(reference)s): %(kind)s, %(bedrooms)s sovrum, %(cost)s kr/mån, %(free)s") % {
        "street": _("Skyddad adress") if getattr(unit, "address_masked", True) else unit.address_street,
        "reference": unit.reference,
        "kind": unit.get_kind_display(),
        "bedrooms": unit.bedrooms,
        "cost": unit.monthly_cost,
        "free": free,
    }


class EndContractForm(forms.Form):
    prefix = "avsluta"
    end_date = date_field(_("Sista dag"), required=False)
    end_reason = forms.ChoiceField(label=_("Skäl till avslut"), required=False)
    end_note = forms.CharField(
        label=_("Om avslutet"),
        max_length=300,
        required=False,
        help_text=_("Krävs när skälet är ”Annat skäl”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_reason"].choices = BLANK + list(Contract.EndReason.choices)
        mark_required(self, "end_date", "end_reason")


class CancelDraftForm(forms.Form):
    prefix = "makulera"
    end_note = forms.CharField(label=_("Varför utkastet makuleras"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "end_note")


# --- matching ---------------------------------------------------------------------------------------------------


class RunMatchingForm(MunicipalityChoiceMixin, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommun"), queryset=Municipality.objects.none())

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_municipalities(municipalities)


class AcceptProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av kontrakt"), required=False)
    payer = forms.ChoiceField(label=_("Betalas av"), required=False)
    start_date = date_field(
        _("Första dag (frivilligt)"), required=False, help_text=_("Tomt: inflyttningsdagen.")
    )
    monthly_cost = _int(_("Kostnad per månad (kr, frivilligt)"), help_text=_("Tomt: bostadens kostnad."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = BLANK + list(Contract.Kind.choices)
        self.fields["payer"].choices = BLANK + list(Contract.Payer.choices)
        mark_required(self, "kind", "payer")


class RejectProposalForm(forms.Form):
    reject_reason = forms.CharField(label=_("Skäl till att förslaget avböjs"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "reject_reason")


# --- import -----------------------------------------------------------------------------------------------------


class UnitImportForm(MunicipalityChoiceMixin, CsvFileForm):
    field_order = ["municipality", "file"]
    municipality = forms.ModelChoiceField(label=_("Kommun"), queryset=Municipality.objects.none())
    file_label = _("CSV-fil med bostäder")
    file_help = _(
        "Bostadsbolagets fil, sparad som CSV UTF-8 med komma eller semikolon och en rubrikrad. Högst 2 MB."
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_municipalities(municipalities)
