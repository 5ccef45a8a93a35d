"""Mina uppgifter, Enhetens uppgifter (filtered, sorted, paged; take or assign several at once), the caseload per
caseworker for the unit manager, and one task with its forms (done, not applicable, reopen, take, assign to a
colleague, hand over, note)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from etablera.access.guards import persons_required
from etablera.access.policy import can_act_on_task, capabilities
from etablera.organisation.selectors import staff_memberships, units_for_user
from etablera.reception import selectors, services
from etablera.reception.selectors import tasks as task_selectors
from etablera.reception.selectors.tasks import display_title
from etablera.reception.services import tasks as task_services
from etablera.reception.web.forms import (
    CompleteTaskForm,
    NotApplicableForm,
    NoteForm,
    ReassignForm,
)
from etablera.reception.web.task_forms import AssignTaskForm, BulkTaskForm, filter_form, read_filters
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
            "to_take": task_selectors.unassigned_in_my_units(request.user),
            "take_unit_ids": capabilities(request.user).unit_ids,
        },
        nav="my_tasks",
    )


@persons_required
@require_GET
def unit_tasks(request):
    return _unit_page(request, request.GET)


def _unit_page(request, query, bulk_form=None, status=200):
    units = list({unit.pk: unit for unit in capabilities(request.user).units}.values())
    filters, page_number = read_filters(query, {u.pk for u in units})
    listing = task_selectors.unit_task_page(request.user, filters, page=page_number)
    rest = query.copy()
    rest.pop("sida", None)
    return page(
        request,
        "reception/tasks/unit.html",
        {
            "listing": listing,
            "filter_form": filter_form(filters, listing, units),
            "show_unit": len(units) > 1,
            "bulk_form": bulk_form or BulkTaskForm(memberships=listing.staff),
            "take_unit_ids": capabilities(request.user).unit_ids,
            "query": rest.urlencode(),
            "manages": bool(task_selectors.managed_units(request.user)),
            "here": f"{reverse('unit_tasks')}?{query.urlencode()}" if query else reverse("unit_tasks"),
        },
        nav="unit_tasks",
        status=status,
    )


@persons_required
@require_POST
def unit_tasks_bulk(request):
    """Take or assign the ticked tasks at once; back to the list as it was filtered (`next`)."""
    back = _safe_next(request, reverse("unit_tasks"))
    memberships = task_selectors.unit_staff(request.user, capabilities(request.user).unit_ids)
    form = BulkTaskForm(request.POST, memberships=memberships)
    if form.is_valid():
        try:
            tasks = task_selectors.tasks_for_bulk(request.user, form.cleaned_data["uppgift"])
            done = task_services.bulk_update_tasks(
                actor=request.user,
                tasks=tasks,
                action=form.cleaned_data["action"],
                assignee=form.assignee_user,
            )
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect(back)
        except PermissionDenied as denied:
            messages.error(request, str(denied))
            return redirect(back)
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(
                request,
                ngettext("%(n)s uppgift har ändrats.", "%(n)s uppgifter har ändrats.", len(done))
                % {"n": len(done)},
            )
            return redirect(back)
    # The list again as it was, with the errors at the bulk form's fields (nothing has been changed).
    return _unit_page(request, QueryDict(back.partition("?")[2]), bulk_form=form, status=422)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@persons_required
@require_GET
def caseload(request):
    """The unit manager's view: open, overdue and this week's tasks per caseworker of each unit they manage."""
    units = task_selectors.caseload(request.user) if capabilities(request.user).sees_caseload else []
    if not units:
        raise PermissionDenied(_("Sidan är för enhetschefer och administratörer."))
    return page(request, "reception/tasks/caseload.html", {"caseloads": units}, nav="caseload")


def _reassign_form(request, task, data=None) -> ReassignForm:
    return ReassignForm(
        data,
        units=units_for_user(request.user).filter(municipality_id=task.municipality_id),
        memberships=staff_memberships(request.user, municipality_id=task.municipality_id),
        initial={"unit": task.unit_id, "assignee": task.assignee_id},
    )


def _assign_form(request, task, data=None) -> AssignTaskForm:
    return AssignTaskForm(
        data,
        memberships=task_selectors.unit_staff(request.user, {task.unit_id}),
        initial={"assignee": task.assignee_id},
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
        forms.setdefault("assign_form", _assign_form(request, task))
    return page(
        request,
        "reception/tasks/detail.html",
        {
            "task": task,
            "events": selectors.task_events(task, request.user),
            "can_act": can_act,
            "can_take": can_act
            and task.status == task.Status.OPEN
            and task.assignee_id is None
            and task.unit_id in capabilities(request.user).unit_ids,
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


@persons_required
@require_POST
def task_take(request, task_id: int):
    """ "Ta uppgiften", from the task's page or a list's row; back where it was pressed (`next`)."""
    task = selectors.get_task_for_user(request.user, task_id)
    back = _safe_next(request, reverse("task_detail", args=[task.pk]))
    try:
        task_services.take_task(actor=request.user, task=task)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    else:
        messages.success(
            request, _("Du har tagit uppgiften ”%(title)s”.") % {"title": display_title(task.title)}
        )
    return redirect(back)


@persons_required
@require_POST
def task_assign(request, task_id: int):
    task = selectors.get_task_for_user(request.user, task_id)
    form = _assign_form(request, task, request.POST)

    def perform(data):
        if form.assignee_user is None:
            raise ValidationError({"assignee": _("Välj en handläggare på enheten.")})
        task_services.assign_task(actor=request.user, task=task, assignee=form.assignee_user)

    return _act(request, task, form, "assign_form", perform, _("Uppgiften har fått ny handläggare."))
