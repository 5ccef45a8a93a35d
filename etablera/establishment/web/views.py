"""The person's establishment page (/personer/<id>/etablering/): the mapping, the plan, the programme, SFI and the
status per month, with the forms that keep the mapping and the plan. Every rule is in the services and the policy;
these views parse, call one service and render (a refusal at its field, a StateConflict as a message)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from etablera.access.guards import persons_required
from etablera.access.models import Consent
from etablera.establishment import services
from etablera.establishment.models import PlanGoal
from etablera.establishment.selectors import establishment_page
from etablera.establishment.web import forms as f
from etablera.establishment.web.plan_forms import plan_context, plan_forms
from etablera.establishment.web.programme_forms import programme_context, programme_forms
from etablera.minors.selectors_plan import care_plan_in_individual_plan
from etablera.organisation.models import Unit
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page

ASSESSMENT_FORMS = {
    "kartlaggning": f.AssessmentForm,
    "utbildning": f.EducationForm,
    "arbete": f.WorkForm,
    "sprak": f.LanguageForm,
    "halsa": f.HealthForm,
    "barn": f.ChildForm,
}


def _plan_choices(data):
    units = (
        Unit.objects.municipal()
        .filter(municipality_id=data.person.municipality_id, is_active=True)
        .order_by("name")
    )
    consents = Consent.objects.filter(person=data.person).order_by("-given_date", "-pk")
    goals = PlanGoal.objects.filter(plan=data.plan) if data.plan else PlanGoal.objects.none()
    return units, consents, goals


def _forms(data, bound: dict | None = None) -> dict:
    units, consents, goals = _plan_choices(data)
    made = {name: form() for name, form in ASSESSMENT_FORMS.items()}
    if data.assessment is not None:
        a = data.assessment
        made["kartlaggning"] = f.AssessmentForm(
            initial={
                "literacy": a.literacy,
                "driving_licence": a.driving_licence,
                "goals": a.goals,
                "needs": a.needs,
            }
        )
    made.update(
        plan=f.PlanForm(consents=consents, units=units),
        mal=f.GoalForm(),
        insats=f.InterventionForm(units=units, goals=goals),
        mote=f.MeetingForm(),
        revidera=f.ReviseForm(),
    )
    made.update(plan_forms(data))
    made.update(programme_forms(data))
    made.update(bound or {})
    return made


def _render(request, data, *, bound: dict | None = None):
    return page(
        request,
        "establishment/person.html",
        {
            "data": data,
            "person": data.person,
            "forms": _forms(data, bound),
            **plan_context(data),
            **programme_context(data),
            # The child's plan (issue #14) as a part of the individual plan: only for who sees the child's case.
            "child_case": care_plan_in_individual_plan(request.user, data.person, data.plan),
        },
        nav="households",
    )


def _back(person, anchor: str):
    return redirect(reverse("person_establishment", args=[person.public_id]) + f"#{anchor}")


@persons_required
@require_GET
def person_establishment(request, public_id):
    return _render(request, establishment_page(request.user, public_id))


def _run(request, data, form, anchor, call, done):
    """Call the service with the form's data; back to the page with a message, or the page with the errors."""
    if form is not None and not form.is_valid():
        return _render(request, data, bound={form.prefix: form})
    try:
        call(form.cleaned_data if form is not None else {})
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
        return _back(data.person, anchor)
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return _back(data.person, anchor)
        attach_errors(error, form)
        return _render(request, data, bound={form.prefix: form})
    messages.success(request, done)
    return _back(data.person, anchor)


@persons_required
@require_POST
def assessment_action(request, public_id):
    """Start the mapping, change it, add its parts, set its health or child part, or mark it done."""
    data = establishment_page(request.user, public_id)
    action = request.POST.get("action", "")
    user, person, assessment = request.user, data.person, data.assessment
    if action == "start":
        return _run(
            request,
            data,
            None,
            "kartlaggning",
            lambda _c: services.start_assessment(actor=user, person=person),
            _("Kartläggningen är påbörjad."),
        )
    if assessment is None:
        raise Http404
    if action == "complete":
        return _run(
            request,
            data,
            None,
            "kartlaggning",
            lambda _c: services.complete_assessment(actor=user, assessment=assessment),
            _("Kartläggningen är klar."),
        )
    form_class = ASSESSMENT_FORMS.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    call = {
        "kartlaggning": lambda c: services.update_assessment(actor=user, assessment=assessment, **c),
        "utbildning": lambda c: services.add_education(actor=user, assessment=assessment, **c),
        "arbete": lambda c: services.add_work_experience(actor=user, assessment=assessment, **c),
        "sprak": lambda c: services.add_language(actor=user, assessment=assessment, **c),
        "halsa": lambda c: services.set_health(actor=user, assessment=assessment, **c),
        "barn": lambda c: services.set_child_assessment(actor=user, assessment=assessment, **c),
    }[action]
    return _run(request, data, form, "kartlaggning", call, _("Kartläggningen är sparad."))


@persons_required
@require_POST
def plan_action(request, public_id):
    """Create the plan, add a goal or an intervention, record a follow-up meeting, or revise the plan."""
    data = establishment_page(request.user, public_id)
    action = request.POST.get("action", "")
    user, person, plan = request.user, data.person, data.plan
    units, consents, goals = _plan_choices(data)
    if action == "create":
        form = f.PlanForm(request.POST, consents=consents, units=units)
        return _run(
            request,
            data,
            form,
            "plan",
            lambda c: services.create_plan(actor=user, person=person, **c),
            _("Planen är upprättad."),
        )
    if plan is None:
        raise Http404
    if action == "goal":
        form = f.GoalForm(request.POST)
        return _run(
            request,
            data,
            form,
            "plan",
            lambda c: services.add_goal(actor=user, plan=plan, **c),
            _("Målet är tillagt."),
        )
    if action == "intervention":
        form = f.InterventionForm(request.POST, units=units, goals=goals)
        return _run(
            request,
            data,
            form,
            "plan",
            lambda c: services.add_intervention(actor=user, plan=plan, **c),
            _("Insatsen är tillagd."),
        )
    if action == "meeting":
        form = f.MeetingForm(request.POST)
        return _run(
            request,
            data,
            form,
            "plan",
            lambda c: services.record_meeting(actor=user, plan=plan, **c),
            _("Mötet är registrerat."),
        )
    if action == "revise":
        form = f.ReviseForm(request.POST)
        return _run(
            request,
            data,
            form,
            "plan",
            lambda c: services.revise_plan(actor=user, plan=plan, note=c["note"]),
            _("Planen är reviderad."),
        )
    raise Http404
