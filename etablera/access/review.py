"""Uppföljning av åtkomstloggen: the reads behind the log review page, its export and the API.

Who reviews: unit managers and administrators (REVIEWER_ROLES), each the log of their own municipalities — the
events whose `municipality_code` is theirs, and the events without a municipality (sign-ins, exports) by users who
work there. A person's own access history and the break-glass list are for the same reviewers.

Flags for unusual access (what a reviewer should look at first):
  PROTECTED     the event touched a person with protected identity (AuditEvent.protected)
  BREAK_GLASS   nödåtkomst (AuditEvent.break_glass, or basis BREAK_GLASS)
  OUTSIDE_UNIT  a read whose basis is not the user's own involvement: not RECEPTION, INVOLVED or CONSENT (so ADMIN
                and BREAK_GLASS reads are flagged; consent is a normal way to share)
  MANY_PERSONS  one user read more than N distinct persons within M minutes (dated parameters
                log_review.many_persons_count and log_review.many_persons_minutes in etablera/rules/parameters.py)

Audit summaries are not shown here: some carry free text written by a unit (a task note), and a reviewer of another
board must not read it through the log. The screens say what happened from the action and the kind of record.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.access.audit import log_list, log_read
from etablera.access.models import AuditEvent, BreakGlassAccess
from etablera.access.policy import capabilities
from etablera.organisation.models import Membership, Municipality, Role, Unit, User
from etablera.people.models import Household, HouseholdMember, Person
from etablera.rules import identity
from etablera.rules.parameters import parameter_value

REVIEWER_ROLES = {Role.UNIT_MANAGER, Role.ADMINISTRATOR}
NORMAL_BASES = {"RECEPTION", "INVOLVED", "CONSENT"}
PAGE_SIZE = 50
DEFAULT_PERIOD_DAYS = 30
EXPORT_LIMIT = 100_000
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


BASIS_LABELS = {
    "RECEPTION": _("Mottagningsenheten"),
    "INVOLVED": _("Enheten är involverad"),
    "CONSENT": _("Samtycke"),
    "BREAK_GLASS": _("Nödåtkomst"),
    "ADMIN": _("Administratör"),
}

OBJECT_LABELS = {
    "Person": _("Person"),
    "Household": _("Hushåll"),
    "Task": _("Uppgift"),
    "Assignment": _("Anvisning"),
    "ReceptionCase": _("Mottagande"),
    "Consent": _("Samtycke"),
    "Note": _("Anteckning"),
    "BreakGlassAccess": _("Nödåtkomst"),
    "AccessLog": _("Åtkomstlogg"),
    "RegisterExtract": _("Registerutdrag"),
    "Gallring": _("Gallring"),
    "QuotaReport": _("Kommuntal"),
    "MunicipalQuota": _("Kommuntal"),
    "User": _("Användare"),
    "HousingUnit": _("Bostad"),
    "HousingNeed": _("Bostadsbehov"),
    "Contract": _("Bostadskontrakt"),
    "MatchProposal": _("Matchningsförslag"),
    "MatchRun": _("Matchning"),
}


# --- who reviews ------------------------------------------------------------------------------------------------


def reviewer_municipality_ids(user) -> set[int]:
    """Municipalities whose access log `user` reviews (from the memberships already loaded: no query)."""
    return {m.unit.municipality_id for m in capabilities(user).memberships if m.role in REVIEWER_ROLES}


def is_reviewer(user) -> bool:
    return bool(reviewer_municipality_ids(user))


def reviewer_municipalities(user) -> list[Municipality]:
    found: dict[int, Municipality] = {}
    for membership in capabilities(user).memberships:
        if membership.role in REVIEWER_ROLES:
            found.setdefault(membership.unit.municipality_id, membership.unit.municipality)
    return sorted(found.values(), key=lambda municipality: municipality.name)


def reviewer_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(municipality_id__in=reviewer_municipality_ids(user)).order_by("name")


def reviewer_users(user) -> QuerySet[User]:
    """The users who work in the reviewer's municipalities (the choices of the user filter)."""
    return (
        User.objects.filter(memberships__unit__municipality_id__in=reviewer_municipality_ids(user))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def reviewer_log(user) -> QuerySet[AuditEvent]:
    """Every event the user may review (none for a user who reviews nothing)."""
    municipalities = reviewer_municipalities(user)
    if not municipalities:
        return AuditEvent.objects.none()
    codes = [m.code for m in municipalities]
    works_there = Exists(
        Membership.objects.filter(user=OuterRef("actor_id"), unit__municipality__code__in=codes)
    )
    return AuditEvent.objects.filter(Q(municipality_code__in=codes) | Q(works_there, municipality_code=""))


def get_person_for_review(user, public_id) -> Person:
    """A person of the reviewer's municipalities, or 404 (missing and forbidden look the same)."""
    person = (
        Person.objects.select_related("municipality")
        .filter(public_id=public_id, municipality_id__in=reviewer_municipality_ids(user))
        .first()
    )
    if person is None:
        raise Http404
    return person


def find_person_by_number(user, raw: str) -> Person | None:
    """The person with this identity number in the reviewer's municipalities (sent by POST, never in a URL).
    The look-up is logged when it finds someone."""
    value = normalised_identity_number(raw)
    if not value:
        return None
    person = (
        Person.objects.select_related("municipality")
        .filter(identity_number=value, municipality_id__in=reviewer_municipality_ids(user))
        .first()
    )
    if person is not None:
        log_read(user, person, "Logguppföljning: person vald med identitetsnummer")
    return person


def normalised_identity_number(raw: str) -> str:
    """A typed personnummer, samordningsnummer or dossiernummer in its stored form, or '' if it is none."""
    raw = (raw or "").strip()
    for kind in (identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER, identity.DOSSIERNUMMER):
        try:
            return identity.parse(kind, raw, timezone.localdate()).value
        except identity.IdentityNumberError:
            continue
    return ""


def household_public_ids(person: Person) -> list[uuid.UUID]:
    return list(HouseholdMember.objects.filter(person=person).values_list("household__public_id", flat=True))


def about_person_q(person: Person) -> Q:
    """Events about the person, or about a household they belong to."""
    return Q(person_public_id=person.public_id) | Q(household_public_id__in=household_public_ids(person))


# --- filtering and flags ------------------------------------------------------------------------------------------


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


# --- the page -------------------------------------------------------------------------------------------------


@dataclass
class ReviewRow:
    event: AuditEvent
    flags: list[str]
    units: list[str]
    person: Person | None
    household: Household | None

    @property
    def flag_labels(self) -> list[str]:
        return [Flag.labels[flag] for flag in self.flags]

    @property
    def basis_label(self) -> str:
        return str(BASIS_LABELS.get(self.event.basis, self.event.basis))

    @property
    def object_label(self) -> str:
        return str(OBJECT_LABELS.get(self.event.object_type, self.event.object_type))


@dataclass
class ReviewPage:
    rows: list[ReviewRow]
    count: int  # events matching the filter (all pages; with "only flagged", the flagged ones)
    total: int  # events matching the filter, flagged or not
    flag_counts: dict[str, int]
    flagged: int
    page: int
    pages: int
    period: tuple[dt.date, dt.date]
    filters: LogFilter = field(default_factory=LogFilter)

    @property
    def flag_summary(self) -> list[tuple[str, str, int]]:
        return [(flag, str(Flag.labels[flag]), self.flag_counts[flag]) for flag in Flag.order]


def _counts(query: LogQuery) -> dict[str, int]:
    aggregates = {"total": Count("pk"), "flagged": Count("pk", filter=query.flagged_q())}
    for flag in Flag.order:
        aggregates[flag] = Count("pk", filter=query.flag_q(flag))
    return query.events.aggregate(**aggregates)


def _rows(
    user, query: LogQuery, events: list[AuditEvent], summary: str, *, names: bool = True
) -> list[ReviewRow]:
    """The events with their flags, the actors' units, and (with `names`) the persons and households they name —
    in a fixed number of queries. The persons and households shown are written to the log."""
    mids = reviewer_municipality_ids(user)
    actor_ids = {e.actor_id for e in events if e.actor_id}
    units: dict[int, list[str]] = {}
    for user_id, unit_name in (
        Membership.objects.filter(user_id__in=actor_ids, unit__municipality_id__in=mids)
        .order_by("unit__name")
        .values_list("user_id", "unit__name")
    ):
        if unit_name not in units.setdefault(user_id, []):
            units[user_id].append(unit_name)
    if not names:
        return [
            ReviewRow(
                event=e, flags=query.flags_of(e), units=units.get(e.actor_id, []), person=None, household=None
            )
            for e in events
        ]
    persons = {
        p.public_id: p
        for p in Person.objects.select_related("municipality").filter(
            public_id__in={e.person_public_id for e in events if e.person_public_id}, municipality_id__in=mids
        )
    }
    households = {
        h.public_id: h
        for h in Household.objects.select_related("municipality").filter(
            public_id__in={e.household_public_id for e in events if e.household_public_id},
            municipality_id__in=mids,
        )
    }
    log_list(user, [*persons.values(), *households.values()], summary)
    return [
        ReviewRow(
            event=event,
            flags=query.flags_of(event),
            units=units.get(event.actor_id, []),
            person=persons.get(event.person_public_id),
            household=households.get(event.household_public_id),
        )
        for event in events
    ]


def review_page(user, log_filter: LogFilter, *, page: int = 1, today: dt.date | None = None) -> ReviewPage:
    query = query_log(user, log_filter, today=today)
    counts = _counts(query)
    count = counts["flagged"] if log_filter.only_flagged else counts["total"]
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(1, page), pages)
    listed = query.listed(log_filter.only_flagged).select_related("actor").order_by("-at", "-pk")
    events = list(listed[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    return ReviewPage(
        rows=_rows(user, query, events, "Logguppföljning"),
        count=count,
        total=counts["total"],
        flag_counts={flag: counts[flag] for flag in Flag.order},
        flagged=counts["flagged"],
        page=page,
        pages=pages,
        period=query.period,
        filters=log_filter,
    )


def review_slice(
    user, log_filter: LogFilter, *, limit: int, offset: int, today: dt.date | None = None
) -> tuple[list[ReviewRow], int]:
    """One page for the API: (rows, count)."""
    query = query_log(user, log_filter, today=today)
    listed = query.listed(log_filter.only_flagged)
    events = list(listed.select_related("actor").order_by("-at", "-pk")[offset : offset + limit])
    return _rows(user, query, events, "Logguppföljning (API)"), listed.count()


def export_rows(user, log_filter: LogFilter, *, today: dt.date | None = None) -> list[ReviewRow]:
    """Every matching event (at most EXPORT_LIMIT) for the regular log review's CSV or Excel file: persons and
    households by public id only, so no names are read (the export itself is logged by the caller)."""
    query = query_log(user, log_filter, today=today)
    listed = query.listed(log_filter.only_flagged).select_related("actor").order_by("-at", "-pk")
    return _rows(user, query, list(listed[:EXPORT_LIMIT]), "", names=False)


# --- a person's own access history --------------------------------------------------------------------------------


ACTION_PHRASES = {
    AuditEvent.Action.VIEW: _("läste"),
    AuditEvent.Action.LIST: _("såg i en lista eller ett sökresultat"),
    AuditEvent.Action.CREATE: _("registrerade"),
    AuditEvent.Action.UPDATE: _("ändrade"),
    AuditEvent.Action.DELETE: _("tog bort eller gallrade"),
    AuditEvent.Action.EXPORT: _("lämnade ut eller exporterade"),
    AuditEvent.Action.IMPORT: _("importerade"),
}

SUBJECT_PHRASES = {
    "Person": _("dina personuppgifter"),
    "Household": _("uppgifter om ditt hushåll"),
    "Task": _("en uppgift i ditt ärende"),
    "Assignment": _("anvisningen från Migrationsverket"),
    "ReceptionCase": _("ditt mottagande"),
    "Consent": _("ditt samtycke"),
    "Note": _("en anteckning om dig"),
    "BreakGlassAccess": _("uppgifter om ditt hushåll (nödåtkomst)"),
    "RegisterExtract": _("ett registerutdrag om dig"),
    "AccessLog": _("uppgifter om vem som har läst om dig"),
}


@dataclass
class HistoryRow:
    at: dt.datetime
    who: str
    units: list[str]
    what: str
    break_glass: bool


def describe_for_person(event: AuditEvent) -> str:
    """What happened, in plain Swedish for the person: 'läste dina personuppgifter'."""
    verb = ACTION_PHRASES.get(event.action, event.get_action_display())
    subject = SUBJECT_PHRASES.get(event.object_type, _("uppgifter om dig"))
    text = f"{verb} {subject}"
    return text[:1].upper() + text[1:]


HISTORY_LIMIT = 5000


def access_history(user, person: Person) -> tuple[list[HistoryRow], bool]:
    """Who read or changed what about the person and their household, newest first: (rows, cut_off)."""
    events = list(
        AuditEvent.objects.filter(about_person_q(person))
        .exclude(
            action__in=[AuditEvent.Action.LOGIN, AuditEvent.Action.LOGIN_FAILED, AuditEvent.Action.LOGOUT]
        )
        .select_related("actor")
        .order_by("-at", "-pk")[: HISTORY_LIMIT + 1]
    )
    cut_off = len(events) > HISTORY_LIMIT
    events = events[:HISTORY_LIMIT]
    actor_ids = {e.actor_id for e in events if e.actor_id}
    units: dict[int, list[str]] = {}
    for user_id, unit_name in (
        Membership.objects.filter(user_id__in=actor_ids, unit__municipality_id=person.municipality_id)
        .order_by("unit__name")
        .values_list("user_id", "unit__name")
    ):
        if unit_name not in units.setdefault(user_id, []):
            units[user_id].append(unit_name)
    rows = []
    for event in events:
        if event.actor_id is not None:
            who = event.actor_display  # as named then: a later rename does not rewrite the history
        elif event.channel == AuditEvent.Channel.CLI:
            who = str(_("Systemförvaltningen (kommandorad)"))
        else:
            who = str(_("Systemet (automatiskt)"))
        rows.append(
            HistoryRow(
                at=timezone.localtime(event.at),
                who=who,
                units=units.get(event.actor_id, []),
                what=describe_for_person(event),
                break_glass=event.break_glass or event.basis == "BREAK_GLASS",
            )
        )
    return rows, cut_off


# --- break-glass for review ---------------------------------------------------------------------------------------


def break_glass_for_review(user, *, reviewed: bool = False, limit: int = 200) -> list[BreakGlassAccess]:
    """Nödåtkomster in the reviewer's municipalities: waiting for review (oldest first) or reviewed (newest
    first). The households named are written to the log."""
    rows = BreakGlassAccess.objects.filter(
        municipality_id__in=reviewer_municipality_ids(user), reviewed_at__isnull=not reviewed
    ).select_related("user", "household__municipality", "reviewed_by")
    rows = rows.order_by("-reviewed_at", "-pk") if reviewed else rows.order_by("started_at", "pk")
    found = list(rows[:limit])
    unit_names: dict[int, list[str]] = {}
    for user_id, unit_name in (
        Membership.objects.filter(
            user_id__in={g.user_id for g in found},
            unit__municipality_id__in={g.municipality_id for g in found},
        )
        .order_by("unit__name")
        .values_list("user_id", "unit__name")
    ):
        if unit_name not in unit_names.setdefault(user_id, []):
            unit_names[user_id].append(unit_name)
    for grant in found:
        grant.user_units = unit_names.get(grant.user_id, [])
    log_list(user, {g.household_id: g.household for g in found}.values(), "Granskning av nödåtkomst")
    return found


def get_break_glass_for_review(user, access_id: int) -> BreakGlassAccess:
    grant = (
        BreakGlassAccess.objects.select_related("household", "municipality", "user")
        .filter(pk=access_id, municipality_id__in=reviewer_municipality_ids(user))
        .first()
    )
    if grant is None:
        raise Http404
    return grant
