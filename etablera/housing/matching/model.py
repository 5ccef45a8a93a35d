"""The matching problem (issue #5): the waiting households and the free homes as the matching sees them, the dated
terms of a run, and — for one household and one home, and for every pair at once as numpy matrices — the hard
constraints and the four tiers of the objective. `solver` weighs the tiers and solves; `results` puts the answer
in words and figures.

Hard constraints for a household and a home (a place in it): enough bedrooms, accessible when the household needs
it, free in time (free from at most `housing.matching_horizon_days` after `on`, and still free on the move-in day),
within the household's highest monthly cost when it has one, and — for a household already in temporary housing —
not temporary housing again. A pair rejected earlier by the housing officer is never proposed again.

The objective is lexicographic, in this order (issue #5: "first meets reception deadlines, then minimises
overcrowding and empty bedrooms and cost, then honours wishes"):

1. households housed by their deadline (move-in on or before `house_by`);
2. overcrowding: every household housed counts 1, one that is overcrowded or without a home today counts
   `URGENT_WEIGHT` — it leaves the worst situation;
3. wasted money, to be as small as possible: the monthly cost plus `housing.empty_bedroom_cost` kr per empty
   bedroom, in units of 100 kr;
4. wishes honoured: each wish the home is near, and the preferred area.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from etablera.rules.parameters import parameter_value

# A household that is overcrowded or without a home today counts this many households housed: moving it out of the
# worst situation weighs more than moving a household that is housed adequately for now (e.g. in a hotel room with
# enough beds, waiting for a permanent home).
URGENT_WEIGHT = 2

# Costs are compared in whole 100 kr (issue #5: differences below that are noise in a rent). When the exact weights
# do not fit float64 (very large instances), the cost is compared in the first coarser unit that fits.
COST_UNITS = (100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000)


@dataclass(frozen=True)
class WaitingHousehold:
    id: int
    bedrooms_needed: int
    persons: int
    registered: dt.date
    needs_accessible: bool = False
    house_by: dt.date | None = None
    wishes: frozenset[str] = frozenset()
    preferred_area: str = ""
    max_monthly_cost: int | None = None
    # Overcrowded in its present home, or without a home at all: counts URGENT_WEIGHT when housed.
    overcrowded: bool = False
    # Already in temporary housing: another temporary place would not help it.
    needs_permanent: bool = False


@dataclass(frozen=True)
class FreeHome:
    id: int
    bedrooms: int
    monthly_cost: int
    available_from: dt.date | None = None  # None: free now
    available_to: dt.date | None = None  # None: until further notice
    accessible: bool = False
    near: frozenset[str] = frozenset()
    area: str = ""
    # A home for several households (shared housing, a module home) is offered once per free place.
    free_places: int = 1
    temporary: bool = False


@dataclass(frozen=True)
class Terms:
    """The dated parameters a run uses, looked up once."""

    on: dt.date
    horizon_days: int
    empty_bedroom_cost: int

    @classmethod
    def for_date(cls, on: dt.date, horizon_days: int | None = None, empty_bedroom_cost: int | None = None):
        return cls(
            on=on,
            horizon_days=parameter_value("housing.matching_horizon_days", on)
            if horizon_days is None
            else horizon_days,
            empty_bedroom_cost=parameter_value("housing.empty_bedroom_cost", on)
            if empty_bedroom_cost is None
            else empty_bedroom_cost,
        )

    @property
    def latest_from(self) -> dt.date:
        return self.on + dt.timedelta(days=self.horizon_days)


# --- the rules for one pair -------------------------------------------------------------------------------------


def move_in(home: FreeHome, on: dt.date) -> dt.date:
    return max(on, home.available_from) if home.available_from else on


def feasible(household: WaitingHousehold, home: FreeHome, terms: Terms) -> bool:
    """The hard constraints: a home that breaks one is never proposed."""
    return home.bedrooms >= household.bedrooms_needed and _feasible_but_bedrooms(household, home, terms)


def _feasible_but_bedrooms(household: WaitingHousehold, home: FreeHome, terms: Terms) -> bool:
    if household.needs_accessible and not home.accessible:
        return False
    if home.available_from is not None and home.available_from > terms.latest_from:
        return False
    if home.available_to is not None and home.available_to < move_in(home, terms.on):
        return False
    if household.max_monthly_cost is not None and home.monthly_cost > household.max_monthly_cost:
        return False
    return not (household.needs_permanent and home.temporary)


def on_time(household: WaitingHousehold, home: FreeHome, on: dt.date) -> bool:
    return household.house_by is not None and move_in(home, on) <= household.house_by


def wishes_met(household: WaitingHousehold, home: FreeHome) -> int:
    area = bool(household.preferred_area) and household.preferred_area == home.area
    return len(household.wishes & home.near) + int(area)


def _round(value: int, unit: int) -> int:
    return (value + unit // 2) // unit  # half up, not Python's half to even


def waste(household: WaitingHousehold, home: FreeHome, terms: Terms, unit: int = COST_UNITS[0]) -> int:
    """Money that does not house anyone better: the rent, plus each empty bedroom at its price, in `unit` kr."""
    empty = max(0, home.bedrooms - household.bedrooms_needed)
    return _round(home.monthly_cost + empty * terms.empty_bedroom_cost, unit)


def score(household: WaitingHousehold, home: FreeHome, terms: Terms) -> tuple[int, int, int, int]:
    """A feasible pair's contribution to the objective tuple (summed over a matching, compared lexicographically)."""
    return (
        int(on_time(household, home, terms.on)),
        URGENT_WEIGHT if household.overcrowded else 1,
        -waste(household, home, terms),
        wishes_met(household, home),
    )


# --- every pair at once -----------------------------------------------------------------------------------------


def _canonical(households: Iterable[WaitingHousehold], homes: Iterable[FreeHome]):
    """Inputs in a fixed order, so the same households and homes give the same proposals however they were listed
    (linear_sum_assignment breaks ties by position)."""
    hs = sorted(households, key=lambda h: (h.house_by or dt.date.max, h.registered, h.id))
    places = [
        home
        for home in sorted(homes, key=lambda m: (m.available_from or dt.date.min, m.id))
        for _ in range(max(0, home.free_places))
    ]
    return hs, places


def _arrays(hs: Sequence[WaitingHousehold], places: Sequence[FreeHome], terms: Terms, excluded: set):
    """The per-pair tiers as integer matrices (households × places), vectorised: 2 000 × 2 000 is 4 million pairs."""
    on = terms.on.toordinal()
    big = dt.date.max.toordinal()
    need = np.array([h.bedrooms_needed for h in hs], dtype=np.int64)[:, None]
    acc_needed = np.array([h.needs_accessible for h in hs], dtype=bool)[:, None]
    house_by = np.array([h.house_by.toordinal() if h.house_by else -1 for h in hs], dtype=np.int64)[:, None]
    max_cost = np.array(
        [h.max_monthly_cost if h.max_monthly_cost is not None else np.iinfo(np.int64).max for h in hs],
        dtype=np.int64,
    )[:, None]
    permanent = np.array([h.needs_permanent for h in hs], dtype=bool)[:, None]
    urgent = np.array([URGENT_WEIGHT if h.overcrowded else 1 for h in hs], dtype=np.int64)[:, None]

    bedrooms = np.array([p.bedrooms for p in places], dtype=np.int64)[None, :]
    accessible = np.array([p.accessible for p in places], dtype=bool)[None, :]
    start = np.array([max(on, p.available_from.toordinal()) if p.available_from else on for p in places])
    start = start.astype(np.int64)[None, :]
    until = np.array([p.available_to.toordinal() if p.available_to else big for p in places], dtype=np.int64)
    cost = np.array([p.monthly_cost for p in places], dtype=np.int64)[None, :]
    temporary = np.array([p.temporary for p in places], dtype=bool)[None, :]
    in_time = (start <= terms.latest_from.toordinal()) & (until[None, :] >= start)

    ok = (
        (bedrooms >= need)
        & (accessible | ~acc_needed)
        & in_time
        & (cost <= max_cost)
        & ~(permanent & temporary)
    )
    if excluded:
        row = {h.id: i for i, h in enumerate(hs)}
        cols: dict[int, list[int]] = {}
        for j, p in enumerate(places):
            cols.setdefault(p.id, []).append(j)
        for household_id, home_id in excluded:
            if household_id in row and home_id in cols:
                ok[row[household_id], cols[home_id]] = False

    timely = (house_by >= start) & ok
    over = np.where(ok, urgent, 0)
    money = cost + np.maximum(0, bedrooms - need) * terms.empty_bedroom_cost  # kr, rounded per unit later

    # Wishes: a bit per wish word, counted with popcount; the preferred area as a code per side.
    words = sorted({w for h in hs for w in h.wishes} | {w for p in places for w in p.near})
    bit = {w: 1 << k for k, w in enumerate(words)}
    wish_bits = np.array([sum(bit[w] for w in h.wishes) for h in hs], dtype=np.uint64)[:, None]
    near_bits = np.array([sum(bit[w] for w in p.near) for p in places], dtype=np.uint64)[None, :]
    areas = {a: k for k, a in enumerate(sorted({p.area for p in places if p.area}))}
    preferred = np.array([areas.get(h.preferred_area, -1) if h.preferred_area else -2 for h in hs])[:, None]
    home_area = np.array([areas.get(p.area, -3) if p.area else -3 for p in places])[None, :]
    wishes = np.bitwise_count(wish_bits & near_bits).astype(np.int64) + (preferred == home_area)
    wishes = np.where(ok, wishes, 0)
    return ok, timely.astype(np.int64), over, money, wishes
