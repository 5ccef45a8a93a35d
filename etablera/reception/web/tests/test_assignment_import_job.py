"""A large import of anvisningar as background work (issue #18, reception/jobs.py): over the row threshold the page
sends the confirmed file to the worker, whose job's page shows the same counts or errors the page would; the import
is the same (all-or-nothing, its own audit event), runs once when its task is delivered twice, reports its progress,
keeps the file only until it ends, and its result is read only by its requester while they may import there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.background import lifecycle, tasks
from etablera.background.models import Job
from etablera.reception import jobs
from etablera.reception.importers import import_file
from etablera.reception.models import Assignment
from etablera.reception.web.views.imports import SESSION_KEY

URL = "/anvisningar/import/"
HEADER = "referens;kommunkod;kategori;beslutsdatum;antal_personer;status;mottagningsdatum\n"


def _day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def _rows(n: int, *, broken: bool = False) -> list[str]:
    rows = [f"BIG-{i};0480;ABO;{_day(10 + i % 30)};{1 + i % 4};;" for i in range(1, n + 1)]
    if broken:
        rows[-1] = f"BIG-{n};0480;okänd;{_day(10)};2;;"
    return rows


def _data(rows: list[str]) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(jobs, "BACKGROUND_ROWS", 3)
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def _upload(client, rows: list[str]):
    return client.post(URL, {"file": SimpleUploadedFile("stor.csv", _data(rows), "text/csv")})


def _confirm(client, django_capture_on_commit_callbacks):
    token = client.session[SESSION_KEY]["sha256"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"confirm": "1", "sha256": token})
    return response


def test_a_small_file_is_imported_on_the_page_as_before(signed_in, nykoping, small_threshold):
    page = _upload(signed_in, _rows(3)).content.decode()
    assert "Förhandsgranskning av stor.csv" in page and "<dt>Nya anvisningar</dt><dd>3</dd>" in page
    assert "i bakgrunden" not in page and not Job.objects.exists()


def test_a_large_file_is_shown_then_imported_as_a_job(
    signed_in, alice, nykoping, small_threshold, django_capture_on_commit_callbacks
):
    page = _upload(signed_in, _rows(5)).content.decode()
    assert "Stor fil: stor.csv" in page and "Filen har 5 rader." in page and "BIG-5" in page
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()  # no dry run on the page

    response = _confirm(signed_in, django_capture_on_commit_callbacks)

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bakgrund/{job.public_id}/"
    assert job.kind == jobs.KIND and job.status == Job.Status.DONE and job.requested_by == alice
    assert job.step == job.steps == 6  # five rows and the saving
    assert "fil" not in job.parameters and job.parameters["kommuner"] == ["0480"]
    assert Assignment.objects.count() == 5
    event = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).get()
    assert event.actor == alice and event.changes["outcome"] == "saved" and event.changes["rows"] == 5
    page = signed_in.get(response["Location"]).content.decode()
    assert "Import av anvisningar, stor.csv, 5 rader" in page
    assert "Importen av stor.csv är klar" in page and "<dt>Nya anvisningar</dt><dd>5</dd>" in page
    assert "Klart. Resultatet visas på sidan." in page and "/fil/" not in page
    assert signed_in.get(f"/bakgrund/{job.public_id}/fil/").status_code == 404
    assert signed_in.get(f"/bakgrund/{job.public_id}/status/").json()["reload"] is True


def test_a_file_with_an_error_saves_nothing_and_its_job_shows_the_errors(
    signed_in, nykoping, small_threshold, django_capture_on_commit_callbacks
):
    _upload(signed_in, _rows(5, broken=True))
    response = _confirm(signed_in, django_capture_on_commit_callbacks)

    assert not Assignment.objects.exists()
    page = signed_in.get(response["Location"]).content.decode()
    assert "Filen har 1 fel. Ingenting har sparats." in page and "unknown_category" in page
    assert "fil" not in Job.objects.get().parameters


def test_the_job_gives_what_the_page_gives(
    alice, nykoping, small_threshold, django_capture_on_commit_callbacks
):
    data = _data(_rows(6, broken=True))
    on_the_page = import_file("assignments", data, actor=alice)
    from etablera.background import services

    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(
            user=alice,
            kind=jobs.KIND,
            parameters=jobs.parameters(kind="assignments", data=data, name="stor.csv", user=alice),
        )
    job.refresh_from_db()
    shown = jobs.show(alice, job)
    assert shown["errors"] == [error.as_dict() for error in on_the_page.errors] and shown["errors"]
    assert (shown["rows"], shown["created"], shown["updated"], shown["unchanged"]) == (6, 0, 0, 0)

    good = _data(_rows(6))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start(
            user=alice,
            kind=jobs.KIND,
            parameters=jobs.parameters(kind="assignments", data=good, name="stor.csv", user=alice),
        )
    job.refresh_from_db()
    again = import_file("assignments", good, actor=alice, dry_run=True)  # now all are there: unchanged
    assert jobs.show(alice, job)["created"] == 6 and again.unchanged == 6


def test_progress_is_written_every_n_rows(alice, nykoping, small_threshold):
    from etablera.background import services

    job = services.start(
        user=alice,
        kind=jobs.KIND,
        parameters=jobs.parameters(kind="assignments", data=_data(_rows(5)), name="stor.csv", user=alice),
    )  # not committed: still queued
    seen = []
    original = lifecycle.report_progress

    def spy(job_pk, step, steps, label):
        original(job_pk, step, steps, label)
        row = Job.objects.get(pk=job_pk)
        seen.append((row.step, row.steps, row.label))

    lifecycle.report_progress = spy
    try:
        tasks.run_job.call(job.pk)
    finally:
        lifecycle.report_progress = original
    assert seen[0] == (0, 0, "Filen läses")
    checked = [entry for entry in seen[1:] if entry[2] == "Raderna kontrolleras"]
    assert (2, 6, "Raderna kontrolleras") in checked and (4, 6, "Raderna kontrolleras") in checked
    assert seen[-1] == (5, 6, "Importen sparas")


def test_a_task_delivered_twice_imports_once(alice, nykoping, small_threshold):
    from etablera.background import services

    job = services.start(
        user=alice,
        kind=jobs.KIND,
        parameters=jobs.parameters(kind="assignments", data=_data(_rows(4)), name="stor.csv", user=alice),
    )
    tasks.run_job.call(job.pk)
    tasks.run_job.call(job.pk)  # the queue delivered it again
    assert Assignment.objects.count() == 4
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and "fil" not in job.parameters


def test_a_failed_job_keeps_no_file_and_logs_no_personal_data(
    alice, nykoping, small_threshold, monkeypatch, caplog
):
    from etablera.background import services

    job = services.start(
        user=alice,
        kind=jobs.KIND,
        parameters=jobs.parameters(kind="assignments", data=_data(_rows(4)), name="stor.csv", user=alice),
    )

    def broken(*args, **kwargs):
        raise RuntimeError("BIG-1 19900101-1234")

    monkeypatch.setattr(jobs, "import_file", broken)
    tasks.run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "fil" not in job.parameters
    assert not any("19900101-1234" in record.getMessage() for record in caplog.records)


def test_only_its_requester_who_may_import_there_reads_the_result(
    client, alice, carol, charlie, nykoping, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    _upload(client, _rows(4))
    location = _confirm(client, django_capture_on_commit_callbacks)["Location"]
    job = Job.objects.get()

    for other in (carol, charlie):  # a colleague in Nyköping, a caseworker of another municipality
        client.force_login(other)
        assert client.get(location).status_code == 404
        assert client.get(f"/bakgrund/{job.public_id}/status/").status_code == 404

    client.force_login(alice)
    assert client.get(location).status_code == 200
    alice.memberships.all().delete()  # alice no longer registers reception in Nyköping
    assert client.get(location).status_code == 403
    assert not jobs.may_read(charlie, job.parameters)


def test_a_stale_confirmation_of_a_large_file_starts_nothing(signed_in, nykoping, small_threshold):
    _upload(signed_in, _rows(5))
    response = signed_in.post(URL, {"confirm": "1", "sha256": "0" * 64}, follow=True)
    assert "Förhandsgranskningen finns inte längre." in response.content.decode()
    assert not Job.objects.exists()
