"""The slowest test modules run first, so that the suite's workers finish together (issue #19, the suite's time).

pytest-xdist gives each worker half the tests and lets an idle one take half of another's queue (`--dist
worksteal`, set in the Makefile). What it cannot split is a test already running: a walk over every page that
starts last keeps one worker busy for two minutes while the other waits. So the modules below — the slowest of a
PostgreSQL run, by the times `--junitxml` records, about slowest first — are collected before the rest; every module
keeps its own tests' order and stays in one piece. A module missing here only runs in its usual place.
"""

from __future__ import annotations

FIRST = (
    "etablera/tests/pages/test_stored_text.py",
    # The browser tests together: they share a browser and a package fixture, set up again after a gap.
    "etablera/e2e/test_accessibility.py",
    "etablera/e2e/test_housing.py",
    "etablera/e2e/test_journeys.py",
    "etablera/e2e/test_volunteers.py",
    "etablera/tests/pages/test_english_only.py",
    "etablera/access/tests/test_permission_matrix.py",
    "etablera/tests/api/test_schemathesis.py",
    "etablera/access/tests/test_county_role.py",
    "etablera/demo/tests/test_demo.py",
)


def pytest_collection_modifyitems(items):
    rank = {path: i for i, path in enumerate(FIRST)}
    # sort() is stable: the modules not named keep the order they were found in.
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(FIRST)))
