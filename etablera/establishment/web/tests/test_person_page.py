"""The person's establishment page per role: what it shows (the health part only to the region's unit or by
consent, a child's mapping only to the school), its forms, a refusal at its field and a StateConflict as a message,
and a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.access.sections import Section
from etablera.establishment import services
from etablera.establishment.models import Assessment, IndividualPlan
from etablera.organisation.models import Unit

pytestmark = pytest.mark.django_db


def _url(person, name="person_establishment"):
    return reverse(name, args=[person.public_id])


@pytest.fixture
def mapped(alice, rita, adult, make_consent, today):
    """The adult's mapping with a work experience and, by the region (rita, with the person's consent), health."""
    assessment = services.start_assessment(actor=alice, person=adult)
    services.add_work_experience(
        actor=alice, assessment=assessment, ssyk_code="5120", occupation="Kock", years=6
    )
    make_consent(adult, [rita.memberships.get().unit], [Section.BASIC])
    services.set_health(
        actor=rita, assessment=assessment, health="Ryggbesvär", capacity="PART", capacity_hours=20
    )
    plan = services.create_plan(actor=alice, person=adult, started_on=today - dt.timedelta(days=5))
    services.add_goal(actor=alice, plan=plan, area="WORK_STUDIES", description="Arbete som kock")
    services.set_monthly_status(actor=alice, person=adult, month=today, status="SFI", note="Kurs B")
    return assessment


def test_the_reception_caseworker_sees_all_but_the_health_part(client, alice, adult, mapped):
    client.force_login(alice)
    page = client.get(_url(adult)).content.decode()
    assert "Etablering: " in page and adult.full_name in page
    assert "5120 Kock" in page and "Arbete som kock" in page and "Kurs B" in page
    assert "Ryggbesvär" not in page
    assert "visas bara för regionens enheter" in page
    assert "Kartläggning senast" in page  # the deadline explains itself
    assert AuditEvent.objects.filter(actor=alice, action="VIEW", summary="Etablering").exists()


def test_the_region_sees_health_and_the_sfi_caseworker_does_not(client, rita, bob, adult, mapped):
    client.force_login(rita)
    page = client.get(_url(adult)).content.decode()
    assert "Ryggbesvär" in page and "Deltid" in page
    client.force_login(bob)  # SFI: involved in the household by its task, no HEALTH
    page = client.get(_url(adult)).content.decode()
    assert "5120 Kock" in page and "Ryggbesvär" not in page


def test_the_health_part_on_the_page_by_consent_and_by_break_glass_as_restrict_gives_it(
    client, bob, adult, received, mapped, make_consent, units
):
    """The page reads the health part by the sections visible_sections gives (not through restrict() again): it must
    show it exactly where restrict() would — a consent naming the unit and HEALTH, or break-glass while it lasts."""
    from etablera.access.policy import restrict
    from etablera.access.services import open_break_glass
    from etablera.establishment.models import HealthAssessment
    from etablera.organisation.models import Role
    from etablera.testing.factories import UserFactory

    client.force_login(bob)
    assert "Ryggbesvär" not in client.get(_url(adult)).content.decode()
    make_consent(adult, [units[Unit.Function.SFI]], [Section.BASIC, Section.HEALTH])
    assert "Ryggbesvär" in client.get(_url(adult)).content.decode()
    assert restrict(bob, HealthAssessment.objects.all()).exists()

    greta = UserFactory.with_role("greta", Unit.objects.get(function=Unit.Function.HOUSING), Role.CASEWORKER)
    glass = open_break_glass(actor=greta, household=received.household, reason="Akut läge, personen är sjuk")
    client.force_login(greta)
    assert "Ryggbesvär" in client.get(_url(adult)).content.decode()
    glass.expires_at = glass.started_at
    glass.save()
    assert not restrict(greta, HealthAssessment.objects.all()).exists()
    assert "Ryggbesvär" not in client.get(_url(adult)).content.decode()  # the glass gone, the health part too


def test_outsiders_get_404(client, charlie, stina, adult, mapped):
    client.force_login(charlie)  # another municipality: the same 404 as for a person that does not exist
    response = client.get(_url(adult))
    assert response.status_code == 404 and "Kock" not in response.content.decode()
    client.force_login(stina)  # statistics: no person page at all, sent to her figures
    response = client.get(_url(adult))
    assert response.status_code == 302 and "Kock" not in response.content.decode()


def test_a_childs_mapping_only_for_the_school(client, alice, sara, child):
    assessment = services.start_assessment(actor=alice, person=child)
    services.set_child_assessment(
        actor=sara, assessment=assessment, placement_recommendation="Förberedelseklass"
    )
    client.force_login(sara)
    assert "Förberedelseklass" in client.get(_url(child)).content.decode()
    client.force_login(alice)
    page = client.get(_url(child)).content.decode()
    assert "Förberedelseklass" not in page and "Kartläggning av barn" not in page


def test_start_and_fill_in_the_mapping_from_the_page(client, alice, adult):
    client.force_login(alice)
    page = client.post(
        _url(adult, "establishment_assessment"), {"action": "start"}, follow=True
    ).content.decode()
    assert "Kartläggningen är påbörjad." in page
    page = client.post(
        _url(adult, "establishment_assessment"),
        {"action": "arbete", "arbete-ssyk_code": "51", "arbete-years": "3"},
    ).content.decode()
    assert "fyra siffror" in page  # at the field
    client.post(
        _url(adult, "establishment_assessment"),
        {"action": "sprak", "sprak-language": "Dari", "sprak-level": "MOTHER_TONGUE"},
    )
    page = client.post(
        _url(adult, "establishment_assessment"), {"action": "complete"}, follow=True
    ).content.decode()
    assert "Kartläggningen är klar." in page and "Dari: Modersmål" in page
    page = client.post(
        _url(adult, "establishment_assessment"), {"action": "complete"}, follow=True
    ).content.decode()
    assert "Kartläggningen är redan klar" in page  # the StateConflict as a message
    assert Assessment.objects.get(person=adult).status == "COMPLETED"


def test_plan_from_the_page_sip_refused_without_consent(client, alice, adult, units, today):
    client.force_login(alice)
    page = client.post(
        _url(adult, "establishment_plan"), {"action": "create", "plan-kind": "SIP", "plan-started_on": today}
    ).content.decode()
    assert "En SIP kan inte upprättas utan personens samtycke" in page
    assert not IndividualPlan.objects.exists()
    client.post(_url(adult, "establishment_plan"), {"action": "create", "plan-kind": "PLAN"})
    page = client.post(
        _url(adult, "establishment_plan"),
        {"action": "goal", "mal-area": "LANGUAGE", "mal-description": "SFI kurs C"},
        follow=True,
    ).content.decode()
    assert "Målet är tillagt." in page and "SFI kurs C" in page
    labour = units[Unit.Function.LABOUR_MARKET]
    page = client.post(
        _url(adult, "establishment_plan"),
        {
            "action": "intervention",
            "insats-unit": labour.pk,
            "insats-what": "Språkpraktik",
            "insats-start_date": today,
            "insats-status": "PLANNED",
        },
        follow=True,
    ).content.decode()
    assert "Insatsen är tillagd." in page and "Arbetsmarknadsenheten" in page
    page = client.post(
        _url(adult, "establishment_plan"),
        {"action": "meeting", "mote-held_on": today, "mote-revise_plan": "on"},
        follow=True,
    ).content.decode()
    assert "Ska revideras" in page and "Revidera planen" in page
    page = client.post(
        _url(adult, "establishment_plan"), {"action": "revise", "revidera-note": "Praktik först"}, follow=True
    ).content.decode()
    assert "Planen är reviderad." in page and "Praktik först" in page


def test_the_page_costs_the_same_for_one_row_as_for_many(
    client, alice, adult, mapped, today, django_assert_max_num_queries
):
    client.force_login(alice)
    client.get(_url(adult))
    with django_assert_max_num_queries(40) as few:
        client.get(_url(adult))
    plan = IndividualPlan.objects.get()
    for n in range(4):
        services.add_goal(actor=alice, plan=plan, area="SOCIAL", description=f"Mål {n}")
        services.add_language(actor=alice, assessment=mapped, language=f"Språk {n}", level="BASIC")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(adult))
