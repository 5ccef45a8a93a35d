"""What the reception does when the people register changes (etablera/people/signals.py): the person's tasks
follow a changed birth date, a member who joins gets their tasks, a member who leaves has theirs closed. Each
receiver runs inside the sending service's transaction; the work is in services/task_updates.py.

Connected in ReceptionConfig.ready()."""

from __future__ import annotations

from etablera.people import signals
from etablera.reception.services import task_updates


def on_birth_date_changed(sender, *, person, change, actor, **kwargs) -> None:
    person.refresh_from_db(fields=["birth_date"])
    task_updates.person_tasks_after_birth_date_change(actor=actor, person=person, change=change)


def on_member_added(sender, *, household, person, actor, on_date=None, **kwargs) -> None:
    task_updates.person_tasks_after_joining(actor=actor, household=household, person=person, on_date=on_date)


def on_member_left(sender, *, household, person, actor, on_date=None, reason="", **kwargs) -> None:
    task_updates.person_tasks_after_leaving(
        actor=actor, household=household, person=person, on_date=on_date, reason=reason
    )


def connect() -> None:
    signals.birth_date_changed.connect(on_birth_date_changed, dispatch_uid="reception.birth_date_changed")
    signals.member_added.connect(on_member_added, dispatch_uid="reception.member_added")
    signals.member_left.connect(on_member_left, dispatch_uid="reception.member_left")
