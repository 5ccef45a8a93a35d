"""The slowest modules are collected first (etablera/testing/order.py): each named module exists, and the hook puts
them before the rest without splitting a module or changing the order inside one."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from etablera.testing.order import FIRST, pytest_collection_modifyitems

ROOT = Path(__file__).resolve().parents[2]


def test_every_module_named_exists():
    assert [path for path in FIRST if not (ROOT / path).is_file()] == []


def test_the_named_modules_first_each_in_one_piece():
    def item(nodeid):
        return SimpleNamespace(nodeid=nodeid)

    items = [
        item("etablera/a/test_x.py::test_one"),
        item(f"{FIRST[1]}::test_b1"),
        item("etablera/a/test_x.py::test_two"),
        item(f"{FIRST[0]}::test_a1"),
        item(f"{FIRST[1]}::test_b2"),
        item("etablera/b/test_y.py::test_three"),
    ]
    pytest_collection_modifyitems(items)
    assert [i.nodeid.rsplit("::", 1)[1] for i in items] == [
        "test_a1",
        "test_b1",
        "test_b2",
        "test_one",
        "test_two",
        "test_three",
    ]
