"""Forms for the letters' pages. They parse and label; the rules and their Swedish messages are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.letters import languages
from etablera.letters.models import Appointment
from etablera.organisation.models import Unit
from etablera.web.forms import date_field

BLANK = [("", "—")]


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av möte"), choices=Appointment.Kind.choices)
    date = date_field(_("Datum"))
    start_time = forms.TimeField(label=_("Börjar"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Slutar"), widget=forms.TimeInput(attrs={"type": "time"}))
    place_name = forms.CharField(label=_("Plats"), max_length=200)
    place_address = forms.CharField(
        label=_("Platsens adress"),
        max_length=200,
        required=False,
        help_text=_("Mötesplatsens adress — aldrig en persons egen adress."),
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("Ansvarig enhet"), queryset=Unit.objects.none(), required=False
    )
    staff_names = forms.CharField(label=_("Personal som deltar"), max_length=300, required=False)
    persons = forms.ModelMultipleChoiceField(
        label=_("Deltagare"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Inga markerade: hela hushållet kallas."),
    )
    interpreter_language = forms.ChoiceField(
        label=_("Tolkspråk"), choices=BLANK + languages.CHOICES, required=False
    )
    interpreter_status = forms.ChoiceField(label=_("Tolk"), choices=Appointment.InterpreterStatus.choices)
    notes = forms.CharField(label=_("Anteckningar"), max_length=2000, required=False, widget=forms.Textarea)

    def __init__(self, *args, household, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Unit.objects.filter(
            municipality_id=household.municipality_id
        )
        from etablera.people.models import Person

        self.fields["persons"].queryset = Person.objects.filter(pk__in=[m.pk for m in members])

    @staticmethod
    def initial_for(appointment: Appointment) -> dict:
        fields = ("kind", "date", "start_time", "end_time", "place_name", "place_address", "staff_names")
        initial = {name: getattr(appointment, name) for name in fields}
        initial.update(
            responsible_unit=appointment.responsible_unit_id,
            persons=[p.pk for p in appointment.persons.all()],
            interpreter_language=appointment.interpreter_language,
            interpreter_status=appointment.interpreter_status,
            notes=appointment.notes,
        )
        return initial


class ReviewForm(forms.Form):
    language = forms.ChoiceField(label=_("Språk"), choices=[c for c in languages.CHOICES if c[0] != "sv"])
    reviewed = forms.BooleanField(label=_("Granskad av en kvalificerad översättare"), required=False)
    reviewed_by = forms.CharField(label=_("Granskad av"), max_length=200, required=False)
    note = forms.CharField(label=_("Anteckning"), max_length=500, required=False)
