"""Schemas of the day's work with tasks (issue #11): a task with its title in the request's language, taking and
assigning one or several tasks, and the caseload per caseworker."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from etablera.api.bounds import BodyId, column_length
from etablera.api.schemas import UnitRef, UserRef
from etablera.organisation.models import User
from etablera.reception.api.schemas import TaskOut
from etablera.reception.selectors.tasks import display_title
from etablera.reception.services.tasks import MAX_BULK_TASKS

USERNAME = column_length(User, "username")


class TaskWorkOut(TaskOut):
    """A task as the lists and the changes of issue #11 answer it: `title` as stored (Swedish), `title_display`
    in the request's language."""

    title_display: str = Field(
        description="Rubriken på begärans språk (Accept-Language eller språkvalet): den nationella mallens "
        "stegrubriker översätts, en kommuns egna rubriker och personens förnamn står som de skrevs. `title` är "
        "alltid den sparade (svenska) rubriken."
    )

    @staticmethod
    def resolve_title_display(obj) -> str:
        return display_title(obj.title)


class AssignIn(Schema):
    assignee: str = Field(
        max_length=USERNAME,
        description="Användarnamn för en aktiv handläggare på enheten som ansvarar för uppgiften.",
    )


class BulkIn(Schema):
    action: Literal["take", "assign"] = Field(
        description="take: du blir handläggare för uppgifterna; assign: `assignee` blir det."
    )
    ids: list[BodyId] = Field(
        min_length=1, max_length=MAX_BULK_TASKS, description=f"Uppgifternas id, 1–{MAX_BULK_TASKS} stycken."
    )
    assignee: str | None = Field(
        None,
        max_length=USERNAME,
        description="Vid assign: användarnamn för en aktiv handläggare på enheten som ansvarar för uppgifterna.",
    )


class BulkOut(Schema):
    tasks: list[TaskWorkOut] = Field(description="Uppgifterna som de är efter ändringen, i id-ordning.")


class CaseloadRowOut(Schema):
    assignee: UserRef | None = Field(description="Handläggaren; tomt för uppgifter som ingen har tagit.")
    open: int = Field(description="Öppna uppgifter.")
    overdue: int = Field(description="Varav försenade (sista dag har passerat).")
    this_week: int = Field(description="Varav med sista dag i dag eller inom sju dagar.")


class CaseloadOut(Schema):
    unit: UnitRef
    rows: list[CaseloadRowOut] = Field(
        description="En rad per handläggare på enheten (även utan uppgifter) och den som ännu har en av "
        "enhetens uppgifter, sist raden utan handläggare."
    )
    total: CaseloadRowOut = Field(description="Summan för enheten (assignee tomt).")
