"""Small-cell suppression (followup/suppression.py) on hand-made tables: primary (1–4 → "–"), a small numerator,
and the secondary that stops a hidden cell from being worked out from a total by subtraction."""

from __future__ import annotations

from etablera.followup.suppression import (
    SUPPRESSED,
    Cell,
    count,
    rests_on,
    smallest_other,
    suppress,
)

MIN = 5


def people(n: int) -> Cell:
    """A count of persons: the figure rests on them and counts them."""
    return Cell(base=n, numerator=n, value=n, contributors=n)


def test_a_count_of_one_to_four_is_a_dash_and_zero_and_five_are_shown():
    assert [count(n, MIN) for n in (0, 1, 4, 5, 12)] == [0, "–", "–", 5, 12]


def test_a_share_or_median_resting_on_fewer_than_five_is_a_dash_and_over_nobody_nothing():
    assert rests_on(0, lambda: 1, MIN) is None
    assert rests_on(4, lambda: 50, MIN) == SUPPRESSED
    assert rests_on(5, lambda: 60, MIN) == 60


def test_smallest_other_only_when_exactly_one_is_hidden():
    assert smallest_other([False, True, False, False], [9, 3, 7, 12]) == 2
    assert smallest_other([False, True, True], [9, 3, 2]) is None
    assert smallest_other([False, False], [9, 3]) is None
    # ties go to the first; an empty cell (0) is no cover, it reveals nothing
    assert smallest_other([True, False, False, False], [2, 0, 6, 6]) == 2
    assert smallest_other([True, False], [2, 0]) is None


def test_the_differencing_case_a_single_hidden_cell_takes_the_smallest_other_with_it():
    # Nyköping 20 persons: women 3, men 11, other or unknown 6. Without the secondary, women = 20 − 11 − 6 = 3.
    cells = {"total": people(20), "F": people(3), "M": people(11), "X": people(6)}
    suppress(cells, [("total", ["F", "M", "X"])], MIN)
    shown = {key: cell.shown()["value"] for key, cell in cells.items()}
    assert shown == {"total": 20, "F": "–", "M": 11, "X": "–"}


def test_two_hidden_cells_need_no_more():
    cells = {"total": people(20), "F": people(3), "M": people(2), "X": people(15)}
    suppress(cells, [("total", ["F", "M", "X"])], MIN)
    assert [cells[k].shown()["value"] for k in ("total", "F", "M", "X")] == [20, "–", "–", 15]


def test_a_hidden_total_hides_its_breakdown():
    cells = {"total": people(4), "F": people(2), "M": people(2)}
    suppress(cells, [("total", ["F", "M"])], MIN)
    assert all(cell.hidden for cell in cells.values())


def test_a_small_numerator_hides_the_numerator_and_the_share_not_the_denominator():
    # 3 of 20 in work: "3" and "15 %" are hidden (15 % of 20 gives 3 back); the 20 followed up are shown.
    cell = Cell(base=20, numerator=3, denominator=20, value=15, contributors=3)
    suppress({"c": cell}, [], MIN)
    assert cell.shown() == {"numerator": "–", "denominator": 20, "value": "–"}


def test_a_small_numerator_is_covered_in_its_breakdown_too():
    # In work: women 3 of 10, men 8 of 12, total 11 of 22. Women's 3 = 11 − 8: the men's numerator goes too.
    cells = {
        "total": Cell(base=22, numerator=11, denominator=22, value=50, contributors=11),
        "F": Cell(base=10, numerator=3, denominator=10, value=30, contributors=3),
        "M": Cell(base=12, numerator=8, denominator=12, value=67, contributors=8),
    }
    suppress(cells, [("total", ["F", "M"])], MIN)
    assert cells["F"].shown() == {"numerator": "–", "denominator": 10, "value": "–"}
    assert cells["M"].shown() == {"numerator": "–", "denominator": 12, "value": "–"}
    assert cells["total"].shown() == {"numerator": 11, "denominator": 22, "value": 50}


def test_two_breakdowns_are_run_until_nothing_changes():
    # A county of two municipalities by sex (rows: municipality, columns: sex, margins: totals).
    #            F    M   total
    #   A        3   10   13
    #   B        9    8   17
    #   county  12   18   30
    # A/F is hidden (3). By row: A/M (10) is the smallest other in A → hidden. By column F: A/F hidden alone → B/F
    # (9). By column M: A/M hidden alone → B/M (8). Row B: both hidden already. Nothing can be worked out.
    counts = {
        ("A", "F"): 3,
        ("A", "M"): 10,
        ("A", None): 13,
        ("B", "F"): 9,
        ("B", "M"): 8,
        ("B", None): 17,
        (None, "F"): 12,
        (None, "M"): 18,
        (None, None): 30,
    }
    cells = {key: people(n) for key, n in counts.items()}
    breakdowns = [((m, None), [(m, "F"), (m, "M")]) for m in ("A", "B", None)]
    breakdowns += [((None, s), [("A", s), ("B", s)]) for s in ("F", "M", None)]
    suppress(cells, breakdowns, MIN)
    hidden = {key for key, cell in cells.items() if cell.hidden}
    assert hidden == {("A", "F"), ("A", "M"), ("B", "F"), ("B", "M")}
    assert cells[(None, None)].shown()["value"] == 30
    assert cells[("A", None)].shown()["value"] == 13
