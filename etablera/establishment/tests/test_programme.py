"""The programme (age, 24 months, ended once with a reason), SFI (courses on their study paths, interruptions,
completion), civic orientation and the status per month."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.establishment import services
from etablera.establishment.models import MonthlyStatus, SfiEnrolment
from etablera.rules.dates import add_months
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db


def test_programme_age_is_checked_at_the_referral(alice, adult, child, today):
    with pytest.raises(ValidationError) as error:
        services.record_programme(actor=alice, person=child, referral_date=today)
    assert "från 20 år till 66 år" in error.value.message_dict["referral_date"][0]
    referral = dt.date(2026, 3, 10)
    adult.birth_date = dt.date(1960, 3, 10)  # 66 on the referral day: refused
    with pytest.raises(ValidationError, match="personen var 66 år"):
        services.record_programme(actor=alice, person=adult, referral_date=referral)
    adult.birth_date = dt.date(1960, 3, 11)  # 65 until tomorrow: in the programme
    period = services.record_programme(actor=alice, person=adult, referral_date=referral, start_date=referral)
    assert period.planned_end == dt.date(2028, 3, 10)


def test_programme_planned_end_and_end_once(alice, adult, today):
    start = today - dt.timedelta(days=100)
    with pytest.raises(ValidationError) as error:
        services.record_programme(
            actor=alice, person=adult, referral_date=start, plan_date=start - dt.timedelta(days=1)
        )
    assert "före anvisningen" in error.value.message_dict["plan_date"][0]
    period = services.record_programme(actor=alice, person=adult, referral_date=start)
    assert period.planned_end is None
    period = services.record_programme(actor=alice, person=adult, referral_date=start, start_date=start)
    assert period.planned_end == add_months(start, 24)
    assert "24 månader" in period.planned_end_deadline.explanation
    with pytest.raises(ValidationError, match="Välj skäl"):
        services.end_programme(actor=alice, period=period, actual_end=today, reason="")
    with pytest.raises(ValidationError, match="före det startade"):
        services.end_programme(
            actor=alice, period=period, actual_end=start - dt.timedelta(days=1), reason="WORK"
        )
    services.end_programme(actor=alice, period=period, actual_end=today, reason="WORK", note="Kock på hotell")
    with pytest.raises(StateConflict, match="redan avslutat"):
        services.end_programme(actor=alice, period=period, actual_end=today, reason="STUDIES")
    # a new referral after the end is a new period
    again = services.record_programme(actor=alice, person=adult, referral_date=today)
    assert again.pk != period.pk


def test_sfi_courses_follow_the_study_path(alice, adult, today):
    with pytest.raises(ValidationError) as error:
        services.record_sfi(actor=alice, person=adult, enrolled_on=today, course="A", study_path=3)
    assert "Studieväg 3 har kurserna C, D" in error.value.message_dict["course"][0]
    with pytest.raises(ValidationError) as error:
        services.record_sfi(
            actor=alice, person=adult, enrolled_on=today, course="E", study_path=4, hours_per_week=41
        )
    assert set(error.value.message_dict) == {"course", "study_path", "hours_per_week"}
    enrolment = services.record_sfi(
        actor=alice,
        person=adult,
        enrolled_on=today - dt.timedelta(days=10),
        course="B",
        study_path=2,
        start_date=today - dt.timedelta(days=3),
        hours_per_week=15,
    )
    assert enrolment.status == SfiEnrolment.Status.STUDYING
    services.add_sfi_interruption(actor=alice, enrolment=enrolment, start_date=today, reason="Sjuk")
    enrolment.refresh_from_db()
    assert enrolment.status == SfiEnrolment.Status.INTERRUPTED
    services.complete_sfi(actor=alice, enrolment=enrolment, on=today)
    with pytest.raises(StateConflict, match="redan avslutad"):
        services.complete_sfi(actor=alice, enrolment=enrolment, on=today)


def test_civic_orientation(alice, adult, today):
    with pytest.raises(ValidationError, match="startade"):
        services.record_civic_orientation(actor=alice, person=adult, completed_on=today)
    orientation = services.record_civic_orientation(
        actor=alice, person=adult, start_date=today - dt.timedelta(days=60), language="Arabiska", hours=100
    )
    services.record_civic_orientation(
        actor=alice,
        person=adult,
        start_date=orientation.start_date,
        language="Arabiska",
        hours=100,
        completed_on=today,
    )
    assert AuditEvent.objects.filter(object_type="CivicOrientation").count() == 2


def test_monthly_status_one_per_month(alice, bob, charlie, adult, today):
    first = today.replace(day=1)
    services.set_monthly_status(actor=alice, person=adult, month=today, status="SFI")
    services.set_monthly_status(actor=bob, person=adult, month=first, status="PROGRAMME", note="Startat")
    row = MonthlyStatus.objects.get()
    assert (row.month, row.status, row.recorded_by) == (first, "PROGRAMME", bob)
    with pytest.raises(ValidationError) as error:
        services.set_monthly_status(actor=alice, person=adult, month=add_months(first, 1), status="JOB")
    assert set(error.value.message_dict) == {"month", "status"}
    with pytest.raises(PermissionDenied):
        services.set_monthly_status(actor=charlie, person=adult, month=first, status="WORK")
    changes = AuditEvent.objects.filter(object_type="MonthlyStatus", action="UPDATE").get().changes
    assert changes["status"] == {"before": "SFI", "after": "PROGRAMME"}
