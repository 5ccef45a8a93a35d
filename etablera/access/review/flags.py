"""The log review's filter and its flags for unusual access: which events a reviewer's filter selects (`query_log`),
and which of them to look at first (`Flag`; `LogQuery.flags_of`), with the bursts of many persons read in a short
time (`find_bursts`)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.access.models import AuditEvent
from etablera.access.review.reviewers import about_person_q, reviewer_log
from etablera.organisation.models import Membership
from etablera.people.models import Person
from etablera.rules.parameters import parameter_value

NORMAL_BASES = {"RECEPTION", "INVOLVED", "CONSENT"}
DEFAULT_PERIOD_DAYS = 30
NEVER = Q(
    pk__isnull=True
)  # a condition no row meets (an empty `pk__in` would not compile inside an aggregate)


class Flag:
    PROTECTED = "PROTECTED"
    BREAK_GLASS = "BREAK_GLASS"
    OUTSIDE_UNIT = "OUTSIDE_UNIT"
    MANY_PERSONS = "MANY_PERSONS"

    labels = {
        PROTECTED: _("Skyddade personuppgifter"),
        BREAK_GLASS: _("Nödåtkomst"),
        OUTSIDE_UNIT: _("Utanför egen enhet"),
        MANY_PERSONS: _("Många personer på kort tid"),
    }
    order = (PROTECTED, BREAK_GLASS, OUTSIDE_UNIT, MANY_PERSONS)


@dataclass
class LogFilter:
    person: Person | None = None
    user_id: int | None = None
    unit_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    action: str = ""
    only_flagged: bool = False

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        """The period searched: as given, else the last DEFAULT_PERIOD_DAYS days up to `date_to` (or today)."""
        end = self.date_to or today
        start = self.date_from or end - dt.timedelta(days=DEFAULT_PERIOD_DAYS)
        return start, end

    def describe(self) -> str:
        """For the audit event of an export: the filter, with the person by public id only."""
        parts = []
        if self.person is not None:
            parts.append(f"person {self.person.public_id}")
        if self.user_id:
            parts.append(f"användare {self.user_id}")
        if self.unit_id:
            parts.append(f"enhet {self.unit_id}")
        if self.action:
            parts.append(f"händelse {self.action}")
        if self.only_flagged:
            parts.append("endast flaggade")
        return ", ".join(parts)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class Burst:
    actor_id: int
    start: dt.datetime
    end: dt.datetime


def find_bursts(
    events: Iterable[tuple[int, dt.datetime, uuid.UUID]], limit: int, minutes: int
) -> list[Burst]:
    """Periods in which one user read more than `limit` distinct persons within `minutes`.

    `events`: (actor_id, at, person_public_id) sorted by actor and time. A sliding window per actor; overlapping
    windows are merged, so a long burst is one period.
    """
    window = dt.timedelta(minutes=minutes)
    bursts: list[Burst] = []
    current_actor = None
    recent: deque[tuple[dt.datetime, uuid.UUID]] = deque()
    seen: Counter[uuid.UUID] = Counter()
    for actor_id, at, person in events:
        if actor_id != current_actor:
            current_actor, recent, seen = actor_id, deque(), Counter()
        recent.append((at, person))
        seen[person] += 1
        while recent and recent[0][0] < at - window:
            _old_at, old_person = recent.popleft()
            seen[old_person] -= 1
            if not seen[old_person]:
                del seen[old_person]
        if len(seen) > limit:
            start = recent[0][0]
            last = bursts[-1] if bursts else None
            if last is not None and last.actor_id == actor_id and start <= last.end:
                last.end = at
            else:
                bursts.append(Burst(actor_id, start, at))
    return bursts


@dataclass
class LogQuery:
    """A filtered log, with what is needed to flag its events."""

    events: QuerySet[AuditEvent]  # filtered, not yet narrowed to flagged
    bursts: list[Burst]
    period: tuple[dt.date, dt.date]

    def many_persons_q(self) -> Q:
        q = NEVER
        for burst in self.bursts:
            q |= Q(actor_id=burst.actor_id, at__gte=burst.start, at__lte=burst.end)
        return Q(action=AuditEvent.Action.VIEW, person_public_id__isnull=False) & q

    def flag_q(self, flag: str) -> Q:
        if flag == Flag.PROTECTED:
            return Q(protected=True)
        if flag == Flag.BREAK_GLASS:
            return Q(break_glass=True) | Q(basis="BREAK_GLASS")
        if flag == Flag.OUTSIDE_UNIT:
            return Q(action=AuditEvent.Action.VIEW) & ~Q(basis="") & ~Q(basis__in=NORMAL_BASES)
        return self.many_persons_q()

    def flagged_q(self) -> Q:
        q = NEVER
        for flag in Flag.order:
            q |= self.flag_q(flag)
        return q

    def flags_of(self, event: AuditEvent) -> list[str]:
        flags = []
        if event.protected:
            flags.append(Flag.PROTECTED)
        if event.break_glass or event.basis == "BREAK_GLASS":
            flags.append(Flag.BREAK_GLASS)
        if event.action == AuditEvent.Action.VIEW and event.basis and event.basis not in NORMAL_BASES:
            flags.append(Flag.OUTSIDE_UNIT)
        if event.action == AuditEvent.Action.VIEW and event.person_public_id and self._in_burst(event):
            flags.append(Flag.MANY_PERSONS)
        return flags

    def _in_burst(self, event: AuditEvent) -> bool:
        return any(b.actor_id == event.actor_id and b.start <= event.at <= b.end for b in self.bursts)

    def listed(self, only_flagged: bool) -> QuerySet[AuditEvent]:
        return self.events.filter(self.flagged_q()) if only_flagged else self.events


def query_log(user, log_filter: LogFilter, *, today: dt.date | None = None) -> LogQuery:
    today = today or timezone.localdate()
    start, end = log_filter.period(today)
    events = reviewer_log(user).filter(at__gte=_start_of(start), at__lt=_start_of(end + dt.timedelta(days=1)))
    if log_filter.user_id:
        events = events.filter(actor_id=log_filter.user_id)
    if log_filter.unit_id:
        events = events.filter(
            Exists(Membership.objects.filter(user=OuterRef("actor_id"), unit_id=log_filter.unit_id))
        )
    # The bursts are about a user's reading of every person, so they are found before the person and action
    # filters narrow the list.
    bursts = _bursts(events, today)
    if log_filter.person is not None:
        events = events.filter(about_person_q(log_filter.person))
    if log_filter.action:
        events = events.filter(action=log_filter.action)
    return LogQuery(events=events, bursts=bursts, period=(start, end))


def _bursts(events: QuerySet[AuditEvent], today: dt.date) -> list[Burst]:
    limit = parameter_value("log_review.many_persons_count", today)
    minutes = parameter_value("log_review.many_persons_minutes", today)
    reads = events.filter(action=AuditEvent.Action.VIEW, person_public_id__isnull=False, actor__isnull=False)
    # Only users who read more than `limit` persons in the whole period can have a burst.
    busy = [
        row["actor_id"]
        for row in reads.values("actor_id")
        .annotate(persons=Count("person_public_id", distinct=True))
        .filter(persons__gt=limit)
    ]
    if not busy:
        return []
    rows = reads.filter(actor_id__in=busy).order_by("actor_id", "at", "pk")
    return find_bursts(rows.values_list("actor_id", "at", "person_public_id").iterator(), limit, minutes)
