"""Matching waiting households to free homes (issue #5): the optimal proposal and the first-come-first-served
baseline it is compared with. Plain Python with numpy and scipy, no Django: `matching_services` gathers the data.

- `model` — the households and homes as the matching sees them, the hard constraints and the tiers of the
  objective (one pair, and every pair at once as matrices);
- `solver` — `match`: the tiers weighed so that one sum orders them, solved exactly (docs/decisions/0008);
- `results` — the proposals with their reasons in words, and the figures (`Summary`) a board compares;
- `baseline` — `first_come_first_served`, the queue worked by hand.

This package gives the names etablera.housing.matching_services and the benchmark use. The solver's own numbers
(`FLOAT_EXACT`, `_weights`) are only in `solver`: a test that changes one patches
`etablera.housing.matching.solver`, the module that reads it.
"""

from etablera.housing.matching.baseline import first_come_first_served
from etablera.housing.matching.model import (
    COST_UNITS,
    URGENT_WEIGHT,
    FreeHome,
    Terms,
    WaitingHousehold,
    feasible,
    move_in,
    on_time,
    score,
    waste,
    wishes_met,
)
from etablera.housing.matching.results import (
    WISH_WORDS,
    Proposal,
    Reason,
    Result,
    Summary,
    explain,
    kronor,
    objective,
    reason_text,
    reason_texts,
    stored,
    summarise,
)
from etablera.housing.matching.solver import match

__all__ = [
    "COST_UNITS",
    "URGENT_WEIGHT",
    "WISH_WORDS",
    "FreeHome",
    "Proposal",
    "Reason",
    "Result",
    "Summary",
    "Terms",
    "WaitingHousehold",
    "explain",
    "feasible",
    "first_come_first_served",
    "kronor",
    "match",
    "move_in",
    "objective",
    "on_time",
    "reason_text",
    "reason_texts",
    "score",
    "stored",
    "summarise",
    "waste",
    "wishes_met",
]
