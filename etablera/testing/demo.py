"""The demo for tests, loaded for real once per process and written back from a snapshot after that.

`load_demo()` stands in for `etablera.demo.services.load_demo(sodermanland=False)` and `demo_command(*args)` for
`call_command("demo", "--skip-sodermanland", *args)`, which runs the real command with the loader replaced. The
first load in a test process does the work and keeps what it wrote (testing/snapshot.py); a later one on a database
in the same state writes the same rows back and returns the same result, and on any other database loads for real.
The demo's own tests (demo/tests/test_demo.py) still run the loader itself where what they test is the loading:
twice in a row, deterministic, the Södermanland figures.

A snapshot is kept per day (the demo's dates are relative to today), per audit channel (the command's events say
CLI, the loader's SYSTEM) and per whether the load ran inside a test's transaction (where on_commit work never runs)
or committed — the same load made in another of these is a different set of rows.
"""

from __future__ import annotations

import copy
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from etablera.access import audit
from etablera.demo import services as demo_services
from etablera.demo.services import DemoResult
from etablera.testing.snapshot import Snapshot

_real_load_demo = demo_services.load_demo
_snapshots: dict[tuple, list[tuple[Snapshot, list]]] = {}
# A few states a load starts from: the freshly migrated database, and the same data put back after a module of
# committed rows (its times then kept to the millisecond, as Django's serializer writes them).
STATES_KEPT = 4
# How the loads of this process went, for the test that the snapshot is used (and a developer's curiosity).
counts = {"loaded": 0, "restored": 0}


def load_demo(*, sodermanland: bool = False) -> DemoResult:
    """The demo without the Södermanland 2017 figures, as `services.load_demo` makes it."""
    if sodermanland:
        return _real_load_demo(sodermanland=True)
    key = (connection.alias, timezone.localdate(), audit._channel.get(), connection.in_atomic_block)
    kept = _snapshots.setdefault(key, [])
    for snapshot, messages in kept:
        if snapshot.applies():
            snapshot.restore()
            if hasattr(mail, "outbox"):
                mail.outbox.extend(copy.deepcopy(messages))
            counts["restored"] += 1
            return copy.deepcopy(snapshot.result)
    sent = len(getattr(mail, "outbox", []))
    snapshot = Snapshot.take(lambda: _real_load_demo(sodermanland=False))
    counts["loaded"] += 1
    if snapshot.usable and len(kept) < STATES_KEPT:
        kept.append((snapshot, copy.deepcopy(getattr(mail, "outbox", [])[sent:])))
    return copy.deepcopy(snapshot.result)


def demo_command(*args: str) -> str:
    """`etablera demo --skip-sodermanland *args`, its output as printed."""
    out = StringIO()
    with mock.patch.object(demo_services, "load_demo", _command_load):
        call_command("demo", "--skip-sodermanland", *args, stdout=out)
    return out.getvalue()


def _command_load(*, sodermanland: bool) -> DemoResult:
    assert not sodermanland, "demo_command always passes --skip-sodermanland"  # noqa: S101 — a test helper
    return load_demo()
