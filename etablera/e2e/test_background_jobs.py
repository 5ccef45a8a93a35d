"""Background jobs in a real browser (issue #18), checked with axe-core (browser.Visitor): a large import of
anvisningar (the threshold made small) shown, confirmed, run as a job and its result read on the job's page; a job
still running shows its progress bar and its step; the matching page's run for every municipality."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from etablera.background.models import Job
from etablera.reception import jobs
from etablera.reception.models import Assignment

expect = pytest.importorskip("playwright.sync_api").expect

HEADER = "referens;kommunkod;kategori;beslutsdatum;antal_personer;status;mottagningsdatum\n"


def _day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(jobs, "BACKGROUND_ROWS", 3)
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)


def test_a_large_import_runs_as_a_job_and_shows_its_result(visitor, alice, nykoping, small_threshold):
    rows = "".join(f"JOB-{i};0480;ABO;{_day(10 + i)};{1 + i % 3};;\n" for i in range(1, 6))
    person = visitor("reception")
    person.login("alice")
    person.goto("/anvisningar/import/")
    person.page.get_by_label("CSV-fil").set_input_files(
        {"name": "stor.csv", "mimeType": "text/csv", "buffer": (HEADER + rows).encode()}
    )
    person.submit(person.page.get_by_role("button", name="Förhandsgranska"))
    assert person.page.get_by_role("heading", name="Stor fil: stor.csv").is_visible()
    assert "Filen har 5 rader." in person.text() and not Assignment.objects.exists()

    person.submit(person.page.get_by_role("button", name="Importera", exact=True))
    job = Job.objects.get()
    assert person.page.url.endswith(f"/bakgrund/{job.public_id}/")
    assert (
        person.page.get_by_role("heading", level=1).inner_text() == "Import av anvisningar, stor.csv, 5 rader"
    )
    assert "Importen av stor.csv är klar" in person.text()
    assert "Klart. Resultatet visas på sidan." in person.page.get_by_role("status").inner_text()
    assert Assignment.objects.count() == 5 and "fil" not in Job.objects.get().parameters


def test_a_running_job_shows_its_progress(visitor, alice, nykoping):
    job = Job.objects.create(
        kind=jobs.KIND,
        requested_by=alice,
        parameters={"slag": "assignments", "namn": "stor.csv", "rader": 5, "kommuner": ["0480"]},
        status=Job.Status.RUNNING,
        step=2,
        steps=6,
        label="Raderna kontrolleras",
        started_at=timezone.now(),
    )
    person = visitor("reception")
    person.login("alice")
    person.goto(f"/bakgrund/{job.public_id}/")
    bar = person.page.get_by_label("Hur långt jobbet har kommit")
    assert bar.get_attribute("max") == "6" and bar.get_attribute("value") == "2"
    assert "Steg 2 av 6: Raderna kontrolleras" in person.page.get_by_role("status").inner_text()
    # The page's script asks for the status and shows the next step without a reload.
    Job.objects.filter(pk=job.pk).update(step=4, label="Raderna kontrolleras")
    expect(person.page.get_by_role("status")).to_contain_text(
        "Steg 4 av 6: Raderna kontrolleras", timeout=10_000
    )
    assert bar.evaluate("bar => bar.value") == 4
    person.check()
