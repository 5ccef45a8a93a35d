"""The same tasks on RQ in a real Redis (issue #18: "the same tasks on a distributed queue by configuration only"):
a board report started from its page goes to Redis, an RQ worker runs it and the job comes out DONE with its PDF; a
second delivery of the task does nothing; the schedule's slots go through Redis too.

Needs Redis at REDIS_URL (127.0.0.1:6379 by default; CI starts Debian's redis-server). Without one these tests are
skipped — except in CI (CI=true), where a missing Redis fails them. Each xdist worker uses its own Redis database,
emptied before and after."""

from __future__ import annotations

import pytest

from etablera.background import schedule
from etablera.background.models import Job, ScheduledRun
from etablera.followup.tests.test_board_report import YEAR
from etablera.testing.redis import empty_redis_or_skip, worker_database

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migration_data_back_afterwards"),
]


@pytest.fixture
def redis_queue(settings):
    url = worker_database(8, 8)  # 8–15: never the default 0, nor the cache tests' 2–7
    connection = empty_redis_or_skip(url)
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 600}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    yield connection
    connection.flushdb()


def _run_worker():
    """What `etablera rqworker default --burst` does, with SimpleWorker: each task in this process (no fork), on
    this test's database connection. (The command itself is there only with ETABLERA_TASKS_BACKEND=redis.)

    Without the worker's command channel (pub/sub), which a burst in a test has no use for: stopping the channel's
    thread joins it while it waits out its 60-second poll (redis-py's PubSubWorkerThread.stop), which made a burst
    take a minute whenever the thread was inside that wait — two minutes of every full test run."""
    import django_rq
    from django.conf import settings
    from rq.worker import SimpleWorker

    class BurstWorker(SimpleWorker):
        def subscribe(self):
            pass

        def unsubscribe(self):
            pass

    queue = django_rq.get_queue("default", job_class=settings.RQ["JOB_CLASS"])
    BurstWorker([queue], connection=queue.connection, job_class=settings.RQ["JOB_CLASS"]).work(burst=True)


def test_a_job_goes_through_redis_and_runs_once(client, stina, nykoping, redis_queue):
    from etablera.background.tasks import run_job

    client.force_login(stina)
    response = client.post("/uppfoljning/rapport/skapa/", {"kommun": "0480", "ar": YEAR})
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == Job.Status.QUEUED
    assert any(key.startswith(b"rq:job:") for key in redis_queue.keys("rq:job:*"))  # it waits in Redis

    _run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.step == job.steps > 1
    download = client.get(f"/bakgrund/{job.public_id}/fil/")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    # Delivered again (at least once): the task runs, the job is not made again.
    run_job.enqueue(job.pk)
    _run_worker()
    assert Job.objects.get().finished_at == job.finished_at


def test_the_schedule_runs_through_redis(redis_queue):
    enqueued = schedule.tick()
    # Every daily job but the database queue's own housekeeping, which is not scheduled with Redis. (From the
    # schedule itself: the domains add their jobs to it.)
    expected = [entry.name for entry in schedule.SCHEDULE if entry.name != "prune_task_results"]
    assert enqueued == expected and {"housing_refresh", "clearsessions"} <= set(enqueued)
    assert ScheduledRun.objects.filter(started_at__isnull=True).count() == len(expected)
    _run_worker()
    assert ScheduledRun.objects.filter(succeeded=True).count() == len(expected)
    assert schedule.tick() == []
