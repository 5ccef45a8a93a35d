"""The allocation model: a länstal split into kommuntal (issue #16; docs/allocation.md). Pure functions, no database.

Step by step, for each municipality i of the county, with exact fractions (no floating point, so the result is the
same on every machine and a tie is a real tie):

1. share_i   = Σ_k w_k · x_ik / Σ_j x_jk over the criteria k = labour market, population, asylum seekers (weights in
               percent summing to 100; a criterion the whole county has zero of is left out and the rest rescaled).
2. earlier_i = d_n · earlier newcomers_i + d_m · earlier minors_i (d = the deduction weights, 100 % = one place per
               person).
3. raw_i     = share_i · (länstal + Σ_j earlier_j): the municipality's part of everything the county has received
               and is to receive.
4. after_i   = max(0, raw_i − earlier_i): what it has already received is deducted; a municipality that has
               received its part already gets zero (as Flen, Oxelösund and Vingåker did in 2017 and 2018).
5. exact_i   = after_i · länstal / Σ_j after_j, so that the total is the länstal (if every after_j is zero, the
               shares are used instead).
6. rounded_i by the largest remainder method: everyone gets the whole part, and the places left over go to the
   largest remainders; equal remainders are broken by municipality code, lowest first.
7. The county's adjustments: a municipality with an adjustment gets its fixed kommuntal; the rest of the länstal is
   split over the others in proportion to after_i (steps 5–6 again), so the total is still the länstal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor

from django.utils.translation import gettext as _

from etablera.rules.county import DEDUCTIONS, SHARE_CRITERIA, Weights


class AllocationError(ValueError):
    """The allocation cannot be made as asked; `field` names what is wrong, the message is Swedish."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Criteria:
    """One municipality's figures, as the model reads them."""

    code: str
    name: str
    labour_market: int
    population: int
    asylum_seekers: int
    earlier_newcomers: int
    earlier_minors: int


@dataclass(frozen=True)
class Fixed:
    """An adjustment: the county gives this municipality exactly `kommuntal`, for `reason`."""

    kommuntal: int
    reason: str


@dataclass
class Line:
    """One municipality's way through the model (the steps of the module docstring)."""

    code: str
    name: str
    share: Fraction
    earlier: Fraction
    raw: Fraction
    after_deduction: Fraction
    exact: Fraction
    rounded: int
    adjusted: int
    reason: str = ""

    def as_json(self) -> dict:
        return {
            "municipality_code": self.code,
            "municipality": self.name,
            "share": round(float(self.share), 6),
            "earlier_reception": round(float(self.earlier), 3),
            "raw": round(float(self.raw), 3),
            "after_deduction": round(float(self.after_deduction), 3),
            "exact": round(float(self.exact), 3),
            "rounded": self.rounded,
            "adjusted": self.adjusted,
            "adjustment_reason": self.reason,
        }


@dataclass
class Result:
    lanstal: int
    lines: list[Line] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.adjusted for line in self.lines)

    def kommuntal(self) -> dict[str, int]:
        return {line.code: line.adjusted for line in self.lines}


def largest_remainder(values: Mapping[str, Fraction], total: int) -> dict[str, int]:
    """Whole numbers summing to `total`, each the floor of its value or one more: the places left after the floors go
    to the largest fractional parts, ties to the lowest key. The values must sum to `total` exactly."""
    if sum(values.values(), Fraction(0)) != total:
        raise AllocationError("lanstal", _("Talen att avrunda summerar inte till länstalet."))
    floors = {key: floor(value) for key, value in values.items()}
    left = total - sum(floors.values())
    by_remainder = sorted(values, key=lambda key: (-(values[key] - floors[key]), key))
    for key in by_remainder[:left]:
        floors[key] += 1
    return floors


def weighted_shares(rows: Iterable[Criteria], weights: Weights) -> dict[str, Fraction]:
    """Step 1: each municipality's weighted share of the county; the shares sum to one."""
    rows = list(rows)
    totals = {name: sum(getattr(row, name) for row in rows) for name in SHARE_CRITERIA}
    used = [name for name in SHARE_CRITERIA if totals[name] > 0 and weights.values[name] > 0]
    if not used:
        raise AllocationError("criteria", _("Underlaget saknar befolkning, arbetsmarknad och asylsökande."))
    weight_sum = sum(weights.fraction(name) for name in used)
    return {
        row.code: sum(
            (weights.fraction(name) * Fraction(getattr(row, name), totals[name]) for name in used),
            Fraction(0),
        )
        / weight_sum
        for row in rows
    }


def _proportional(basis: Mapping[str, Fraction], fallback: Mapping[str, Fraction], total: int) -> dict:
    """`total` split in proportion to `basis` (or to `fallback` where the basis is all zero), exactly."""
    weights = basis if sum(basis.values(), Fraction(0)) > 0 else fallback
    weight_sum = sum(weights.values(), Fraction(0))
    if weight_sum == 0:
        weights, weight_sum = {key: Fraction(1) for key in weights}, Fraction(len(weights))
    return {key: value * total / weight_sum for key, value in weights.items()}


def allocate(
    lanstal: int,
    rows: Iterable[Criteria],
    weights: Weights,
    adjustments: Mapping[str, Fixed] | None = None,
) -> Result:
    """The model from the länstal, the county's criteria, the weights and the county's adjustments (by municipality
    code). The result's kommuntal always sum to the länstal; AllocationError when that cannot be done."""
    rows = sorted(rows, key=lambda row: row.code)
    adjustments = dict(adjustments or {})
    if lanstal < 0:
        raise AllocationError("lanstal", _("Länstalet kan inte vara negativt."))
    if not rows:
        raise AllocationError("criteria", _("Det finns inget underlag för länets kommuner."))
    if len({row.code for row in rows}) != len(rows):
        raise AllocationError("criteria", _("Samma kommun finns flera gånger i underlaget."))
    unknown = sorted(set(adjustments) - {row.code for row in rows})
    if unknown:
        raise AllocationError(
            "adjustments",
            _("Justering för en kommun utan underlag: %(codes)s.") % {"codes": ", ".join(unknown)},
        )

    shares = weighted_shares(rows, weights)
    earlier = {
        row.code: sum((weights.fraction(name) * getattr(row, name) for name in DEDUCTIONS), Fraction(0))
        for row in rows
    }
    base = lanstal + sum(earlier.values(), Fraction(0))
    raw = {code: shares[code] * base for code in shares}
    after = {code: max(Fraction(0), raw[code] - earlier[code]) for code in shares}
    exact = _proportional(after, shares, lanstal)
    rounded = largest_remainder(exact, lanstal)
    adjusted = _adjusted(lanstal, after, shares, rounded, adjustments)

    result = Result(lanstal)
    for row in rows:
        fixed = adjustments.get(row.code)
        result.lines.append(
            Line(
                code=row.code,
                name=row.name,
                share=shares[row.code],
                earlier=earlier[row.code],
                raw=raw[row.code],
                after_deduction=after[row.code],
                exact=exact[row.code],
                rounded=rounded[row.code],
                adjusted=adjusted[row.code],
                reason=fixed.reason if fixed else "",
            )
        )
    return result


def _adjusted(lanstal, after, shares, rounded, adjustments: Mapping[str, Fixed]) -> dict[str, int]:
    """Step 7: the fixed kommuntal, and the rest over the others by the same method."""
    if not adjustments:
        return dict(rounded)
    if any(fixed.kommuntal < 0 for fixed in adjustments.values()):
        raise AllocationError("adjustments", _("Ett justerat kommuntal kan inte vara negativt."))
    fixed_total = sum(fixed.kommuntal for fixed in adjustments.values())
    rest = lanstal - fixed_total
    if rest < 0:
        raise AllocationError(
            "adjustments",
            _("De justerade kommuntalen är tillsammans %(fixed)s, mer än länstalet %(lanstal)s.")
            % {"fixed": fixed_total, "lanstal": lanstal},
        )
    others = [code for code in after if code not in adjustments]
    if not others and rest:
        raise AllocationError(
            "adjustments",
            _(
                "Alla kommuner har justerats men kommuntalen summerar till %(fixed)s, inte länstalet %(lanstal)s."
            )
            % {"fixed": fixed_total, "lanstal": lanstal},
        )
    spread = (
        _proportional({c: after[c] for c in others}, {c: shares[c] for c in others}, rest) if others else {}
    )
    result = largest_remainder(spread, rest) if others else {}
    result.update({code: fixed.kommuntal for code, fixed in adjustments.items()})
    return result
