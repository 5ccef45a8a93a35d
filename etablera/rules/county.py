"""The allocation model's parameters: how Länsstyrelsen splits a länstal into kommuntal (issue #16).

Lag (2016:38) om mottagande av vissa nyanlända invandrare för bosättning, 7 §, and förordning (2016:39) 6 §: the
county board decides the kommuntal with regard to the labour market, the size of the population, the earlier
reception of newcomers and unaccompanied minors, and the asylum seekers present in the municipality; it may weigh
the housing situation, and a municipality may get zero. No official formula or weighting is published, so the
weights are dated parameters (`county.allocation_weights` in rules/parameters.py), all `unverified`, which a run of
the model may replace (`etablera allocate --weights`) and then reports as given by hand.

The arithmetic itself is etablera/county/allocation.py; this module only says which numbers it uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from etablera.rules.parameters import parameter

WEIGHTS_KEY = "county.allocation_weights"
YEARS_KEY = "county.earlier_reception_years"
# The criteria that make up a municipality's share of the county, and the two that are deducted.
SHARE_CRITERIA = ("labour_market", "population", "asylum_seekers")
DEDUCTIONS = ("earlier_newcomers", "earlier_minors")
WEIGHT_NAMES = (*SHARE_CRITERIA, *DEDUCTIONS)
GIVEN = "given"  # the status of weights given for one run instead of the parameter's


class WeightsError(ValueError):
    """Weights that cannot be used; the message is Swedish, for the command line."""


@dataclass(frozen=True)
class Weights:
    """Percent per criterion (see the parameter's description), with where they come from."""

    values: dict[str, int]
    status: str
    source: str
    effective_from: dt.date | None = None

    def fraction(self, name: str) -> Fraction:
        return Fraction(self.values[name], 100)

    def as_json(self) -> dict:
        return {
            "values": dict(self.values),
            "status": self.status,
            "source": self.source,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
        }


def weights_for(year: int) -> Weights:
    """The weights in effect for a year's kommuntal (looked up on 1 January of that year)."""
    found = parameter(WEIGHTS_KEY, dt.date(year, 1, 1))
    return Weights(dict(found.value), found.status, found.source, found.effective_from)


def earlier_reception_years(year: int) -> tuple[int, int]:
    """The calendar years (first, last) whose reception counts as earlier reception for a year's kommuntal."""
    span = parameter(YEARS_KEY, dt.date(year, 1, 1)).value
    return year - span, year - 1


def parse_weights(text: str, base: Weights) -> Weights:
    """`labour_market=40,population=40,asylum_seekers=20`: weights given for one run; names left out keep the
    parameter's value. The three share weights must sum to 100 and every value be a whole percent from 0 to 1000."""
    values = dict(base.values)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, raw = part.partition("=")
        name = name.strip()
        if name not in WEIGHT_NAMES:
            raise WeightsError(f"Okänd vikt: {name}. Tillåtna namn: {', '.join(WEIGHT_NAMES)}.")
        if not raw.strip().isdigit() or not 0 <= int(raw) <= 1000:
            raise WeightsError(f"Vikten {name} ska vara ett heltal i procent, från 0 till 1000.")
        values[name] = int(raw)
    check_weights(values)
    return Weights(values, GIVEN, "Angivna för den här körningen (--weights)")


def check_weights(values: dict[str, int]) -> None:
    total = sum(values[name] for name in SHARE_CRITERIA)
    if total != 100:
        raise WeightsError(
            f"Vikterna för arbetsmarknad, befolkning och asylsökande ska tillsammans vara 100 procent, inte {total}."
        )
