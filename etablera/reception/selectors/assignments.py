"""Anvisningar, kommuntal and process templates as a user may see them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from etablera.access.audit import log_list, log_read
from etablera.access.policy import (
    capabilities,
    get_for_user,
    restrict,
)
from etablera.people.models import HouseholdMember
from etablera.reception.models import Assignment


def assignments_for_user(user) -> QuerySet[Assignment]:
    # Only the user's own municipalities can hold anything restrict() lets through (an anvisning's household is of
    # the anvisning's municipality): saying so first lets the database use the municipality index instead of
    # testing the policy's OR on every anvisning of the year in the country (docs/performance.md).
    mine = Assignment.objects.filter(municipality_id__in=capabilities(user).staff_municipality_ids)
    return restrict(user, mine).select_related("household__municipality", "municipality")


def upcoming_arrivals(user, *, limit: int = 50) -> list[Assignment]:
    rows = list(
        assignments_for_user(user)
        .filter(status=Assignment.Status.ASSIGNED)
        .prefetch_related(
            Prefetch("household__memberships", queryset=HouseholdMember.objects.select_related("person"))
        )
        .order_by("latest_reception_date", "reference")[:limit]
    )
    log_list(user, [a.household for a in rows if a.household], "Kommande ankomster")
    return rows


def get_assignment_for_user(user, assignment_id: int) -> Assignment:
    assignment = get_for_user(
        user, Assignment.objects.select_related("household", "municipality"), pk=assignment_id
    )
    if assignment.household:
        log_read(user, assignment.household, "Anvisning")
    return assignment


@dataclass
class AssignmentPage:
    """One page of the anvisningar list: the rows shown and how many there are in all (for "Visar 1–50 av 312")."""

    rows: list[Assignment]
    count: int
    offset: int
    limit: int

    @property
    def first(self) -> int:
        return self.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.rows)

    @property
    def number(self) -> int:
        return self.offset // self.limit + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.limit))


def list_assignments(
    user,
    *,
    status: str | None = None,
    year: int | None = None,
    category: str | None = None,
    reference: str = "",
    name: str = "",
    limit: int = 50,
    offset: int = 0,
) -> AssignmentPage:
    """The anvisningar list page: those still to be received first (by latest reception date), then the others,
    newest decision first; filtered by kommuntal year, status and category, searched by reference (a part of it)
    or by a member's name (accents and case ignored, every word), one page at a time. The households named on the
    page are logged as listed; the count is a number and logs nothing."""
    from django.db.models import Case, F, IntegerField, Value, When

    from etablera.people.names import search_key
    from etablera.reception.selectors.search import matching_member_households

    waiting = Q(status=Assignment.Status.ASSIGNED)
    rows = assignments_for_user(user)
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(quota_year=year)
    if category:
        rows = rows.filter(category=category)
    if reference.strip():
        rows = rows.filter(reference__icontains=reference.strip())
    words = search_key(name).split()[:5]
    if name.strip() and not words:
        rows = rows.none()
    for word in words:
        rows = rows.filter(household_id__in=matching_member_households(user, word))
    count = rows.count()
    offset = min(max(offset, 0), max(0, count - 1) // limit * limit)
    page_rows = list(
        rows.annotate(
            waiting_first=Case(When(waiting, then=Value(0)), default=Value(1), output_field=IntegerField()),
            waiting_latest=Case(When(waiting, then=F("latest_reception_date"))),
        ).order_by("waiting_first", "waiting_latest", "-decision_date", "reference", "pk")[
            offset : offset + limit
        ]
    )
    log_list(user, [a.household for a in page_rows if a.household], "Anvisningar")
    return AssignmentPage(rows=page_rows, count=count, offset=offset, limit=limit)


def assignment_years(user) -> list[int]:
    """The kommuntal years the user's assignments count against, newest first (for the list filter)."""
    return list(
        assignments_for_user(user).order_by("-quota_year").values_list("quota_year", flat=True).distinct()
    )


# --- process templates (no personal data; administrators of a municipality) ------------------------------------


def templates_for_user(user) -> list:
    """The national default and the templates of the municipalities the user administers."""
    from etablera.reception.models import ProcessTemplate

    admin_ids = capabilities(user).admin_municipality_ids
    if not admin_ids:
        return []
    return list(
        ProcessTemplate.objects.filter(Q(municipality=None) | Q(municipality_id__in=admin_ids))
        .select_related("municipality")
        .annotate(step_count=Count("steps"))
        .order_by("municipality__code", "name")
    )


def get_template_for_user(user, template_id: int):
    """One template with its steps, or 404 — only for administrators, only the national default or their own."""
    from django.http import Http404

    from etablera.reception.models import ProcessTemplate, TemplateStep

    admin_ids = capabilities(user).admin_municipality_ids
    template = (
        ProcessTemplate.objects.filter(
            Q(municipality=None) | Q(municipality_id__in=admin_ids), pk=template_id
        )
        .select_related("municipality")
        .prefetch_related(Prefetch("steps", queryset=TemplateStep.objects.order_by("order", "pk")))
        .first()
    )
    if template is None or not admin_ids:
        raise Http404
    return template


# --- for the API: quotas and reception cases --------------------------------------------------------------------


def quotas(
    *, year: int | None = None, municipality_code: str | None = None, county_code: str | None = None
) -> QuerySet:
    """Kommuntal are public figures (no personal data): anyone signed in may read them."""
    from etablera.reception.models import MonthlyQuota, MunicipalQuota

    rows = (
        MunicipalQuota.objects.select_related("municipality__county")
        .prefetch_related(Prefetch("months", queryset=MonthlyQuota.objects.order_by("month")))
        .order_by("-year", "municipality__code")
    )
    if year:
        rows = rows.filter(year=year)
    if municipality_code:
        rows = rows.filter(municipality__code=municipality_code)
    if county_code:
        rows = rows.filter(municipality__county__code=county_code)
    return rows
