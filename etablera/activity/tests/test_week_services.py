"""The week's participations: added, hours changed, ended — each validation message, the 40 hours, the places."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.activity.models import Participation
from etablera.activity.services.week import add_participation, change_hours, end_participation
from etablera.activity.tests.week_fixtures import *  # noqa: F403
from etablera.organisation.models import Unit
from etablera.testing.factories import PersonFactory
from etablera.transitions import StateConflict


def _errors(excinfo) -> dict:
    return {k: " ".join(v) for k, v in excinfo.value.message_dict.items()}


def test_it_adds_an_activity_with_its_unit(alice, adult, cafe, monday):
    p = add_participation(
        alice, adult, kind="ACTIVITY", activity=cafe, hours_per_week=Decimal(6), starts_on=monday
    )
    assert p.unit_id == cafe.unit_id and p.municipality_id == adult.municipality_id
    assert AuditEvent.objects.filter(object_type="Participation", action=AuditEvent.Action.CREATE).exists()


def test_it_adds_work_with_the_writers_unit(alice, adult, units, monday):
    p = add_participation(alice, adult, kind="WORK", hours_per_week=Decimal(20), starts_on=monday)
    assert p.unit == units[Unit.Function.RECEPTION]


@pytest.mark.parametrize(
    "kwargs,field,message",
    [
        ({"kind": "FLY"}, "kind", "Välj vad personen ska göra."),
        ({"hours_per_week": None}, "hours_per_week", "Ange timmar i veckan."),
        ({"hours_per_week": Decimal(0)}, "hours_per_week", "Timmarna ska vara fler än 0."),
        ({"hours_per_week": Decimal(41)}, "hours_per_week", "Högst 40 timmar i veckan."),
        ({"hours_per_week": Decimal("2.25")}, "hours_per_week", "högst en decimal"),
        ({"starts_on": None}, "starts_on", "Ange när det börjar."),
        ({"ends_on": dt.date(2000, 1, 1)}, "ends_on", "Slutet kan inte vara före starten."),
        ({"kind": "OTHER"}, "description", "Beskriv vad personen ska göra."),
        ({"description": "x" * 301}, "description", "Högst 300 tecken."),
        ({"kind": "ACTIVITY"}, "activity", "Välj en aktivitet."),
        ({"kind": "PLACEMENT"}, "placement", "Välj en praktikplats."),
    ],
)
def test_it_refuses_at_the_field(alice, adult, monday, kwargs, field, message):
    values = {"kind": "JOB_SEEKING", "hours_per_week": Decimal(10), "starts_on": monday, **kwargs}
    with pytest.raises(ValidationError) as excinfo:
        add_participation(alice, adult, **values)
    assert message in _errors(excinfo)[field]
    assert not Participation.objects.exists()


def test_it_refuses_more_than_forty_hours(alice, adult, monday):
    add_participation(alice, adult, kind="WORK", hours_per_week=Decimal(30), starts_on=monday)
    with pytest.raises(ValidationError) as excinfo:
        add_participation(alice, adult, kind="JOB_SEEKING", hours_per_week=Decimal(12), starts_on=monday)
    message = _errors(excinfo)["hours_per_week"]
    assert "redan 30" in message and "42" in message and "mer än 40" in message


def test_it_counts_only_overlapping_periods(alice, adult, monday):
    add_participation(
        alice,
        adult,
        kind="WORK",
        hours_per_week=Decimal(30),
        starts_on=monday,
        ends_on=monday + dt.timedelta(6),
    )
    later = add_participation(
        alice, adult, kind="JOB_SEEKING", hours_per_week=Decimal(20), starts_on=monday + dt.timedelta(7)
    )
    assert later.pk


def test_it_refuses_a_full_activity(alice, cafe, monday, nykoping):
    for _ in range(cafe.places):
        add_participation(
            None,
            PersonFactory(municipality=nykoping),
            kind="ACTIVITY",
            activity=cafe,
            hours_per_week=6,
            starts_on=monday,
        )
    with pytest.raises(ValidationError) as excinfo:
        add_participation(
            None,
            PersonFactory(municipality=nykoping),
            kind="ACTIVITY",
            activity=cafe,
            hours_per_week=6,
            starts_on=monday,
        )
    assert "inga lediga platser" in _errors(excinfo)["activity"] and "3 av 3" in _errors(excinfo)["activity"]


def test_it_refuses_an_activity_that_does_not_run(alice, adult, cafe, monday):
    cafe.ends_on = monday - dt.timedelta(days=1)
    cafe.save()
    with pytest.raises(ValidationError) as excinfo:
        add_participation(alice, adult, kind="ACTIVITY", activity=cafe, hours_per_week=6, starts_on=monday)
    assert _errors(excinfo)["starts_on"] == "Aktiviteten pågår inte då."


def test_bob_sees_but_may_not_plan(bob, adult, monday):
    with pytest.raises(PermissionDenied, match="Veckan planeras av"):
        add_participation(bob, adult, kind="WORK", hours_per_week=10, starts_on=monday)


def test_charlie_may_not_plan(charlie, adult, monday):
    with pytest.raises(PermissionDenied, match="behörighet"):
        add_participation(charlie, adult, kind="WORK", hours_per_week=10, starts_on=monday)


def test_it_changes_hours_within_the_week(alice, adult, participation, monday):
    add_participation(alice, adult, kind="WORK", hours_per_week=Decimal(30), starts_on=monday)
    change_hours(alice, participation, hours_per_week=Decimal(10))
    participation.refresh_from_db()
    assert participation.hours_per_week == Decimal(10)
    with pytest.raises(ValidationError) as excinfo:
        change_hours(alice, participation, hours_per_week=Decimal(11))
    assert "mer än 40" in _errors(excinfo)["hours_per_week"]


def test_it_ends_once(alice, participation, today):
    yesterday = today - dt.timedelta(days=1)
    end_participation(alice, participation, ends_on=yesterday)
    participation.refresh_from_db()
    assert participation.ends_on == yesterday
    with pytest.raises(StateConflict, match="redan avslutad"):
        end_participation(alice, participation, ends_on=yesterday)


def test_it_refuses_an_end_before_the_start(alice, participation):
    with pytest.raises(ValidationError) as excinfo:
        end_participation(alice, participation, ends_on=participation.starts_on - dt.timedelta(days=1))
    assert _errors(excinfo)["ends_on"] == "Slutet kan inte vara före starten."
