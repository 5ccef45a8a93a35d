"""A job's life (issue #18): started from a service, run by the task (here the immediate backend, when the
transaction commits), its progress visible on its page while it runs, done with a file or failed with a Swedish
message; its requester's alone; a task delivered twice runs once."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied

from etablera.access.models import AuditEvent
from etablera.background import lifecycle, services, tasks
from etablera.background.models import Job
from etablera.background.tests.kinds import KIND, Echo

pytestmark = pytest.mark.django_db


@pytest.fixture
def echo(stina):
    kind = Echo(readers={stina.pk})
    kind.register()
    return kind


def _start(user, django_capture_on_commit_callbacks) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(user=user, kind=KIND, parameters={"n": 1})
    job.refresh_from_db()
    return job


def _page(client, job, suffix=""):
    return client.get(f"/bakgrund/{job.public_id}/{suffix}")


def test_it_runs_to_done_with_progress_seen_half_way(client, stina, echo, django_capture_on_commit_callbacks):
    client.force_login(stina)
    seen = {}

    def look(job):
        seen["page"] = _page(client, job).content.decode()
        seen["status"] = _page(client, job, "status/").json()

    echo.halfway = look
    job = _start(stina, django_capture_on_commit_callbacks)

    assert "Steg 2 av 4: Halvvägs" in seen["page"] and 'max="4" value="2"' in seen["page"]
    assert 'aria-live="polite"' in seen["page"] and "background/job.js" in seen["page"]
    assert seen["status"] == {
        "status": "RUNNING",
        "status_label": "Pågår",
        "active": True,
        "step": 2,
        "steps": 4,
        "text": "Steg 2 av 4: Halvvägs",
    }
    assert job.status == Job.Status.DONE and job.step == job.steps == 4 and job.task_id
    assert job.started_at and job.finished_at and job.language == "sv"
    page = _page(client, job).content.decode()
    assert "Klar" in page and f"/bakgrund/{job.public_id}/fil/" in page and "background/job.js" not in page
    response = _page(client, job, "fil/")
    assert response.content == b"%PDF-1.4 echo" and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="eko.pdf"'
    assert echo.downloads == [(stina.pk, job.pk)]
    assert AuditEvent.objects.filter(object_type="BackgroundJob", action="CREATE").count() == 1


def test_a_queued_job_says_so_and_has_no_file_yet(client, stina, echo):
    job = services.start(user=stina, kind=KIND, parameters={})  # the transaction never commits: still queued
    client.force_login(stina)
    page = _page(client, job).content.decode()
    assert "Väntar på sin tur" in page and "Jobbet väntar på sin tur." in page
    assert _page(client, job, "status/").json()["active"] is True
    assert _page(client, job, "fil/").status_code == 404


def test_a_failure_shows_a_plain_swedish_message_and_logs_the_exception(
    client, stina, echo, django_capture_on_commit_callbacks, caplog
):
    echo.fail = True
    with caplog.at_level(logging.ERROR, logger="etablera.background.tasks"):
        job = _start(stina, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED and job.error == lifecycle.FAILED_MESSAGE and job.result is None
    # The exception to the log, its message taken off by the NoPersonalData filter (access/logging.py).
    assert [r.levelno for r in caplog.records if r.name == "etablera.background.tasks"] == [logging.ERROR]
    assert "RuntimeError: [borttaget]" in caplog.text
    client.force_login(stina)
    page = _page(client, job).content.decode()
    assert "Misslyckades" in page and "Det gick inte att göra klart jobbet." in page
    assert "Traceback" not in page and "RuntimeError" not in page and "Hemlig" not in page
    status = _page(client, job, "status/").json()
    assert status["active"] is False and status["text"].startswith("Det gick inte")
    assert _page(client, job, "fil/").status_code == 404


def test_a_task_delivered_twice_runs_once(stina, echo, django_capture_on_commit_callbacks):
    job = _start(stina, django_capture_on_commit_callbacks)
    assert echo.runs == 1
    tasks.run_job.call(job.pk)  # the queue delivers it again
    tasks.run_job.call(job.pk + 1000)  # or delivers one whose job is gone
    job.refresh_from_db()
    assert echo.runs == 1 and job.status == Job.Status.DONE


@pytest.mark.parametrize("suffix", ["", "status/", "fil/"])
def test_nobody_else_sees_the_job_not_even_an_administrator(
    client, stina, carol, bob, echo, django_capture_on_commit_callbacks, suffix
):
    job = _start(stina, django_capture_on_commit_callbacks)
    for other in (carol, bob):
        client.force_login(other)
        assert _page(client, job, suffix).status_code == 404
    client.logout()
    assert _page(client, job, suffix).status_code == 302


def test_one_who_lost_access_gets_no_file(client, stina, echo, django_capture_on_commit_callbacks):
    job = _start(stina, django_capture_on_commit_callbacks)
    echo.readers.clear()
    client.force_login(stina)
    assert _page(client, job).status_code == 200
    assert _page(client, job, "fil/").status_code == 403
    assert echo.downloads == []


def test_one_who_may_not_read_it_cannot_start_it(bob, echo):
    with pytest.raises(PermissionDenied):
        services.start(user=bob, kind=KIND, parameters={})
    assert not Job.objects.exists()


def test_a_job_runs_in_its_requesters_language(client, stina, echo, django_capture_on_commit_callbacks):
    from django.utils import translation

    with translation.override("en"):
        job = _start(stina, django_capture_on_commit_callbacks)
    assert job.language == "en"


def test_the_pages_cost_a_fixed_number_of_queries(
    client, stina, echo, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    job = _start(stina, django_capture_on_commit_callbacks)
    client.force_login(stina)
    for suffix in ("", "status/", "fil/"):
        with django_assert_max_num_queries(8):
            assert _page(client, job, suffix).status_code == 200
