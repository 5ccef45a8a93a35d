"""Mina uppgifter, Enhetens uppgifter and one task with its forms (done, not applicable, reopen, hand over, note)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from etablera.access.guards import persons_required
from etablera.access.policy import can_act_on_task, capabilities
from etablera.organisation.selectors import staff_memberships, units_for_user
from etablera.reception import selectors, services
from etablera.reception.web.forms import (
    CompleteTaskForm,
    NotApplicableForm,
    NoteForm,
    ReassignForm,
    UnitFilterForm,
)
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page


@persons_required
@require_GET
def my_tasks(request):
    buckets = selectors.my_tasks(request.user)
    return page(
        request,
        "reception/tasks/list.html",
        {
            "buckets": buckets,
            "heading": _("Mina uppgifter"),
            "intro": _("Öppna uppgifter där du är handläggare."),
        },
        nav="my_tasks",
    )


@persons_required
@require_GET
def unit_tasks(request):
    units = list({unit.pk: unit for unit in capabilities(request.user).units}.values())
    form = UnitFilterForm(request.GET or None, units=units)
    unit_ids = None
    if form.is_bound and form.is_valid() and form.cleaned_data["enhet"]:
        unit_ids = {form.cleaned_data["enhet"]}
    buckets = selectors.unit_tasks(request.user, unit_ids=unit_ids)
    return page(
        request,
        "reception/tasks/list.html",
        {
            "buckets": buckets,
            "heading": _("Enhetens uppgifter"),
            "intro": _("Öppna uppgifter som din enhet ansvarar för."),
            "filter_form": form if len(units) > 1 else None,
        },
        nav="unit_tasks",
    )


def _reassign_form(request, task, data=None) -> ReassignForm:
    return ReassignForm(
        data,
        units=units_for_user(request.user).filter(municipality_id=task.municipality_id),
        memberships=staff_memberships(request.user, municipality_id=task.municipality_id),
        initial={"unit": task.unit_id, "assignee": task.assignee_id},
    )


def _detail(request, task, status: int = 200, **bound_forms):
    can_act = can_act_on_task(request.user, task)
    forms = {}
    if can_act:
        forms = {
            "complete_form": CompleteTaskForm(),
            "not_applicable_form": NotApplicableForm(),
            "note_form": NoteForm(),
            **bound_forms,
        }
        forms.setdefault("reassign_form", _reassign_form(request, task))
    return page(
        request,
        "reception/tasks/detail.html",
        {
            "task": task,
            "events": selectors.task_events(task, request.user),
            "can_act": can_act,
            **forms,
        },
        status=status,
    )


@persons_required
@require_GET
def task_detail(request, task_id: int):
    task = selectors.get_task_for_user(request.user, task_id)
    return _detail(request, task)


def _act(request, task, form, form_name: str, perform, success: str):
    """Validate the form, call the service, and redirect with a message — or show the page again with the
    service's errors at the fields (nothing has been saved then: services validate before they write). A change
    someone else made first is said in a message above the task as it now is."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect("task_detail", task.pk)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, success)
            return redirect("task_detail", task.pk)
    return _detail(request, task, **{form_name: form})


@persons_required
@require_POST
def task_complete(request, task_id: int):
    task = selectors.get_task_for_user(request.user, task_id)
    return _act(
        request,
        task,
        CompleteTaskForm(request.POST),
        "complete_form",
        lambda data: services.complete_task(actor=request.user, task=task, note=data["note"].strip()),
        _("Uppgiften är markerad som klar."),
    )


@persons_required
@require_POST
def task_not_applicable(request, task_id: int):
    task = selectors.get_task_for_user(request.user, task_id)
    return _act(
        request,
        task,
        NotApplicableForm(request.POST),
        "not_applicable_form",
        lambda data: services.mark_not_applicable(actor=request.user, task=task, reason=data["reason"]),
        _("Uppgiften är markerad som inte aktuell."),
    )


@persons_required
@require_POST
def task_reopen(request, task_id: int):
    task = selectors.get_task_for_user(request.user, task_id)
    try:
        services.reopen_task(actor=request.user, task=task)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
    else:
        messages.success(request, _("Uppgiften är öppnad igen."))
    return redirect("task_detail", task.pk)


@persons_required
@require_POST
def task_reassign(request, task_id: int):
    task = selectors.get_task_for_user(request.user, task_id)
    form = _reassign_form(request, task, request.POST)
    return _act(
        request,
        task,
        form,
        "reassign_form",
        lambda data: services.reassign_task(
            actor=request.user, task=task, unit=data["unit"], assignee=form.assignee_user
        ),
        _("Uppgiften har fått ny ansvarig."),
    )


@persons_required
@require_POST
def task_note(request, task_id: int):
    task = selectors.get_task_for_user(request.user, task_id)
    return _act(
        request,
        task,
        NoteForm(request.POST),
        "note_form",
        lambda data: services.add_task_note(actor=request.user, task=task, text=data["text"]),
        _("Anteckningen är sparad."),
    )
