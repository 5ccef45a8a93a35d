"""The activities catalogue's services: each value checked with its Swedish message, who may write, deactivation
refused twice, and every write in the audit log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.activity.services import catalogue
from etablera.activity.tests.bank_fixtures import *  # noqa: F403
from etablera.organisation.models import Unit
from etablera.transitions import StateConflict


def _values(today, **overrides):
    values = {
        "name": "Arbetsträning i parken",
        "kind": "WORK_TRAINING",
        "place": "Stadsparken",
        "schedule": "Mån–fre 8–12",
        "hours_per_week": Decimal("20"),
        "places": 5,
        "starts_on": today,
    }
    values.update(overrides)
    return values


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_it_creates_an_activity_owned_by_the_actors_unit(alice, nykoping, units, today):
    activity = catalogue.create_activity(
        actor=alice, municipality=nykoping, languages="AR, so", postcode="611 30", **_values(today)
    )
    assert activity.unit == units[Unit.Function.RECEPTION]
    assert activity.languages == ["ar", "so"] and activity.postcode == "61130"
    assert AuditEvent.objects.filter(
        object_id=str(activity.public_id), summary__contains="Aktivitet"
    ).exists()


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        ({"hours_per_week": Decimal("41")}, "hours_per_week", "högst 40"),
        ({"hours_per_week": Decimal("0")}, "hours_per_week", "mer än 0"),
        ({"hours_per_week": "mycket"}, "hours_per_week", "som ett tal"),
        ({"places": 0}, "places", "större än 0"),
        ({"postcode": "6113"}, "postcode", "fem siffror"),
        ({"languages": ["arabiska"]}, "languages", "Okänd språkkod: arabiska"),
        ({"name": ""}, "name", "Ange aktivitetens namn."),
        ({"kind": "PARTY"}, "kind", "Välj slag"),
        ({"name": "x" * 201}, "name", "Högst 200 tecken."),
        ({"ends_on": dt.date(2000, 1, 1)}, "ends_on", "före startdatumet"),
    ],
)
def test_each_value_is_checked_at_its_field(alice, nykoping, today, override, field, message):
    errors = _errors(
        lambda: catalogue.create_activity(actor=alice, municipality=nykoping, **_values(today, **override))
    )
    assert message in " ".join(errors[field])


def test_an_administrator_may_name_any_unit_others_only_their_own(alice, carol, nykoping, units, today):
    sfi = units[Unit.Function.SFI]
    errors = _errors(
        lambda: catalogue.create_activity(actor=alice, municipality=nykoping, unit=sfi, **_values(today))
    )
    assert errors["unit"] == ["Välj en av dina egna enheter."]
    activity = catalogue.create_activity(actor=carol, municipality=nykoping, unit=sfi, **_values(today))
    assert activity.unit == sfi


def test_charlie_may_not_add_to_nykopings_catalogue(charlie, nykoping, today):
    with pytest.raises(PermissionDenied):
        catalogue.create_activity(actor=charlie, municipality=nykoping, **_values(today))


def test_the_owning_unit_updates_others_may_not(activity, alice, bob):
    catalogue.update_activity(actor=alice, activity=activity, places=12, languages=["ti"])
    activity.refresh_from_db()
    assert (activity.places, activity.languages) == (12, ["ti"])
    event = AuditEvent.objects.get(summary="Aktiviteten ändrad")
    assert event.changes["places"] == {"before": 2, "after": 12}
    with pytest.raises(PermissionDenied):
        catalogue.update_activity(actor=bob, activity=activity, places=3)


def test_deactivation_happens_once(activity, alice):
    catalogue.deactivate_activity(actor=alice, activity=activity)
    assert not activity.active
    with pytest.raises(StateConflict, match="redan inaktiverad"):
        catalogue.deactivate_activity(actor=alice, activity=activity)
    with pytest.raises(StateConflict, match="inte längre aktiv"):
        catalogue.update_activity(actor=alice, activity=activity, places=4)
