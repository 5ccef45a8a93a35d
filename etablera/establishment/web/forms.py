"""The forms of the person's establishment page. Fields, labels, choices and lengths come from the models
(`fields_for_model`); the services validate and refuse, and their errors are put back at the fields."""

from __future__ import annotations

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    Education,
    HealthAssessment,
    IndividualPlan,
    Intervention,
    LanguageSkill,
    PlanGoal,
    PlanMeeting,
    WorkExperience,
)
from etablera.web.forms import DateInput, mark_required


def _fields(model, names, *, optional=()):
    fields = fields_for_model(model, fields=names)
    for name, field in fields.items():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3
        if name in optional:
            field.required = False
    return fields


def form_class(name: str, model, names, *, prefix: str, optional=(), required=()):
    """A plain form (not a ModelForm: the service writes, and its messages are the ones shown)."""

    def __init__(self, *args, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        mark_required(self, *required)

    attrs = {"prefix": prefix, "__init__": __init__, **_fields(model, names, optional=optional)}
    return type(name, (forms.Form,), attrs)


AssessmentForm = form_class(
    "AssessmentForm", Assessment, ["literacy", "driving_licence", "goals", "needs"], prefix="kartlaggning"
)
EducationForm = form_class(
    "EducationForm",
    Education,
    ["level", "years", "field", "country", "validation_wanted"],
    prefix="utbildning",
)
WorkForm = form_class("WorkForm", WorkExperience, ["ssyk_code", "occupation", "years"], prefix="arbete")
LanguageForm = form_class("LanguageForm", LanguageSkill, ["language", "level"], prefix="sprak")
HealthForm = form_class(
    "HealthForm", HealthAssessment, ["health", "capacity", "capacity_hours", "adjustments"], prefix="halsa"
)
ChildForm = form_class(
    "ChildForm",
    ChildAssessment,
    ["pedagogical", "social", "health", "placement_recommendation", "school", "handover_on"],
    prefix="barn",
)
GoalForm = form_class(
    "GoalForm",
    PlanGoal,
    ["area", "description", "target_date"],
    prefix="mal",
    optional=("description",),
    required=("description",),
)
_MeetingFields = form_class(
    "_MeetingFields", PlanMeeting, ["held_on", "participants", "agreed_actions", "revise_plan"], prefix="mote"
)


class MeetingForm(_MeetingFields):
    next_meeting_on = forms.DateField(
        label=_("Nästa uppföljningsmöte"),
        required=False,
        widget=DateInput(),
        help_text=_("Om ni bestämde ett datum för nästa möte."),
    )


class PlanForm(forms.Form):
    prefix = "plan"

    def __init__(self, *args, consents=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            _fields(
                IndividualPlan,
                [
                    "kind",
                    "started_on",
                    "need_known_on",
                    "municipality_responsibility",
                    "region_responsibility",
                    "responsible_name",
                ],
                optional=("started_on",),
            )
        )
        self.fields["consent"] = forms.ModelChoiceField(
            label=_("Personens samtycke (krävs för SIP)"), queryset=consents, required=False
        )
        self.fields["responsible_unit"] = forms.ModelChoiceField(
            label=_("Huvudansvarig enhet"), queryset=units, required=False
        )


class InterventionForm(forms.Form):
    prefix = "insats"

    def __init__(self, *args, goals=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.ModelChoiceField(label=_("Enhet"), queryset=units, required=False)
        self.fields.update(
            _fields(
                Intervention,
                ["external_actor", "what", "start_date", "end_date", "hours_per_week", "status"],
                optional=("what",),
            )
        )
        self.fields["goal"] = forms.ModelChoiceField(label=_("Mål"), queryset=goals, required=False)
        self.fields["external_actor"].help_text = _("T.ex. Arbetsförmedlingen, regionen eller en förening.")
        mark_required(self, "what")


class ReviseForm(forms.Form):
    prefix = "revidera"
    note = forms.CharField(label=_("Vad som ändrades i planen"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "note")
