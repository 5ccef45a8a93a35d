"""The optimum: `match` solves the whole matching exactly with one `scipy.optimize.linear_sum_assignment` on a
households × places benefit matrix whose entries weigh the tiers (etablera.housing.matching.model) so that one unit
of a higher tier outweighs everything the lower tiers can add up to; the weights are computed from the instance and
checked against float64's exact integer range — see `_weights` and docs/decisions/0008-housing-matching.md.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence

import numpy as np

from etablera.housing.matching.model import COST_UNITS, FreeHome, Terms, WaitingHousehold, _arrays, _canonical
from etablera.housing.matching.results import Result, _proposal, kronor, objective, summarise

# Integers up to 2**53 are exact in float64, which linear_sum_assignment computes in.
FLOAT_EXACT = 2**53


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
    # Imported here, not with the module: scipy.optimize is 54 MB of every web worker's memory (issue #19: under
    # 250 MB), and a worker needs it only when someone runs a matching — then once, about 0.3 s.
    from scipy.optimize import linear_sum_assignment

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
