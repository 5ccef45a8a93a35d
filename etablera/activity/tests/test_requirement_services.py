"""Exemptions, capacity and the requirement plan (activity.services.requirement): each message, who may, the audit
event, and who sees what was written (rita HEALTH, social services SOCIAL; alice and charlie nothing of it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.access.policy import restrict
from etablera.activity.models import CapacityAssessment, Exemption, RequirementPlan, SupportMonth
from etablera.activity.services import requirement as services
from etablera.activity.tests.requirement_fixtures import *  # noqa: F403
from etablera.transitions import StateConflict

# --- exemptions ----------------------------------------------------------------------------------------------------


def test_it_records_an_exemption_and_logs_it(sigrid, adult, today):
    exemption = services.record_exemption(
        actor=sigrid, person=adult, ground="FULL_TIME_WORK", valid_from=today, note="Anställd på lagret"
    )
    assert exemption.municipality_id == adult.municipality_id and exemption.valid_until is None
    event = AuditEvent.objects.get(actor=sigrid, action=AuditEvent.Action.CREATE, object_type="Exemption")
    assert event.summary == "Undantag från aktivitetskravet registrerat"
    assert event.person_public_id == adult.public_id


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"ground": "UNDER_18"}, "ground", "Välj ett av de undantag som registreras."),
        ({"ground": "SCHOOL"}, "ground", "Undantaget för gymnasieskola gäller den som är 18–20 år."),
        ({"valid_from": None}, "valid_from", "Ange från vilket datum det gäller."),
        ({"valid_until": "before"}, "valid_until", "Slutdatumet kan inte vara före startdatumet."),
        ({"note": "x" * 301}, "note", "Högst 300 tecken."),
    ],
)
def test_an_exemption_is_refused_with_a_message_at_the_field(sigrid, adult, today, values, field, message):
    given = {"ground": "SICKNESS", "valid_from": today, "valid_until": None, "note": "", **values}
    if given["valid_until"] == "before":
        given["valid_until"] = today - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.record_exemption(actor=sigrid, person=adult, **given)
    assert caught.value.message_dict[field] == [message]
    assert not Exemption.objects.exists()


def test_only_social_services_record_or_end_an_exemption(sigrid, alice, charlie, adult, today):
    for user in (alice, charlie):
        with pytest.raises(PermissionDenied):
            services.record_exemption(actor=user, person=adult, ground="SICKNESS", valid_from=today)
    exemption = services.record_exemption(actor=sigrid, person=adult, ground="SICKNESS", valid_from=today)
    with pytest.raises(PermissionDenied):
        services.end_exemption(actor=alice, exemption=exemption, valid_until=today)
    services.end_exemption(actor=sigrid, exemption=exemption, valid_until=today + dt.timedelta(days=30))
    exemption.refresh_from_db()
    assert exemption.valid_until == today + dt.timedelta(days=30)
    with pytest.raises(StateConflict) as caught:
        services.end_exemption(actor=sigrid, exemption=exemption, valid_until=today + dt.timedelta(days=60))
    assert "kan inte förlängas" in caught.value.detail
    with pytest.raises(ValidationError) as caught:
        services.end_exemption(actor=sigrid, exemption=exemption, valid_until=today - dt.timedelta(days=1))
    assert caught.value.message_dict["valid_until"] == ["Undantaget kan inte sluta före det började."]


# --- capacity ------------------------------------------------------------------------------------------------------


def _capacity(actor, person, today, **extra):
    values = {
        "hours_per_week": "20",
        "valid_from": today,
        "assessor": "Läkare Lind",
        "reason": "Ryggbesvär",
        "section": "SOCIAL",
        **extra,
    }
    return services.record_capacity(actor=actor, person=person, **values)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"hours_per_week": None}, "hours_per_week", "Ange antal timmar i veckan."),
        (
            {"hours_per_week": "tjugo"},
            "hours_per_week",
            "Ange timmar i veckan som ett tal, t.ex. 20 eller 12,5.",
        ),
        ({"hours_per_week": "169"}, "hours_per_week", "Ange mellan 0 och 168 timmar i veckan."),
        ({"hours_per_week": "12.25"}, "hours_per_week", "Ange timmarna med högst en decimal."),
        ({"assessor": " "}, "assessor", "Skriv vem som har gjort bedömningen."),
        ({"reason": ""}, "reason", "Skriv vad bedömningen grundar sig på."),
        ({"reason": "x" * 2001}, "reason", "Högst 2000 tecken."),
        ({"section": "SCHOOL"}, "section", "Välj socialtjänst eller hälsa."),
        ({"assessor": "x" * 201}, "assessor", "Högst 200 tecken."),
    ],
)
def test_a_capacity_is_refused_with_a_message_at_the_field(sigrid, adult, today, values, field, message):
    with pytest.raises(ValidationError) as caught:
        _capacity(sigrid, adult, today, **values)
    assert caught.value.message_dict[field] == [message]


def test_social_services_record_social_and_the_region_health(sigrid, rita, rita_consent, alice, adult, today):
    social = _capacity(sigrid, adult, today, hours_per_week="25")
    assert social.hours_per_week == Decimal("25.0") and social.section == "SOCIAL"
    with pytest.raises(PermissionDenied):
        _capacity(sigrid, adult, today, section="HEALTH")
    with pytest.raises(PermissionDenied):
        _capacity(rita, adult, today, section="SOCIAL")
    with pytest.raises(PermissionDenied):
        _capacity(alice, adult, today)
    health = _capacity(rita, adult, today, section="HEALTH", hours_per_week="10")
    assert AuditEvent.objects.filter(actor=rita, object_type="CapacityAssessment").count() == 1
    # who sees which
    assert set(restrict(sigrid, CapacityAssessment.objects.all())) == {social}
    assert set(restrict(rita, CapacityAssessment.objects.all())) == {health}
    assert not restrict(alice, CapacityAssessment.objects.all()).exists()


def test_the_region_without_a_consent_may_not_record_health(rita, adult, today):
    with pytest.raises(PermissionDenied):
        _capacity(rita, adult, today, section="HEALTH")


def test_alice_and_charlie_see_none_of_the_social_records(
    sigrid, alice, charlie, rita, rita_consent, support, adult, today
):
    services.record_exemption(actor=sigrid, person=adult, ground="SICKNESS", valid_from=today)
    services.draw_up_plan(actor=sigrid, person=adult, hours_per_week="30", content="Språkcafé och praktik")
    for model in (SupportMonth, Exemption, RequirementPlan):
        assert restrict(sigrid, model.objects.all()).exists()
        assert not restrict(alice, model.objects.all()).exists()
        assert not restrict(charlie, model.objects.all()).exists()
        assert not restrict(rita, model.objects.all()).exists()  # HEALTH by consent, not SOCIAL


# --- the plan ------------------------------------------------------------------------------------------------------


def test_it_draws_up_one_plan_and_refuses_a_second(sigrid, adult, units, today):
    plan = services.draw_up_plan(
        actor=sigrid,
        person=adult,
        hours_per_week="30",
        job_seeking_hours="5",
        content="Praktik 25 timmar, jobbsökande 5 timmar",
        follow_up_on=today + dt.timedelta(days=30),
    )
    assert plan.status == "ACTIVE" and plan.unit.function == "SOCIAL_SERVICES"
    assert plan.hours_per_week == Decimal("30.0") and plan.job_seeking_hours == Decimal("5.0")
    event = AuditEvent.objects.get(actor=sigrid, object_type="RequirementPlan")
    assert event.summary == "Plan för aktivitetskravet upprättad"
    with pytest.raises(StateConflict) as caught:
        services.draw_up_plan(actor=sigrid, person=adult, hours_per_week="30", content="Igen")
    assert "redan en plan som gäller" in caught.value.detail


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"hours_per_week": None}, "hours_per_week", "Ange antal timmar i veckan."),
        (
            {"job_seeking_hours": "31"},
            "job_seeking_hours",
            "Tiden för jobbsökande ingår i kravet och kan inte vara större än det.",
        ),
        (
            {"content": ""},
            "content",
            "Skriv vad planen innehåller: aktiviteter, tider och hur den följs upp.",
        ),
        ({"content": "x" * 2001}, "content", "Högst 2000 tecken."),
        (
            {"drawn_up_on": "tomorrow"},
            "drawn_up_on",
            "En plan kan inte upprättas i förväg: ange dagens datum eller ett tidigare.",
        ),
        (
            {"follow_up_on": "yesterday"},
            "follow_up_on",
            "Uppföljningen kan inte ligga före den dag planen upprättas.",
        ),
    ],
)
def test_a_plan_is_refused_with_a_message_at_the_field(sigrid, adult, today, values, field, message):
    given = {"hours_per_week": "30", "content": "Plan", **values}
    dates = {"tomorrow": today + dt.timedelta(days=1), "yesterday": today - dt.timedelta(days=1)}
    given = {k: dates.get(v, v) if isinstance(v, str) else v for k, v in given.items()}
    with pytest.raises(ValidationError) as caught:
        services.draw_up_plan(actor=sigrid, person=adult, **given)
    assert caught.value.message_dict[field] == [message]
    assert not RequirementPlan.objects.exists()


def test_only_social_services_of_the_persons_municipality_draw_up_a_plan(
    alice, carol, enkoping_social, adult
):
    for user in (alice, carol, enkoping_social):
        with pytest.raises(PermissionDenied):
            services.draw_up_plan(actor=user, person=adult, hours_per_week="30", content="Plan")


def test_a_plan_links_only_the_persons_own_individual_plan(sigrid, alice, adult, household):
    from etablera.establishment import services as establishment

    other = household.members.exclude(pk=adult.pk).first()
    theirs = establishment.create_plan(actor=alice, person=other, kind="PLAN")
    with pytest.raises(ValidationError) as caught:
        services.draw_up_plan(
            actor=sigrid, person=adult, hours_per_week="30", content="P", individual_plan=theirs
        )
    assert caught.value.message_dict["individual_plan"] == [
        "Den individuella planen hör till en annan person."
    ]
    own = establishment.create_plan(actor=alice, person=adult, kind="PLAN")
    plan = services.draw_up_plan(
        actor=sigrid, person=adult, hours_per_week="30", content="P", individual_plan=own
    )
    assert plan.individual_plan == own


def test_close_and_revise(sigrid, alice, adult, today):
    plan = services.draw_up_plan(actor=sigrid, person=adult, hours_per_week="30", content="Första")
    revised = services.revise_plan(actor=sigrid, plan=plan, hours_per_week="20", content="Andra, minskad tid")
    plan.refresh_from_db()
    assert plan.status == "CLOSED" and plan.closed_reason == "Reviderad" and plan.closed_on == today
    assert revised.status == "ACTIVE" and revised.hours_per_week == Decimal("20.0")
    with pytest.raises(StateConflict) as caught:
        services.close_plan(actor=sigrid, plan=plan)
    assert "avslutades redan" in caught.value.detail
    with pytest.raises(PermissionDenied):
        services.close_plan(actor=alice, plan=revised)
    services.close_plan(actor=sigrid, plan=revised, reason="Flyttat")
    assert not RequirementPlan.objects.filter(status="ACTIVE").exists()


def test_a_revision_with_an_error_keeps_the_running_plan(sigrid, adult):
    plan = services.draw_up_plan(actor=sigrid, person=adult, hours_per_week="30", content="Första")
    with pytest.raises(ValidationError):
        services.revise_plan(actor=sigrid, plan=plan, hours_per_week="20", content="")
    plan.refresh_from_db()
    assert plan.status == "ACTIVE"
