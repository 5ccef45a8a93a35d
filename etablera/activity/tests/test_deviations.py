"""Deviations (activity.services.deviations): reported by any staff who sees the person, assessed once by social
services — acceptable, or referred to a decision a person makes in the social-services system. Nothing decides."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.access.policy import restrict
from etablera.activity.models import Deviation
from etablera.activity.services.deviations import assess_deviation, report_deviation
from etablera.activity.tests.requirement_fixtures import *  # noqa: F403
from etablera.transitions import StateConflict


def _report(actor, person, today, **extra):
    values = {"kind": "ABSENCE", "occurred_on": today, "description": "Kom inte till språkcaféet", **extra}
    return report_deviation(actor, person, **values)


def test_any_staff_who_sees_the_person_reports(alice, bob, adult, today, units):
    deviation = _report(bob, adult, today)
    assert deviation.status == "TO_ASSESS" and deviation.reported_by == bob
    assert deviation.reported_unit == units["SFI"]
    event = AuditEvent.objects.get(actor=bob, object_type="Deviation")
    assert event.summary == "Avvikelse rapporterad" and event.person_public_id == adult.public_id
    assert _report(alice, adult, today).reported_unit == units["RECEPTION"]
    # the reporter does not see SOCIAL: the deviation is social services' once reported
    assert not restrict(bob, Deviation.objects.all()).exists()


def test_charlie_may_not_report_on_nykopings_person(charlie, adult, today):
    with pytest.raises(PermissionDenied):
        _report(charlie, adult, today)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"kind": "SANCTION"}, "kind", "Välj vad som hände."),
        ({"occurred_on": None}, "occurred_on", "Ange när det hände."),
        (
            {"occurred_on": "tomorrow"},
            "occurred_on",
            "En avvikelse kan inte rapporteras i förväg: ange dagens datum eller ett tidigare.",
        ),
        ({"description": "  "}, "description", "Beskriv vad som hände."),
        ({"description": "x" * 2001}, "description", "Högst 2000 tecken."),
    ],
)
def test_a_report_is_refused_with_a_message_at_the_field(alice, adult, today, values, field, message):
    if values.get("occurred_on") == "tomorrow":
        values = {"occurred_on": today + dt.timedelta(days=1)}
    with pytest.raises(ValidationError) as caught:
        _report(alice, adult, today, **values)
    assert caught.value.message_dict[field] == [message]
    assert not Deviation.objects.exists()


def test_social_services_assess_once(sigrid, alice, adult, today):
    deviation = _report(alice, adult, today)
    with pytest.raises(PermissionDenied):
        assess_deviation(alice, deviation, status="ACCEPTABLE", assessment="Sjuk")
    assess_deviation(
        sigrid,
        deviation,
        status="REFERRED",
        assessment="Inget skäl angivet",
        decision_reference="SOC-2026-1234",
    )
    deviation.refresh_from_db()
    assert (
        deviation.status == "REFERRED" and deviation.assessed_by == sigrid and deviation.assessed_on == today
    )
    assert deviation.decision_reference == "SOC-2026-1234"
    event = AuditEvent.objects.get(actor=sigrid, object_type="Deviation")
    assert event.summary == "Avvikelse lämnad till beslut"
    with pytest.raises(StateConflict) as caught:
        assess_deviation(sigrid, deviation, status="ACCEPTABLE", assessment="Ändrat mig")
    assert "redan bedömd" in caught.value.detail and "bedöms inte igen" in caught.value.detail


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"status": "TO_ASSESS"},
            "status",
            "Välj om skälet är godtagbart eller om ärendet lämnas till beslut.",
        ),
        (
            {"status": "REDUCE_SUPPORT"},
            "status",
            "Välj om skälet är godtagbart eller om ärendet lämnas till beslut.",
        ),
        ({"assessment": ""}, "assessment", "Skriv bedömningen: vad som har kommit fram och varför."),
        ({"assessment": "x" * 2001}, "assessment", "Högst 2000 tecken."),
        ({"decision_reference": "x" * 101}, "decision_reference", "Högst 100 tecken."),
        (
            {"status": "ACCEPTABLE", "decision_reference": "SOC-1"},
            "decision_reference",
            "Ett diarienummer hör bara till en avvikelse som lämnas till beslut.",
        ),
    ],
)
def test_an_assessment_is_refused_with_a_message_at_the_field(
    sigrid, alice, adult, today, values, field, message
):
    deviation = _report(alice, adult, today)
    given = {"status": "REFERRED", "assessment": "Bedömning", **values}
    with pytest.raises(ValidationError) as caught:
        assess_deviation(sigrid, deviation, **given)
    assert caught.value.message_dict[field] == [message]
    deviation.refresh_from_db()
    assert deviation.status == "TO_ASSESS"


def test_nothing_decides_on_support():
    """No status, kind or field decides a reduction: a referral is the end of Etablera's part."""
    assert set(Deviation.Status.values) == {"TO_ASSESS", "ACCEPTABLE", "REFERRED"}
    names = {f.name for f in Deviation._meta.get_fields()}
    assert not {n for n in names if "sanction" in n or "reduc" in n}
