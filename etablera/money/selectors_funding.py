"""Reading where the schablon goes (issue #15): a year's pot or split as the pages and the API show it — the budget,
what was applied for, granted and spent, what is left; the same per applicant; for a split, each recipient's share
and amount and what is not distributed.

Every read starts from restrict() (access/visibility/money.py: the money users of the municipality). The pot and
the split name units and associations, never persons, so nothing here is logged as a read of personal data. A year
costs three queries whatever its number of applications (the year, its applications, its shares)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from etablera.access.policy import get_for_user, restrict
from etablera.money.models import FundingYear, PotApplication, SplitShare
from etablera.money.services.funding import GRANTED, share_amount
from etablera.organisation.models import Unit


@dataclass
class ApplicantRow:
    """One applicant's applications of the year, summed."""

    label: str
    unit_id: int | None
    applications: int = 0
    applied: int = 0
    granted: int = 0
    spent: int = 0


@dataclass
class RecipientRow:
    share: SplitShare
    label: str
    percent: Decimal
    amount: int


@dataclass
class FundingSummary:
    funding_year: FundingYear
    applications: list[PotApplication] = field(default_factory=list)
    applicants: list[ApplicantRow] = field(default_factory=list)
    recipients: list[RecipientRow] = field(default_factory=list)

    @property
    def is_pot(self) -> bool:
        return self.funding_year.model == FundingYear.Model.POT

    @property
    def budget(self) -> int:
        return self.funding_year.budget

    @property
    def applied(self) -> int:
        return sum(a.amount_applied for a in self.applications)

    @property
    def granted(self) -> int:
        return sum(a.amount_granted or 0 for a in self.applications if a.status in GRANTED)

    @property
    def spent(self) -> int:
        return sum(a.spent or 0 for a in self.applications if a.status == PotApplication.Status.REPORTED)

    @property
    def remaining(self) -> int:
        """What is left of the budget to grant (the pot)."""
        return self.budget - self.granted

    @property
    def percent_total(self) -> Decimal:
        return sum((r.percent for r in self.recipients), Decimal(0))

    @property
    def distributed(self) -> int:
        return sum(r.amount for r in self.recipients)

    @property
    def undistributed(self) -> int:
        """Ej fördelat: the percent not given to anyone, and what rounding down to whole kronor leaves."""
        return self.budget - self.distributed


def applicant_label(application: PotApplication) -> str:
    return application.applicant_unit.name if application.applicant_unit_id else application.applicant_name


def visible_years(user) -> QuerySet[FundingYear]:
    return restrict(user, FundingYear.objects.select_related("municipality"))


def years_set_up(user, municipality_id: int) -> list[int]:
    """The years of the municipality that have a model and a budget, newest first."""
    years = visible_years(user).filter(municipality_id=municipality_id).order_by("-year")
    return list(years.values_list("year", flat=True))


def funding_year(user, municipality_id: int, year: int) -> FundingYear | None:
    return visible_years(user).filter(municipality_id=municipality_id, year=year).first()


def applications(user, funding_year: FundingYear) -> QuerySet[PotApplication]:
    """The year's applications, by period and when they came in."""
    return (
        restrict(user, PotApplication.objects.filter(funding_year=funding_year))
        .select_related("applicant_unit", "funding_year__municipality")
        .order_by("period_start", "pk")
    )


def _applicants(found: list[PotApplication]) -> list[ApplicantRow]:
    rows: dict[tuple, ApplicantRow] = {}
    for application in found:
        unit_id = application.applicant_unit_id
        key = ("unit", unit_id) if unit_id else ("name", application.applicant_name.casefold())
        row = rows.setdefault(key, ApplicantRow(applicant_label(application), unit_id))
        row.applications += 1
        row.applied += application.amount_applied
        if application.status in GRANTED:
            row.granted += application.amount_granted or 0
        if application.status == PotApplication.Status.REPORTED:
            row.spent += application.spent or 0
    return sorted(rows.values(), key=lambda r: (-r.granted, -r.applied, r.label.casefold()))


def _recipients(funding_year: FundingYear, shares: list[SplitShare]) -> list[RecipientRow]:
    return [
        RecipientRow(
            share=share,
            label=share.recipient_unit.name if share.recipient_unit_id else share.recipient_name,
            percent=share.percent,
            amount=share_amount(funding_year.budget, share.percent),
        )
        for share in shares
    ]


def summary(user, municipality_id: int, year: int) -> FundingSummary | None:
    """The year as the user sees it, or None when it is not set up (or not the user's to see)."""
    found = funding_year(user, municipality_id, year)
    if found is None:
        return None
    return summary_of(user, found)


def summary_of(user, found: FundingYear) -> FundingSummary:
    listed = list(applications(user, found))
    shares = list(
        restrict(user, SplitShare.objects.filter(funding_year=found))
        .select_related("recipient_unit")
        .order_by("-percent", "pk")
    )
    return FundingSummary(
        funding_year=found,
        applications=listed,
        applicants=_applicants(listed),
        recipients=_recipients(found, shares),
    )


def application_for_user(user, pk: int) -> PotApplication:
    """One application the user sees, or 404 (missing and not the user's alike)."""
    return get_for_user(
        user,
        PotApplication.objects.select_related("funding_year__municipality", "applicant_unit", "decided_by"),
        pk=pk,
    )


def share_for_user(user, funding_year: FundingYear, pk: int) -> SplitShare | None:
    return (
        restrict(user, SplitShare.objects.filter(funding_year=funding_year, pk=pk))
        .select_related("funding_year__municipality")
        .first()
    )


def units_of(municipality_id: int) -> list[Unit]:
    """The municipality's active units, to apply or receive a share as (the form's choices)."""
    return list(
        Unit.objects.municipal()
        .filter(municipality_id=municipality_id, is_active=True)
        .order_by("name", "pk")
    )
