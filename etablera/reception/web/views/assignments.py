"""Anvisningar: the list, "Ny anvisning" with the household's members, and one anvisning with arrival and cancel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.guards import municipalities_where, reception_required
from etablera.access.policy import capabilities
from etablera.people.services import PersonInput
from etablera.reception import selectors, services
from etablera.reception.selectors.households import before_arrival_tasks
from etablera.reception.web.forms import (
    AssignmentForm,
    CancelForm,
    MemberFormSet,
    PlannedArrivalForm,
    ReceiveForm,
)
from etablera.rules.parameters import parameter
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def _latest_rule_text() -> str:
    rule = parameter("reception.latest_reception_months", timezone.localdate())
    return _(
        "Lämna tomt för att använda regeln: beslutsdatum + %(months)s månader (%(source)s). "
        "Ett senare datum får bara anges för kvotflyktingar."
    ) % {"months": rule.value, "source": rule.source}


def _member_input(data: dict, category: str) -> PersonInput:
    return PersonInput(
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        category=category,
        relation=data.get("relation", ""),
        identity_number_type=data.get("identity_number_type", ""),
        identity_number=data.get("identity_number", ""),
        birth_date=data.get("birth_date"),
        sex=data.get("sex", ""),
        languages=data.get("languages", ""),
        interpreter_language=data.get("interpreter_language", ""),
        needs_interpreter=bool(data.get("interpreter_language", "").strip()),
        protected_identity=data.get("protected_identity", ""),
    )


@reception_required
@require_http_methods(["GET", "POST"])
def assignment_create(request):
    caps = capabilities(request.user)
    municipalities = municipalities_where(request.user, caps.reception_municipality_ids)
    data = request.POST if request.method == "POST" else None
    form = AssignmentForm(data, municipalities=municipalities, latest_rule_text=_latest_rule_text())
    formset = MemberFormSet(data, prefix="members")
    if data is not None and form.is_valid() and formset.is_valid():
        cleaned = form.cleaned_data
        rows = [f for f in formset.forms if f.has_changed() and f.cleaned_data]
        # A valid category for everyone: the anvisning's own (an invalid one is reported once, for the anvisning).
        category = cleaned["category"]
        try:
            assignment = services.register_assignment_with_household(
                actor=request.user,
                municipality=form.chosen_municipality,
                reference=cleaned["reference"],
                category=category,
                decision_date=cleaned["decision_date"],
                latest_reception_date=cleaned["latest_reception_date"],
                planned_arrival_date=cleaned["planned_arrival_date"],
                household_name=cleaned["household_name"],
                members=[_member_input(f.cleaned_data, category) for f in rows],
            )
        except ValidationError as error:
            errors = error.message_dict
            if "category" in errors:
                errors = {
                    k: v
                    for k, v in errors.items()
                    if not (k.startswith("members.") and k.endswith(".category"))
                }
            attach_errors(ValidationError(errors), form, rows_key="members", rows=rows)
        else:
            messages.success(
                request,
                # The Swedish text is the same for one and many; English needs "1 person" and "3 people".
                ngettext(
                    "Anvisningen %(reference)s är registrerad med %(count)s personer.",
                    "Anvisningen %(reference)s är registrerad med %(count)s personer.",
                    assignment.person_count,
                )
                % {"reference": assignment.reference, "count": assignment.person_count},
            )
            return redirect("assignment_detail", assignment.pk)
    return page(
        request, "reception/assignments/create.html", {"form": form, "formset": formset}, nav="assignments"
    )


def _detail(request, assignment, **bound_forms):
    today = timezone.localdate()
    forms = {
        "receive_form": ReceiveForm(initial={"arrival_date": today}),
        "cancel_form": CancelForm(initial={"cancelled_date": today}),
        "planned_form": PlannedArrivalForm(initial={"planned_arrival_date": assignment.planned_arrival_date}),
        **bound_forms,
    }
    return page(
        request,
        "reception/assignments/detail.html",
        {
            "assignment": assignment,
            "deadline": assignment.latest_reception_deadline,
            "member_count": assignment.household.memberships.count() if assignment.household_id else 0,
            "before_arrival_tasks": before_arrival_tasks(request.user, assignment),
            **forms,
        },
        nav="assignments",
    )


@reception_required
@require_GET
def assignment_detail(request, assignment_id: int):
    return _detail(request, selectors.get_assignment_for_user(request.user, assignment_id))


@reception_required
@require_POST
def assignment_receive(request, assignment_id: int):
    assignment = selectors.get_assignment_for_user(request.user, assignment_id)
    form = ReceiveForm(request.POST)
    if form.is_valid():
        try:
            case = services.receive_household(
                actor=request.user, assignment=assignment, arrival_date=form.cleaned_data["arrival_date"]
            )
        except StateConflict as conflict:  # received or cancelled by someone else first: show it as it is
            messages.error(request, conflict.detail)
            return redirect("assignment_detail", assignment.pk)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            count = case.tasks.count()
            messages.success(
                request,
                ngettext(
                    "Ankomsten är registrerad och anvisningen avräknad. %(count)s uppgifter har skapats.",
                    "Ankomsten är registrerad och anvisningen avräknad. %(count)s uppgifter har skapats.",
                    count,
                )
                % {"count": count},
            )
            return redirect("household_detail", assignment.household.public_id)
    return _detail(request, assignment, receive_form=form)


@reception_required
@require_POST
def assignment_cancel(request, assignment_id: int):
    assignment = selectors.get_assignment_for_user(request.user, assignment_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_assignment(
                actor=request.user,
                assignment=assignment,
                cancelled_date=form.cleaned_data["cancelled_date"],
                reason=form.cleaned_data["reason"],
            )
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect("assignment_detail", assignment.pk)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Anvisningen är avbruten."))
            return redirect("assignment_detail", assignment.pk)
    return _detail(request, assignment, cancel_form=form)


@reception_required
@require_POST
def assignment_planned_arrival(request, assignment_id: int):
    assignment = selectors.get_assignment_for_user(request.user, assignment_id)
    form = PlannedArrivalForm(request.POST)
    if form.is_valid():
        try:
            services.set_planned_arrival_date(
                actor=request.user,
                assignment=assignment,
                planned_arrival_date=form.cleaned_data["planned_arrival_date"],
            )
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect("assignment_detail", assignment.pk)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(
                request, _("Planerad ankomst är sparad. Uppgifterna före ankomst följer datumet.")
            )
            return redirect("assignment_detail", assignment.pk)
    return _detail(request, assignment, planned_form=form)
