"""The person's activity requirement (/personer/<id>/aktivitetskrav/): where they stand and why, the support months,
exemptions, capacity, the plan and the deviations, with the forms social services keep them by (and the region's
capacity form). The rules are in the services and the selectors; these views parse, call one and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from etablera.access.guards import persons_required
from etablera.access.policy import restrict
from etablera.access.sections import Section
from etablera.activity.models import Exemption, SupportMonth
from etablera.activity.selectors.requirement import person_requirement
from etablera.activity.services import requirement as services
from etablera.activity.services import support as support_services
from etablera.activity.services.deviations import report_deviation
from etablera.activity.web import requirement_forms as f
from etablera.establishment.models import IndividualPlan
from etablera.rules import activity as rules
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def state_label(state: str) -> str:
    return {
        rules.COVERED: _("Omfattas av aktivitetskravet"),
        rules.UPCOMING: _("Omfattas om stödet fortsätter"),
        rules.EXEMPT: _("Undantagen"),
        rules.NOT_COVERED: _("Omfattas inte"),
    }[state]


def _members(data):
    return (
        list(data.person.households.first().members.all())
        if data.person.households.exists()
        else [data.person]
    )


def _capacity_sections(user, data) -> list[str]:
    from etablera.access.policy import capabilities
    from etablera.organisation.models import Unit

    sections = []
    if data.may_write:
        sections.append("SOCIAL")
    region = any(m.unit.function == Unit.Function.REGION for m in capabilities(user).memberships)
    if region and Section.HEALTH in data.sections:
        sections.append("HEALTH")
    return sections


def _forms(request, data, bound=None) -> dict:
    plans = IndividualPlan.objects.filter(person=data.person).order_by("-started_on")
    made = {
        "stod": f.SupportMonthForm(members=_members(data), initial={"persons": [str(data.person.public_id)]}),
        "undantag": f.ExemptionForm(),
        "avsluta": f.EndExemptionForm(),
        "formaga": f.CapacityForm(sections=_capacity_sections(request.user, data)),
        "plan": f.PlanForm(individual_plans=plans),
        "avsluta_plan": f.ClosePlanForm(),
        "avvikelse": f.DeviationForm(),
    }
    made.update(bound or {})
    return made


def _render(request, data, bound=None, status=200):
    return page(
        request,
        "activity/requirement/person.html",
        {
            "data": data,
            "person": data.person,
            "state": state_label(data.coverage.state) if data.coverage else "",
            "forms": _forms(request, data, bound),
            "capacity_sections": _capacity_sections(request.user, data),
        },
        nav="activity_requirement",
        status=status,
    )


@persons_required
@require_GET
def person_activity(request, public_id):
    return _render(request, person_requirement(request.user, public_id))


def _back(person, anchor):
    return redirect(reverse("person_activity", args=[person.public_id]) + f"#{anchor}")


def _action(request, data, form, anchor, call, done):
    if form is not None and not form.is_valid():
        return _render(request, data, bound={form.prefix: form}, status=422)
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
        return _render(request, data, bound={form.prefix: form}, status=422)
    messages.success(request, done)
    return _back(data.person, anchor)


@persons_required
@require_POST
def person_activity_action(request, public_id):
    """One form of the page, named by `action`: a support month, its deletion, an exemption or its end, a capacity,
    the plan (draw up, revise, close) or a deviation."""
    data = person_requirement(request.user, public_id)
    person, user, post = data.person, request.user, request.POST
    action = post.get("action", "")
    if action == "capacity":
        form = f.CapacityForm(post, sections=_capacity_sections(user, data))
        return _action(
            request,
            data,
            form,
            "formaga",
            lambda d: services.record_capacity(actor=user, person=person, **d),
            _("Bedömningen av förmågan är registrerad."),
        )
    if not data.sees_social:
        raise PermissionDenied(_("Aktivitetskravet är socialtjänstens uppgifter om personen."))
    if action == "deviation":
        form = f.DeviationForm(post)
        return _action(
            request,
            data,
            form,
            "avvikelser",
            lambda d: report_deviation(user, person, **d),
            _("Avvikelsen är rapporterad. Socialtjänsten bedömer den."),
        )
    if not data.may_write:
        raise PermissionDenied(_("Aktivitetskravet hanteras av socialtjänsten i personens kommun."))
    household = person.households.first()
    if action == "support" and household is not None:
        form = f.SupportMonthForm(post, members=_members(data))
        return _action(
            request,
            data,
            form,
            "stod",
            lambda d: support_services.record_support_month(
                actor=user, household=household, month=d["month"], amount=d["amount"], persons=form.chosen()
            ),
            _("Månaden med försörjningsstöd är sparad."),
        )
    if action == "delete_support":
        support = (
            restrict(user, SupportMonth.objects.filter(persons=person))
            .filter(pk=_int(post.get("support")))
            .first()
        )
        if support is None:
            messages.error(request, _("Månaden finns inte längre."))
            return _back(person, "stod")
        return _action(
            request,
            data,
            None,
            "stod",
            lambda d: support_services.delete_support_month(actor=user, support=support),
            _("Månaden är borttagen."),
        )
    if action == "exemption":
        form = f.ExemptionForm(post)
        return _action(
            request,
            data,
            form,
            "undantag",
            lambda d: services.record_exemption(actor=user, person=person, **d),
            _("Undantaget är registrerat."),
        )
    if action == "end_exemption":
        form = f.EndExemptionForm(post)
        exemption = None
        if form.is_valid():
            exemption = (
                restrict(user, Exemption.objects.filter(person=person))
                .filter(public_id=form.cleaned_data["exemption"])
                .first()
            )
        if exemption is None:
            messages.error(request, _("Undantaget finns inte."))
            return _back(person, "undantag")
        return _action(
            request,
            data,
            form,
            "undantag",
            lambda d: services.end_exemption(actor=user, exemption=exemption, valid_until=d["valid_until"]),
            _("Undantaget är avslutat."),
        )
    if action in ("plan", "revise"):
        plans = IndividualPlan.objects.filter(person=person)
        form = f.PlanForm(post, individual_plans=plans)
        if action == "revise" and data.plan is not None:
            call = lambda d: services.revise_plan(actor=user, plan=data.plan, **form.values())  # noqa: E731
            done = _("Planen är reviderad: den förra är avslutad och den nya gäller.")
        else:
            call = lambda d: services.draw_up_plan(actor=user, person=person, **form.values())  # noqa: E731
            done = _("Planen är upprättad.")
        return _action(request, data, form, "plan", call, done)
    if action == "close_plan":
        form = f.ClosePlanForm(post)
        plan = data.plan
        if plan is None:
            messages.error(request, _("Personen har ingen plan som gäller."))
            return _back(person, "plan")
        return _action(
            request,
            data,
            form,
            "plan",
            lambda d: services.close_plan(actor=user, plan=plan, reason=d["reason"]),
            _("Planen är avslutad."),
        )
    messages.error(request, _("Okänd åtgärd."))
    return _back(person, "aktivitetskrav")


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None
