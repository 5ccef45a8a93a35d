"""The board report's PDF made in the background (issues #16 and #18): the page's button starts a job for the shown
municipality and year, with the page's own form and permission; the job's page follows the report's steps and the
PDF's; the file is the report's PDF, its download logged as the page's own; `?format=pdf` still answers at once."""

from __future__ import annotations

import pytest

from etablera.access.models import AuditEvent
from etablera.background.models import Job
from etablera.followup import jobs
from etablera.followup.tests.sodermanland import build
from etablera.followup.tests.test_board_report import LATER, YEAR
from etablera.organisation.models import Membership

pytestmark = pytest.mark.django_db
START = "/uppfoljning/rapport/skapa/"
QUERY = {"kommun": "0480", "ar": YEAR}


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: LATER)


def test_the_page_offers_the_background_pdf_beside_the_direct_one(client, stina, nykoping):
    client.force_login(stina)
    html = client.get("/uppfoljning/rapport/", QUERY).content.decode()
    assert f'action="{START}"' in html and "Skapa pdf i bakgrunden" in html
    assert 'name="kommun" value="0480"' in html and f'name="ar" value="{YEAR}"' in html
    assert "format=pdf" in html


def test_it_starts_runs_and_serves_the_report(
    client, stina, nykoping, today, django_capture_on_commit_callbacks
):
    build()
    client.force_login(stina)
    seen = []
    original = jobs.run

    def watched(job, progress):
        def watch(step, steps, label):
            progress(step, steps, label)
            seen.append(Job.objects.values_list("step", "steps", "label").get(pk=job.pk))

        return original(job, watch)

    jobs.registry.register(
        jobs.KIND, watched, "Rapport", may_read=jobs.may_read, log_download=jobs.log_download
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(START, QUERY)
    finally:
        jobs.register()
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bakgrund/{job.public_id}/"
    assert job.kind == "board_report" and job.parameters == {"kommun": "0480", "ar": YEAR}
    # Every part of the report, then the PDF as the last step; each seen in the database as it happened.
    steps = seen[0][1]
    assert [s[0] for s in seen] == list(range(1, steps + 1)) and seen[0][2] == "Kommuntalet"
    assert seen[-1] == (steps, steps, "Pdf-filen")
    assert job.status == Job.Status.DONE and job.result_name == f"rapport-0480-{YEAR}-{LATER.isoformat()}.pdf"

    page = client.get(response["Location"]).content.decode()
    assert "Rapport till nämnden som pdf" in page and f"/bakgrund/{job.public_id}/fil/" in page
    assert f"<title>Rapport till nämnden som pdf, Nyköpings kommun {YEAR}" in page  # what the job is about
    assert not AuditEvent.objects.filter(action="EXPORT").exists()
    download = client.get(f"/bakgrund/{job.public_id}/fil/")
    assert download.content.startswith(b"%PDF") and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{job.result_name}"'
    event = AuditEvent.objects.get(action="EXPORT")
    assert event.object_type == "BoardReport" and event.municipality_code == "0480"
    assert event.summary == f"Rapport till nämnden {YEAR} (Nyköpings kommun) per {LATER.isoformat()} som pdf"
    # The same summary as the page's own download.
    client.get("/uppfoljning/rapport/", {**QUERY, "format": "pdf"})
    assert AuditEvent.objects.filter(action="EXPORT").latest("pk").summary == event.summary


@pytest.mark.parametrize(
    ("who", "data", "status"),
    [("bob", QUERY, 403), ("stina", {"kommun": "0381", "ar": YEAR}, 404), ("stina", {"kommun": "0480"}, 404)],
)
def test_the_page_form_and_permission_decide(client, request, nykoping, who, data, status):
    client.force_login(request.getfixturevalue(who))
    assert client.post(START, data).status_code == status
    assert not Job.objects.exists()


def test_a_get_starts_nothing(client, stina, nykoping):
    client.force_login(stina)
    assert client.get(START, QUERY).status_code == 405


def test_the_file_asks_again_who_may_read_it(
    client, stina, nykoping, today, django_capture_on_commit_callbacks
):
    client.force_login(stina)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, QUERY)
    job = Job.objects.get()
    Membership.objects.filter(user=stina).delete()
    assert client.get(f"/bakgrund/{job.public_id}/fil/").status_code == 403
    assert not AuditEvent.objects.filter(action="EXPORT").exists()
