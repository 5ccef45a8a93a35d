"""The child's plan on the child's page (/personer/<id>/barn/, section "Barnets plan", minors/_care_plan.html): the
plan with the day it was updated, where it belongs when the person has an individual plan in Establishment, and the
form that records it (POST /personer/<id>/barn/plan/). The rules are the service's (minors/services/plan.py); the
page is rendered and the form's answer handled as the child page's other forms (minors/web/views.py)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from etablera.access.guards import persons_required
from etablera.minors import selectors
from etablera.minors.models.case import TEXT
from etablera.minors.selectors_plan import running_individual_plan
from etablera.minors.services.plan import record_care_plan
from etablera.minors.web.views import _run
from etablera.web.forms import date_field

ANCHOR = "barnets-plan"


class CarePlanForm(forms.Form):
    prefix = "barnplan"
    care_plan = forms.CharField(
        label=gettext_lazy("Barnets plan"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Socialtjänstens plan för barnet: vad som ska uppnås, vilka insatser barnet får och vem som gör vad."
        ),
    )
    updated_on = date_field(
        gettext_lazy("Planen uppdaterad"), required=False, help_text=gettext_lazy("Tomt: i dag.")
    )


def care_plan_section(user, data, page_forms) -> dict:
    """What the section needs beyond the case: its form (bound, with its errors, after a refused update) and the
    individual plan in Establishment that the child's plan is part of, if one runs."""
    case = data.case
    form = (page_forms or {}).get(CarePlanForm.prefix) or CarePlanForm(initial={"care_plan": case.care_plan})
    return {"form": form, "individual_plan": running_individual_plan(user, data.person)}


@persons_required
@require_POST
def minors_care_plan(request, public_id):
    data = selectors.child_page(request.user, public_id)
    if not data.may_write:
        raise PermissionDenied(_("Barnärendet hanteras av socialtjänsten i den ansvariga kommunen."))
    return _run(
        request,
        data,
        CarePlanForm(request.POST),
        ANCHOR,
        lambda d: record_care_plan(
            request.user, data.case, care_plan=d["care_plan"], updated_on=d["updated_on"]
        ),
        _("Barnets plan är sparad."),
    )
