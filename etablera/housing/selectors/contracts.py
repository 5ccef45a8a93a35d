"""The reads of contracts: the user's contracts (filtered for the API), those ending within 90 days, and one
contract. A contract's home is the household's address: each row says whether it is masked, and each household
shown is logged once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from etablera.access.audit import log_list, log_read
from etablera.access.policy import get_for_user, restrict
from etablera.housing.models import Contract, HousingUnit
from etablera.housing.protection import mark_beside_households, protected_household_ids
from etablera.housing.selectors.common import SIGNED, _today
from etablera.housing.status import temporary_housing_q
from etablera.people.models import Household
from etablera.rules.parameters import parameter_value


def contracts_for_user(user) -> QuerySet[Contract]:
    return restrict(user, Contract.objects.all()).select_related("household__municipality", "unit")


@dataclass
class ContractRow:
    contract: Contract
    address_masked: bool
    months: float = 0.0  # how long the household has lived there (temporary housing)

    @property
    def household(self) -> Household:
        return self.contract.household


def _contract_rows(
    user, contracts: list[Contract], summary: str, on: dt.date | None = None
) -> list[ContractRow]:
    mark_beside_households(contracts)
    rows = [
        ContractRow(c, c.address_masked, ((on - c.start_date).days / (365 / 12)) if on else 0.0)
        for c in contracts
    ]
    log_list(user, {c.household_id: c.household for c in contracts}.values(), summary)
    return rows


def contracts_ending(user, *, on: dt.date | None = None, within_days: int | None = None) -> list[ContractRow]:
    """Signed contracts whose last day falls within the next 90 days (local policy), the soonest first."""
    on = _today(on)
    days = within_days if within_days is not None else parameter_value("housing.ending_soon_days", on)
    contracts = list(
        contracts_for_user(user)
        .filter(status__in=SIGNED, end_date__gte=on, end_date__lte=on + dt.timedelta(days=days))
        .order_by("end_date", "pk")
    )
    return _contract_rows(user, contracts, "Kontrakt som slutar snart")


def contract_list(
    user,
    *,
    on: dt.date | None = None,
    ending_within_days: int | None = None,
    temporary: bool | None = None,
    status: str | None = None,
) -> QuerySet[Contract]:
    """The user's contracts, newest first: signed ones ending within so many days, temporary or not, by status.
    Show the rows through `shown_contracts` (masks and logs)."""
    on = _today(on)
    contracts = contracts_for_user(user).select_related("household__municipality", "municipality")
    if ending_within_days is not None:
        contracts = contracts.filter(
            status__in=SIGNED, end_date__gte=on, end_date__lte=on + dt.timedelta(days=ending_within_days)
        ).order_by("end_date", "pk")
    else:
        contracts = contracts.order_by("-start_date", "-pk")
    if temporary is True:
        contracts = contracts.filter(temporary_housing_q())
    elif temporary is False:
        contracts = contracts.filter(kind__in=Contract.PERMANENT_KINDS).exclude(
            unit__kind__in=HousingUnit.TEMPORARY_KINDS
        )
    if status:
        contracts = contracts.filter(status=status)
    return contracts


def shown_contracts(user, contracts, summary: str) -> list[ContractRow]:
    """Contracts about to be shown: the address masked for protected households, each household logged once."""
    return _contract_rows(user, list(contracts), summary)


def get_contract_for_user(user, public_id) -> Contract:
    contract = get_for_user(
        user, Contract.objects.select_related("household", "unit", "created_by"), public_id=public_id
    )
    mark_beside_households([contract])
    protected = bool(protected_household_ids([contract.household_id]))
    log_read(user, contract.household, "Bostadskontrakt", protected=protected)
    return contract
