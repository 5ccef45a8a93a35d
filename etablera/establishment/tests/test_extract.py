"""The register extract holds the person's establishment records, the health part and a child's mapping too."""

import pytest

from etablera.access import extract
from etablera.access.models import Consent
from etablera.establishment import services
from etablera.establishment.models import HealthAssessment

pytestmark = pytest.mark.django_db


def test_the_extract_holds_the_establishment(alice, adult, today):
    assessment = services.start_assessment(actor=alice, person=adult)
    services.add_work_experience(actor=alice, assessment=assessment, ssyk_code="5120", occupation="Kock")
    HealthAssessment.objects.create(assessment=assessment, health="Astma")
    plan = services.create_plan(actor=alice, person=adult)
    services.add_goal(actor=alice, plan=plan, area="LANGUAGE", description="SFI kurs C")
    services.record_sfi(actor=alice, person=adult, enrolled_on=today, course="C", study_path=3)
    services.set_monthly_status(actor=alice, person=adult, month=today, status="SFI")
    data = extract.build_extract(adult)["establishment"]
    assert data["assessment"]["work_experiences"] == [
        {"ssyk_code": "5120", "occupation": "Kock", "years": None}
    ]
    assert data["assessment"]["health"]["health"] == "Astma"
    assert data["plans"][0]["goals"][0]["description"] == "SFI kurs C"
    assert data["sfi"][0]["course"] == "C"
    assert data["monthly_status"] == [
        {"month": today.strftime("%Y-%m"), "status": {"code": "SFI", "label": "SFI"}, "note": ""}
    ]
    assert Consent.objects.count() == 0
