"""First come, first served: the queue worked by hand, the baseline the optimum is compared with (the matching
page, docs/housing-matching.md). The same hard constraints, except that bedrooms give way when nothing large enough
is free."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from etablera.housing.matching.model import FreeHome, Terms, WaitingHousehold, _feasible_but_bedrooms
from etablera.housing.matching.results import Summary, summarise


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
