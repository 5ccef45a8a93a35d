"""The establishment API per role (issue #12): what the answer contains (the health part only for its section),
each write through the services with its Swedish message at the field, 409 for what is already ended, and bounds."""

import datetime as dt

import pytest

from etablera.access.sections import Section
from etablera.establishment import services
from etablera.establishment.models import IndividualPlan, MonthlyStatus, SfiEnrolment
from etablera.organisation.models import Unit

pytestmark = pytest.mark.django_db


def url(person, rest=""):
    return f"/persons/{person.public_id}/establishment{rest}"


def test_the_record_holds_what_the_user_may_see(
    api, alice, bob, rita, charlie, stina, adult, make_consent, today
):
    assessment = services.start_assessment(actor=alice, person=adult)
    make_consent(
        adult, [rita.memberships.get().unit], [Section.BASIC]
    )  # rita sees the person; she owns HEALTH
    services.update_assessment(actor=alice, assessment=assessment, goals="Bli undersköterska")
    services.set_health(actor=rita, assessment=assessment, health="Ryggont", capacity="PART")
    plan = services.create_plan(actor=alice, person=adult)
    services.add_goal(actor=alice, plan=plan, area="LANGUAGE", description="Klara SFI D")
    services.set_monthly_status(actor=alice, person=adult, month=today, status="SFI")

    body = api(alice).get(url(adult)).json()
    assert body["mapping"]["goals"] == "Bli undersköterska"
    assert body["mapping"]["health"] is None
    assert "HEALTH" not in body["sections"]
    assert "Ryggont" not in str(body)
    assert body["plans"][0]["goals"][0]["description"] == "Klara SFI D"
    assert body["monthly_status"] == [{"month": f"{today:%Y-%m}", "status": "SFI", "note": ""}]
    assert body["mapping"]["due_deadline"]["explanation"]

    assert api(bob).get(url(adult)).json()["mapping"]["health"] is None
    body = api(rita).get(url(adult)).json()
    assert body["mapping"]["health"]["health"] == "Ryggont"
    assert Section.HEALTH in body["sections"]
    for outsider in (charlie, stina):
        assert api(outsider).get(url(adult)).status_code == 404


def test_a_sip_without_consent_is_refused_at_the_field(api, alice, adult, make_consent, units):
    response = api(alice).post(url(adult, "/plans"), {"kind": "SIP"})
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert "utan personens samtycke" in errors[("body", "consent")]
    assert not IndividualPlan.objects.exists()

    consent = make_consent(adult, [units[Unit.Function.SOCIAL_SERVICES]], [Section.BASIC])
    response = api(alice).post(
        url(adult, "/plans"),
        {
            "kind": "SIP",
            "consent": str(consent.public_id),
            "municipality_responsibility": "Boende",
            "region_responsibility": "Rehabilitering",
            "responsible_unit": units[Unit.Function.SOCIAL_SERVICES].pk,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["consent"] == str(consent.public_id)
    assert response.json()["kind"] == "SIP"
    again = api(alice).post(url(adult, "/plans"), {})
    assert again.status_code == 409
    assert "redan en plan" in again.json()["detail"]


def test_goals_interventions_and_meetings(api, alice, bob, adult, units, today):
    plan = api(alice).post(url(adult, "/plans"), {}).json()
    base = f"/establishment/plans/{plan['public_id']}"
    goal = api(bob).post(f"{base}/goals", {"area": "WORK_STUDIES", "description": "Jobb inom vården"})
    assert goal.status_code == 201, goal.content
    goal_id = goal.json()["goals"][0]["id"]
    both = api(alice).post(
        f"{base}/interventions",
        {
            "what": "Praktik",
            "start_date": today.isoformat(),
            "unit": units[Unit.Function.SFI].pk,
            "external_actor": "Arbetsförmedlingen",
        },
    )
    assert both.status_code == 422
    assert "inte båda" in str(both.json())
    done = api(alice).post(
        f"{base}/interventions",
        {
            "what": "Praktik",
            "start_date": today.isoformat(),
            "external_actor": "Arbetsförmedlingen",
            "hours_per_week": 20.0,
            "goal": goal_id,
        },
    )
    assert done.status_code == 201, done.content
    intervention = done.json()["interventions"][0]
    assert (intervention["external_actor"], intervention["goal_id"]) == ("Arbetsförmedlingen", goal_id)
    meeting = api(alice).post(
        f"{base}/meetings",
        {"held_on": today.isoformat(), "agreed_actions": "Byt praktik", "revise_plan": True},
    )
    assert meeting.status_code == 201
    assert meeting.json()["status"] == "REVISE"
    assert meeting.json()["meetings"][0]["agreed_actions"] == "Byt praktik"


def test_programme_recorded_and_ended_once(api, alice, adult, today):
    start = today - dt.timedelta(days=100)
    response = api(alice).put(
        url(adult, "/programme"), {"referral_date": start.isoformat(), "start_date": start.isoformat()}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["planned_end_deadline"]["date"] == body["planned_end"]
    end = f"/establishment/programmes/{body['public_id']}/end"
    first = api(alice).post(end, {"actual_end": today.isoformat(), "end_reason": "WORK"})
    assert first.status_code == 200
    assert first.json()["end_reason"] == "WORK"
    second = api(alice).post(end, {"actual_end": today.isoformat(), "end_reason": "WORK"})
    assert second.status_code == 409
    assert "redan avslutat" in second.json()["detail"]


def test_sfi_with_interruption_and_completion(api, alice, adult, today):
    enrolled = today - dt.timedelta(days=60)
    wrong = api(alice).put(
        url(adult, "/sfi"), {"enrolled_on": enrolled.isoformat(), "course": "A", "study_path": 3}
    )
    assert wrong.status_code == 422
    assert "Studieväg 3 har kurserna C, D" in str(wrong.json())
    body = (
        api(alice)
        .put(
            url(adult, "/sfi"),
            {
                "enrolled_on": enrolled.isoformat(),
                "course": "B",
                "study_path": 2,
                "start_date": enrolled.isoformat(),
            },
        )
        .json()
    )
    assert (body["course"], body["status"]) == ("B", "STUDYING")
    base = f"/establishment/sfi/{body['public_id']}"
    paused = api(alice).post(f"{base}/interruptions", {"start_date": today.isoformat(), "reason": "Sjuk"})
    assert paused.status_code == 201
    assert paused.json()["status"] == "INTERRUPTED"
    assert paused.json()["interruptions"][0]["reason"] == "Sjuk"
    done = api(alice).post(f"{base}/completion", {"completed_on": today.isoformat()})
    assert done.json()["status"] == "COMPLETED"
    assert api(alice).post(f"{base}/completion", {"completed_on": today.isoformat()}).status_code == 409
    assert SfiEnrolment.objects.get().status == "COMPLETED"


def test_monthly_status_and_its_bounds(api, alice, adult, today):
    ok = api(alice).post(url(adult, "/monthly-status"), {"month": today.isoformat(), "status": "WORK"})
    assert ok.json() == {"month": f"{today:%Y-%m}", "status": "WORK", "note": ""}
    future = today.replace(day=1) + dt.timedelta(days=40)
    late = api(alice).post(url(adult, "/monthly-status"), {"month": future.isoformat(), "status": "WORK"})
    assert late.status_code == 422
    assert late.json()["detail"][0]["loc"] == ["body", "month"]
    long = api(alice).post(
        url(adult, "/monthly-status"), {"month": today.isoformat(), "status": "WORK", "note": "x" * 301}
    )
    assert long.status_code == 422
    assert long.json()["detail"][0]["loc"][-1] == "note"
    text_number = api(alice).put(
        url(adult, "/sfi"), {"enrolled_on": today.isoformat(), "course": "A", "study_path": "1"}
    )
    assert text_number.status_code == 422
    assert MonthlyStatus.objects.get().status == "WORK"


def test_outsiders_cannot_write(api, charlie, stina, adult, today):
    for user in (charlie, stina):
        response = api(user).post(
            url(adult, "/monthly-status"), {"month": today.isoformat(), "status": "WORK"}
        )
        assert response.status_code == 404
    assert not MonthlyStatus.objects.exists()


def test_the_record_costs_the_same_for_many_rows_and_is_logged(
    api, alice, adult, today, django_assert_max_num_queries
):
    from etablera.access.models import AuditEvent

    plan = services.create_plan(actor=alice, person=adult)
    goal = services.add_goal(actor=alice, plan=plan, area="LANGUAGE", description="Mål 0")
    services.add_intervention(actor=alice, plan=plan, what="Insats 0", start_date=today, external_actor="AF")
    client = api(alice)
    client.get(url(adult))  # the token's first use
    with django_assert_max_num_queries(40) as few:
        assert client.get(url(adult)).status_code == 200
    for n in range(1, 6):
        services.add_goal(actor=alice, plan=plan, area="SOCIAL", description=f"Mål {n}")
        services.add_intervention(
            actor=alice, plan=plan, what=f"Insats {n}", start_date=today, external_actor="AF", goal=goal
        )
        services.set_monthly_status(
            actor=alice, person=adult, month=today.replace(day=1) - dt.timedelta(days=31 * n), status="WORK"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url(adult)).json()
    assert len(body["plans"][0]["interventions"]) == 6
    assert len(body["monthly_status"]) == 5
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, person_public_id=adult.public_id, actor=alice
    ).exists()
