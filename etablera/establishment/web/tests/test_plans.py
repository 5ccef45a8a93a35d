"""The plan's life on the person's establishment page (web/plans.py, establishment/_plan.html): a SIP with what the
municipality and the region answer for and its deadline explained, closing the plan (refused twice with a message),
an intervention's status with its outcome, a goal marked, the next meeting planned."""

import datetime as dt

import pytest
from django.urls import reverse

from etablera.access.sections import Section
from etablera.establishment import services
from etablera.establishment.models import IndividualPlan, Intervention, PlanGoal
from etablera.organisation.models import Unit

pytestmark = pytest.mark.django_db


def _url(person, name="person_establishment", *args):
    return reverse(name, args=[person.public_id, *args])


@pytest.fixture
def plan(alice, adult, today):
    return services.create_plan(actor=alice, person=adult, started_on=today - dt.timedelta(days=100))


def test_a_sip_shows_who_answers_for_what_and_its_deadline_explained(
    client, alice, adult, make_consent, units, today
):
    consent = make_consent(adult, [units[Unit.Function.SOCIAL_SERVICES]], [Section.BASIC])
    services.create_plan(
        actor=alice,
        person=adult,
        kind="SIP",
        consent=consent,
        need_known_on=today - dt.timedelta(days=20),
        municipality_responsibility="Boende och försörjningsstöd",
        region_responsibility="Rehabilitering och psykiatri",
        responsible_unit=units[Unit.Function.SOCIAL_SERVICES],
        responsible_name="Sam Samordnare",
    )
    client.force_login(alice)
    page = client.get(_url(adult)).content.decode()
    assert "Samordnad individuell plan (SIP)" in page
    assert "Boende och försörjningsstöd" in page and "Rehabilitering och psykiatri" in page
    assert "Övergripande ansvar" in page and "Socialtjänsten (Sam Samordnare)" in page
    assert "SIP upprättas senast" in page and "utan dröjsmål" in page  # the deadline's explanation, opened
    assert "Upprättades för sent" in page  # drawn up today, due six days ago
    assert "Nästa uppföljning senast" in page and "Lokal rutin" in page


def test_closing_the_plan_needs_an_outcome_and_a_second_close_is_told(client, alice, adult, plan):
    client.force_login(alice)
    answer = client.post(
        _url(adult, "establishment_plan_close"), {"plan": plan.public_id, "avsluta-outcome": ""}
    )
    assert answer.status_code == 200
    assert "Välj hur planen slutade" in answer.content.decode()
    answer = client.post(
        _url(adult, "establishment_plan_close"),
        {"plan": plan.public_id, "avsluta-outcome": "OTHER", "avsluta-reason": ""},
    )
    assert "Skriv varför planen avslutas" in answer.content.decode()
    answer = client.post(
        _url(adult, "establishment_plan_close"),
        {"plan": plan.public_id, "avsluta-outcome": "WORK_OR_STUDIES", "avsluta-reason": "Anställd"},
        follow=True,
    )
    page = answer.content.decode()
    assert "Planen är avslutad." in page
    assert "Avslutade planer" in page and "Personen arbetar eller studerar – Anställd" in page
    assert "Upprätta en plan" in page
    again = client.post(
        _url(adult, "establishment_plan_close"),
        {"plan": plan.public_id, "avsluta-outcome": "MOVED"},
        follow=True,
    )
    assert "avslutades redan" in again.content.decode()
    plan.refresh_from_db()
    assert plan.closed_outcome == "WORK_OR_STUDIES"
    # a form of an unknown plan is a 404
    assert client.post(_url(adult, "establishment_plan_close"), {"plan": "x"}).status_code == 404


def test_an_interventions_status_and_outcome(client, alice, adult, plan, units, today):
    intervention = services.add_intervention(
        actor=alice, plan=plan, what="Språkpraktik", start_date=today, unit=units[Unit.Function.LABOUR_MARKET]
    )
    client.force_login(alice)
    url = _url(adult, "establishment_intervention_status", intervention.pk)
    prefix = f"insatsstatus{intervention.pk}"
    page = client.get(_url(adult)).content.decode()
    assert f'name="{prefix}-status"' in page and "Ändra status" in page
    answer = client.post(url, {f"{prefix}-status": "DONE", f"{prefix}-outcome": ""})
    assert answer.status_code == 200 and "Skriv vad insatsen ledde till" in answer.content.decode()
    answer = client.post(url, {f"{prefix}-status": "ONGOING"}, follow=True)
    assert "Insatsens status är ändrad." in answer.content.decode()
    client.post(url, {f"{prefix}-status": "DONE", f"{prefix}-outcome": "Fick jobb i köket"})
    intervention.refresh_from_db()
    assert (intervention.status, intervention.outcome) == (Intervention.Status.DONE, "Fick jobb i köket")
    page = client.get(_url(adult)).content.decode()
    assert "Fick jobb i köket" in page and f'name="{prefix}-status"' not in page
    again = client.post(url, {f"{prefix}-status": "CANCELLED", f"{prefix}-outcome": "x"}, follow=True)
    assert "redan avslutad eller avbruten" in again.content.decode()
    other = _url(adult, "establishment_intervention_status", intervention.pk + 999)
    assert client.post(other, {}).status_code == 404


def test_a_goal_is_marked_reached_once(client, alice, adult, plan):
    goal = services.add_goal(actor=alice, plan=plan, area="LANGUAGE", description="SFI kurs C")
    client.force_login(alice)
    url = _url(adult, "establishment_goal_status", goal.pk)
    answer = client.post(url, {"status": "REACHED"}, follow=True)
    assert "Målet är markerat." in answer.content.decode()
    goal.refresh_from_db()
    assert goal.status == PlanGoal.Status.REACHED
    again = client.post(url, {"status": "NOT_REACHED"}, follow=True)
    assert "redan markerat som uppnått" in again.content.decode()
    junk = client.post(
        _url(
            adult,
            "establishment_goal_status",
            services.add_goal(actor=alice, plan=plan, area="SOCIAL", description="Förening").pk,
        ),
        {"status": "LOST"},
        follow=True,
    )
    assert "Välj status" in junk.content.decode()


def test_the_next_meeting_is_planned_and_moves_the_follow_up(client, alice, adult, plan, today):
    # started 100 days ago: overdue by the routine, and a meeting planned later does not hide that
    client.force_login(alice)
    url = _url(adult, "establishment_plan_next_meeting")
    answer = client.post(url, {"action": "plan", "nastamote-next_meeting_on": ""})
    assert answer.status_code == 200 and "Ange datum för nästa möte" in answer.content.decode()
    answer = client.post(url, {"action": "plan", "nastamote-next_meeting_on": today.isoformat()})
    assert "efter i dag" in answer.content.decode()
    soon = today + dt.timedelta(days=7)
    client.post(url, {"action": "plan", "nastamote-next_meeting_on": soon.isoformat()})
    plan.refresh_from_db()
    assert plan.next_meeting_on == soon and plan.follow_up_due < today
    assert "efter rutinens datum" in plan.follow_up_deadline.explanation
    services.record_meeting(actor=alice, plan=plan, held_on=today, agreed_actions="Fortsätt")
    client.post(url, {"action": "plan", "nastamote-next_meeting_on": soon.isoformat()})
    plan.refresh_from_db()
    assert plan.follow_up_due == soon  # now the meeting comes before the routine's date
    client.post(url, {"action": "remove"})
    plan.refresh_from_db()
    assert plan.next_meeting_on is None


def test_a_meeting_can_plan_the_next_and_mark_the_plan_for_revision(client, alice, adult, plan, today):
    client.force_login(alice)
    nxt = today + dt.timedelta(days=30)
    client.post(
        _url(adult, "establishment_plan"),
        {
            "action": "meeting",
            "mote-held_on": today.isoformat(),
            "mote-agreed_actions": "Byt praktikplats",
            "mote-revise_plan": "on",
            "mote-next_meeting_on": nxt.isoformat(),
        },
    )
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.REVISE and plan.next_meeting_on == nxt
    page = client.get(_url(adult)).content.decode()
    assert "Revidera planen" in page and "planen inte fungerar" in page
    answer = client.post(
        _url(adult, "establishment_plan"), {"action": "revise", "revidera-note": "Ny praktik"}, follow=True
    )
    assert "Planen är reviderad." in answer.content.decode()


def test_who_may_post(client, charlie, bob, adult, plan, received):
    client.force_login(charlie)  # another municipality
    assert client.post(_url(adult, "establishment_plan_close"), {"plan": plan.public_id}).status_code == 404
    client.force_login(bob)  # SFI: sees the family by its reception task
    answer = client.post(
        _url(adult, "establishment_plan_close"), {"plan": plan.public_id, "avsluta-outcome": "MOVED"}
    )
    assert answer.status_code == 302
