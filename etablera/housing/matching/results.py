"""What a matching gives back: each proposal with its reasons in short Swedish sentences for the housing officer,
and the figures a board compares (`summarise`: the same for the optimum and for first come, first served)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from etablera.housing.matching.model import (
    COST_UNITS,
    FreeHome,
    Terms,
    WaitingHousehold,
    move_in,
    on_time,
    score,
    wishes_met,
)

WISH_WORDS = {
    "SCHOOL": "nära skola",
    "SFI": "nära SFI",
    "WORK": "nära arbete",
    "TRANSPORT": "nära kollektivtrafik",
}


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


# --- in figures -------------------------------------------------------------------------------------------------


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
