"""The real queue (issue #18): a board report started through its page goes to the database backend, waits there
until the worker (`etablera db_worker --batch`, the one-shot mode) runs it, and comes out DONE with a PDF.

Committed data (the worker reads what the request wrote, as in production), so the migrations' data is put back
afterwards."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from etablera.background.models import Job
from etablera.followup.tests.test_board_report import YEAR

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migration_data_back_afterwards"),
]


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_worker_runs_a_job_started_from_the_page(client, stina, nykoping, database_queue):
    from django_tasks_db.models import DBTaskResult

    client.force_login(stina)
    response = client.post("/uppfoljning/rapport/skapa/", {"kommun": "0480", "ar": YEAR})
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == Job.Status.QUEUED
    queued = DBTaskResult.objects.get()
    assert str(queued.id) == job.task_id and queued.task_path == "etablera.background.tasks.run_job"
    page = client.get(response["Location"]).content.decode()
    assert "Väntar på sin tur" in page

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.step == job.steps > 1
    download = client.get(f"/bakgrund/{job.public_id}/fil/")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # Delivered again (at least once): the worker runs the task, the job is not made twice.
    DBTaskResult.objects.update(status="READY")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert Job.objects.get().finished_at == job.finished_at
