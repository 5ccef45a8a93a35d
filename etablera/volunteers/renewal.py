"""A volunteer's yearly renewal (issue #17). An approved volunteer confirms once a year that they want to remain:
`volunteers.renewal_months` after their confirmation or last renewal the daily command (`etablera volunteers renew`,
on the worker's schedule) e-mails them once a link; the link's page has a button and only its POST renews. Who has
not renewed `volunteers.renewal_grace_days` after the renewal was due (or after the e-mail, when it went late)
becomes inactive: kept, not proposed for matching, erased by gallring after `retention.volunteer_inactive_years`.
A volunteer with a running match is not made inactive — the match shows they are active — and the staff page shows
the renewal as overdue. An inactive volunteer who renews through the link is approved again (the municipality's
review stands; the renewal is the volunteer's own consent being kept current).

Every change locks the volunteer's row and checks the state again under the lock, so two workers (or a renewal at
the moment the command runs) do nothing twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.rules.dates import add_months
from etablera.rules.volunteers import renew_by, renewal_due, renewal_months
from etablera.transitions import lock
from etablera.volunteers import tokens
from etablera.volunteers.models import Match, Volunteer
from etablera.volunteers.services import _mail

Status = Volunteer.Status
RENEWABLE = (Status.APPROVED, Status.INACTIVE)
RUNNING = (Match.Status.PROPOSED, Match.Status.STARTED)
# A margin for the candidates' query: a month's length differs (31 March + 12 months), the exact day is decided in
# Python by the rule itself.
MARGIN = dt.timedelta(days=4)


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def last_renewed_at(volunteer: Volunteer) -> dt.datetime:
    """Where the period counts from: the last renewal, else the confirmation, else the sign-up."""
    return volunteer.renewed_at or volunteer.confirmed_at or volunteer.created_at


def _requested_in_period(volunteer: Volunteer) -> bool:
    return volunteer.renewal_requested_at is not None and volunteer.renewal_requested_at >= last_renewed_at(
        volunteer
    )


@dataclass(frozen=True)
class RenewalDates:
    last: dt.date  # förnyad senast: the last renewal (or confirmation)
    due: dt.date  # when the e-mail asks them to renew
    renew_by: dt.date  # ska förnyas senast: after this day they become inactive


def renewal_dates(volunteer: Volunteer) -> RenewalDates | None:
    """The dates the staff's page shows; None for a volunteer the renewal does not concern (not approved)."""
    if volunteer.status not in RENEWABLE or volunteer.erased_at is not None:
        return None
    last = _local_date(last_renewed_at(volunteer))
    deadline = renew_by(last)
    if _requested_in_period(volunteer):
        # An e-mail sent late (the command did not run, or the period changed) still gives the whole grace period.
        asked = _local_date(volunteer.renewal_requested_at)
        deadline = max(deadline, asked + (renew_by(last) - renewal_due(last)))
    return RenewalDates(last=last, due=renewal_due(last), renew_by=deadline)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _candidates(today: dt.date, municipality_ids=None):
    """Approved volunteers whose period may have run out by `today` (the rule decides each exactly)."""
    queryset = Volunteer.objects.filter(status=Status.APPROVED, erased_at=None)
    if municipality_ids is not None:
        queryset = queryset.filter(municipality_id__in=municipality_ids)
    cutoff = _day_start(add_months(today, -renewal_months(today)) + MARGIN)
    return queryset.annotate(base=Coalesce("renewed_at", "confirmed_at", "created_at")).filter(
        base__lt=cutoff
    )


def due_requests(today: dt.date, municipality_ids=None) -> list[int]:
    """The volunteers to e-mail today: due, and not yet asked in this period."""
    rows = _candidates(today, municipality_ids).filter(
        Q(renewal_requested_at=None) | Q(renewal_requested_at__lt=F("base"))
    )
    return [v.pk for v in rows if renewal_due(_local_date(last_renewed_at(v))) <= today]


def lapsed(today: dt.date, municipality_ids=None) -> list[int]:
    """The volunteers to make inactive today: asked in this period, the last day to renew passed, no running
    match."""
    running = Match.objects.filter(volunteer=OuterRef("pk"), status__in=RUNNING)
    rows = (
        _candidates(today, municipality_ids)
        .filter(renewal_requested_at__gte=F("base"))
        .exclude(Exists(running))
    )
    return [v.pk for v in rows if (dates := renewal_dates(v)) is not None and dates.renew_by < today]


def _send_request(volunteer: Volunteer, token: str, dates: RenewalDates) -> None:
    base = settings.ETABLERA_SITE_URL
    link = base.rstrip("/") + reverse("volunteers_renew", args=[token])
    # The volunteer's language is not kept: the e-mail is in Swedish, as the municipality's own letters are.
    with translation.override("sv"):
        _mail(
            volunteer,
            base,
            _("Vill du fortsätta som volontär?"),
            [
                _("Hej! Du är volontär i %(municipality)s. En gång om året frågar vi om du vill vara kvar.")
                % {"municipality": volunteer.municipality.name},
                _("Vill du fortsätta? Öppna länken och tryck på knappen senast %(date)s: %(link)s")
                % {"date": dates.renew_by.isoformat(), "link": link},
                _(
                    "Om du inte svarar blir du vilande: vi hör inte av oss med nya uppdrag, och dina uppgifter raderas "
                    "efter en tid."
                ),
            ],
        )


def send_requests(today: dt.date | None = None, municipality_ids=None) -> int:
    """E-mail every volunteer due for renewal once; returns how many were sent. Each in its own transaction: the
    row locked and checked again, the token and `renewal_requested_at` saved and the e-mail handed over inside it
    (a failed send rolls the mark back, and the next run tries again)."""
    today = today or timezone.localdate()
    sent = 0
    for pk in due_requests(today, municipality_ids):
        with transaction.atomic():
            volunteer = lock(Volunteer.objects.select_related("municipality").get(pk=pk))
            if volunteer.status != Status.APPROVED or volunteer.erased_at or _requested_in_period(volunteer):
                continue  # renewed, withdrawn or asked meanwhile
            token, token_hash = tokens.new_confirm_token()
            volunteer.renew_token_hash = token_hash
            volunteer.renewal_requested_at = timezone.now()
            volunteer.save(update_fields=["renew_token_hash", "renewal_requested_at"])
            log_change(
                None, AuditEvent.Action.UPDATE, volunteer, "Ombedd att förnya sin anmälan som volontär"
            )
            _send_request(volunteer, token, renewal_dates(volunteer))
            sent += 1
    return sent


def deactivate_lapsed(today: dt.date | None = None, municipality_ids=None) -> int:
    """Make inactive those who did not renew in time; returns how many."""
    today = today or timezone.localdate()
    done = 0
    for pk in lapsed(today, municipality_ids):
        with transaction.atomic():
            volunteer = lock(Volunteer.objects.get(pk=pk))
            dates = renewal_dates(volunteer)
            if volunteer.status != Status.APPROVED or dates is None or dates.renew_by >= today:
                continue
            if not _requested_in_period(volunteer):
                continue
            if Match.objects.filter(volunteer=volunteer, status__in=RUNNING).exists():
                continue
            volunteer.status = Status.INACTIVE
            volunteer.inactive_since = timezone.now()
            volunteer.save(update_fields=["status", "inactive_since"])
            log_change(
                None,
                AuditEvent.Action.UPDATE,
                volunteer,
                "Volontären förnyade inte och är vilande",
                {"status": [Status.APPROVED, Status.INACTIVE]},
            )
            done += 1
    return done


def volunteer_for_renew_token(token: str) -> Volunteer | None:
    """The volunteer the renewal link is for, or None (unknown, used, withdrawn or erased: the page says no more)."""
    if not tokens.looks_like_token(token):
        return None
    return (
        Volunteer.objects.filter(renew_token_hash=tokens.digest(token), status__in=RENEWABLE, erased_at=None)
        .select_related("municipality")
        .first()
    )


@transaction.atomic
def renew(token: str) -> bool:
    """The volunteer wants to remain: renewed now, approved again if they had become inactive; the link is used
    up. False when the link is unknown or already used."""
    volunteer = volunteer_for_renew_token(token)
    if volunteer is None:
        return False
    lock(volunteer)
    if volunteer.status not in RENEWABLE or volunteer.erased_at or not volunteer.renew_token_hash:
        return False
    before = volunteer.status
    volunteer.status = Status.APPROVED
    volunteer.renewed_at = timezone.now()
    volunteer.inactive_since = None
    volunteer.renew_token_hash = ""
    volunteer.save(update_fields=["status", "renewed_at", "inactive_since", "renew_token_hash"])
    log_change(
        None,
        AuditEvent.Action.UPDATE,
        volunteer,
        "Volontären förnyade sin anmälan",
        {"status": [before, Status.APPROVED]} if before != Status.APPROVED else None,
    )
    return True
