"""A kind whose result is read on the job's page (an import's counts and errors, issue #18) and whose parameters hold
what it works on only while it works (`transient`: an uploaded file): taken off when the job ends, done or failed;
no file to download; the page's script told to load the page once more; the result read again only by one who may
still read it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from etablera.background import registry, selectors, services, tasks
from etablera.background.models import Job

pytestmark = pytest.mark.django_db

KIND = "test_shown"


@pytest.fixture
def shown(stina):
    state = {"readers": {stina.pk}, "fail": False, "seen": None}

    def run(job, progress):
        state["seen"] = dict(job.parameters)
        progress(1, 1, "Det enda steget")
        if state["fail"]:
            raise RuntimeError("gick sönder")
        return b'{"n": 3}', "resultat.json", "application/json"

    registry.register(
        KIND,
        run,
        "Visat resultat",
        may_read=lambda user, parameters: user.pk in state["readers"],
        log_download=lambda user, job: None,
        transient=("fil",),
        template="housing/matching_job_result.html",  # any template: this one shows `result.runs`
        show=lambda user, job: {"runs": [], "raw": bytes(job.result)},
    )
    return state


def _run(user, parameters) -> Job:
    job = services.start(user=user, kind=KIND, parameters=parameters)
    tasks.run_job.call(job.pk)
    job.refresh_from_db()
    return job


def test_the_transient_parameters_are_there_while_it_runs_and_gone_when_done(stina, shown):
    job = _run(stina, {"fil": "aGVtbGln", "namn": "a.csv"})
    assert shown["seen"] == {"fil": "aGVtbGln", "namn": "a.csv"}
    assert job.status == Job.Status.DONE and job.parameters == {"namn": "a.csv"}


def test_they_are_gone_when_it_fails_too(stina, shown):
    shown["fail"] = True
    job = _run(stina, {"fil": "aGVtbGln", "namn": "a.csv"})
    assert job.status == Job.Status.FAILED and job.parameters == {"namn": "a.csv"}


def test_the_result_is_on_the_page_not_in_a_file(client, stina, shown):
    job = _run(stina, {"namn": "a.csv"})
    client.force_login(stina)
    assert selectors.shows_result(job)
    template, context = selectors.result_for_user(stina, Job.objects.defer("result").get(pk=job.pk))
    assert template == "housing/matching_job_result.html" and context["raw"] == b'{"n": 3}'
    page = client.get(f"/bakgrund/{job.public_id}/").content.decode()
    assert "Klart. Resultatet visas på sidan." in page and "Matchningar som jobbet gjorde" in page
    assert client.get(f"/bakgrund/{job.public_id}/status/").json()["reload"] is True
    assert client.get(f"/bakgrund/{job.public_id}/fil/").status_code == 404


def test_one_who_may_no_longer_read_it_is_refused(client, stina, shown):
    job = _run(stina, {})
    shown["readers"].clear()
    with pytest.raises(PermissionDenied):
        selectors.result_for_user(stina, job)
    client.force_login(stina)
    assert client.get(f"/bakgrund/{job.public_id}/").status_code == 403


def test_a_running_job_of_such_a_kind_shows_its_progress(client, stina, shown):
    job = services.start(user=stina, kind=KIND, parameters={})  # never committed: queued
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, step=1, steps=3, label="Första")
    client.force_login(stina)
    page = client.get(f"/bakgrund/{job.public_id}/").content.decode()
    assert 'max="3" value="1"' in page and "Steg 1 av 3: Första" in page and "background/job.js" in page
    assert "reload" not in client.get(f"/bakgrund/{job.public_id}/status/").json()
