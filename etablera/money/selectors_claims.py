"""Reading the claim register (issue #15): the list with its filters and sections (overdue, due soon, the rest),
the count for an "overdue" badge, and one claim.

Every read starts from restrict() (the money capability: the user's municipalities' claims). A claim shows no
person's name: its kind, title, period, deadline with its explanation, status and amounts. A household appears only
as a link to its page, and only when restrict() gives the user that household; the households shown are logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from etablera.access.audit import log_list, log_read
from etablera.access.policy import capabilities, get_for_user, restrict
from etablera.money.models import Claim
from etablera.people.models import Household
from etablera.rules.deadlines import Deadline
from etablera.rules.parameters import parameter_value

# How far ahead "due soon" looks when the user chooses nothing (the list's filter "sista dag inom N dagar").


def due_soon_days(today: dt.date | None = None) -> int:
    """How far ahead the list's "due soon" looks: the municipality's own parameter `money.claims_due_soon_days`."""
    return parameter_value("money.claims_due_soon_days", today or timezone.localdate())


MAX_DAYS = 3660  # ten years ahead: a bound for the filter, not a rule


@dataclass
class ClaimRow:
    claim: Claim
    deadline: Deadline | None  # the stored explanation, in the reader's language
    household: Household | None  # only a household the user sees
    overdue: bool

    @property
    def to_apply(self) -> bool:
        return self.claim.status == Claim.Status.TO_APPLY


@dataclass
class ClaimFilters:
    municipality_id: int | None = None
    status: str = ""
    kind: str = ""
    due_within: int | None = None  # days: to apply, with the deadline from today to today + N
    overdue: bool | None = None  # True: only overdue; False: none overdue


def overdue_q(today: dt.date) -> Q:
    """Still to apply for, and the day to apply by has passed."""
    return Q(status=Claim.Status.TO_APPLY, deadline__lt=today)


def due_q(today: dt.date, days: int) -> Q:
    return Q(status=Claim.Status.TO_APPLY, deadline__gte=today, deadline__lte=today + dt.timedelta(days=days))


def visible(user) -> QuerySet:
    return restrict(user, Claim.objects.select_related("municipality"))


def check_filters(filters: ClaimFilters) -> None:
    """Unknown values refused at their names (the API's query parameters; the page's form checks its own)."""
    errors = {}
    if filters.status and filters.status not in Claim.Status.values:
        errors["status"] = _("Okänd status: välj TO_APPLY, APPLIED, GRANTED, PAID eller REFUSED.")
    if filters.kind and filters.kind not in Claim.Kind.values:
        errors["kind"] = _("Okänd ersättning: välj en av de ersättningar som listas.")
    if filters.due_within is not None and not 0 <= filters.due_within <= MAX_DAYS:
        errors["due_within_days"] = _("Ange antal dagar från 0 till %(max)s.") % {"max": MAX_DAYS}
    if errors:
        raise ValidationError(errors)


def claims(user, filters: ClaimFilters, today: dt.date) -> QuerySet:
    """The user's claims by the filters, by deadline."""
    check_filters(filters)
    queryset = visible(user)
    if filters.municipality_id is not None:
        queryset = queryset.filter(municipality_id=filters.municipality_id)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.due_within is not None:
        queryset = queryset.filter(due_q(today, filters.due_within))
    if filters.overdue is True:
        queryset = queryset.filter(overdue_q(today))
    elif filters.overdue is False:
        queryset = queryset.exclude(overdue_q(today))
    return queryset.order_by("deadline", "pk")


def overdue_count(user, today: dt.date, municipality_id: int | None = None) -> int:
    """For the badge: claims still to apply for past their deadline, of the user's municipalities — or of the one
    `municipality_id` a page shows (the overview), which the badge's link then lists."""
    if not capabilities(user).money_municipality_ids:
        return 0
    queryset = visible(user).filter(overdue_q(today))
    if municipality_id is not None:
        queryset = queryset.filter(municipality_id=municipality_id)
    return queryset.count()


def _deadline(claim: Claim) -> Deadline | None:
    return Deadline.from_json(claim.deadline_rule) if claim.deadline_rule else None


def rows(
    user, found: list[Claim], today: dt.date, summary: str = "Ansökningar om ersättning"
) -> list[ClaimRow]:
    """The claims as rows, each household the user sees linked (and logged as listed)."""
    ids = {claim.household_id for claim in found if claim.household_id}
    seen: dict[int, Household] = {}
    if ids:
        seen = {
            h.pk: h
            for h in restrict(user, Household.objects.filter(pk__in=ids).select_related("municipality"))
        }
        log_list(user, seen.values(), summary)
    return [
        ClaimRow(
            claim=claim,
            deadline=_deadline(claim),
            household=seen.get(claim.household_id),
            overdue=claim.status == Claim.Status.TO_APPLY and claim.deadline < today,
        )
        for claim in found
    ]


def claim_row(user, pk: int, today: dt.date) -> ClaimRow:
    """One claim the user sees (404 otherwise, missing or not), its household linked if seen and then logged."""
    claim = get_for_user(user, Claim.objects.select_related("municipality"), pk=pk)
    household = None
    if claim.household_id:
        household = restrict(
            user, Household.objects.filter(pk=claim.household_id).select_related("municipality")
        ).first()
        if household is not None:
            log_read(user, household, "Ansökan om ersättning")
    return ClaimRow(
        claim=claim,
        deadline=_deadline(claim),
        household=household,
        overdue=claim.status == Claim.Status.TO_APPLY and claim.deadline < today,
    )


@dataclass
class Sections:
    overdue: list[ClaimRow]
    due_soon: list[ClaimRow]
    rest: list[ClaimRow]


def sections(found: list[ClaimRow], today: dt.date, days: int) -> Sections:
    """Overdue first (still to apply for, the deadline passed), then those to apply for within `days`, then the
    rest — each in deadline order."""
    limit = today + dt.timedelta(days=days)
    overdue = [r for r in found if r.overdue]
    soon = [
        r
        for r in found
        if not r.overdue and r.claim.status == Claim.Status.TO_APPLY and r.claim.deadline <= limit
    ]
    taken = {id(r) for r in overdue + soon}
    return Sections(overdue, soon, [r for r in found if id(r) not in taken])
