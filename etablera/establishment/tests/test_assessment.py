"""The mapping: started with its deadline, its parts, completed once; the health part and a child's mapping kept
to their sections."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.access.policy import restrict
from etablera.access.sections import Section
from etablera.establishment import services
from etablera.establishment.models import Assessment, ChildAssessment, HealthAssessment
from etablera.organisation.models import Unit
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db


def test_start_counts_three_weeks_from_arrival_and_is_logged(alice, adult, received):
    assessment = services.start_assessment(actor=alice, person=adult)
    assert assessment.due_date == received.arrival_date + dt.timedelta(weeks=3)
    assert assessment.due_deadline.rule == "establishment.assessment"
    assert "seed 000" in assessment.due_deadline.source
    event = AuditEvent.objects.get(object_type="Assessment", action=AuditEvent.Action.CREATE)
    assert event.person_public_id == adult.public_id and event.municipality_code == "0480"
    with pytest.raises(StateConflict, match="redan en kartläggning"):
        services.start_assessment(actor=alice, person=adult)


def test_parts_are_validated_at_the_field(alice, adult):
    assessment = services.start_assessment(actor=alice, person=adult)
    with pytest.raises(ValidationError) as error:
        services.add_work_experience(actor=alice, assessment=assessment, ssyk_code="51A", years=70)
    assert "fyra siffror" in error.value.message_dict["ssyk_code"][0]
    assert "mellan 0 och 60" in error.value.message_dict["years"][0]
    with pytest.raises(ValidationError) as error:
        services.add_education(actor=alice, assessment=assessment, level="PHD", field="x" * 201)
    assert set(error.value.message_dict) == {"level", "field"}
    services.add_education(
        actor=alice,
        assessment=assessment,
        level="UPPER_SECONDARY",
        years=3,
        country="Syrien",
        validation_wanted=True,
    )
    services.add_work_experience(
        actor=alice, assessment=assessment, ssyk_code="5120", occupation="Kock", years=6
    )
    services.add_language(actor=alice, assessment=assessment, language="Arabiska", level="MOTHER_TONGUE")
    with pytest.raises(ValidationError, match="finns redan"):
        services.add_language(actor=alice, assessment=assessment, language="arabiska", level="GOOD")
    services.update_assessment(
        actor=alice, assessment=assessment, literacy="GOOD", driving_licence="FOREIGN", goals="Bli kock igen"
    )
    assessment.refresh_from_db()
    assert assessment.goals == "Bli kock igen"
    assert [e.country for e in assessment.educations.all()] == ["Syrien"]
    assert assessment.work_experiences.get().ssyk_code == "5120"


def test_complete_once_then_no_changes(alice, adult, today):
    assessment = services.start_assessment(actor=alice, person=adult)
    with pytest.raises(ValidationError, match="framtiden"):
        services.complete_assessment(actor=alice, assessment=assessment, on=today + dt.timedelta(days=1))
    services.complete_assessment(actor=alice, assessment=assessment, on=today)
    assert Assessment.objects.get().status == Assessment.Status.COMPLETED
    with pytest.raises(StateConflict, match="redan klar"):
        services.complete_assessment(actor=alice, assessment=assessment)
    with pytest.raises(StateConflict, match="redan klar"):
        services.update_assessment(actor=alice, assessment=assessment, goals="Nytt")


def test_health_only_by_the_region_or_with_consent(alice, bob, rita, adult, make_consent, units):
    assessment = services.start_assessment(actor=alice, person=adult)
    with pytest.raises(PermissionDenied):
        services.set_health(actor=alice, assessment=assessment, health="Diabetes")
    with pytest.raises(
        PermissionDenied
    ):  # rita's region unit is not involved in the household: no consent yet
        services.set_health(actor=rita, assessment=assessment, health="Diabetes")
    region = rita.memberships.get().unit
    make_consent(adult, [region], [Section.BASIC])  # rita sees the person; she owns HEALTH
    services.set_health(
        actor=rita, assessment=assessment, health="Diabetes", capacity="PART", capacity_hours=20
    )
    # what alice, bob and rita see of it
    assert not restrict(alice, HealthAssessment.objects.all()).exists()
    assert not restrict(bob, HealthAssessment.objects.all()).exists()
    assert restrict(rita, HealthAssessment.objects.all()).get().health == "Diabetes"
    # a consent that names SFI and HEALTH shows it to bob
    make_consent(adult, [units[Unit.Function.SFI]], [Section.BASIC, Section.HEALTH])
    assert restrict(bob, HealthAssessment.objects.all()).exists()
    assert "Diabetes" not in str(AuditEvent.objects.filter(object_type="Assessment").values_list("changes"))


def test_childs_mapping_by_the_school_for_a_child_only(alice, sara, adult, child, today):
    assessment = services.start_assessment(actor=alice, person=child)
    with pytest.raises(PermissionDenied):
        services.set_child_assessment(actor=alice, assessment=assessment, pedagogical="Läser på arabiska")
    with pytest.raises(ValidationError) as error:
        services.set_child_assessment(actor=sara, assessment=assessment, handover_on=today)
    assert "skola" in error.value.message_dict["school"][0]
    services.set_child_assessment(
        actor=sara,
        assessment=assessment,
        pedagogical="Läser på arabiska",
        placement_recommendation="Förberedelseklass, årskurs 3",
        school="Tallbackaskolan",
        handover_on=today,
    )
    assert restrict(sara, ChildAssessment.objects.all()).get().school == "Tallbackaskolan"
    assert not restrict(alice, ChildAssessment.objects.all()).exists()
    grown = services.start_assessment(actor=alice, person=adult)
    with pytest.raises(ValidationError, match="under 18"):
        services.set_child_assessment(actor=sara, assessment=grown, pedagogical="x")


def test_no_one_outside_writes(charlie, stina, alice, adult):
    with pytest.raises(PermissionDenied):
        services.start_assessment(actor=charlie, person=adult)
    with pytest.raises(PermissionDenied):
        services.start_assessment(actor=stina, person=adult)
    assessment = services.start_assessment(actor=alice, person=adult)
    assert not restrict(charlie, Assessment.objects.all()).exists()
    assert not restrict(stina, Assessment.objects.all()).exists()
    assert restrict(alice, Assessment.objects.all()).get() == assessment


def test_break_glass_opens_the_health_part_while_it_lasts(alice, rita, adult, received, make_consent):
    from etablera.access.services import open_break_glass
    from etablera.organisation.models import Role
    from etablera.testing.factories import UserFactory

    assessment = services.start_assessment(actor=alice, person=adult)
    make_consent(adult, [rita.memberships.get().unit], [Section.BASIC])
    services.set_health(actor=rita, assessment=assessment, health="Astma")
    greta = UserFactory.with_role("greta", Unit.objects.get(function=Unit.Function.HOUSING), Role.CASEWORKER)
    assert not restrict(greta, HealthAssessment.objects.all()).exists()
    glass = open_break_glass(actor=greta, household=received.household, reason="Akut läge, personen är sjuk")
    assert restrict(greta, HealthAssessment.objects.all()).get().health == "Astma"
    glass.expires_at = glass.started_at
    glass.save()
    assert not restrict(greta, HealthAssessment.objects.all()).exists()
