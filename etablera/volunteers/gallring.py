"""Gallring of volunteers' data (issue #17; the periods in rules/retention.py, run by access/gallring.py).

Legal ground. A volunteer's data is processed on their consent (dataskyddsförordningen art. 6.1 a) for the purpose
of matching them with newcomers; it is kept while that purpose lasts and no longer (art. 5.1 c och e):
- withdrawn: erased at once by the withdrawal itself (art. 7.3 and 17.1 b; services.withdraw) — gallring only
  catches a withdrawn volunteer not yet erased;
- never confirmed (the address's owner never consented): deleted `retention.volunteer_unconfirmed_days` after
  the sign-up;
- inactive: a volunteer with no running match whose last sign of life (confirmation, review, renewal, the end of a
  match) is older than `retention.volunteer_inactive_years` is erased (name, contact, notes; the offers and
  languages stay for the figures) and marked withdrawn;
- an ended match: its end note and its follow-ups' notes (which may describe the newcomer) are cleared
  `retention.volunteer_match_note_years` after the end; the match's dates and reason stay for the report.
A newcomer's wish is part of the person's record and goes with it: when the person is anonymised
(access/gallring.py), `clear_persons` clears the texts of their wishes and matches."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.rules.retention import (
    volunteer_inactive_cutoff,
    volunteer_match_note_cutoff,
    volunteer_unconfirmed_cutoff,
)
from etablera.volunteers.models import FollowUp, Match, NewcomerWish, Volunteer
from etablera.volunteers.services import erase

Status = Volunteer.Status
CLEARED = "Gallrad"


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _scoped(model, municipality_ids):
    rows = model.objects.all()
    return rows if municipality_ids is None else rows.filter(municipality_id__in=municipality_ids)


def unconfirmed(today: dt.date, municipality_ids=None):
    return _scoped(Volunteer, municipality_ids).filter(
        status=Status.UNCONFIRMED, created_at__lt=_day_start(volunteer_unconfirmed_cutoff(today))
    )


def withdrawn(municipality_ids=None):
    return _scoped(Volunteer, municipality_ids).filter(status=Status.WITHDRAWN, erased_at=None)


def inactive(today: dt.date, municipality_ids=None):
    running = Match.objects.filter(
        volunteer=OuterRef("pk"), status__in=(Match.Status.PROPOSED, Match.Status.STARTED)
    )
    cutoff = _day_start(volunteer_inactive_cutoff(today))
    return (
        _scoped(Volunteer, municipality_ids)
        .filter(
            status__in=(Status.CONFIRMED, Status.APPROVED, Status.REJECTED, Status.INACTIVE), erased_at=None
        )
        .exclude(Exists(running))
        .annotate(
            last_match=Max("matches__ended_at"),
            last_seen=Greatest(
                Coalesce("renewed_at", "created_at"),
                Coalesce("reviewed_at", "created_at"),
                Coalesce("confirmed_at", "created_at"),
            ),
        )
        .filter(last_seen__lt=cutoff)
        .filter(Q(last_match=None) | Q(last_match__lt=volunteer_inactive_cutoff(today)))
    )


def ended_match_notes(today: dt.date, municipality_ids=None):
    with_note = FollowUp.objects.filter(match=OuterRef("pk")).exclude(note="")
    return (
        _scoped(Match, municipality_ids)
        .filter(status=Match.Status.ENDED, ended_at__lt=volunteer_match_note_cutoff(today))
        .filter(~Q(end_note="") | Exists(with_note))
    )


def plan(today: dt.date, municipality_ids=None) -> dict[str, int]:
    return {
        "unconfirmed": unconfirmed(today, municipality_ids).count(),
        "withdrawn": withdrawn(municipality_ids).count(),
        "inactive": inactive(today, municipality_ids).count(),
        "match_notes": ended_match_notes(today, municipality_ids).count(),
    }


def execute(today: dt.date, municipality_ids=None, actor=None) -> dict[str, int]:
    """Within the caller's transaction; one audit event with the counts when anything was done."""
    now = timezone.now()
    done = plan(today, municipality_ids)
    unconfirmed(today, municipality_ids).delete()
    for volunteer in withdrawn(municipality_ids):
        erase(volunteer, now=now)
    for volunteer in inactive(today, municipality_ids):
        erase(volunteer, now=now, status=Status.WITHDRAWN)
    matches = list(ended_match_notes(today, municipality_ids).values_list("pk", flat=True))
    Match.objects.filter(pk__in=matches).update(end_note="")
    FollowUp.objects.filter(match_id__in=matches).update(note="")
    if any(done.values()):
        log_event(
            actor,
            AuditEvent.Action.DELETE,
            object_type="Gallring",
            summary=(
                f"Gallring av volontärer {today.isoformat()}: {done['unconfirmed']} obekräftade raderade, "
                f"{done['withdrawn'] + done['inactive']} raderade uppgifter, {done['match_notes']} matchningars "
                "anteckningar tömda"
            ),
            changes={"date": today.isoformat(), "volunteers": done},
        )
    return done


def clear_persons(person_ids, *, cleared: str = CLEARED) -> None:
    """The person is anonymised (access/gallring.py): the texts of their wishes and matches go; the rows stay for
    the figures."""
    wishes = NewcomerWish.objects.filter(person_id__in=person_ids)
    wishes.update(note="", area="", consent_given_by=cleared)
    Match.objects.filter(wish__in=wishes).exclude(contact_consent_by="").update(contact_consent_by=cleared)
    Match.objects.filter(wish__in=wishes).update(end_note="")
    FollowUp.objects.filter(match__wish__in=wishes).update(note="")
