"""Tasks (uppgifter): lists with filters and sorting, and the changes a unit makes to its tasks — taking one,
assigning it to a colleague of its unit, several at once — and the caseload per caseworker for unit managers. Only
staff of the owning unit and the reception unit may change a task (403 when you can see it but not change it).

Titles: `title` is the stored (Swedish) title, `title_display` the same in the request's language (the national
template's step titles translated, a municipality's own as typed)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from etablera.api.auth import current_user
from etablera.api.bounds import Id, QueryDate, column_length
from etablera.api.pagination import Paging, page_of, page_queryset
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.organisation.models import Unit, User
from etablera.reception import selectors, services
from etablera.reception.api.schemas import (
    CompleteIn,
    NotApplicableIn,
    ReassignIn,
    TaskDetailOut,
    TaskEventOut,
    TaskNoteIn,
    TaskOut,
)
from etablera.reception.api.task_schemas import AssignIn, BulkIn, BulkOut, CaseloadOut, TaskWorkOut
from etablera.reception.models import Task
from etablera.reception.selectors import tasks as task_selectors
from etablera.reception.services import tasks as task_services

router = Router(tags=["Uppgifter"])

WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
# A change of status: refused with 409 when someone else changed the status first (etablera/transitions.py).
STATUS_ERRORS = {**WRITE_ERRORS, 409: Message}
TASK_ID = "Uppgiftens id."


class TaskFilter(Schema):
    status: str | None = Field(
        None,
        max_length=column_length(Task, "status"),
        description="OPEN (att göra), DONE (klar) eller NOT_APPLICABLE (ej aktuell).",
    )
    unit: Id | None = Field(None, description="Bara uppgifter som denna enhet ansvarar för (enhetens id).")
    assignee: str | None = Field(
        None,
        max_length=column_length(User, "username"),
        description="'me' för uppgifter tilldelade dig, annars en handläggares användarnamn.",
    )
    overdue: bool | None = Field(
        None, description="true: bara öppna uppgifter vars sista dag har passerat; false: alla andra."
    )
    due_before: QueryDate | None = Field(None, description="Bara uppgifter med sista dag före detta datum.")
    household: UUID | None = Field(None, description="Bara uppgifter för detta hushåll (publikt id).")
    unassigned: bool | None = Field(None, description="true: bara uppgifter som ingen handläggare har tagit.")
    due: Literal["overdue", "week", "later"] | None = Field(
        None,
        description="overdue: sista dag har passerat; week: i dag eller inom sju dagar; later: senare. Som "
        "listan på sidan Enhetens uppgifter.",
    )
    step: Id | None = Field(None, description="Bara uppgifter från detta steg i processmallen (stegets id).")
    sort: Literal["due", "household", "assignee"] = Field(
        "due",
        description="Ordning: due (sista dag), household (hushållets namn) eller assignee (handläggare).",
    )


DUE_WORDS = {"overdue": "forsenade", "week": "vecka", "later": "senare"}
SORT_WORDS = {"due": "sista-dag", "household": "hushall", "assignee": "handlaggare"}


@router.get(
    "/tasks",
    response=page_of(TaskWorkOut),
    summary="Uppgifter",
    description="Uppgifter i hushåll du har tillgång till, efter sista dag. Varje uppgift kan förklara sitt "
    "datum (deadline). Hushållen i svaret loggas.",
)
def list_tasks(request, filters: Query[TaskFilter], paging: Query[Paging]):
    user = current_user(request)
    today = timezone.localdate()
    rows = selectors.tasks_for_user(user).select_related(
        "completed_by", "household__municipality"
    )  # the audit log names the municipality
    # The unit page's filters and order (selectors.tasks.filter_tasks), for the words they share.
    rows = task_selectors.filter_tasks(
        rows,
        task_selectors.TaskFilters(
            due=DUE_WORDS.get(filters.due or "", ""),
            step_id=filters.step,
            assignee=task_selectors.NO_ASSIGNEE if filters.unassigned else "",
            sort=SORT_WORDS[filters.sort],
        ),
        today,
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.unit is not None:
        rows = rows.filter(unit_id=filters.unit)
    if filters.assignee:
        rows = (
            rows.filter(assignee=user)
            if filters.assignee == "me"
            else rows.filter(assignee__username=filters.assignee)
        )
    if filters.overdue is True:
        rows = rows.filter(status=rows.model.Status.OPEN, due_date__lt=today)
    elif filters.overdue is False:
        rows = rows.exclude(status=rows.model.Status.OPEN, due_date__lt=today)
    if filters.due_before:
        rows = rows.filter(due_date__lt=filters.due_before)
    if filters.household:
        rows = rows.filter(household__public_id=filters.household)
    result = page_queryset(rows, paging)
    selectors.mark_section_text(user, result["items"])
    selectors.log_households_shown(user, result["items"], "Uppgifter (API)")
    return result


# Before /tasks/{task_id}: the URL patterns are tried in order.


class CaseloadFilter(Schema):
    unit: Id | None = Field(None, description="Bara denna enhet (enhetens id); annars alla du är chef för.")


@router.get(
    "/tasks/caseload",
    response={200: list[CaseloadOut], 403: Message},
    summary="Arbetsbelastning per handläggare",
    description="För enhetschefer (och administratörer, för sin kommuns enheter): öppna, försenade och veckans "
    "uppgifter per handläggare på enheten, och de som ingen har tagit. Bara antal och personalens namn, inga "
    "hushåll. 403 för den som inte är chef för någon enhet.",
)
def caseload(request, filters: Query[CaseloadFilter]):
    user = current_user(request)
    if not task_selectors.managed_units(user):
        raise PermissionDenied("Arbetsbelastningen visas för enhetschefer och administratörer.")
    return task_selectors.caseload(user, unit_id=filters.unit)


@router.post(
    "/tasks/bulk",
    response={200: BulkOut, 403: Message, 409: Message, 422: ValidationErrorOut},
    summary="Ta eller tilldela flera uppgifter",
    description="Tar (take) eller tilldelar (assign) flera uppgifter på en gång: allt eller inget. En uppgift du "
    "inte ser ger 422 vid `tasks`; en uppgift som inte längre är öppen eller som någon annan har tagit under "
    "tiden ger 409 med uppgiftens namn, och ingen av uppgifterna ändras. 403 om du inte får ändra någon av dem.",
)
def bulk_tasks(request, body: BulkIn):
    user = current_user(request)
    tasks = task_selectors.tasks_for_bulk(user, body.ids)
    assignee = _colleague(body.assignee) if body.action == "assign" else None
    done = task_services.bulk_update_tasks(actor=user, tasks=tasks, action=body.action, assignee=assignee)
    return {"tasks": selectors.mark_section_text(user, done)}


@router.get(
    "/tasks/{task_id}",
    response={200: TaskDetailOut, 404: Message},
    summary="En uppgift",
    description="En uppgift med sin historik (vem gjorde vad och när). Läsningen loggas.",
)
def get_task(request, task_id: int = Path(..., description=TASK_ID)):
    task = selectors.get_task_for_user(current_user(request), task_id)
    task.event_list = selectors.task_events(task, current_user(request))
    return task


@router.post(
    "/tasks/{task_id}/complete",
    response={200: TaskOut, **STATUS_ERRORS},
    summary="Markera uppgift klar",
    description="Markerar uppgiften som klar, med valfri kommentar. En uppgift som redan är klar eller ej "
    "aktuell ger 409 (vem som markerade den och när).",
)
def complete_task(request, body: CompleteIn, task_id: int = Path(..., description=TASK_ID)):
    user = current_user(request)
    task = selectors.get_task_for_user(user, task_id)
    return services.complete_task(actor=user, task=task, note=body.note.strip())


@router.post(
    "/tasks/{task_id}/not-applicable",
    response={200: TaskOut, **STATUS_ERRORS},
    summary="Markera uppgift ej aktuell",
    description="Markerar uppgiften som ej aktuell. Skäl krävs (annars 422). En uppgift som redan är klar "
    "eller ej aktuell ger 409.",
)
def mark_not_applicable(request, body: NotApplicableIn, task_id: int = Path(..., description=TASK_ID)):
    user = current_user(request)
    task = selectors.get_task_for_user(user, task_id)
    task = services.mark_not_applicable(actor=user, task=task, reason=body.reason)
    return selectors.mark_section_text(user, [task])[0]


@router.post(
    "/tasks/{task_id}/reopen",
    response={200: TaskOut, **STATUS_ERRORS},
    summary="Återöppna uppgift",
    description="Öppnar en klar eller ej aktuell uppgift igen. En uppgift som redan är öppen ger 409.",
)
def reopen_task(request, task_id: int = Path(..., description=TASK_ID)):
    user = current_user(request)
    task = selectors.get_task_for_user(user, task_id)
    return services.reopen_task(actor=user, task=task)


@router.post(
    "/tasks/{task_id}/reassign",
    response={200: TaskOut, **WRITE_ERRORS},
    summary="Lämna uppgift till annan enhet",
    description="Ger uppgiften till en annan enhet i samma kommun, eventuellt till en namngiven handläggare där. "
    "En enhet i en annan kommun eller en handläggare som inte arbetar på enheten ger 422.",
)
def reassign_task(request, body: ReassignIn, task_id: int = Path(..., description=TASK_ID)):
    user = current_user(request)
    task = selectors.get_task_for_user(user, task_id)
    # Resolving the references; whether they are allowed is the service's rule.
    unit = Unit.objects.filter(pk=body.unit).first()
    assignee = None
    if body.assignee:
        assignee = User.objects.filter(username=body.assignee, is_active=True).first()
    errors = {}
    if unit is None:
        errors["unit"] = "Okänd enhet."
    if body.assignee and assignee is None:
        errors["assignee"] = "Okänd handläggare."
    if errors:
        raise ValidationError(errors)
    task = services.reassign_task(actor=user, task=task, unit=unit, assignee=assignee)
    return selectors.mark_section_text(user, [task])[0]


@router.post(
    "/tasks/{task_id}/notes",
    response={201: TaskEventOut, **WRITE_ERRORS},
    summary="Anteckning på uppgift",
    description="Lägger till en anteckning i uppgiftens historik.",
)
def add_note(request, body: TaskNoteIn, task_id: int = Path(..., description=TASK_ID)):
    user = current_user(request)
    task = selectors.get_task_for_user(user, task_id)
    return 201, services.add_task_note(actor=user, task=task, text=body.text)


@router.post(
    "/tasks/{task_id}/take",
    response={200: TaskWorkOut, **STATUS_ERRORS},
    summary="Ta uppgiften",
    description="Du blir handläggare för uppgiften. Bara den som arbetar på enheten som ansvarar för uppgiften "
    "kan ta den (annars 422). En uppgift som inte längre är öppen, eller som någon annan redan har tagit, ger 409 "
    "med vem och när.",
)
def take_task(request, task_id: int = Path(..., description=TASK_ID)):
    user = current_user(request)
    task = selectors.get_task_for_user(user, task_id)
    task = task_services.take_task(actor=user, task=task)
    return selectors.mark_section_text(user, [task])[0]


def _colleague(username: str | None) -> User:
    user = User.objects.filter(username=username, is_active=True).first() if username else None
    if user is None:
        raise ValidationError({"assignee": "Okänd handläggare."})
    return user


@router.post(
    "/tasks/{task_id}/assign",
    response={200: TaskWorkOut, **STATUS_ERRORS},
    summary="Tilldela uppgiften en kollega",
    description="Ger uppgiften till en handläggare på enheten som ansvarar för den. Någon som inte arbetar på "
    "enheten ger 422 vid `assignee` (lämna då över uppgiften till en annan enhet med reassign). En uppgift som "
    "inte längre är öppen ger 409.",
)
def assign_task(request, body: AssignIn, task_id: int = Path(..., description=TASK_ID)):
    user = current_user(request)
    task = selectors.get_task_for_user(user, task_id)
    task = task_services.assign_task(actor=user, task=task, assignee=_colleague(body.assignee))
    return selectors.mark_section_text(user, [task])[0]
