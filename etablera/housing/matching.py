"""Matching waiting households to free homes (issue #5): the optimal proposal and the first-come-first-served
baseline it is compared with. Plain Python with numpy and scipy, no Django: `matching_services` gathers the data.

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

It is solved exactly with one `scipy.optimize.linear_sum_assignment` on a households × places benefit matrix whose
entries weigh the tiers so that one unit of a higher tier outweighs everything the lower tiers can add up to; the
weights are computed from the instance and checked against float64's exact integer range — see `_weights` and
docs/decisions/0008-housing-matching.md.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

from etablera.rules.parameters import parameter_value

# A household that is overcrowded or without a home today counts this many households housed: moving it out of the
# worst situation weighs more than moving a household that is housed adequately for now (e.g. in a hotel room with
# enough beds, waiting for a permanent home).
URGENT_WEIGHT = 2

# Costs are compared in whole 100 kr (issue #5: differences below that are noise in a rent). When the exact weights
# do not fit float64 (very large instances), the cost is compared in the first coarser unit that fits.
COST_UNITS = (100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000)

# Integers up to 2**53 are exact in float64, which linear_sum_assignment computes in.
FLOAT_EXACT = 2**53

WISH_WORDS = {
    "SCHOOL": "nära skola",
    "SFI": "nära SFI",
    "WORK": "nära arbete",
    "TRANSPORT": "nära kollektivtrafik",
}


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
class Proposal:
    household_id: int
    home_id: int
    move_in: dt.date
    on_time: bool
    empty_bedrooms: int
    monthly_cost: int
    wishes_met: int
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    households: int
    places: int
    housed: int
    housed_on_time: int
    deadlines_missed: int
    overcrowded_left: int
    empty_bedrooms: int
    monthly_cost: int
    wishes_met: int

    def as_json(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Result:
    proposals: tuple[Proposal, ...]
    summary: Summary
    # (on time, overcrowding, −wasted money in cost units, wishes): what the optimum maximises.
    objective: tuple[int, int, int, int]
    # True when the order of the tiers is exact in the units above (cost in 100 kr, wishes counted).
    exact: bool = True
    cost_unit: int | None = COST_UNITS[0]
    wishes_counted: bool = True
    note: str = ""
    seconds: float = 0.0
    unmatched: tuple[int, ...] = field(default=())


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


# --- in words ---------------------------------------------------------------------------------------------------


def kronor(amount: int) -> str:
    """8900 → '8 900' (Swedish digit grouping)."""
    return f"{amount:,}".replace(",", " ")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def explain(household: WaitingHousehold, home: FreeHome, terms: Terms) -> tuple[str, ...]:
    """Why this home for this household, in short Swedish sentences for the housing officer."""
    lines = []
    empty = home.bedrooms - household.bedrooms_needed
    rooms = (
        f"{_plural(household.persons, 'person', 'personer')}: {household.bedrooms_needed} sovrum behövs, "
        f"{home.bedrooms} finns"
    )
    if empty > 0:
        rooms += (
            f" ({_plural(empty, 'sovrum', 'sovrum')} blir tomt)" if empty == 1 else f" ({empty} blir tomma)"
        )
    lines.append(rooms)
    if household.needs_accessible:
        lines.append("Tillgänglighetsanpassad bostad behövs och bostaden är anpassad")
    day = move_in(home, terms.on)
    if household.house_by is None:
        lines.append(f"Inflyttning {day.isoformat()}; ingen sista dag för bostad")
    elif day < household.house_by:
        lines.append(
            f"Inflyttning {day.isoformat()}, före sista dag för bostad {household.house_by.isoformat()}"
        )
    elif day == household.house_by:
        lines.append(f"Inflyttning {day.isoformat()}, på sista dagen för bostad")
    else:
        late = (day - household.house_by).days
        lines.append(
            f"Inflyttning {day.isoformat()}, {_plural(late, 'dag', 'dagar')} efter sista dag för bostad "
            f"{household.house_by.isoformat()}"
        )
    if household.overcrowded:
        lines.append("Hushållet är trångbott eller saknar bostad i dag och går före")
    cost = f"Hyra {kronor(home.monthly_cost)} kr/mån"
    if household.max_monthly_cost is not None:
        cost += f", inom hushållets högsta {kronor(household.max_monthly_cost)} kr/mån"
    lines.append(cost)
    if home.temporary:
        lines.append("Tillfälligt boende: hushållet står kvar i kön till en permanent bostad")
    for wish in sorted(household.wishes):
        word = WISH_WORDS.get(wish, wish.lower())
        lines.append(f"Önskemål: {word} – {'uppfyllt' if wish in home.near else 'inte uppfyllt'}")
    if household.preferred_area:
        # The home's own area is not named: the explanation is stored and shown even where a protected
        # household's address is masked.
        met = "uppfyllt" if household.preferred_area == home.area else "inte uppfyllt"
        lines.append(f"Önskat område: {household.preferred_area} – {met}")
    return tuple(lines)


# --- the optimum ------------------------------------------------------------------------------------------------


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


def _span(values: np.ndarray, ok: np.ndarray) -> int:
    """The most a tier can add up to over any matching: no more than the best pair of each household, nor of each
    place (values are ≥ 0 and 0 where infeasible)."""
    if not ok.any():
        return 0
    masked = np.where(ok, values, 0)
    return int(min(masked.max(axis=1).sum(), masked.max(axis=0).sum()))


def _weights(spans: Sequence[int]) -> list[int]:
    """Tier weights, highest tier first: each one more than everything the tiers below can add up to, so one unit
    more in a tier outweighs any change below it and the weighted sum orders matchings lexicographically."""
    weights = [1] * len(spans)
    below = 0  # the largest total the lower tiers can reach, weighted
    for k in range(len(spans) - 1, -1, -1):
        weights[k] = below + 1
        below += weights[k] * spans[k]
    return weights


def _fits(weights: Sequence[int], tops: Sequence[int], rows: int, cols: int) -> bool:
    """Every number linear_sum_assignment forms — path lengths and dual potentials, sums of at most rows + cols
    entries — stays an exact float64 integer when (rows + cols) × the largest entry is below 2**53. Conservative."""
    largest = sum(w * t for w, t in zip(weights, tops, strict=True))
    return (rows + cols) * largest < FLOAT_EXACT


def match(
    households: Iterable[WaitingHousehold],
    homes: Iterable[FreeHome],
    *,
    on: dt.date,
    excluded: Iterable[tuple[int, int]] = (),
    horizon_days: int | None = None,
    empty_bedroom_cost: int | None = None,
) -> Result:
    """The best proposal for who gets which home, with the reasons in words and the figures it achieves."""
    started = time.perf_counter()
    terms = Terms.for_date(on, horizon_days, empty_bedroom_cost)
    hs, places = _canonical(households, homes)
    if not hs or not places:
        return Result(
            (),
            summarise(hs, places, [], terms),
            (0, 0, 0, 0),
            seconds=time.perf_counter() - started,
            unmatched=tuple(h.id for h in hs),
        )
    ok, timely, over, money, wishes = _arrays(hs, places, terms, set(excluded))
    rows, cols = ok.shape

    # Choose the finest cost unit (and wishes, if they fit at all) whose weights stay exact in float64.
    exact, note = True, ""
    chosen = None
    for count_wishes in (True, False):
        for unit in COST_UNITS:
            wasted = np.where(ok, (money + unit // 2) // unit, 0)
            spans = [
                _span(timely, ok),
                _span(over, ok),
                _span(wasted, ok),
                _span(wishes, ok) if count_wishes else 0,
            ]
            weights = _weights(spans)
            # The largest entry: on time, urgent, nothing wasted, every wish (the waste only lowers an entry).
            tops = [1, int(over.max()), 0, int(wishes.max()) if count_wishes else 0]
            if _fits(weights, tops, rows, cols):
                chosen = (unit, count_wishes, wasted, weights)
                break
        if chosen:
            break
    if chosen is None:
        # Beyond any realistic municipality: only deadlines and overcrowding are weighed, and not provably exactly.
        unit, count_wishes = None, False
        wasted = np.zeros_like(money)
        weights = _weights([_span(timely, ok), _span(over, ok), 0, 0])
        exact = False
        note = "För stor matchning för exakt ordning: bara sista dag och trångboddhet vägs in."
    else:
        unit, count_wishes, wasted, weights = chosen
        if unit != COST_UNITS[0] or not count_wishes:
            exact = False
            note = (
                f"Stor matchning: kostnaden jämförs i hela {kronor(unit)} kr"
                + ("" if count_wishes else " och önskemål vägs inte in")
                + " för att vikterna ska räknas exakt."
            )
    w1, w2, w3, w4 = weights
    benefit = w1 * timely + w2 * over - w3 * wasted + (w4 * wishes if count_wishes else 0)
    benefit = np.where(ok, benefit, 0).astype(np.float64)  # infeasible: 0, the same as not matched
    row_idx, col_idx = linear_sum_assignment(benefit, maximize=True)

    pairs = [(hs[i], places[j]) for i, j in zip(row_idx, col_idx, strict=True) if ok[i, j]]
    proposals = tuple(_proposal(h, p, terms) for h, p in pairs)
    housed = {h.id for h, _ in pairs}
    return Result(
        proposals=proposals,
        summary=summarise(hs, places, pairs, terms),
        objective=objective(pairs, terms),
        exact=exact,
        cost_unit=unit,
        wishes_counted=count_wishes,
        note=note,
        seconds=time.perf_counter() - started,
        unmatched=tuple(h.id for h in hs if h.id not in housed),
    )


def _proposal(h: WaitingHousehold, p: FreeHome, terms: Terms) -> Proposal:
    return Proposal(
        household_id=h.id,
        home_id=p.id,
        move_in=move_in(p, terms.on),
        on_time=on_time(h, p, terms.on),
        empty_bedrooms=max(0, p.bedrooms - h.bedrooms_needed),
        monthly_cost=p.monthly_cost,
        wishes_met=wishes_met(h, p),
        explanation=explain(h, p, terms),
    )


def objective(pairs: Iterable[tuple[WaitingHousehold, FreeHome]], terms: Terms) -> tuple[int, int, int, int]:
    total = [0, 0, 0, 0]
    for h, p in pairs:
        for k, value in enumerate(score(h, p, terms)):
            total[k] += value
    return tuple(total)  # type: ignore[return-value]


def summarise(
    households: Sequence[WaitingHousehold],
    places: Sequence[FreeHome],
    pairs: Sequence[tuple[WaitingHousehold, FreeHome]],
    terms: Terms,
) -> Summary:
    """The figures a board compares: the same for the optimum and for first come, first served."""
    housed = {h.id: p for h, p in pairs}
    on_time_ids = {h.id for h, p in pairs if on_time(h, p, terms.on)}
    still_crowded = sum(1 for h in households if h.overcrowded and h.id not in housed)
    housed_crowded = sum(1 for h, p in pairs if p.bedrooms < h.bedrooms_needed)  # only by hand
    return Summary(
        households=len(households),
        places=len(places),
        housed=len(pairs),
        housed_on_time=len(on_time_ids),
        deadlines_missed=sum(1 for h in households if h.house_by is not None and h.id not in on_time_ids),
        overcrowded_left=still_crowded + housed_crowded,
        empty_bedrooms=sum(max(0, p.bedrooms - h.bedrooms_needed) for h, p in pairs),
        monthly_cost=sum(p.monthly_cost for _, p in pairs),
        wishes_met=sum(wishes_met(h, p) for h, p in pairs),
    )


# --- by hand ----------------------------------------------------------------------------------------------------


def first_come_first_served(
    households: Iterable[WaitingHousehold],
    homes: Iterable[FreeHome],
    *,
    on: dt.date,
    excluded: Iterable[tuple[int, int]] = (),
    horizon_days: int | None = None,
    empty_bedroom_cost: int | None = None,
) -> tuple[list[tuple[WaitingHousehold, FreeHome]], Summary]:
    """The baseline, as a queue is worked by hand: households in the order they registered each take the first
    home to become free that is accessible if they need it, within their cost and in time, with enough bedrooms —
    or, when none has enough, the one with the most bedrooms (the family then lives overcrowded, as the seed
    reports say happens)."""
    terms = Terms.for_date(on, horizon_days, empty_bedroom_cost)
    excluded = set(excluded)
    queue = sorted(households, key=lambda h: (h.registered, h.id))
    places = [
        home
        for home in sorted(homes, key=lambda m: (m.available_from or dt.date.min, m.id))
        for _ in range(max(0, home.free_places))
    ]
    taken = [False] * len(places)
    pairs = []
    for h in queue:
        first_fit = None
        biggest = None
        for j, p in enumerate(places):
            if taken[j] or (h.id, p.id) in excluded:
                continue
            # Every hard constraint but the bedrooms, which by hand give way when nothing large enough is free.
            if not _feasible_but_bedrooms(h, p, terms):
                continue
            if p.bedrooms >= h.bedrooms_needed:
                first_fit = j
                break
            if biggest is None or p.bedrooms > places[biggest].bedrooms:
                biggest = j
        chosen = first_fit if first_fit is not None else biggest
        if chosen is not None:
            taken[chosen] = True
            pairs.append((h, places[chosen]))
    return pairs, summarise(queue, places, pairs, terms)
