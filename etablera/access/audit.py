"""Writing the audit log. Selectors call `log_read` for what they show; services call `log_change` for what they do.

The channel (page, API, CLI) is taken from a context variable set by the middleware, the API and the CLI, so that
selectors and services need not be told where they were called from.

One request writes one read per subject (issue #11): while a page or an API call is served, a read the request has
already written — the same user, action, record and summary — is not written again, however many selectors log it
(`request_started` opens the request's set of reads, `request_finished` closes it). A read with another summary is
another thing shown (the full identity number beside the person's page) and is written. A list still writes one
row per subject it lists. Outside a request (the command line, a test calling a selector) every call writes, as
before.

And a page writes its reads in one INSERT (issue #19): while the audit middleware serves a request, the reads —
`log_read`, `log_reads`, `log_list` — are gathered and written together when the view has answered, before the
response leaves the middleware (`reads_buffered`); a view that fails still has its reads written, and a write that
fails fails the response, so nothing is shown that was not logged. Changes (`log_change`, `log_changes`) and
events (`log_event`) are written at once, in the transaction of the service that makes them, as before: they must
roll back with it. A read written after the middleware has answered (a streamed export's rows) is written at once.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.signals import request_finished, request_started

from etablera.access.models import AuditEvent

_channel: contextvars.ContextVar[str] = contextvars.ContextVar(
    "audit_channel", default=AuditEvent.Channel.SYSTEM
)


@contextmanager
def channel(name: str) -> Iterator[None]:
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)


def set_channel(name: str) -> None:
    _channel.set(name)


# The reads written while serving one request, or None outside a request: (actor, action, record, summary).
_reads: contextvars.ContextVar[set | None] = contextvars.ContextVar("audit_reads", default=None)


def _open_reads(**_kwargs) -> None:
    _reads.set(set())


def _close_reads(**_kwargs) -> None:
    _reads.set(None)


request_started.connect(_open_reads, dispatch_uid="etablera.access.audit.open_reads")
request_finished.connect(_close_reads, dispatch_uid="etablera.access.audit.close_reads")


# The reads gathered while a request is served, or None: written at once.
_buffer: contextvars.ContextVar[list[AuditEvent] | None] = contextvars.ContextVar(
    "audit_buffer", default=None
)


@contextmanager
def reads_buffered() -> Iterator[None]:
    """Gather the reads written inside the block and write them in one INSERT when it ends (even on an error)."""
    token = _buffer.set([])
    try:
        yield
    finally:
        events = _buffer.get()
        _buffer.reset(token)
        if events:
            AuditEvent.objects.bulk_create(events)


def _write_reads(events: list[AuditEvent]) -> None:
    if not events:
        return
    gathered = _buffer.get()
    if gathered is not None:
        gathered.extend(events)
    elif len(events) == 1:
        events[0].save()
    else:
        AuditEvent.objects.bulk_create(events)


@contextmanager
def reads_once() -> Iterator[None]:
    """Write each read once inside the block, as a request does (for work done outside a request)."""
    token = _reads.set(set())
    try:
        yield
    finally:
        _reads.reset(token)


def _first_time(events: list[AuditEvent]) -> list[AuditEvent]:
    """The events this request has not written yet (all of them outside a request)."""
    seen = _reads.get()
    if seen is None:
        return events
    fresh = []
    for event in events:
        key = (event.actor_id, event.action, event.object_type, event.object_id, event.summary)
        if key not in seen:
            seen.add(key)
            fresh.append(event)
    return fresh


def _actor_fields(user) -> dict[str, Any]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"actor": None, "actor_name": "", "actor_full_name": ""}
    return {"actor": user, "actor_name": user.get_username(), "actor_full_name": user.get_full_name()}


def _subject_fields(subject) -> dict[str, Any]:
    """Person / household public ids and the municipality, from whatever object is touched."""
    from etablera.people.models import Household, Person

    fields: dict[str, Any] = {"object_type": type(subject).__name__, "object_id": ""}
    public_id = getattr(subject, "public_id", None)
    fields["object_id"] = str(public_id or getattr(subject, "pk", "") or "")
    if isinstance(subject, Person):
        fields["person_public_id"] = subject.public_id
    elif isinstance(subject, Household):
        fields["household_public_id"] = subject.public_id
    else:
        person = getattr(subject, "person", None)
        household = getattr(subject, "household", None)
        if isinstance(person, Person):
            fields["person_public_id"] = person.public_id
        if isinstance(household, Household):
            fields["household_public_id"] = household.public_id
    municipality = getattr(subject, "municipality", None)
    if municipality is not None:
        fields["municipality_code"] = municipality.code
    return fields


def _event_fields(
    action: str,
    subject,
    summary: str = "",
    changes: dict | None = None,
    *,
    basis: str = "",
    break_glass: bool = False,
    protected: bool | None = None,
) -> dict[str, Any]:
    """An event's fields but the actor's: what it did, to what, why it was allowed."""
    if protected is None:
        protected = bool(getattr(subject, "is_protected", False))
    return {
        "action": action,
        "channel": _channel.get(),
        "summary": summary[:300],
        "changes": changes or {},
        "basis": basis,
        "break_glass": break_glass or basis == "BREAK_GLASS",
        "protected": protected,
        **_subject_fields(subject),
    }


def _event(user, action: str, subject, summary: str = "", changes: dict | None = None, **marks) -> AuditEvent:
    return AuditEvent(**_event_fields(action, subject, summary, changes, **marks), **_actor_fields(user))


def log_read(user, subject, summary: str = "", **marks) -> None:
    """`marks`: basis (why the user may see it), break_glass, protected (defaults to the subject's own flag)."""
    _write_reads(_first_time([_event(user, AuditEvent.Action.VIEW, subject, summary, **marks)]))


def log_reads(user, subjects: Iterable, summary: str = "", **marks) -> None:
    """Several records read on one page (a household and its members), written in one INSERT."""
    _write_reads(
        _first_time([_event(user, AuditEvent.Action.VIEW, subject, summary, **marks) for subject in subjects])
    )


def log_list(user, subjects: Iterable, summary: str = "") -> None:
    """One row per person or household shown in a list, written in one INSERT (in a request, once per subject)."""
    _write_reads(
        _first_time([_event(user, AuditEvent.Action.LIST, subject, summary) for subject in subjects])
    )


def log_change(user, action: str, subject, summary: str = "", changes: dict | None = None, **marks) -> None:
    _event(user, action, subject, summary, changes, **marks).save()


def log_changes(user, changes: Iterable[tuple]) -> None:
    """Many changes written in bulk (an import): (action, subject, summary, changes) each, or with a fifth element,
    the marks (e.g. {"protected": True}) — the same events as log_change would write one by one."""
    from etablera import bulk

    # Rows, not AuditEvent objects: nobody reads them back, and making the objects was a fifth of an import's time.
    actor = _actor_fields(user)
    who = actor.pop("actor")
    actor["actor_id"] = who.pk if who is not None else None
    bulk.insert_values(
        AuditEvent,
        (
            {**_event_fields(action, subject, summary, data, **(rest[0] if rest else {})), **actor}
            for action, subject, summary, data, *rest in changes
        ),
    )


def log_event(
    user, action: str, *, object_type: str, summary: str = "", municipality_code: str = "", **extra
) -> None:
    """For events that touch no single record: a login, an import file, an export."""
    AuditEvent.objects.create(
        action=action,
        channel=_channel.get(),
        object_type=object_type,
        summary=summary[:300],
        municipality_code=municipality_code,
        **_actor_fields(user),
        **extra,
    )
