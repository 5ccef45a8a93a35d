"""Gallring of grant applications (rules/retention.py, grants/gallring.py, run by access/gallring.py): an unconfirmed
application goes after 30 days, a rejected one's contact person after two years, a granted one keeps everything but
the contact person's e-mail and phone two years after its report back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from etablera.access import gallring
from etablera.grants.models import Application

pytestmark = pytest.mark.django_db
Status = Application.Status


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def test_gallring_of_applications(make_application, today):
    old = today - dt.timedelta(days=31)
    young = today - dt.timedelta(days=29)
    unconfirmed_old = make_application(confirmed_at=None)
    Application.objects.filter(pk=unconfirmed_old.pk).update(created_at=_at(old))
    unconfirmed_young = make_application(confirmed_at=None)
    Application.objects.filter(pk=unconfirmed_young.pk).update(created_at=_at(young))
    three_years = today.replace(year=today.year - 3)
    one_year = today.replace(year=today.year - 1)
    rejected_old = make_application(status=Status.REJECTED, decided_at=_at(three_years))
    rejected_young = make_application(status=Status.REJECTED, decided_at=_at(one_year))
    granted_old = make_application(
        status=Status.REPORTED,
        amount_granted=100,
        report_submitted_at=_at(three_years),
        report_deadline=three_years,
    )
    granted_young = make_application(
        status=Status.REPORTED,
        amount_granted=100,
        report_submitted_at=_at(one_year),
        report_deadline=one_year,
    )

    dry = gallring.plan(today=today)
    assert dry.counts()["grants"] == {"unconfirmed": 1, "rejected": 1, "granted": 1}
    assert Application.objects.count() == 6  # a dry run changes nothing

    gallring.execute(today=today)
    assert not Application.objects.filter(pk=unconfirmed_old.pk).exists()
    assert Application.objects.filter(pk=unconfirmed_young.pk).exists()
    rejected_old.refresh_from_db()
    assert (rejected_old.contact_name, rejected_old.contact_email, rejected_old.contact_phone) == (
        "Gallrad",
        "",
        "",
    )
    assert rejected_old.decided_at is not None and rejected_old.association_name  # the decision stays
    granted_old.refresh_from_db()
    assert granted_old.contact_email == "" and granted_old.contact_phone == ""
    assert granted_old.amount_granted == 100 and granted_old.contact_name == "Kim Kontakt"  # the records stay
    for kept in (rejected_young, granted_young):
        kept.refresh_from_db()
        assert kept.contact_email == "kim@example.se"
    assert gallring.plan(today=today).counts()["grants"] == {"unconfirmed": 0, "rejected": 0, "granted": 0}
