"""The rows for the activity requirement (issue #13)."""

from __future__ import annotations

from etablera.access.tests.matrix.cases import Case

ROWS: list[Case] = []
