"""The activity requirement over the API (issue #13): who is covered, a person's coverage, support months (and
their import), exemptions, capacity, plans and deviations — answers' content, refusals, 409 on a second assessment."""

from __future__ import annotations

from etablera.activity.models import Deviation, RequirementPlan, SupportMonth
from etablera.activity.tests.requirement_fixtures import *  # noqa: F403
from etablera.testing.api_client import messages


def test_the_list_of_covered_persons_with_a_state_filter(api, sigrid, support, adults):
    answer = api(sigrid).get("/activity/requirement", {"municipality": "0480", "state": "COVERED"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2
    names = {item["person"]["first_name"] for item in body["items"]}
    assert names == {p.first_name for p in adults}
    item = body["items"][0]
    assert item["state"] == "COVERED" and item["plan"] is None
    assert any("månader i följd" in reason for reason in item["reasons"])
    assert float(item["demanded_hours"]) == 40
    missing = (
        api(sigrid).get("/activity/requirement", {"municipality": "0480", "plan_missing": "true"}).json()
    )
    assert missing["count"] == 2
    upcoming = api(sigrid).get("/activity/requirement", {"municipality": "0480", "state": "UPCOMING"}).json()
    assert upcoming["count"] == 0


def test_others_may_not_list(api, alice, charlie, enkoping_social, support):
    for user in (alice, charlie):
        assert api(user).get("/activity/requirement", {"municipality": "0480"}).status_code == 403
    assert api(enkoping_social).get("/activity/requirement", {"municipality": "0480"}).status_code == 403
    assert api(enkoping_social).get("/activity/requirement", {"municipality": "0381"}).json()["count"] == 0


def test_a_persons_coverage_and_months(api, sigrid, alice, charlie, support, adult):
    body = api(sigrid).get(f"/persons/{adult.public_id}/activity/coverage").json()
    assert body["state"] == "COVERED" and body["person"]["public_id"] == str(adult.public_id)
    assert "Krav: 40 timmar i veckan." in body["demanded_reasons"]
    months = api(sigrid).get(f"/persons/{adult.public_id}/activity/support-months").json()
    assert len(months) == 5 and months[0]["amount"] == 12000 and str(adult.public_id) in months[0]["persons"]
    assert api(alice).get(f"/persons/{adult.public_id}/activity/coverage").status_code == 403
    assert api(charlie).get(f"/persons/{adult.public_id}/activity/coverage").status_code == 404


def test_record_a_support_month(api, sigrid, alice, adult, household, this_month):
    url = f"/persons/{adult.public_id}/activity/support-months"
    answer = api(sigrid).post(url, {"month": f"{this_month:%Y-%m}", "amount": 9000})
    assert answer.status_code == 201
    assert (
        answer.json()["persons"] == [str(adult.public_id)] and answer.json()["month"] == f"{this_month:%Y-%m}"
    )
    again = api(sigrid).post(url, {"month": f"{this_month:%Y-%m}", "amount": 9500})
    assert again.status_code == 200 and again.json()["amount"] == 9500
    refused = api(sigrid).post(url, {"month": f"{this_month:%Y-%m}", "amount": 0})
    assert refused.status_code == 422
    assert messages(refused)[("body", "amount")] == "Ange ett belopp från 1 till 1 000 000 kronor."
    bad = api(sigrid).post(url, {"month": "2026-13", "amount": 10})
    assert bad.status_code == 422 and ("body", "month") in messages(bad)
    assert api(alice).post(url, {"month": f"{this_month:%Y-%m}", "amount": 1}).status_code == 403
    assert SupportMonth.objects.get(household=household).amount == 9500


def test_the_import_over_the_api(api, sigrid, alice, numbered, household, this_month):
    adult = next(p for p in numbered if p.birth_date.year < 2000)
    data = f"personnummer;månad;belopp\n{adult.identity_number};{this_month:%Y-%m};777\n"
    client = api(sigrid).client
    answer = client.post("/api/v1/activity/support-months/import", data, content_type="text/csv")
    assert answer.status_code == 200 and answer.json()["ok"] and answer.json()["created"] == 1
    again = client.post("/api/v1/activity/support-months/import", data, content_type="text/csv").json()
    assert again["unchanged"] == 1 and again["created"] == 0
    refused = api(alice).client.post("/api/v1/activity/support-months/import", data, content_type="text/csv")
    assert refused.status_code == 403
    assert SupportMonth.objects.get(household=household).amount == 777


def test_exemptions_and_capacity(api, sigrid, rita, rita_consent, adult, today):
    client = api(sigrid)
    answer = client.post(
        f"/persons/{adult.public_id}/activity/exemptions",
        {"ground": "SICKNESS", "valid_from": today.isoformat()},
    )
    assert answer.status_code == 201 and answer.json()["ground"] == "SICKNESS"
    ended = client.post(
        f"/activity/exemptions/{answer.json()['public_id']}/end", {"valid_until": today.isoformat()}
    )
    assert ended.status_code == 200 and ended.json()["valid_until"] == today.isoformat()
    again = client.post(
        f"/activity/exemptions/{answer.json()['public_id']}/end", {"valid_until": today.isoformat()}
    )
    assert again.status_code == 409
    school = client.post(
        f"/persons/{adult.public_id}/activity/exemptions",
        {"ground": "SCHOOL", "valid_from": today.isoformat()},
    )
    assert messages(school)[("body", "ground")] == "Undantaget för gymnasieskola gäller den som är 18–20 år."
    body = {"hours_per_week": 15, "valid_from": today.isoformat(), "assessor": "Dr Ek", "reason": "Smärta"}
    health = api(rita).post(f"/persons/{adult.public_id}/activity/capacity", {**body, "section": "HEALTH"})
    assert health.status_code == 201 and health.json()["section"] == "HEALTH"
    social = client.post(f"/persons/{adult.public_id}/activity/capacity", {**body, "hours_per_week": 30})
    assert social.status_code == 201
    assert [c["section"] for c in api(rita).get(f"/persons/{adult.public_id}/activity/capacity").json()] == [
        "HEALTH"
    ]
    assert [c["section"] for c in client.get(f"/persons/{adult.public_id}/activity/capacity").json()] == [
        "SOCIAL"
    ]
    assert api(rita).get(f"/persons/{adult.public_id}/activity/exemptions").status_code == 403
    too_long = client.post(f"/persons/{adult.public_id}/activity/capacity", {**body, "reason": "x" * 2001})
    assert too_long.status_code == 422


def test_plans_draw_up_revise_close(api, sigrid, alice, adult):
    client = api(sigrid)
    url = f"/persons/{adult.public_id}/activity/requirement-plans"
    answer = client.post(
        url, {"hours_per_week": 30, "job_seeking_hours": 5, "content": "Praktik och jobbsök"}
    )
    assert answer.status_code == 201 and answer.json()["status"] == "ACTIVE"
    assert client.post(url, {"hours_per_week": 30, "content": "Igen"}).status_code == 409
    plan_id = answer.json()["public_id"]
    revised = client.post(
        f"/activity/requirement-plans/{plan_id}/revise", {"hours_per_week": 20, "content": "Mindre"}
    )
    assert revised.status_code == 201 and float(revised.json()["hours_per_week"]) == 20
    assert client.post(f"/activity/requirement-plans/{plan_id}/close", {}).status_code == 409
    listed = client.get(url).json()
    assert [p["status"] for p in listed] == ["ACTIVE", "CLOSED"] or sorted(p["status"] for p in listed) == [
        "ACTIVE",
        "CLOSED",
    ]
    assert api(alice).post(url, {"hours_per_week": 30, "content": "X"}).status_code == 403
    assert RequirementPlan.objects.filter(status="ACTIVE").count() == 1


def test_deviations_reported_by_anyone_who_sees_and_assessed_once(api, sigrid, bob, charlie, adult, today):
    url = f"/persons/{adult.public_id}/activity/deviations"
    body = {"kind": "ABSENCE", "occurred_on": today.isoformat(), "description": "Uteblev från SFI-praktik"}
    answer = api(bob).post(url, body)
    assert answer.status_code == 201 and answer.json()["status"] == "TO_ASSESS"
    assert api(charlie).post(url, body).status_code == 404
    listed = api(sigrid).get("/activity/deviations", {"municipality": "0480", "status": "TO_ASSESS"}).json()
    assert [d["description"] for d in listed] == ["Uteblev från SFI-praktik"]
    assessment = f"/activity/deviations/{answer.json()['public_id']}/assessment"
    assert api(bob).post(assessment, {"status": "ACCEPTABLE", "assessment": "Ok"}).status_code == 404
    done = api(sigrid).post(
        assessment, {"status": "REFERRED", "assessment": "Inget skäl", "decision_reference": "SOC-1"}
    )
    assert (
        done.status_code == 200
        and done.json()["status"] == "REFERRED"
        and done.json()["decision_reference"] == "SOC-1"
    )
    second = api(sigrid).post(assessment, {"status": "ACCEPTABLE", "assessment": "Ändrat"})
    assert second.status_code == 409 and "redan bedömd" in second.json()["detail"]
    invalid = api(sigrid).post(assessment, {"status": "REDUCE_SUPPORT", "assessment": "x"})
    assert invalid.status_code == 422
    assert Deviation.objects.get().status == "REFERRED"


def test_the_documentation_says_etablera_never_decides(api, sigrid):
    schema = api(sigrid).client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/activity/deviations/{public_id}/assessment"]["post"]
    assert "Etablera fattar aldrig beslut" in operation["description"]
