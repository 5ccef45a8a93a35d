"""The activity requirement as social services read it (issue #13): one person's page — where they stand and why,
the support months, exemptions, capacity, the plan and the deviations — and the municipality's lists: who is
covered now, whose requirement starts within 30 days, plans missing, attendance below plan last week, and
deviations to assess.

Every read starts from restrict() (section SOCIAL; a capacity of section HEALTH for the region) and is logged. Where a
person stands is computed by rules.activity from what the reader may see, each time (activity/coverage.py); its
reasons are messages, shown in the reader's language."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from etablera.access.audit import log_list, log_read
from etablera.access.policy import capabilities, get_for_user, restrict, restrict_to_seen, visible_sections
from etablera.access.sections import Section
from etablera.activity.coverage import PersonCoverage, coverage_list
from etablera.activity.models import (
    Attendance,
    CapacityAssessment,
    Deviation,
    Exemption,
    Participation,
    RequirementPlan,
    SupportMonth,
)
from etablera.people.models import Person
from etablera.rules import activity as rules
from etablera.rules.deadlines import render

MONTHS_SHOWN = 24


def explain(messages) -> list[str]:
    """The rule's reasons in the reader's language (the grounds and sources inside them too)."""
    return [render(message, gettext) for message in messages]


def _holds(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


@dataclass
class RequirementPage:
    person: Person
    sections: set[str]
    as_of: dt.date
    coverage: rules.Coverage | None = None
    reasons: list[str] = field(default_factory=list)
    demanded_hours: Decimal | None = None
    demanded_reasons: list[str] = field(default_factory=list)
    months: list[SupportMonth] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)
    capacities: list[CapacityAssessment] = field(default_factory=list)
    plan: RequirementPlan | None = None
    earlier_plans: list[RequirementPlan] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)
    may_write: bool = False

    @property
    def sees_social(self) -> bool:
        return Section.SOCIAL in self.sections


def get_person(user, public_id) -> Person:
    """The person, if the user sees them (else 404); 403 for one who sees them but neither section SOCIAL nor
    HEALTH (the requirement's records are social services', a capacity the region's)."""
    from etablera.access.selectors import person_basis

    person = get_for_user(user, Person.objects.select_related("municipality"), public_id=public_id)
    sections = visible_sections(user, [person])[person.pk]
    if not sections & {Section.SOCIAL, Section.HEALTH}:
        raise PermissionDenied(gettext("Aktivitetskravet är socialtjänstens uppgifter om personen."))
    log_read(user, person, "Aktivitetskravet", basis=person_basis(user, person))
    person._requirement_sections = sections
    return person


def person_requirement(user, public_id, as_of: dt.date | None = None) -> RequirementPage:
    person = get_person(user, public_id)
    as_of = as_of or timezone.localdate()
    data = RequirementPage(person=person, sections=person._requirement_sections, as_of=as_of)
    data.capacities = list(
        restrict(user, CapacityAssessment.objects.filter(person=person)).select_related("created_by")
    )
    if not data.sees_social:
        return data  # the region: its capacity assessments only
    data.may_write = person.municipality_id in capabilities(user).social_services_municipality_ids
    data.months = list(
        restrict(user, SupportMonth.objects.filter(persons=person))
        .select_related("household")
        .prefetch_related("persons")
        .order_by("-month")[:MONTHS_SHOWN]
    )
    data.exemptions = list(restrict(user, Exemption.objects.filter(person=person)))
    plans = list(
        restrict(user, RequirementPlan.objects.filter(person=person)).select_related(
            "unit", "individual_plan"
        )
    )
    data.plan = next((p for p in plans if p.status == RequirementPlan.Status.ACTIVE), None)
    data.earlier_plans = [p for p in plans if p is not data.plan]
    data.deviations = list(
        restrict(user, Deviation.objects.filter(person=person)).select_related(
            "reported_by", "reported_unit", "assessed_by", "participation"
        )
    )
    data.coverage = rules.coverage(
        birth_date=person.birth_date,
        support_months=[m.month for m in data.months],
        exemptions=[e.period() for e in data.exemptions],
        as_of=as_of,
    )
    data.reasons = explain(data.coverage.reasons)
    if data.coverage.state in (rules.COVERED, rules.UPCOMING):
        capacity = next(
            (
                c.hours_per_week
                for c in sorted(data.capacities, key=lambda c: (c.valid_from, c.pk), reverse=True)
                if c.valid_from <= as_of and (c.valid_until is None or c.valid_until >= as_of)
            ),
            None,
        )
        work = sum(
            (
                hours
                for hours in Participation.objects.filter(
                    person=person, kind=Participation.Kind.WORK, starts_on__lte=as_of
                )
                .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=as_of))
                .values_list("hours_per_week", flat=True)
            ),
            Decimal(0),
        )
        demanded, reasons = rules.required_hours(capacity, work, as_of)
        data.demanded_hours, data.demanded_reasons = demanded, explain(reasons)
    return data


# --- the lists for social services ---------------------------------------------------------------------------------

LISTS = ("covered", "soon", "plans_missing", "below_plan", "deviations")


@dataclass
class BelowPlan:
    row: PersonCoverage
    planned: Decimal
    attended: Decimal


@dataclass
class RequirementLists:
    as_of: dt.date
    week: dt.date  # last week's Monday
    rows: list[PersonCoverage]
    covered: list[PersonCoverage]
    soon: list[PersonCoverage]
    plans_missing: list[PersonCoverage]
    below_plan: list[BelowPlan]
    deviations: list[Deviation]

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in LISTS}


def explained(row: PersonCoverage) -> list[str]:
    return explain(row.coverage.reasons)


def _below_plan(user, rows: list[PersonCoverage], monday: dt.date) -> list[BelowPlan]:
    """Last week's planned hours (the participations that ran in it, part-time work aside) against the hours
    attended, for the persons under the requirement; below the municipality's share is followed up."""
    sunday = monday + dt.timedelta(days=6)
    persons = {r.person.pk: r for r in rows if r.coverage.state == rules.COVERED}
    running = (
        restrict_to_seen(
            user, Participation.objects.all(), list(persons)
        )  # the persons came through restrict()
        .exclude(kind=Participation.Kind.WORK)
        .filter(starts_on__lte=sunday)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=monday))
    )
    planned: dict[int, Decimal] = defaultdict(Decimal)
    for person_id, hours in running.values_list("person_id", "hours_per_week"):
        planned[person_id] += hours
    attended: dict[int, Decimal] = defaultdict(Decimal)
    for person_id, hours in Attendance.objects.filter(participation__in=running, week=monday).values_list(
        "participation__person_id", "hours_attended"
    ):
        attended[person_id] += hours
    return [
        BelowPlan(persons[pid], planned[pid], attended[pid])
        for pid in planned
        if rules.attendance_below_plan(planned[pid], attended[pid], monday)
    ]


def _deviations_to_assess(user, municipality_id: int, rows: list[PersonCoverage]) -> list[Deviation]:
    """The municipality's deviations waiting for an assessment that the user may read. Those of the persons in the
    list (seen: their months came through restrict()) need only section SOCIAL; any other person's go through
    restrict() — the same answer as restrict() on them all, without compiling the person's whole reach into the
    query of a page that has just read it."""
    candidates = Deviation.objects.filter(municipality_id=municipality_id, status=Deviation.Status.TO_ASSESS)
    listed = {r.person.pk for r in rows}
    persons = set(candidates.values_list("person_id", flat=True))
    allowed = set(
        restrict_to_seen(user, candidates, persons & listed, Section.SOCIAL).values_list("pk", flat=True)
    )
    if persons - listed:
        allowed |= set(
            restrict(user, candidates.filter(person_id__in=persons - listed)).values_list("pk", flat=True)
        )
    return list(
        Deviation.objects.filter(pk__in=allowed)
        .select_related("person", "reported_unit", "participation")
        .order_by("occurred_on", "pk")
    )


def requirement_lists(user, municipality_id: int, as_of: dt.date | None = None) -> RequirementLists:
    """The lists for social services of the municipality (403 for anyone else)."""
    if municipality_id not in capabilities(user).social_services_municipality_ids:
        raise PermissionDenied(gettext("Listorna för aktivitetskravet är socialtjänstens."))
    as_of = as_of or timezone.localdate()
    rows = coverage_list(user, municipality_id, as_of)
    monday = as_of - dt.timedelta(days=as_of.weekday() + 7)
    deviations = _deviations_to_assess(user, municipality_id, rows)
    log_list(user, [d.person for d in deviations], "Aktivitetskravet: avvikelser att bedöma")
    return RequirementLists(
        as_of=as_of,
        week=monday,
        rows=rows,
        covered=[r for r in rows if r.coverage.covered],
        soon=[r for r in rows if r.starts_soon],
        plans_missing=[r for r in rows if r.plan_missing],
        below_plan=_below_plan(user, rows, monday),
        deviations=deviations,
    )


def deviations_for(user, municipality_id: int, status: str = "") -> list[Deviation]:
    """The municipality's deviations for social services (the ones to assess first), logged as a list."""
    if municipality_id not in capabilities(user).social_services_municipality_ids:
        raise PermissionDenied(gettext("Avvikelserna bedöms av socialtjänsten."))
    queryset = restrict(user, Deviation.objects.all()).filter(municipality_id=municipality_id)
    if status:
        queryset = queryset.filter(status=status)
    deviations = list(
        queryset.select_related(
            "person", "reported_unit", "reported_by", "assessed_by", "participation"
        ).order_by("-status", "-occurred_on", "-pk")[:500]
    )
    log_list(user, [d.person for d in deviations], "Aktivitetskravet: avvikelser")
    return deviations


def deviation_for(user, public_id) -> Deviation:
    return get_for_user(user, Deviation.objects.select_related("person"), public_id=public_id)
