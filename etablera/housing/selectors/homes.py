"""The reads of the housing stock: the user's homes, each home's free places today and the first day a place is
free, the homes page's list and one home's page. Homes name nobody, but a home a protected household lives in, or
is offered, has its address masked (`unit.address_masked`, etablera.housing.protection); a home's page lists no
contract of a protected household (issue #9)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from etablera.access.audit import log_list
from etablera.access.policy import get_for_user, restrict
from etablera.housing.models import Contract, HousingUnit
from etablera.housing.protection import mark_units, protected_household_ids
from etablera.housing.selectors.common import OCCUPYING, _today
from etablera.rules.parameters import parameter_value


def units_for_user(user) -> QuerySet[HousingUnit]:
    return restrict(user, HousingUnit.objects.all()).select_related("municipality")


@dataclass
class UnitRow:
    unit: HousingUnit
    free_places: int  # places free on the day asked about
    free_from: dt.date | None  # the first day a place is free within the period, None if not within it
    # The home's occupying contracts from the day asked about, as (start, end or None): what its free days are
    # counted from.
    occupied: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)

    @property
    def is_free_now(self) -> bool:
        return self.free_places > 0


def _free_from(
    unit: HousingUnit, intervals: list[tuple[dt.date, dt.date | None]], on: dt.date, until: dt.date
) -> tuple[int, dt.date | None]:
    """How many places are free on `on`, and the first day within [on, until] a place is free, given the home's
    occupying contracts as (start, end or None)."""
    if not unit.is_active:
        return 0, None
    start = max(on, unit.available_from) if unit.available_from else on
    if unit.available_to is not None and unit.available_to < start:
        return 0, None

    def occupied(day: dt.date) -> int:
        return sum(1 for s, e in intervals if s <= day and (e is None or e >= day))

    free_now = unit.capacity - occupied(on) if start == on else 0
    # The first free day is the start, or the day after a contract ends (where occupancy drops).
    candidates = sorted({start, *(e + dt.timedelta(days=1) for _s, e in intervals if e is not None)})
    for day in candidates:
        if day < start or day > until:
            continue
        if unit.available_to is not None and day > unit.available_to:
            break
        if occupied(day) < unit.capacity:
            return max(free_now, 0), day
    return max(free_now, 0), None


def unit_rows(user, *, on: dt.date | None = None, within_days: int | None = None, free_only: bool = True):
    """Homes with their free places today and the first day a place is free within `within_days` (90 by local
    policy): free now first, then soon free; each home's `address_masked` set. Three queries."""
    on = _today(on)
    days = within_days if within_days is not None else parameter_value("housing.ending_soon_days", on)
    until = on + dt.timedelta(days=days)
    units = list(units_for_user(user).filter(is_active=True) if free_only else units_for_user(user))
    # The contracts' dates only, not the contracts: a municipality's few hundred contracts as model instances were
    # a third of the homes page (docs/performance.md, issue #19's eighth step).
    occupied: dict[int, list[tuple[dt.date, dt.date | None]]] = {unit.pk: [] for unit in units}
    for unit_id, start, end in (
        Contract.objects.filter(unit_id__in=list(occupied), status__in=OCCUPYING)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("unit_id", "start_date", "end_date")
    ):
        occupied[unit_id].append((start, end))
    rows = []
    for unit in units:
        free_places, free_from = _free_from(unit, occupied[unit.pk], on, until)
        if free_only and free_from is None:
            continue
        rows.append(UnitRow(unit, free_places, free_from, occupied[unit.pk]))
    mark_units(row.unit for row in rows)
    rows.sort(key=lambda r: (r.free_from or dt.date.max, r.unit.bedrooms, r.unit.reference))
    return rows


@dataclass
class UnitPage:
    unit: HousingUnit  # with `address_masked`
    contracts: list[Contract]  # none of a protected household (each with `household_hidden` false)
    free_places: int
    free_from: dt.date | None


def unit_page(user, unit_id: int, *, on: dt.date | None = None) -> UnitPage:
    """A home, its free places and the contracts the user may see. A protected household's contract is left out
    altogether — not even a masked row or a count: its dates, joined with the household's own housing page, would
    tell where the household lives. Its place still counts in the free places (issue #9)."""
    on = _today(on)
    unit = get_for_user(user, HousingUnit.objects.select_related("municipality"), pk=unit_id)
    mark_units([unit])
    contracts = list(
        restrict(user, unit.contracts.all()).select_related("household").order_by("-start_date", "-pk")
    )
    hidden = protected_household_ids(c.household_id for c in contracts)
    shown = [c for c in contracts if c.household_id not in hidden]
    for contract in shown:
        contract.household_hidden = False
    log_list(
        user, {c.household_id: c.household for c in shown}.values(), f"Bostad {unit.reference}: kontrakt"
    )
    occupying = [c for c in contracts if c.status in OCCUPYING and (c.end_date is None or c.end_date >= on)]
    free_places, free_from = _free_from(
        unit, [(c.start_date, c.end_date) for c in occupying], on, on + dt.timedelta(days=365)
    )
    return UnitPage(unit, shown, free_places, free_from)


def get_unit_for_user(user, unit_id: int) -> HousingUnit:
    """One home of the user's housing stock (for the edit form), or 404, with `address_masked`. Homes name nobody:
    not logged."""
    unit = get_for_user(user, HousingUnit.objects.select_related("municipality"), pk=unit_id)
    return mark_units([unit])[0]


UNIT_LIST_SHOW = ("free", "soon", "all")


def unit_list(
    user,
    *,
    show: str = "soon",
    kind: str | None = None,
    min_bedrooms: int | None = None,
    on: dt.date | None = None,
) -> list[UnitRow]:
    """The homes page: free now ("free"), free now or within 90 days ("soon", the default) or every home ("all"),
    optionally of one kind and with at least so many bedrooms. Two queries, as unit_rows."""
    rows = unit_rows(user, on=on, free_only=show != "all")
    if show == "free":
        rows = [r for r in rows if r.is_free_now]
    if kind:
        rows = [r for r in rows if r.unit.kind == kind]
    if min_bedrooms is not None:
        rows = [r for r in rows if r.unit.bedrooms >= min_bedrooms]
    return rows
