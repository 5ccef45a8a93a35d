"""The week over the API: participations, attendance (a week, PUT, the import), the job coach, the report —
answers with their content, Swedish messages at the fields, 403/404/409 for who may and what is already done."""

from __future__ import annotations

from etablera.activity.models import Attendance, JobCoachAssignment, Participation
from etablera.activity.tests.week_fixtures import *  # noqa: F403
from etablera.rules import activity as rules
from etablera.testing.api_client import messages


def test_participations_listed_added_and_ended(
    api, alice, charlie, adult, cafe, participation, monday, today
):
    client = api(alice)
    listed = client.get(f"/persons/{adult.public_id}/activity/participations").json()
    assert [(p["activity_name"], p["hours_per_week"]) for p in listed] == [
        ("Språkcafé Stadsbiblioteket", "6.0")
    ]
    added = client.post(
        f"/persons/{adult.public_id}/activity/participations",
        {"kind": "WORK", "hours_per_week": 20, "starts_on": monday.isoformat()},
    )
    assert added.status_code == 201 and added.json()["kind"] == "WORK"
    too_many = client.post(
        f"/persons/{adult.public_id}/activity/participations",
        {"kind": "JOB_SEEKING", "hours_per_week": 20, "starts_on": monday.isoformat()},
    )
    assert too_many.status_code == 422
    assert "mer än 40 timmar" in messages(too_many)[("body", "hours_per_week")]
    public_id = added.json()["public_id"]
    ended = client.post(f"/activity/participations/{public_id}/end", {"ends_on": today.isoformat()})
    assert ended.status_code == 200 and ended.json()["ends_on"] == today.isoformat()
    assert api(charlie).get(f"/persons/{adult.public_id}/activity/participations").status_code == 404


def test_bob_reads_but_may_not_add(api, bob, adult, participation, monday):
    client = api(bob)
    assert len(client.get(f"/persons/{adult.public_id}/activity/participations").json()) == 1
    refused = client.post(
        f"/persons/{adult.public_id}/activity/participations",
        {"kind": "WORK", "hours_per_week": 5, "starts_on": monday.isoformat()},
    )
    assert refused.status_code == 403 and "Veckan planeras av" in refused.json()["detail"]


def test_attendance_put_and_sheet(api, lars, alice, cafe, participation, monday):
    week = rules.week_label(monday)
    body = {
        "participation": str(participation.public_id),
        "week": week,
        "hours_attended": 4,
        "hours_absent": 2,
        "absence_reason": "SICK",
    }
    put = api(lars).put("/activity/attendance", body)
    assert put.status_code == 200 and put.json()["outcome"] == "created"
    assert api(lars).put("/activity/attendance", body).json()["outcome"] == "unchanged"
    sheet = api(alice).get(f"/activity/activities/{cafe.public_id}/attendance", {"week": week}).json()
    assert sheet["may_record"] is False
    assert [(r["hours_attended"], r["absence_reason"]) for r in sheet["rows"]] == [("4.0", "SICK")]
    refused = api(alice).put("/activity/attendance", body)
    assert refused.status_code == 403
    wrong = api(lars).put("/activity/attendance", {**body, "absence_reason": ""})
    assert wrong.status_code == 422 and "Ange skälet" in messages(wrong)[("body", "absence_reason")]


def test_the_import(api, lars, participation, monday):
    from etablera.testing.api_client import BASE

    text = f"deltagande;vecka;närvaro\n{participation.public_id};{rules.week_label(monday)};6\n"
    client = api(lars).client
    answer = client.post(
        f"{BASE}/activity/attendance/import", data=text.encode(), content_type="text/csv"
    ).json()
    assert answer["ok"] and answer["created"] == 1
    again = client.post(
        f"{BASE}/activity/attendance/import", data=text.encode(), content_type="text/csv"
    ).json()
    assert again["unchanged"] == 1 and Attendance.objects.count() == 1
    bad = client.post(
        f"{BASE}/activity/attendance/import", data=text.replace(";6", ";x").encode(), content_type="text/csv"
    ).json()
    assert not bad["ok"] and bad["errors"][0]["column"] == "närvaro"


def test_the_job_coach(api, alice, lars, adult, today):
    client = api(alice)
    made = client.post(f"/persons/{adult.public_id}/activity/job-coach", {"coach": lars.pk})
    assert made.status_code == 201
    answer = made.json()
    assert answer["coach_name"] == "Lars Coach"
    assert answer["first_contact"]["rule"] == "activity.job_coach_first_contact"
    assert answer["first_contact"]["date"] == answer["first_contact_due"]
    again = client.post(f"/persons/{adult.public_id}/activity/job-coach", {"coach": lars.pk})
    assert again.status_code == 409 and "redan en jobbcoach" in again.json()["detail"]
    contact = client.post(
        f"/activity/job-coaches/{answer['public_id']}/first-contact", {"first_contact_on": today.isoformat()}
    )
    assert contact.status_code == 200 and contact.json()["first_contact_on"] == today.isoformat()
    assert JobCoachAssignment.objects.get().first_contact_on == today


def test_the_report(api, alice, charlie, bob, cafe, monday):
    week = rules.week_label(monday)
    answer = api(alice).get("/activity/report", {"municipality": "0480", "week": week})
    data = answer.json()
    assert answer.status_code == 200 and data["week"] == week and data["municipality"] == "0480"
    assert data["hours_offered"] == 18 and len(data["weeks"]) == 8
    assert api(charlie).get("/activity/report", {"municipality": "0480"}).status_code == 404
    assert api(bob).get("/activity/report", {"municipality": "0480"}).status_code == 404
    assert api(alice).get("/activity/report", {"municipality": "0480", "week": "2026-W99"}).status_code == 422


def test_participation_unknown_activity(api, alice, adult, monday):
    answer = api(alice).post(
        f"/persons/{adult.public_id}/activity/participations",
        {
            "kind": "ACTIVITY",
            "activity": "00000000-0000-0000-0000-000000000000",
            "hours_per_week": 5,
            "starts_on": monday.isoformat(),
        },
    )
    assert (
        answer.status_code == 422
        and messages(answer)[("body", "activity")] == "Ingen aktivitet med det id:t."
    )
    assert not Participation.objects.exists()
