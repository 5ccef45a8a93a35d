"""The individual plan and SIP: one open plan per person, a SIP refused without consent, goals, interventions,
meetings and revision."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from etablera.access.models import AuditEvent
from etablera.access.sections import Section
from etablera.establishment import services
from etablera.establishment.models import IndividualPlan
from etablera.organisation.models import Unit
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db


def test_a_sip_is_refused_without_the_persons_consent(alice, adult, child, make_consent, units, today):
    with pytest.raises(ValidationError) as error:
        services.create_plan(actor=alice, person=adult, kind="SIP")
    messages = error.value.message_dict
    assert "utan personens samtycke" in messages["consent"][0]
    assert "kommunen" in messages["municipality_responsibility"][0]
    assert "regionen" in messages["region_responsibility"][0]
    assert "övergripande" in messages["responsible_name"][0]
    assert not IndividualPlan.objects.exists()
    others = make_consent(child, [units[Unit.Function.SOCIAL_SERVICES]], [Section.BASIC])
    withdrawn = make_consent(adult, [units[Unit.Function.SOCIAL_SERVICES]], [Section.BASIC])
    withdrawn.withdrawn_date = today
    withdrawn.save()
    for consent in (others, withdrawn):
        with pytest.raises(ValidationError, match="personens eget och gälla"):
            services.create_plan(
                actor=alice,
                person=adult,
                kind="SIP",
                consent=consent,
                municipality_responsibility="Boende",
                region_responsibility="Rehabilitering",
                responsible_name="Socialtjänsten",
            )


def test_a_sip_with_consent_explains_its_deadline(alice, adult, make_consent, units, today):
    consent = make_consent(adult, [units[Unit.Function.SOCIAL_SERVICES]], [Section.BASIC, Section.SOCIAL])
    plan = services.create_plan(
        actor=alice,
        person=adult,
        kind="SIP",
        consent=consent,
        need_known_on=today - dt.timedelta(days=20),
        municipality_responsibility="Boende och försörjning",
        region_responsibility="Rehabilitering",
        responsible_unit=units[Unit.Function.SOCIAL_SERVICES],
    )
    assert plan.consent == consent
    assert plan.start_due == today - dt.timedelta(days=6)
    assert "utan dröjsmål" in plan.start_deadline.explanation
    assert AuditEvent.objects.filter(object_type="IndividualPlan", action="CREATE").exists()


def test_one_open_plan_per_person(alice, adult):
    services.create_plan(actor=alice, person=adult)
    with pytest.raises(StateConflict, match="redan en plan som pågår"):
        services.create_plan(actor=alice, person=adult)


def test_goals_interventions_and_meetings(alice, adult, units, today):
    plan = services.create_plan(actor=alice, person=adult, started_on=today - dt.timedelta(days=30))
    with pytest.raises(ValidationError) as error:
        services.add_goal(
            actor=alice, plan=plan, area="MONEY", description="", target_date=today - dt.timedelta(days=60)
        )
    assert set(error.value.message_dict) == {"area", "description", "target_date"}
    goal = services.add_goal(
        actor=alice,
        plan=plan,
        area="LANGUAGE",
        description="SFI kurs C",
        target_date=today + dt.timedelta(days=180),
    )
    with pytest.raises(ValidationError) as error:
        services.add_intervention(actor=alice, plan=plan, what="Praktik", start_date=today)
    assert "enhet eller vilken extern aktör" in error.value.message_dict["unit"][0]
    with pytest.raises(ValidationError) as error:
        services.add_intervention(
            actor=alice,
            plan=plan,
            what="Praktik",
            start_date=today,
            end_date=today - dt.timedelta(days=1),
            unit=units[Unit.Function.LABOUR_MARKET],
            external_actor="Arbetsförmedlingen",
            hours_per_week=Decimal("61"),
        )
    assert set(error.value.message_dict) == {"external_actor", "end_date", "hours_per_week"}
    services.add_intervention(
        actor=alice,
        plan=plan,
        what="Språkpraktik",
        start_date=today,
        unit=units[Unit.Function.LABOUR_MARKET],
        goal=goal,
    )
    services.add_intervention(
        actor=alice,
        plan=plan,
        what="Etableringsprogram",
        start_date=today,
        external_actor="Arbetsförmedlingen",
        hours_per_week=Decimal("40"),
    )
    assert plan.interventions.count() == 2
    with pytest.raises(ValidationError, match="överens om"):
        services.record_meeting(actor=alice, plan=plan, held_on=today)
    with pytest.raises(ValidationError, match="framtiden"):
        services.record_meeting(
            actor=alice, plan=plan, held_on=today + dt.timedelta(days=1), agreed_actions="x"
        )
    services.record_meeting(actor=alice, plan=plan, held_on=today, agreed_actions="Fortsätt SFI")
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.ACTIVE


def test_a_plan_that_is_not_working_is_revised_once(alice, adult, today):
    plan = services.create_plan(actor=alice, person=adult)
    with pytest.raises(StateConflict, match="inte markerad för revidering"):
        services.revise_plan(actor=alice, plan=plan, note="Nya mål")
    services.record_meeting(actor=alice, plan=plan, held_on=today, revise_plan=True)
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.REVISE
    with pytest.raises(ValidationError, match="vad som ändrades"):
        services.revise_plan(actor=alice, plan=plan, note=" ")
    services.revise_plan(actor=alice, plan=plan, note="Praktik i stället för studier")
    plan.refresh_from_db()
    assert (plan.status, plan.revision, plan.revised_on) == (IndividualPlan.Status.ACTIVE, 2, today)
    with pytest.raises(StateConflict, match="version 2"):
        services.revise_plan(actor=alice, plan=plan, note="Igen")
    changes = AuditEvent.objects.filter(summary="Planen reviderad").get().changes
    assert changes["revision"] == {"before": 1, "after": 2}
