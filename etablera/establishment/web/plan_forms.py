"""The forms of the plan's life on the person's establishment page (etablera/establishment/web/plans.py): close the
plan with its outcome, plan the next follow-up meeting, and move an intervention on with its outcome; and the
caseload's filters. Labels, choices and lengths come from the models; the services validate and refuse, and their
messages are put back at the fields, so the field names are the services' own."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from etablera.establishment.models import IndividualPlan, Intervention
from etablera.establishment.models.common import SHORT, TEXT
from etablera.establishment.plan_caseload import PlanFilters, Scope
from etablera.establishment.services.plan_lifecycle import INTERVENTION_STEPS
from etablera.web.forms import date_field, mark_required


class ClosePlanForm(forms.Form):
    prefix = "avsluta"
    outcome = forms.ChoiceField(
        label=_("Hur planen slutade"),
        choices=[("", _("Välj"))] + IndividualPlan.Outcome.choices,
        required=False,
    )
    reason = forms.CharField(
        label=_("Kommentar"),
        max_length=SHORT,
        required=False,
        help_text=_("Krävs när skälet är ”Annat skäl”."),
    )
    closed_on = date_field(_("Avslutad"), required=False, help_text=_("Utelämnat: i dag."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "outcome")


class NextMeetingForm(forms.Form):
    prefix = "nastamote"
    next_meeting_on = date_field(_("Nästa uppföljningsmöte"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self, "next_meeting_on")


class InterventionStatusForm(forms.Form):
    """The intervention's next status (only those it may go to) and its outcome. Each intervention has its own
    prefix, so that the page's field ids stay unique."""

    status = forms.ChoiceField(label=_("Ny status"))
    outcome = forms.CharField(
        label=_("Resultat"),
        max_length=TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Krävs när insatsen avslutas eller avbryts: vad den ledde till, eller varför den avbröts."
        ),
    )

    def __init__(self, *args, intervention: Intervention, **kwargs):
        super().__init__(*args, prefix=f"insatsstatus{intervention.pk}", **kwargs)
        self.intervention_id = intervention.pk
        self.fields["status"].choices = [
            (status, Intervention.Status(status).label) for status in INTERVENTION_STEPS[intervention.status]
        ]


def plan_forms(data) -> dict:
    """The unbound forms of the plan's life, and a status form on each intervention that may still move."""
    if data.plan is not None and data.plan.status != IndividualPlan.Status.CLOSED:
        for intervention in data.plan.interventions.all():
            intervention.status_form = (
                InterventionStatusForm(intervention=intervention)
                if INTERVENTION_STEPS[intervention.status]
                else None
            )
    initial = {"next_meeting_on": data.plan.next_meeting_on} if data.plan is not None else {}
    return {"avsluta": ClosePlanForm(), "nastamote": NextMeetingForm(initial=initial)}


def plan_context(data) -> dict:
    """The closed plans, newest first, for the page's list under the plan that runs (or the place for a new one)."""
    plans = ([data.plan] if data.plan is not None else []) + list(data.earlier_plans)
    return {"closed_plans": [p for p in plans if p.status == IndividualPlan.Status.CLOSED]}


# --- the caseload's filters -------------------------------------------------------------------------------------

SCOPE_CHOICES = [(Scope.MINE, _("Min enhets planer")), (Scope.ALL, _("Alla planer jag ser"))]
KIND_CHOICES = [("", _("Alla slag"))] + IndividualPlan.Kind.choices


class CaseloadFilterForm(forms.Form):
    visa = forms.ChoiceField(label=_("Visa"), choices=SCOPE_CHOICES, required=False)
    slag = forms.ChoiceField(label=_("Slag"), choices=KIND_CHOICES, required=False)
    forsenade = forms.BooleanField(label=_("Bara försenad uppföljning"), required=False)


def read_filters(query) -> tuple[PlanFilters, int]:
    """The filters and the page number from the URL; a value that is not one of the choices is left out (an old
    or edited link still shows a list)."""
    scope = query.get("visa", "")
    kind = query.get("slag", "")
    page = query.get("sida", "")
    filters = PlanFilters(
        scope=scope if scope in (Scope.MINE, Scope.ALL) else Scope.MINE,
        kind=kind if kind in IndividualPlan.Kind.values else "",
        overdue=query.get("forsenade", "") in ("on", "1", "true"),
    )
    return filters, int(page) if page.isdigit() and len(page) < 7 else 1


def filter_form(filters: PlanFilters) -> CaseloadFilterForm:
    return CaseloadFilterForm(
        initial={"visa": filters.scope, "slag": filters.kind, "forsenade": filters.overdue}
    )
