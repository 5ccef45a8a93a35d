"""The demo written back from a snapshot is the demo (etablera/testing/snapshot.py, testing/demo.py): the same rows
in every table as the load that made the snapshot, the same result and printed output, sequences past the rows, and
a real load wherever the database is not as it was when the snapshot was taken."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection, transaction

from etablera.access import capabilities_cache
from etablera.organisation.models import User
from etablera.people.models import Household
from etablera.testing import demo
from etablera.testing.factories import HouseholdFactory
from etablera.testing.snapshot import _contents, _tables

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    """Raised to roll a block back."""


def _undone(work):
    """Run work in a savepoint that is rolled back; return what it returned."""
    box = {}
    try:
        with transaction.atomic():
            box["value"] = work()
            raise _Undo
    except _Undo:
        return box["value"]


def test_the_rows_written_back_are_the_rows_the_load_wrote():
    demo._snapshots.clear()
    before = _contents(_tables())

    def first():
        sent = len(mail.outbox)
        result = demo.load_demo()
        caseworker = User.objects.get(username="handlaggare").pk
        return result, _contents(_tables()), len(mail.outbox) - sent, caseworker

    loaded, rows_loaded, mails_loaded, caseworker = _undone(first)
    assert _contents(_tables()) == before  # rolled back: the next load starts where the first did
    counts, sent = dict(demo.counts), len(mail.outbox)
    # As after a flush that restarts the ids: the write-back must move the sequence past its rows.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('organisation_user', 'id'), 1, false)")

    capabilities_cache.store(caseworker, [])  # an earlier test's user of the same id, without memberships

    restored = demo.load_demo()

    assert demo.counts["restored"] == counts["restored"] + 1 and demo.counts["loaded"] == counts["loaded"]
    assert _contents(_tables()) == rows_loaded
    assert restored == loaded and restored.created["hushåll"] >= 14
    # The grant round's confirmations, sent again.
    assert mails_loaded > 0 and len(mail.outbox) == sent + mails_loaded
    # The caches are emptied, as the models' signals would have dropped the user's entry.
    assert capabilities_cache.memberships(caseworker) is None
    # The sequences are past the rows written back: a new row takes a free id.
    newest = max(User.objects.values_list("pk", flat=True))
    assert User.objects.create(username="ny-efter-demo").pk > newest


def test_a_database_not_as_it_was_gets_a_real_load():
    demo._snapshots.clear()
    _undone(demo.load_demo)  # the snapshot, taken on the migrations' data
    HouseholdFactory(name="Hushållet Före")  # now the database holds something the snapshot's did not
    counts = dict(demo.counts)

    result = demo.load_demo()

    assert demo.counts["loaded"] == counts["loaded"] + 1 and demo.counts["restored"] == counts["restored"]
    assert result.created["hushåll"] >= 14
    assert Household.objects.filter(name="Hushållet Före").exists()


def test_the_command_prints_what_a_real_run_prints():
    demo._snapshots.clear()
    printed = _undone(lambda: demo.demo_command())
    counts = dict(demo.counts)

    again = demo.demo_command()

    assert demo.counts["restored"] == counts["restored"] + 1
    assert again == printed and "Skapat nu:" in again
    assert "ingenting ändrades" in demo.demo_command()  # a second run on top is the real command's


def test_once_makes_its_rows_for_real_first_and_writes_them_back_after():
    """testing/snapshot.once, as the API's permission matrix uses it: the work runs once; on the database as it
    was, the same rows come back with a copy of the result; on another database the work runs again."""
    from etablera.testing.snapshot import _kept, once

    runs = []

    def work():
        runs.append(1)
        household = HouseholdFactory.with_members([40, 8], name="Familjen Engång")
        return {"household": household.public_id, "members": household.memberships.count()}

    _kept.clear()
    before = _contents(_tables())
    made, rows_made = _undone(lambda: (once("example", work), _contents(_tables())))
    assert runs == [1] and _contents(_tables()) == before

    written_back = _undone(lambda: (once("example", work), _contents(_tables())))
    assert runs == [1] and written_back == (made, rows_made)
    assert written_back[0] is not made  # a copy: a test that changes its result changes no other test's

    HouseholdFactory.with_members([30], name="Familjen Annan")  # the database is not as it was
    again = once("example", work)
    assert runs == [1, 1] and again != made and Household.objects.filter(name="Familjen Engång").count() == 1
