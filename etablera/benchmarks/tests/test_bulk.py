"""etablera.bulk.insert (the import's fast write): the rows are what save() would write, every object gets its key,
and a broken constraint is Django's IntegrityError — on PostgreSQL through COPY, elsewhere through bulk_create."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from etablera import bulk
from etablera.access.models import AuditEvent
from etablera.reception.models import Assignment
from etablera.rules.reception import latest_reception_date


def _assignment(reference: str, municipality) -> Assignment:
    deadline = latest_reception_date(dt.date(2026, 3, 2), "RESETTLED")
    return Assignment(
        reference=reference,
        municipality=municipality,
        category="RESETTLED",
        person_count=3,
        quota_year=2026,
        decision_date=dt.date(2026, 3, 2),
        latest_reception_date=deadline.date,
        latest_reception_rule=deadline.as_json(),
        status=Assignment.Status.RECEIVED,
        received_date=dt.date(2026, 4, 1),
    )


def test_rows_are_what_save_would_write_and_objects_get_their_keys(db, nykoping):
    before = timezone.now()
    records = [_assignment(f"BULK-{n}", nykoping) for n in range(3)]
    bulk.insert(Assignment, records)
    assert all(record.pk for record in records) and len({r.pk for r in records}) == 3
    saved = Assignment.objects.get(pk=records[1].pk)
    assert saved.reference == "BULK-1" and saved.status == "RECEIVED" and saved.person_count == 3
    assert saved.latest_reception_rule == records[1].latest_reception_rule  # JSON intact
    assert saved.latest_reception_deadline.date == saved.latest_reception_date
    assert saved.created_at >= before and saved.updated_at >= before  # default and auto_now
    assert saved.cancel_reason == ""
    # The sequence moved on: an ordinary save after the bulk insert gets a new key.
    later = _assignment("BULK-later", nykoping)
    later.save()
    assert later.pk > max(r.pk for r in records)


def test_audit_events_in_bulk_keep_their_fields(db, nykoping):
    events = [
        AuditEvent(
            action=AuditEvent.Action.CREATE,
            channel=AuditEvent.Channel.CLI,
            object_type="Assignment",
            object_id=str(n),
            municipality_code="0480",
            summary="Anvisning registrerad",
            changes={"status": ["ASSIGNED", "RECEIVED"], "n": n},
        )
        for n in range(4)
    ]
    bulk.insert(AuditEvent, events)
    assert AuditEvent.objects.filter(summary="Anvisning registrerad").count() == 4
    assert AuditEvent.objects.get(pk=events[2].pk).changes == {"status": ["ASSIGNED", "RECEIVED"], "n": 2}


def test_a_broken_unique_constraint_is_an_integrity_error(db, nykoping):
    _assignment("BULK-X", nykoping).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert(Assignment, [_assignment("BULK-Y", nykoping), _assignment("BULK-X", nykoping)])
    assert not Assignment.objects.filter(reference="BULK-Y").exists()


def test_dates_and_moments_are_written_as_save_would(db, nykoping, settings):
    """The fast preparers: a plain date is the attribute as it is; an aware date-time is taken as it is and a naive
    one made aware (as save() does); auto_now is one moment for the whole insert, set on every object."""
    naive = dt.datetime(2026, 5, 1, 12, 0)
    records = [_assignment(f"BULK-D{n}", nykoping) for n in range(3)]
    records[0].created_at = naive
    records[1].created_at = timezone.make_aware(naive)
    records[2].cancelled_date = dt.date(2026, 4, 2)
    before = timezone.now()
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        bulk.insert(Assignment, records)
    saved = {a.reference: a for a in Assignment.objects.filter(reference__startswith="BULK-D")}
    assert saved["BULK-D0"].created_at == timezone.make_aware(naive)  # the naive one, made aware
    assert saved["BULK-D1"].created_at == timezone.make_aware(naive)
    assert saved["BULK-D2"].cancelled_date == dt.date(2026, 4, 2) and saved["BULK-D0"].cancelled_date is None
    assert saved["BULK-D0"].decision_date == dt.date(2026, 3, 2)
    assert all(a.updated_at >= before for a in saved.values())  # auto_now: now, and on the objects
    assert all(r.updated_at == saved[r.reference].updated_at for r in records)
    if (
        connection.vendor == "postgresql"
    ):  # COPY takes the moment once for the insert (bulk_create: per object)
        assert len({a.updated_at for a in saved.values()}) == 1


def test_rows_without_objects_take_the_fields_defaults(db, nykoping):
    """insert_values: a field left out of a row takes its default, as a new object would — `changes` a new {} per
    row, `at` now, the flags false — and the database gives the key."""
    before = timezone.now()
    bulk.insert_values(
        AuditEvent,
        [
            {
                "action": AuditEvent.Action.CREATE,
                "channel": AuditEvent.Channel.CLI,
                "object_type": "Assignment",
                "object_id": str(n),
                "summary": "Rad utan objekt",
                **({"changes": {"n": n}, "protected": True} if n else {}),
            }
            for n in range(3)
        ],
    )
    saved = list(AuditEvent.objects.filter(summary="Rad utan objekt").order_by("object_id"))
    assert [e.object_id for e in saved] == ["0", "1", "2"] and len({e.pk for e in saved}) == 3
    assert saved[0].changes == {} and saved[0].protected is False and saved[0].break_glass is False
    assert (
        saved[0].actor_id is None and saved[0].person_public_id is None and saved[0].municipality_code == ""
    )
    assert saved[2].changes == {"n": 2} and saved[2].protected is True
    assert all(e.at >= before for e in saved)


def test_a_row_with_a_field_the_model_lacks_is_refused(db):
    with pytest.raises(TypeError):
        bulk.insert_values(AuditEvent, [{"action": "CREATE", "no_such_field": 1}])


def test_rows_without_a_moment_share_the_inserts_and_a_given_one_is_kept(db):
    """`at` (default timezone.now) is taken once for the rows of one insert that give none, as the auto dates are;
    a row that gives its own keeps it, prepared as save() would."""
    given = timezone.make_aware(dt.datetime(2026, 5, 1, 12, 0))
    before = timezone.now()
    bulk.insert_values(
        AuditEvent,
        [
            {
                "action": AuditEvent.Action.CREATE,
                "object_type": "X",
                "summary": "Ögonblick",
                "object_id": str(n),
            }
            for n in range(3)
        ]
        + [
            {
                "action": AuditEvent.Action.CREATE,
                "object_type": "X",
                "summary": "Ögonblick",
                "object_id": "given",
                "at": given,
            }
        ],
    )
    after = timezone.now()
    saved = {e.object_id: e.at for e in AuditEvent.objects.filter(summary="Ögonblick")}
    assert saved["given"] == given
    moments = {saved[str(n)] for n in range(3)}
    assert all(before <= moment <= after for moment in moments)
    if connection.vendor == "postgresql":  # COPY: one moment (bulk_create: the objects' own, one each)
        assert len(moments) == 1


def test_the_collector_is_paused_for_a_write_and_resumed_after_the_last_pause():
    import gc

    assert gc.isenabled()
    with bulk.collector_paused():
        assert not gc.isenabled()
        with bulk.collector_paused():  # nested (or another thread's): still paused when the inner one ends
            pass
        assert not gc.isenabled()
    assert gc.isenabled()

    with pytest.raises(RuntimeError), bulk.collector_paused():
        raise RuntimeError  # resumed after an error too
    assert gc.isenabled()

    gc.disable()  # off before the pause (someone else's choice): left off
    try:
        with bulk.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_import_runs_with_the_collector_paused(db, monkeypatch):
    """Every import (page, API, background job, command) goes through run_import, which pauses the collector while
    it checks and writes the rows, and resumes it afterwards — also when a row is refused."""
    import gc

    from etablera.reception.importers import assignments, import_file

    seen = []
    plan = assignments.plan

    def plan_seeing_the_collector(table, **kwargs):
        seen.append(gc.isenabled())
        return plan(table, **kwargs)

    monkeypatch.setattr(assignments, "plan", plan_seeing_the_collector)
    header = "reference,municipality_code,category,decision_date,person_count\n"
    assert import_file("assignments", (header + "GC-1,0480,ABO,2026-03-02,2\n").encode()).created == 1
    assert import_file("assignments", (header + "GC-2,9999,ABO,2026-03-02,2\n").encode()).errors
    assert seen == [False, False] and gc.isenabled()
