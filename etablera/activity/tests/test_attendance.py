"""Attendance per week: who records it, each validation message, and recording again replaces (idempotent)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.activity.models import Attendance
from etablera.activity.services.attendance import CREATED, UNCHANGED, UPDATED, record_attendance
from etablera.activity.tests.week_fixtures import *  # noqa: F403


def _errors(excinfo) -> dict:
    return {k: " ".join(v) for k, v in excinfo.value.message_dict.items()}


def test_it_records_and_replaces_a_week(lars, participation, monday):
    record, outcome = record_attendance(
        lars,
        participation,
        week=monday,
        hours_attended=Decimal(4),
        hours_absent=Decimal(2),
        absence_reason="SICK",
    )
    assert outcome == CREATED and record.recorded_by == lars
    _again, outcome = record_attendance(
        lars,
        participation,
        week=monday,
        hours_attended=Decimal(4),
        hours_absent=Decimal(2),
        absence_reason="SICK",
    )
    assert outcome == UNCHANGED
    _again, outcome = record_attendance(lars, participation, week=monday, hours_attended=Decimal(6))
    assert outcome == UPDATED
    assert Attendance.objects.get().hours_attended == Decimal(6)
    assert Attendance.objects.count() == 1


def test_social_services_records_too(sigrid, participation, monday):
    assert record_attendance(sigrid, participation, week=monday, hours_attended=Decimal(6))[1] == CREATED


@pytest.mark.parametrize("user", ["alice", "bob", "charlie"])
def test_others_may_not_record(request, user, participation, monday):
    with pytest.raises(PermissionDenied, match="Närvaron registreras av"):
        record_attendance(
            request.getfixturevalue(user), participation, week=monday, hours_attended=Decimal(6)
        )


@pytest.mark.parametrize(
    "kwargs,field,message",
    [
        ({"week": None}, "week", "Ange veckan"),
        ({"week": "tuesday"}, "week", "Veckan anges med sin måndag."),
        ({"week": "far"}, "week", "pågår inte den veckan"),
        ({"hours_attended": None}, "hours_attended", "Ange timmar (0 om inga)."),
        ({"hours_attended": Decimal(-1)}, "hours_attended", "kan inte vara färre än 0"),
        ({"hours_absent": Decimal("1.25"), "absence_reason": "SICK"}, "hours_absent", "högst en decimal"),
        (
            {"hours_attended": Decimal(5), "hours_absent": Decimal(2), "absence_reason": "SICK"},
            "hours_attended",
            "mer än de 6 planerade",
        ),
        ({"hours_attended": Decimal(4), "hours_absent": Decimal(2)}, "absence_reason", "Ange skälet"),
        ({"absence_reason": "SICK"}, "absence_reason", "bara när det finns frånvaro"),
        ({"absence_reason": "HOLIDAY"}, "absence_reason", "Välj ett av skälen"),
        ({"note": "x" * 301}, "note", "Högst 300 tecken."),
    ],
)
def test_it_refuses_at_the_field(lars, participation, monday, kwargs, field, message):
    weeks = {"tuesday": monday + dt.timedelta(days=1), "far": monday - dt.timedelta(weeks=10)}
    values = {"week": monday, "hours_attended": Decimal(6), "hours_absent": Decimal(0), **kwargs}
    values["week"] = weeks.get(values["week"], values["week"])
    with pytest.raises(ValidationError) as excinfo:
        record_attendance(lars, participation, **values)
    assert message in _errors(excinfo)[field]
    assert not Attendance.objects.exists()
