"""The county's adjustments (etablera/county/services.py): validation at the fields, the permission, the audit log."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.county.models import Adjustment
from etablera.county.services import record_adjustment, remove_adjustment, require_allocate
from etablera.organisation.models import County
from etablera.testing.factories import municipality


@pytest.fixture
def sodermanland(db):
    return County.objects.get(code="04")


def _record(actor, county, **changes):
    values = {"year": 2018, "municipality": municipality("0484"), "kommuntal": 0, "reason": "Trångboddhet"}
    values.update(changes)
    return record_adjustment(actor=actor, county=county, **values)


def test_the_county_board_records_an_adjustment_and_it_is_logged(lena, sodermanland):
    adjustment, outcome = _record(lena, sodermanland, reason="  Högt tidigare mottagande  ")
    assert outcome == "created"
    assert (adjustment.kommuntal, adjustment.reason, adjustment.created_by) == (
        0,
        "Högt tidigare mottagande",
        lena,
    )
    event = AuditEvent.objects.get(object_type="Adjustment")
    assert (
        event.action == AuditEvent.Action.CREATE and event.actor == lena and event.municipality_code == "0484"
    )
    assert event.changes["after"] == {"kommuntal": 0, "reason": "Högt tidigare mottagande"}


def test_recording_again_replaces_or_changes_nothing(lena, sodermanland):
    _record(lena, sodermanland)
    assert _record(lena, sodermanland)[1] == "unchanged"
    adjustment, outcome = _record(lena, sodermanland, kommuntal=5, reason="Nya bostäder")
    assert outcome == "updated" and Adjustment.objects.get().kommuntal == 5
    event = AuditEvent.objects.filter(object_type="Adjustment").latest("pk")
    assert event.action == AuditEvent.Action.UPDATE and event.changes["before"]["kommuntal"] == 0
    remove_adjustment(actor=lena, adjustment=adjustment)
    assert not Adjustment.objects.exists()
    assert AuditEvent.objects.filter(object_type="Adjustment", action=AuditEvent.Action.DELETE).exists()


def test_every_field_is_checked_with_a_swedish_message(lena, sodermanland):
    with pytest.raises(ValidationError) as error:
        _record(lena, sodermanland, year=2015, municipality=municipality("0381"), kommuntal=-1, reason=" ")
    messages = error.value.message_dict
    assert set(messages) == {"year", "municipality", "kommuntal", "reason"}
    assert messages["reason"] == ["Ange skälet till justeringen."]
    assert "ligger inte i" in messages["municipality"][0]
    with pytest.raises(ValidationError) as error:
        _record(lena, sodermanland, reason="x" * 501)
    assert error.value.message_dict["reason"] == ["Högst 500 tecken."]
    assert not Adjustment.objects.exists()


@pytest.mark.parametrize("user", ["alice", "bob", "stina", "charlie", "carol"])
def test_only_the_county_board_may_allocate(user, request, sodermanland):
    with pytest.raises(PermissionDenied):
        _record(request.getfixturevalue(user), sodermanland)
    assert not Adjustment.objects.exists()


def test_the_permission_is_one_function(lena, charlie, sodermanland):
    require_allocate(None, sodermanland)  # the command line
    require_allocate(lena, sodermanland)
    with pytest.raises(PermissionDenied):
        require_allocate(lena, County.objects.get(code="03"))
    with pytest.raises(PermissionDenied):
        require_allocate(charlie, sodermanland)
