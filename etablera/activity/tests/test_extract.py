"""The register extract holds the activity requirement (etablera/activity/extract.py): the months of support that
named the person, an exemption, the capacity, the plan, a deviation and the week with attendance — in the data and
read back from the PDF, every part named also when it is empty."""

import datetime as dt
from decimal import Decimal

import pytest

from etablera.access import extract, pdf
from etablera.access.tests.test_extract import pdf_text
from etablera.activity.models import (
    Activity,
    Attendance,
    CapacityAssessment,
    Deviation,
    Exemption,
    Participation,
    RequirementPlan,
    SupportMonth,
)
from etablera.organisation.models import Unit

pytestmark = pytest.mark.django_db


def test_the_extract_shows_the_activity_requirement(adult, units, today, monkeypatch):
    social = units[Unit.Function.SOCIAL_SERVICES]
    month = SupportMonth.objects.create(
        household=adult.household_memberships.get().household,
        municipality_id=adult.municipality_id,
        month=today.replace(day=1),
        amount=12345,
    )
    month.persons.add(adult)
    Exemption.objects.create(
        person=adult,
        municipality_id=adult.municipality_id,
        ground="SICKNESS",
        valid_from=today,
        note="Sjukskriven",
    )
    CapacityAssessment.objects.create(
        person=adult,
        municipality_id=adult.municipality_id,
        hours_per_week=Decimal(20),
        valid_from=today,
        assessor="Arbetsterapeut Ek",
        reason="Ryggbesvär",
    )
    RequirementPlan.objects.create(
        person=adult,
        municipality_id=adult.municipality_id,
        unit=social,
        drawn_up_on=today,
        hours_per_week=Decimal(20),
        content="Språkcafé och jobbsökande",
    )
    activity = Activity.objects.create(
        municipality_id=adult.municipality_id,
        unit=social,
        name="Språkcafé Stadsbiblioteket",
        kind="LANGUAGE_CAFE",
        place="Stadsbiblioteket",
        schedule="ons 13–16",
        hours_per_week=Decimal(3),
        places=10,
        starts_on=today,
    )
    monday = today - dt.timedelta(days=today.weekday())
    participation = Participation.objects.create(
        person=adult,
        municipality_id=adult.municipality_id,
        kind="ACTIVITY",
        activity=activity,
        hours_per_week=Decimal(3),
        starts_on=monday,
        unit=social,
    )
    Attendance.objects.create(participation=participation, week=monday, hours_attended=Decimal("2.5"))
    Deviation.objects.create(
        person=adult,
        municipality_id=adult.municipality_id,
        kind="ABSENCE",
        occurred_on=today,
        description="Kom inte på onsdagen",
    )

    data = extract.build_extract(adult)["activity"]
    assert [m["amount"] for m in data["support_months"]] == [12345]
    assert data["exemptions"][0]["note"] == "Sjukskriven"
    assert data["capacity"][0]["reason"] == "Ryggbesvär"
    assert data["participations"][0]["what"] == "Språkcafé Stadsbiblioteket"
    assert data["participations"][0]["attendance"][0]["hours_attended"] == "2.5"
    assert data["deviations"][0]["description"] == "Kom inte på onsdagen"

    monkeypatch.setattr(pdf, "FONT_DIRS", [])  # the core font, whose text can be read back
    text = pdf_text(extract.extract_pdf(extract.build_extract(adult)))
    for expected in (
        "Aktivitetskrav: försörjningsstöd per månad",
        "12345",
        "Ryggbesvär",
        "Språkcafé Stadsbiblioteket",
        "Kom inte på onsdagen",
        "Aktivitetskrav: jobbcoach",
    ):
        assert expected in text
