"""Registerutdrag as a registrar's act for the data subject (issue #9): who may produce one, the stated reason or
case reference, the log entry, and the extracts produced for a person.

What the file holds is built by extract.py and is complete (address, identity number, the notes of every section).
It goes to the data subject as a download; no screen shows what it holds, only that it was produced (when, by whom,
why, in which format), so a producer who owns no section never reads a section's notes on a screen.

Who: an explicit authorisation, Membership.may_produce_register_extract, in a staff role in the person's
municipality (policy.register_extract_municipality_ids). A role alone (unit manager, administrator) does not give
it. Without the authorisation anywhere: 403; with it, for a person of another municipality: 404.

The log entry is an EXPORT whose object type is "RegisterExtract": its own kind of record in the log review, its
export and the person's access history ("lämnade ut ett registerutdrag om dig"). A new AuditEvent.Action would need
a migration of the audit log for a label only; the object type tells it apart wherever the log is read. The reason,
the format and the producer's name at the time are in `changes`; it is marked protected for a protected person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from etablera.access.audit import log_event, log_read
from etablera.access.extract import build_extract
from etablera.access.models import AuditEvent
from etablera.access.policy import register_extract_municipality_ids
from etablera.access.review.reviewers import normalised_identity_number
from etablera.people.models import Person

OBJECT_TYPE = "RegisterExtract"
FORMATS = ("pdf", "json")
MIN_REASON_LENGTH = 8  # a case reference such as "KS 2026/12" is enough
MAX_REASON_LENGTH = 200  # the reason and the format fit the log's 300-character summary
NOT_A_REGISTRAR = (
    "Du har inte behörighet att ta fram registerutdrag. Behörigheten ges särskilt, utöver rollen i enheten."
)
REASON_REQUIRED = f"Ange skäl eller diarienummer för utdraget (minst {MIN_REASON_LENGTH} tecken)."
REASON_TOO_LONG = f"Skälet får vara högst {MAX_REASON_LENGTH} tecken."


def may_produce(user, person: Person) -> bool:
    """Whether the user may produce the person's register extract (to offer the link only to those who may)."""
    return person.municipality_id in register_extract_municipality_ids(user)


def get_person_for_extract(user, public_id) -> Person:
    """The person, for a user authorised in the person's municipality; 403 without the authorisation, else 404."""
    municipality_ids = register_extract_municipality_ids(user)
    if not municipality_ids:
        raise PermissionDenied(NOT_A_REGISTRAR)
    person = (
        Person.objects.select_related("municipality")
        .filter(public_id=public_id, municipality_id__in=municipality_ids)
        .first()
    )
    if person is None:
        raise Http404
    return person


def find_person_for_extract(user, raw_number: str) -> Person | None:
    """The registrar's way in: the person with this identity number (sent by POST, never in a URL) in a municipality
    where the user may produce extracts; 403 without the authorisation. A registrar works from the data subject's
    request, not from a caseload, so the person need not be one the user otherwise sees. Logged when found."""
    municipality_ids = register_extract_municipality_ids(user)
    if not municipality_ids:
        raise PermissionDenied(NOT_A_REGISTRAR)
    value = normalised_identity_number(raw_number)
    if not value:
        return None
    person = Person.objects.filter(identity_number=value, municipality_id__in=municipality_ids).first()
    if person is not None:
        log_read(user, person, "Registerutdrag: person vald med identitetsnummer")
    return person


def clean_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": REASON_REQUIRED})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError({"reason": REASON_TOO_LONG})
    return reason


def produce_extract(*, actor, person: Person, reason: str, fmt: str) -> dict[str, Any]:
    """The complete extract for the data subject, produced for a stated reason and logged as such."""
    if fmt not in FORMATS:
        raise ValidationError({"format": "Välj PDF eller JSON."})
    reason = clean_reason(reason)
    data = build_extract(person)
    log_event(
        actor,
        AuditEvent.Action.EXPORT,
        object_type=OBJECT_TYPE,
        object_id=str(person.public_id),
        person_public_id=person.public_id,
        municipality_code=person.municipality.code,
        protected=person.is_protected,
        summary=f"Registerutdrag ({fmt}) framställt. Skäl: {reason}",
        changes={
            "reason": reason,
            "format": fmt,
            "by": actor.get_full_name() or actor.get_username(),
            "sections": {key: len(value) for key, value in data.items() if isinstance(value, list)},
        },
    )
    return data


@dataclass(frozen=True)
class Produced:
    at: datetime
    by: str
    reason: str
    format: str


def produced_extracts(person: Person) -> list[Produced]:
    """The extracts produced for the person, newest first: what the producer's screen shows instead of the
    content. The reason is the registrar's own text, never a section's."""
    events = AuditEvent.objects.filter(
        object_type=OBJECT_TYPE, action=AuditEvent.Action.EXPORT, person_public_id=person.public_id
    ).order_by("-at", "-pk")
    return [
        Produced(
            at=event.at,
            by=event.changes.get("by") or event.actor_name,
            reason=event.changes.get("reason", ""),
            format=str(event.changes.get("format", "")).upper(),
        )
        for event in events
    ]
