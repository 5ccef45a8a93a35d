"""The log review page, its API slice and its export: the filtered events as rows with their flags, the actors'
units, and the persons and households they name, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from etablera.access.audit import log_list
from etablera.access.models import AuditEvent
from etablera.access.review.flags import Flag, LogFilter, LogQuery, query_log
from etablera.access.review.reviewers import reviewer_municipality_ids
from etablera.organisation.models import Membership
from etablera.people.models import Household, Person

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000

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
