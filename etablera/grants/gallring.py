"""Gallring of grant applications (issue #17; the periods in rules/retention.py, run by access/gallring.py).

Legal ground. An application to a municipal grant and the decision on it are allmänna handlingar (TF 2 kap.); the
municipality keeps them or gallrar them as its dokumenthanteringsplan says, under arkivlagen (1990:782) 3 och 10 §§.
A granted application is part of the municipality's records of how its money was spent and is kept — the
association's name, organisation number, the amounts, the decision and the report back; only the contact person's
e-mail and phone go, `retention.grant_contact_years` after the report back (or the payment or decision when none
came), as they are needed no longer (dataskyddsförordningen art. 5.1 c och e). A rejected or withdrawn application
loses its contact person (name, e-mail, phone) `retention.grant_rejected_years` after the decision. An application
whose e-mail address was never confirmed was never a case: it is deleted whole after
`retention.grant_unconfirmed_days`.

Nothing here touches the register of associations (civil) or its contact persons."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.grants.models import Application
from etablera.rules.retention import grant_contact_cutoff, grant_rejected_cutoff, grant_unconfirmed_cutoff

Status = Application.Status
CLEARED = "Gallrad"


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _scoped(municipality_ids):
    rows = Application.objects.all()
    return rows if municipality_ids is None else rows.filter(municipality_id__in=municipality_ids)


def unconfirmed(today: dt.date, municipality_ids=None):
    return _scoped(municipality_ids).filter(
        confirmed_at=None, created_at__lt=_day_start(grant_unconfirmed_cutoff(today))
    )


def rejected(today: dt.date, municipality_ids=None):
    return (
        _scoped(municipality_ids)
        .filter(status__in=(Status.REJECTED, Status.WITHDRAWN), contact_cleared_at=None)
        .annotate(ended=Coalesce("decided_at", "updated_at"))
        .filter(ended__lt=_day_start(grant_rejected_cutoff(today)))
    )


def granted(today: dt.date, municipality_ids=None):
    """Granted applications whose report back (or payment, or decision) is older than the period. One still waiting
    for its report back counts from its deadline: the contact person is needed until then."""
    cutoff = _day_start(grant_contact_cutoff(today))
    return (
        _scoped(municipality_ids)
        .filter(status__in=(Status.GRANTED, Status.PAID, Status.REPORTED), contact_cleared_at=None)
        .filter(
            Q(report_submitted_at__lt=cutoff)
            | Q(report_submitted_at=None, report_deadline__lt=grant_contact_cutoff(today))
        )
    )


def plan(today: dt.date, municipality_ids=None) -> dict[str, int]:
    return {
        "unconfirmed": unconfirmed(today, municipality_ids).count(),
        "rejected": rejected(today, municipality_ids).count(),
        "granted": granted(today, municipality_ids).count(),
    }


def execute(today: dt.date, municipality_ids=None, actor=None) -> dict[str, int]:
    """Within the caller's transaction; one audit event with the counts when anything was done."""
    now = timezone.now()
    done = plan(today, municipality_ids)
    unconfirmed(today, municipality_ids).delete()
    Application.objects.filter(pk__in=rejected(today, municipality_ids).values("pk")).update(
        contact_name=CLEARED, contact_email="", contact_phone="", contact_cleared_at=now
    )
    Application.objects.filter(pk__in=granted(today, municipality_ids).values("pk")).update(
        contact_email="", contact_phone="", contact_cleared_at=now, report_token_hash=""
    )
    if any(done.values()):
        log_event(
            actor,
            AuditEvent.Action.DELETE,
            object_type="Gallring",
            summary=(
                f"Gallring {today.isoformat()}: {done['unconfirmed']} obekräftade bidragsansökningar raderade, "
                f"kontaktuppgifter gallrade i {done['rejected']} avslagna och {done['granted']} beviljade"
            ),
            changes={"date": today.isoformat(), "grants": done},
        )
    return done
