"""The worker's schedule (issue #18): each daily job's slot enqueued once however often and by however many workers
the schedule ticks, each delivery of a slot run once, a failure recorded without its message, and the real worker
(`etablera worker --batch`) doing the day's jobs from the database queue."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from etablera.background import schedule
from etablera.background.models import ScheduledRun
from etablera.background.schedule import run_scheduled

STOCKHOLM = ZoneInfo("Europe/Stockholm")
REFRESH = schedule.get("housing_refresh")  # daily 00:05


def test_the_latest_and_the_next_slot_are_in_local_time():
    before = dt.datetime(2026, 3, 10, 0, 4, tzinfo=STOCKHOLM)
    after = dt.datetime(2026, 3, 10, 0, 6, tzinfo=STOCKHOLM)
    assert REFRESH.latest_slot(before) == dt.datetime(2026, 3, 9, 0, 5, tzinfo=STOCKHOLM)
    assert REFRESH.latest_slot(after) == dt.datetime(2026, 3, 10, 0, 5, tzinfo=STOCKHOLM)
    assert REFRESH.next_slot(after) == dt.datetime(2026, 3, 11, 0, 5, tzinfo=STOCKHOLM)
    # Across the change to summer time (02:00 on 29 March 2026) the job stays at 00:05 local time.
    assert REFRESH.next_slot(dt.datetime(2026, 3, 29, 12, tzinfo=STOCKHOLM)).utcoffset() == dt.timedelta(
        hours=2
    )
    assert REFRESH.arguments(after) == ["housing", "refresh", "--date=2026-03-10"]


@pytest.mark.django_db
def test_a_tick_runs_each_due_job_once_and_a_second_tick_nothing():
    now = dt.datetime(2026, 5, 4, 4, 0, tzinfo=STOCKHOLM)
    # The tests' queue runs a task as it is enqueued (the immediate backend); the database queue's housekeeping
    # (prune_task_results) is scheduled only where that queue is used.
    assert schedule.tick(now) == [
        "housing_refresh",
        "housing_snapshot",
        "notices_digest",
        "grants_remind",
        "volunteers_renew",
        "reminders_send",
        "clearsessions",
    ]
    assert schedule.tick(now) == []
    runs = {run.name: run for run in ScheduledRun.objects.all()}
    assert set(runs) == {
        "housing_refresh",
        "housing_snapshot",
        "notices_digest",
        "grants_remind",
        "volunteers_renew",
        "reminders_send",
        "clearsessions",
    }
    assert all(run.succeeded and run.started_at and run.finished_at for run in runs.values())
    assert runs["housing_refresh"].slot == dt.datetime(2026, 5, 4, 0, 5, tzinfo=STOCKHOLM)
    assert runs["housing_refresh"].summary == "Boendestatus uppdaterad per 2026-05-04: 0 hushåll ändrade."
    # The next day brings new slots.
    assert schedule.tick(now + dt.timedelta(days=1)) == [
        "housing_refresh",
        "housing_snapshot",
        "notices_digest",
        "grants_remind",
        "volunteers_renew",
        "reminders_send",
        "clearsessions",
    ]


@pytest.mark.django_db
def test_another_worker_that_made_the_slot_first_wins():
    now = dt.datetime(2026, 5, 4, 1, 0, tzinfo=STOCKHOLM)
    ScheduledRun.objects.create(name="housing_refresh", slot=REFRESH.latest_slot(now))
    assert "housing_refresh" not in schedule.tick(now)
    with pytest.raises(IntegrityError):
        ScheduledRun.objects.create(name="housing_refresh", slot=REFRESH.latest_slot(now))


@pytest.mark.django_db
def test_a_slot_delivered_twice_runs_once(monkeypatch):
    calls = []
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: calls.append(a))
    slot = dt.datetime(2026, 5, 4, 0, 5, tzinfo=STOCKHOLM).isoformat()
    run_scheduled.call("housing_refresh", slot)
    run_scheduled.call("housing_refresh", slot)
    assert calls == [("housing", "refresh", "--date=2026-05-04")]
    assert ScheduledRun.objects.get().succeeded is True


@pytest.mark.django_db
def test_a_failure_is_recorded_without_its_message(monkeypatch, caplog):
    def fails(*args, **kwargs):
        raise RuntimeError("Anna Andersson 19800101-1234")

    monkeypatch.setattr("django.core.management.call_command", fails)
    run_scheduled.call("clearsessions", dt.datetime(2026, 5, 4, 3, tzinfo=STOCKHOLM).isoformat())
    run = ScheduledRun.objects.get()
    assert run.succeeded is False and run.finished_at and run.summary == ""
    assert "Anna" not in run.summary


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migration_data_back_afterwards")
def test_the_real_worker_keeps_the_schedule_from_the_database_queue(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    runs = {run.name: run for run in ScheduledRun.objects.all()}
    assert set(runs) == {entry.name for entry in schedule.SCHEDULE}
    assert all(run.succeeded for run in runs.values()), {name: run.succeeded for name, run in runs.items()}
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == len(schedule.SCHEDULE)
    # Again the same day: every slot has its run, nothing is enqueued or run twice.
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert ScheduledRun.objects.count() == len(schedule.SCHEDULE)
    assert DBTaskResult.objects.count() == len(schedule.SCHEDULE)


@pytest.mark.django_db
def test_the_scheduler_command_ticks_once():
    call_command("scheduler", "--once", verbosity=0)
    assert ScheduledRun.objects.filter(succeeded=True).count() == 7


@pytest.mark.django_db
def test_the_schedule_page_shows_each_job_its_last_run_and_the_next(
    client, carol, alice, django_assert_max_num_queries
):
    schedule.tick(dt.datetime(2026, 5, 4, 4, 0, tzinfo=STOCKHOLM))
    client.force_login(carol)
    with django_assert_max_num_queries(12):
        page = client.get("/bakgrund/schema/").content.decode()
    assert "Uppdatera hushållens boendestatus" in page and "00:05" in page
    assert "2026-05-04 00:05" in page and "Boendestatus uppdaterad per 2026-05-04: 0 hushåll ändrade." in page
    assert (
        "Används inte med den här kön" in page
    )  # the database queue's pruning, with the tests' immediate queue
    client.force_login(alice)
    assert client.get("/bakgrund/schema/").status_code == 403
