"""The network's meetings (issue #17; Nyköping meets its associations monthly): a meeting with its date, place,
notes and the associations that came, and the follow-ups agreed there — who does what by when, marked done once.
Marking done locks the follow-up's row and refuses one already done (etablera/transitions.py)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.activity.services.catalogue import apply, check_length, jsonable, require_text
from etablera.civil.models import Association, FollowUp, NetworkMeeting
from etablera.civil.services.common import refuse_unknown, require_keeper, texts
from etablera.organisation.models import Municipality
from etablera.transitions import StateConflict, by_whom, lock

MEETING_FIELDS = ("held_on", "place", "notes", "attending")
FOLLOW_UP_FIELDS = ("text", "responsible", "due_on")
MAX_ATTENDING = 200


def _clean_meeting(municipality_id: int, values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = texts(values, ("place", "notes"))
    require_text(errors, cleaned, "place", "Ange var mötet hölls.")
    check_length(errors, cleaned, NetworkMeeting)
    held_on = values.get("held_on")
    if not isinstance(held_on, dt.date):
        errors["held_on"] = "Ange mötets datum."
    cleaned["held_on"] = held_on
    attending = list(values.get("attending") or ())
    if len(attending) > MAX_ATTENDING:
        errors["attending"] = f"Högst {MAX_ATTENDING} föreningar."
    elif any(a.municipality_id != municipality_id for a in attending):
        errors["attending"] = "Välj föreningar i kommunens register."
    cleaned["attending"] = attending
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def create_meeting(*, actor, municipality: Municipality, **values) -> NetworkMeeting:
    refuse_unknown(values, MEETING_FIELDS)
    require_keeper(actor, municipality.pk)
    cleaned = _clean_meeting(municipality.pk, values)
    attending: list[Association] = cleaned.pop("attending")
    meeting = NetworkMeeting.objects.create(municipality=municipality, created_by=actor, **cleaned)
    meeting.attending.set(attending)
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        meeting,
        "Nätverksmöte registrerat",
        {"held_on": jsonable(meeting.held_on), "attending": [a.name for a in attending]},
    )
    return meeting


@transaction.atomic
def update_meeting(*, actor, meeting: NetworkMeeting, **values) -> NetworkMeeting:
    refuse_unknown(values, MEETING_FIELDS)
    require_keeper(actor, meeting.municipality_id)
    current = {"held_on": meeting.held_on, "place": meeting.place, "notes": meeting.notes}
    if "attending" not in values:
        current["attending"] = list(meeting.attending.all())
    cleaned = _clean_meeting(meeting.municipality_id, {**current, **values})
    attending = cleaned.pop("attending")
    lock(meeting)
    changes = apply(meeting, cleaned)
    meeting.save()
    before = sorted(a.name for a in meeting.attending.all())
    after = sorted(a.name for a in attending)
    if before != after:
        meeting.attending.set(attending)
        changes["attending"] = {"before": before, "after": after}
    if changes:
        log_change(actor, AuditEvent.Action.UPDATE, meeting, "Nätverksmötet ändrat", changes)
    return meeting


def _clean_follow_up(values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = texts(values, ("text", "responsible"))
    require_text(errors, cleaned, "text", "Ange vad som ska göras.")
    require_text(errors, cleaned, "responsible", "Ange vem som är ansvarig.")
    check_length(errors, cleaned, FollowUp)
    due_on = values.get("due_on")
    if due_on is not None and not isinstance(due_on, dt.date):
        errors["due_on"] = "Ange ett datum, ÅÅÅÅ-MM-DD."
    cleaned["due_on"] = due_on
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_follow_up(*, actor, meeting: NetworkMeeting, **values) -> FollowUp:
    refuse_unknown(values, FOLLOW_UP_FIELDS)
    require_keeper(actor, meeting.municipality_id)
    cleaned = _clean_follow_up(values)
    follow_up = FollowUp.objects.create(meeting=meeting, **cleaned)
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        meeting,
        "Uppföljning tillagd",
        {"text": follow_up.text, "due_on": jsonable(follow_up.due_on)},
    )
    return follow_up


@transaction.atomic
def complete_follow_up(*, actor, follow_up: FollowUp, on: dt.date | None = None) -> FollowUp:
    """The follow-up is done (default today). A follow-up already marked done is refused, saying by whom."""
    meeting = follow_up.meeting
    require_keeper(actor, meeting.municipality_id)
    lock(follow_up)
    if follow_up.done_on is not None:
        raise StateConflict(
            f"Uppföljningen är redan klarmarkerad{by_whom(follow_up.done_by, None)} {follow_up.done_on}.",
            field="done_on",
        )
    done_on = on or timezone.localdate()
    changes = apply(follow_up, {"done_on": done_on})
    follow_up.done_by = actor
    follow_up.save(update_fields=["done_on", "done_by"])
    log_change(
        actor, AuditEvent.Action.UPDATE, meeting, "Uppföljning klar", {"text": follow_up.text, **changes}
    )
    return follow_up
