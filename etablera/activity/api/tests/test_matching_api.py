"""The matching over the API: a person's proposals and a placement's candidates with their explanations (words and
catalogue messages), the job profile written, who may, and the refusals."""

from __future__ import annotations

from etablera.activity.models import JobProfile
from etablera.activity.tests.matching_fixtures import *  # noqa: F403
from etablera.testing.api_client import messages


def test_it_gives_a_persons_proposals(api, alice, matched, care, driving, cafe, full):
    response = api(alice).get(f"/persons/{matched.public_id}/activity/proposals")
    assert response.status_code == 200
    body = response.json()
    assert body["person"]["public_id"] == str(matched.public_id)
    [placement] = body["placements"]
    assert placement["public_id"] == str(care.public_id) and placement["score"] == 78
    assert placement["raised"][0] == {
        "text": "Har arbetat som undersköterska (SSYK 5321) i 4 år",
        "msgid": "Har arbetat som %(occupation)s (SSYK %(code)s) i %(years)s år",
        "params": {"occupation": "undersköterska", "code": "5321", "years": 4},
    }
    assert [a["title"] for a in body["activities"]] == ["Språkcafé på biblioteket"]
    assert "61132" not in response.content.decode()


def test_who_may_have_the_proposals(api, bob, charlie, matched, sfi_task):
    assert api(bob).get(f"/persons/{matched.public_id}/activity/proposals").status_code == 403
    assert api(charlie).get(f"/persons/{matched.public_id}/activity/proposals").status_code == 404


def test_it_gives_a_placements_candidates(api, sigrid, charlie, covered, care):
    response = api(sigrid).get(f"/placements/{care.public_id}/candidates")
    assert response.status_code == 200
    body = response.json()
    assert body["basis"] == "COVERAGE" and body["title"] == "Undersköterska på äldreboende"
    assert [(c["person"]["public_id"], c["score"]) for c in body["candidates"]] == [
        (str(covered.public_id), 78)
    ]
    assert body["candidates"][0]["raised"][-1]["text"] == "Nära hemmet"
    assert api(charlie).get(f"/placements/{care.public_id}/candidates").status_code == 404


def test_it_writes_the_job_profile(api, alice, bob, matched, sfi_task):
    url = f"/persons/{matched.public_id}/activity/job-profile"
    response = api(alice).put(url, {"wished_ssyk": ["5321"], "travel": "FAR", "wishes": "Dagtid"})
    assert response.status_code == 200
    assert response.json() == {"wished_ssyk": ["5321"], "travel": "FAR", "wishes": "Dagtid"}
    assert JobProfile.objects.get(person=matched).travel == "FAR"
    refused = api(alice).put(url, {"wished_ssyk": ["12"], "travel": "BOAT"})
    assert refused.status_code == 422
    errors = messages(refused)
    assert any("SSYK" in text for text in errors.values()) and len(errors) == 2
    assert api(alice).put(url, {"wishes": "x" * 301}).status_code == 422
    assert api(bob).put(url, {"travel": "AREA"}).status_code == 403
    assert JobProfile.objects.get(person=matched).wished_ssyk == ["5321"]
