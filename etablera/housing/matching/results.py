"""What a matching gives back: each proposal with its reasons in short sentences for the housing officer, and the
figures a board compares (`summarise`: the same for the optimum and for first come, first served).

A reason is stored as its code and parameters ({"code": "move_in_late", "params": {...}}) and put into words when it
is shown, in the reader's language (`reason_text`); a row stored before that holds the Swedish sentence itself and
is shown as it is. What a user typed (a preferred area) is a parameter, shown as typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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
    "SCHOOL": gettext_lazy("nära skola"),
    "SFI": gettext_lazy("nära SFI"),
    "WORK": gettext_lazy("nära arbete"),
    "TRANSPORT": gettext_lazy("nära kollektivtrafik"),
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


def _rooms(p: dict) -> str:
    persons, empty = p["persons"], p.get("empty", 0)
    if empty <= 0:
        text = ngettext(
            "%(persons)s person: %(needed)s sovrum behövs, %(bedrooms)s finns",
            "%(persons)s personer: %(needed)s sovrum behövs, %(bedrooms)s finns",
            persons,
        )
    elif empty == 1:
        text = ngettext(
            "%(persons)s person: %(needed)s sovrum behövs, %(bedrooms)s finns (1 sovrum blir tomt)",
            "%(persons)s personer: %(needed)s sovrum behövs, %(bedrooms)s finns (1 sovrum blir tomt)",
            persons,
        )
    else:
        text = ngettext(
            "%(persons)s person: %(needed)s sovrum behövs, %(bedrooms)s finns (%(empty)s blir tomma)",
            "%(persons)s personer: %(needed)s sovrum behövs, %(bedrooms)s finns (%(empty)s blir tomma)",
            persons,
        )
    return text % p


def _wish(p: dict) -> str:
    return str(WISH_WORDS.get(p["wish"], p["wish"].lower()))


# code -> the sentence in the active language, from the stored parameters (JSON: numbers, ISO dates, typed text).
REASONS = {
    "rooms": _rooms,
    "accessible": lambda p: _("Tillgänglighetsanpassad bostad behövs och bostaden är anpassad"),
    "move_in_no_deadline": lambda p: _("Inflyttning %(day)s; ingen sista dag för bostad") % p,
    "move_in_before": lambda p: _("Inflyttning %(day)s, före sista dag för bostad %(house_by)s") % p,
    "move_in_on_deadline": lambda p: _("Inflyttning %(day)s, på sista dagen för bostad") % p,
    "move_in_late": lambda p: (
        ngettext(
            "Inflyttning %(day)s, %(late)s dag efter sista dag för bostad %(house_by)s",
            "Inflyttning %(day)s, %(late)s dagar efter sista dag för bostad %(house_by)s",
            p["late"],
        )
        % p
    ),
    "overcrowded": lambda p: _("Hushållet är trångbott eller saknar bostad i dag och går före"),
    "cost": lambda p: _("Hyra %(cost)s kr/mån") % {"cost": kronor(p["cost"])},
    "cost_within": lambda p: (
        _("Hyra %(cost)s kr/mån, inom hushållets högsta %(most)s kr/mån")
        % {"cost": kronor(p["cost"]), "most": kronor(p["most"])}
    ),
    "temporary": lambda p: _("Tillfälligt boende: hushållet står kvar i kön till en permanent bostad"),
    "wish_met": lambda p: _("Önskemål: %(wish)s – uppfyllt") % {"wish": _wish(p)},
    "wish_not_met": lambda p: _("Önskemål: %(wish)s – inte uppfyllt") % {"wish": _wish(p)},
    "area_met": lambda p: _("Önskat område: %(area)s – uppfyllt") % p,
    "area_not_met": lambda p: _("Önskat område: %(area)s – inte uppfyllt") % p,
}


class Reason(str):
    """One sentence of why: a str holding the Swedish sentence (as the rows stored before codes, and what the tests
    and the benchmarks read), with the code and parameters that say it again in any language."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> Reason:
        with translation.override("sv"):
            text = REASONS[code](params)
        reason = super().__new__(cls, text)
        reason.code, reason.params = code, params
        return reason

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}


def stored(explanation: Iterable[str]) -> list:
    """The explanation as MatchProposal.explanation stores it: codes and parameters."""
    return [line.as_json() if isinstance(line, Reason) else str(line) for line in explanation]


def reason_text(item: Any) -> str:
    """A stored reason in the active language; a sentence stored before codes (or a code this version does not
    know) as it was stored."""
    if isinstance(item, dict):
        render = REASONS.get(item.get("code", ""))
        if render is not None:
            try:
                return render(item.get("params") or {})
            except (KeyError, TypeError, ValueError):
                pass
        return str(item.get("text", "")) or ""
    return str(item)


def reason_texts(explanation: Iterable[Any] | None) -> list[str]:
    return [reason_text(item) for item in explanation or ()]


def explain(household: WaitingHousehold, home: FreeHome, terms: Terms) -> tuple[Reason, ...]:
    """Why this home for this household, in short sentences for the housing officer."""
    lines = []
    lines.append(
        Reason(
            "rooms",
            persons=household.persons,
            needed=household.bedrooms_needed,
            bedrooms=home.bedrooms,
            empty=max(0, home.bedrooms - household.bedrooms_needed),
        )
    )
    if household.needs_accessible:
        lines.append(Reason("accessible"))
    day = move_in(home, terms.on)
    if household.house_by is None:
        lines.append(Reason("move_in_no_deadline", day=day.isoformat()))
    elif day < household.house_by:
        lines.append(Reason("move_in_before", day=day.isoformat(), house_by=household.house_by.isoformat()))
    elif day == household.house_by:
        lines.append(Reason("move_in_on_deadline", day=day.isoformat()))
    else:
        late = (day - household.house_by).days
        lines.append(
            Reason("move_in_late", day=day.isoformat(), late=late, house_by=household.house_by.isoformat())
        )
    if household.overcrowded:
        lines.append(Reason("overcrowded"))
    if household.max_monthly_cost is not None:
        lines.append(Reason("cost_within", cost=home.monthly_cost, most=household.max_monthly_cost))
    else:
        lines.append(Reason("cost", cost=home.monthly_cost))
    if home.temporary:
        lines.append(Reason("temporary"))
    for wish in sorted(household.wishes):
        lines.append(Reason("wish_met" if wish in home.near else "wish_not_met", wish=wish))
    if household.preferred_area:
        # The home's own area is not named: the explanation is stored and shown even where a protected
        # household's address is masked.
        met = household.preferred_area == home.area
        lines.append(Reason("area_met" if met else "area_not_met", area=household.preferred_area))
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
