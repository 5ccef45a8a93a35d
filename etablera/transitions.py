"""State changes that two people can make at the same moment (issue #9: races).

A task done, an anvisning received or cancelled, a contract signed, ended or cancelled, a proposal accepted or
rejected, a consent withdrawn: each service reads its row again under a row lock (`lock`, SELECT … FOR UPDATE inside
the service's transaction) and checks the state *then*. Of two requests that meet, the second waits for the first
to commit, sees what it did and is refused with `StateConflict` rather than doing it a second time (two completions
in the history, `completed_by` whoever wrote last). SQLite takes no row locks but lets one writer at a time.

The API answers a `StateConflict` with 409 `{"detail": "<message>"}` (etablera/api/errors.py); a page shows the
message and the object as it now is.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class StateConflict(ValidationError):
    """The object is no longer in the state the change starts from: someone else changed it first.

    A ValidationError keyed by `field` (code `status_conflict`), so forms, imports and every existing
    `except ValidationError` still handle it; `detail` is the message, saying what happened."""

    code = "status_conflict"

    def __init__(self, detail: str, *, field: str = "status"):
        super().__init__({field: [ValidationError(detail, code=self.code)]})
        self.detail = detail


def lock(instance: models.Model) -> models.Model:
    """Read `instance` again from its row and keep the row locked until the transaction ends. The caller's object
    is updated in place (and returned), so what the caller holds is the state the change is decided on."""
    queryset = type(instance)._base_manager.select_for_update()
    instance.refresh_from_db(from_queryset=queryset)
    return instance


def by_whom(user, moment) -> str:
    """' av Alice Andersson 2026-12-02 10:15' — who made the change and when (local time), to end a message with;
    empty when neither is known."""
    parts = [f"av {user}"] if user else []
    if moment:
        parts.append(timezone.localtime(moment).strftime("%Y-%m-%d %H:%M"))
    return "".join(f" {part}" for part in parts)
