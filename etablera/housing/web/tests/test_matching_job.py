"""Matching for all of a housing officer's municipalities as background work (issue #18, housing/jobs.py): the
matching page offers it to one with several, the worker runs the page's own matching in each, one run per
municipality, once even when its task is delivered twice; its page lists the runs to its requester alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from etablera.background import tasks
from etablera.background.models import Job
from etablera.housing import jobs
from etablera.housing.models import MatchProposal, MatchRun
from etablera.organisation.models import Membership, Role, Unit
from etablera.testing.factories import HousingUnitFactory, UnitFactory
from etablera.testing.factories import municipality as municipality_by_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(hanna, enkoping):
    """hanna keeps housing in Enköping too (a county's coordinator, in two municipalities)."""

    unit = UnitFactory(municipality=enkoping, name="Bostad Enköping", function=Unit.Function.HOUSING)
    Membership.objects.create(user=hanna, unit=unit, role=Role.CASEWORKER)
    return hanna


def test_one_municipality_sees_no_run_for_all(client, hanna):
    client.force_login(hanna)
    page = client.get(reverse("housing_matching")).content.decode()
    assert 'value="alla"' not in page
    response = client.post(reverse("housing_matching_run"), {"omfattning": "alla"})
    assert response.status_code == 302 and not Job.objects.exists()


def test_all_municipalities_run_as_a_job_with_their_runs_on_its_page(
    client, coordinator, need, nykoping, enkoping, django_capture_on_commit_callbacks
):
    HousingUnitFactory(municipality=nykoping, reference="LED-1", bedrooms=3)
    client.force_login(coordinator)
    page = client.get(reverse("housing_matching")).content.decode()
    assert 'value="alla"' in page and "Kör matchningen för alla" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("housing_matching_run"), {"omfattning": "alla"})

    job = Job.objects.get()
    assert response["Location"] == f"/bakgrund/{job.public_id}/"
    assert job.kind == jobs.KIND and job.status == Job.Status.DONE and job.step == job.steps == 2
    assert job.parameters == {"kommuner": ["0381", "0480"]}
    assert set(MatchRun.objects.values_list("municipality__code", flat=True)) == {"0381", "0480"}
    page = client.get(response["Location"]).content.decode()
    assert "Matchning för flera kommuner, 2 kommuner" in page
    assert "Matchningar som jobbet gjorde" in page and "?kommun=0480" in page
    proposals = MatchProposal.objects.filter(run__municipality=nykoping).count()
    assert proposals >= 1 and f'<td class="num">{proposals}</td>' in page
    # The proposals are on the matching page as always.
    matching = client.get(reverse("housing_matching") + "?kommun=0480").content.decode()
    assert "Förslag att ta ställning till" in matching and need.household.name in matching


def test_a_task_delivered_twice_matches_once(coordinator, nykoping, enkoping):
    from etablera.background import services

    job = services.start(
        user=coordinator, kind=jobs.KIND, parameters=jobs.parameters([nykoping, enkoping])
    )  # not committed: queued
    tasks.run_job.call(job.pk)
    tasks.run_job.call(job.pk)
    assert MatchRun.objects.count() == 2


def test_only_its_requester_with_housing_there_reads_it(
    client, coordinator, alice, charlie, nykoping, enkoping, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        location = client.post(reverse("housing_matching_run"), {"omfattning": "alla"})["Location"]
    for other in (alice, charlie):
        client.force_login(other)
        assert client.get(location).status_code == 404
    assert not jobs.may_read(alice, {"kommuner": ["0381", "0480"]})  # housing in Nyköping only
    assert jobs.may_read(coordinator, {"kommuner": ["0381", "0480"]})
    assert municipality_by_code("0480") == nykoping
