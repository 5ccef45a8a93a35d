"""The week's forms (issue #13): a participation, its hours and its end; a week's attendance, one row per
participation on the sheet; the job coach; a deviation to report. Every field labelled and limited; the services
validate again and their Swedish errors land at these fields (web.forms.attach_errors)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.activity.models import Attendance, Deviation, Participation
from etablera.web.forms import date_field

NOTE_MAX = 300
DESCRIPTION_MAX = 2000


def _hours(label, **kwargs):
    return forms.DecimalField(
        label=label,
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=168,
        error_messages={
            "invalid": _("Ange ett antal timmar, t.ex. 6 eller 7,5."),
            "max_decimal_places": _("Ange timmarna med högst en decimal."),
            "max_digits": _("Ange timmarna med högst en decimal."),
            "min_value": _("Timmarna kan inte vara färre än 0."),
            "max_value": _("Högst 168 timmar i veckan."),
            "required": _("Ange timmar i veckan."),
        },
        localize=True,
        **kwargs,
    )


class ParticipationForm(forms.Form):
    """No prefix: other pages (the proposals for a person) POST here with kind, activity, hours_per_week, starts_on."""

    kind = forms.ChoiceField(label=_("Vad ska personen göra?"), choices=Participation.Kind.choices)
    activity = forms.TypedChoiceField(label=_("Aktivitet"), required=False, choices=(), empty_value="")
    placement = forms.TypedChoiceField(label=_("Praktikplats"), required=False, choices=(), empty_value="")
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        max_length=300,
        help_text=_("Behövs för ”Annat”. Högst 300 tecken."),
        error_messages={"max_length": _("Högst 300 tecken.")},
    )
    hours_per_week = _hours(_("Planerade timmar i veckan"))
    starts_on = date_field(_("Från"), error_messages={"required": _("Ange när det börjar.")})
    ends_on = date_field(_("Till och med"), required=False)

    def __init__(self, *args, activities=(), placements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "—")] + [(str(a.public_id), a.name) for a in activities]
        self.fields["placement"].choices = [("", "—")] + [(str(p.public_id), str(p)) for p in placements]
        self.activities = {str(a.public_id): a for a in activities}
        self.placements = {str(p.public_id): p for p in placements}


class HoursForm(forms.Form):
    participation = forms.UUIDField(widget=forms.HiddenInput)
    hours_per_week = _hours(_("Nya planerade timmar i veckan"))


class EndForm(forms.Form):
    participation = forms.UUIDField(widget=forms.HiddenInput)
    ends_on = date_field(_("Sista dag"), error_messages={"required": _("Ange sista dagen.")})


class CoachForm(forms.Form):
    coach = forms.TypedChoiceField(label=_("Jobbcoach"), coerce=int, choices=())
    assigned_on = date_field(_("Tilldelad"), required=False, help_text=_("Tomt: i dag."))

    def __init__(self, *args, coaches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [("", "—")] + [
            (user.pk, f"{user.get_full_name() or user.username} ({unit.name})") for user, unit in coaches
        ]
        self.coaches = {user.pk: user for user, _unit in coaches}


class ContactForm(forms.Form):
    first_contact_on = date_field(
        _("Första kontakt"), error_messages={"required": _("Ange dagen för den första kontakten.")}
    )


class CoachEndForm(forms.Form):
    ended_on = date_field(_("Sista dag"), error_messages={"required": _("Ange sista dagen.")})


class DeviationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vad hände?"), choices=Deviation.Kind.choices)
    occurred_on = date_field(_("När hände det?"), error_messages={"required": _("Ange när det hände.")})
    participation = forms.TypedChoiceField(label=_("Gäller aktiviteten"), required=False, choices=())
    description = forms.CharField(
        label=_("Beskriv vad som hände"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Beskriv vad som hände."),
            "max_length": _("Högst 2000 tecken."),
        },
    )

    def __init__(self, *args, participations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].choices = [("", "—")] + [
            (str(p.public_id), str(p.activity or p.placement or p.get_kind_display())) for p in participations
        ]
        self.participations = {str(p.public_id): p for p in participations}


class AttendanceRowForm(forms.Form):
    """One row of the attendance sheet: the participation by its id, its hours and the reason for an absence."""

    hours_attended = _hours(_("Närvarande timmar"), required=False)
    hours_absent = _hours(_("Frånvarande timmar"), required=False)
    absence_reason = forms.ChoiceField(
        label=_("Skäl till frånvaro"), choices=Attendance.AbsenceReason.choices, required=False
    )
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=NOTE_MAX,
        error_messages={"max_length": _("Högst 300 tecken.")},
    )

    @property
    def blank(self) -> bool:
        """Nothing entered for the row: left as it is (a week not yet reported is not a week of zero hours)."""
        data = self.cleaned_data
        return (
            data.get("hours_attended") is None
            and data.get("hours_absent") is None
            and not data.get("absence_reason")
        )
