"""The forms of the person's establishment page after the plan: the programme, SFI, civic orientation and the status
per month. Labels, choices and lengths come from the models; the services validate and refuse, and their messages
are put back at the fields (etablera/web/forms.attach_errors), so the field names are the services' own."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.establishment.models import (
    CivicOrientation,
    MonthlyStatus,
    ProgrammePeriod,
    SfiEnrolment,
    SfiInterruption,
)
from etablera.establishment.selectors import MONTHS_SHOWN
from etablera.establishment.web import timeline
from etablera.establishment.web.forms import _fields

_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?")


class MonthInput(forms.TextInput):
    """A native month picker where the browser has one (it sends ÅÅÅÅ-MM); elsewhere a text field for ÅÅÅÅ-MM."""

    input_type = "month"


class MonthField(forms.Field):
    """A month written ÅÅÅÅ-MM (or any day of it, ÅÅÅÅ-MM-DD): the first day of the month stands for it."""

    widget = MonthInput

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        match = _MONTH.fullmatch(value)
        try:
            if match is None:
                raise ValueError(value)
            return dt.date(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise ValidationError(_("Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-03."), code="invalid") from None

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, dt.date) else value


def make_form(name: str, model, names, *, prefix: str, required=(), extra=None):
    """A plain form (the service writes, and its messages are the ones shown); `required` are fields the model lets
    be empty that this form's service needs."""
    fields = _fields(model, names)
    for field_name in required:
        fields[field_name].required = True
    return type(name, (forms.Form,), {"prefix": prefix, **fields, **(extra or {})})


ProgrammeForm = make_form(
    "ProgrammeForm",
    ProgrammePeriod,
    ["referral_date", "plan_date", "start_date", "planned_end"],
    prefix="program",
)
ProgrammeForm.base_fields["planned_end"].help_text = _(
    "Lämna tomt så räknas det planerade slutet från starten enligt regeln, och datumet visas med sin förklaring."
)
ProgrammeEndForm = make_form(
    "ProgrammeEndForm",
    ProgrammePeriod,
    ["actual_end", "end_reason", "end_note"],
    prefix="programslut",
    required=("actual_end", "end_reason"),
)
SfiForm = make_form(
    "SfiForm",
    SfiEnrolment,
    ["enrolled_on", "course", "study_path", "start_date", "hours_per_week"],
    prefix="sfi",
)
SfiForm.base_fields["study_path"].help_text = _(
    "Studieväg 1 börjar på kurs A, studieväg 2 på kurs B och studieväg 3 på kurs C."
)
SfiInterruptionForm = make_form(
    "SfiInterruptionForm",
    SfiInterruption,
    ["start_date", "end_date", "reason"],
    prefix="uppehall",
)
SfiInterruptionForm.base_fields["end_date"].help_text = _("Lämna tomt om uppehållet pågår.")
SfiCompletionForm = make_form(
    "SfiCompletionForm",
    SfiEnrolment,
    ["completed_on"],
    prefix="sfiklar",
    required=("completed_on",),
    extra={
        "completed": forms.TypedChoiceField(
            label=_("Resultat"),
            choices=[("1", _("Klar med SFI")), ("0", _("Avslutad utan att bli klar"))],
            coerce=lambda value: value == "1",
            initial="1",
            widget=forms.RadioSelect,
        )
    },
)
CivicForm = make_form(
    "CivicForm",
    CivicOrientation,
    ["start_date", "language", "hours", "completed_on"],
    prefix="so",
)
MonthlyForm = make_form(
    "MonthlyForm",
    MonthlyStatus,
    ["status", "note"],
    prefix="manad",
    extra={"month": MonthField(label=_("Månad"), help_text=_("ÅÅÅÅ-MM, t.ex. 2026-03."))},
)
MonthlyForm.base_fields = {"month": MonthlyForm.base_fields.pop("month"), **MonthlyForm.base_fields}

PROGRAMME_FORMS = {
    "program": ProgrammeForm,
    "programslut": ProgrammeEndForm,
    "sfi": SfiForm,
    "uppehall": SfiInterruptionForm,
    "sfiklar": SfiCompletionForm,
    "so": CivicForm,
    "manad": MonthlyForm,
}


def programme_forms(data) -> dict:
    """The unbound forms, filled in with what the person has: the programme that runs, the open SFI enrolment,
    civic orientation; the status form with this month."""
    made = {name: form() for name, form in PROGRAMME_FORMS.items()}
    running = data.running_programme
    if running is not None:
        made["program"] = ProgrammeForm(
            initial={
                "referral_date": running.referral_date,
                "plan_date": running.plan_date,
                "start_date": running.start_date,
                # A planned end the rule computed is computed again from the start; one given by hand stays.
                "planned_end": None if running.planned_end_rule else running.planned_end,
            }
        )
    enrolment = data.open_sfi
    if enrolment is not None:
        made["sfi"] = SfiForm(
            initial={
                "enrolled_on": enrolment.enrolled_on,
                "course": enrolment.course,
                "study_path": enrolment.study_path,
                "start_date": enrolment.start_date,
                "hours_per_week": enrolment.hours_per_week,
            }
        )
    if data.civic is not None:
        c = data.civic
        made["so"] = CivicForm(
            initial={
                "start_date": c.start_date,
                "language": c.language,
                "hours": c.hours,
                "completed_on": c.completed_on,
            }
        )
    made["manad"] = MonthlyForm(initial={"month": timezone.localdate().replace(day=1)})
    return made


def programme_context(data) -> dict:
    """What the page's programme part needs beside the forms: the status per month as a timeline."""
    chart = timeline.build(data.monthly, today=timezone.localdate(), limit=MONTHS_SHOWN)
    return {"timeline": chart, "timeline_description": timeline.description(chart) if chart else ""}
