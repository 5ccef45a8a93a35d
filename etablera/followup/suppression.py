"""Small-cell suppression: the one place that decides what of a figure may leave the register (issue #16). Every
table of figures — the indicators (followup/indicators.py) and the cohort outcomes (establishment/reports/
outcomes.py) — goes through these functions, so that a cell is hidden the same way everywhere.

- **Primary**: a count of 1 to `min_cell − 1` persons is shown as "–", and so is a share, a median or a sum that
  rests on fewer than `min_cell` persons. Zero is shown: "nobody" identifies no one.
- **Secondary** (complementary): in a breakdown with a total, a single hidden cell could be worked out by
  subtracting the shown cells from the total. When exactly one cell of a breakdown is hidden, the smallest other
  cell is hidden too; when the total is hidden, so is every cell of its breakdown. A table with two breakdowns
  (municipalities × sex, say) is run until nothing more changes, since hiding a cell in one direction can leave a
  single hidden cell in the other.

`min_cell` is `followup.min_cell` (rules/followup.py), one policy for the indicators and the establishment's
outcomes: 5."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

SUPPRESSED = "–"


def count(n: int, min_cell: int) -> int | str:
    """A count of persons as shown: 1 … min_cell − 1 is "–"."""
    return SUPPRESSED if 0 < n < min_cell else n


def rests_on(n: int, value: Callable[[], Any], min_cell: int) -> Any:
    """A figure computed over `n` persons (a share, a median): None over nobody, "–" over too few."""
    if n == 0:
        return None
    return SUPPRESSED if n < min_cell else value()


def smallest_other(hidden: Sequence[bool], sizes: Sequence[int]) -> int | None:
    """The index of the cell to hide with a single hidden one (the smallest shown cell that is not empty; the first
    of equals), or None when no cell or more than one is hidden, or no other cell is left to hide."""
    if sum(hidden) != 1:
        return None
    shown = [i for i, (h, size) in enumerate(zip(hidden, sizes, strict=True)) if not h and size > 0]
    if not shown:
        return None
    return min(shown, key=lambda i: (sizes[i], i))


@dataclass
class Cell:
    """One figure of a table before it leaves the register.

    `base` is the persons (or households, or anvisningar) the figure rests on; `contributors` the units the numerator
    counts or sums over (for a count of persons, the numerator itself). A hidden cell shows nothing; a cell whose
    numerator alone is small shows its denominator but neither its numerator nor its value (the value and the
    denominator would give the numerator back)."""

    base: int
    numerator: Any = None
    denominator: Any = None
    value: Any = None
    contributors: int = 0
    hidden: bool = False
    numerator_hidden: bool = False

    def shown(self) -> dict[str, Any]:
        if self.hidden:
            return {"numerator": SUPPRESSED, "denominator": SUPPRESSED, "value": SUPPRESSED}
        if self.numerator_hidden:
            return {"numerator": SUPPRESSED, "denominator": self.denominator, "value": SUPPRESSED}
        return {"numerator": self.numerator, "denominator": self.denominator, "value": self.value}


def primary(cell: Cell, min_cell: int) -> None:
    if 0 < cell.base < min_cell:
        cell.hidden = True
    elif 0 < cell.contributors < min_cell:
        cell.numerator_hidden = True


def _hide_with(cells: list[Cell], is_hidden, size, hide) -> bool:
    index = smallest_other([is_hidden(c) for c in cells], [size(c) for c in cells])
    if index is None:
        return False
    hide(cells[index])
    return True


def complementary(total: Cell, parts: list[Cell]) -> bool:
    """One pass over one breakdown; True when it hid something more."""
    changed = False
    if total.hidden:
        for cell in parts:
            if not cell.hidden and cell.base > 0:
                cell.hidden = changed = True
        return changed
    if total.numerator_hidden:
        for cell in parts:
            if not (cell.hidden or cell.numerator_hidden) and cell.contributors > 0:
                cell.numerator_hidden = changed = True

    def hide_all(cell: Cell) -> None:
        cell.hidden = True

    def hide_numerator(cell: Cell) -> None:
        cell.numerator_hidden = True

    changed |= _hide_with(parts, lambda c: c.hidden, lambda c: c.base, hide_all)
    changed |= _hide_with(
        parts,
        lambda c: c.hidden or c.numerator_hidden,
        lambda c: 0 if c.hidden else c.contributors,
        hide_numerator,
    )
    return changed


def suppress(
    cells: dict[Hashable, Cell],
    breakdowns: Iterable[tuple[Hashable, list[Hashable]]],
    min_cell: int,
) -> dict[Hashable, Cell]:
    """Primary suppression of every cell, then the secondary over every breakdown (its total's key and its cells'
    keys) until nothing more changes. Returns `cells`, marked."""
    breakdowns = [(total, [key for key in parts if key in cells]) for total, parts in breakdowns]
    for cell in cells.values():
        primary(cell, min_cell)
    changed = True
    while changed:
        changed = False
        for total, parts in breakdowns:
            if total in cells and parts:
                changed |= complementary(cells[total], [cells[key] for key in parts])
    return cells
