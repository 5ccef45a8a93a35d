import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from etablera.reception import services
from etablera.reception.models import Assignment, MunicipalQuota


def test_a_quota_is_created_updated_and_left_unchanged(alice, nykoping):
    quota, outcome = services.set_quota(
        actor=alice, municipality=nykoping, year=2026, quota=60, months={1: 5, 2: 5}
    )
    assert outcome == "created" and quota.months.count() == 2
    assert (
        services.set_quota(actor=alice, municipality=nykoping, year=2026, quota=60, months={1: 5, 2: 5})[1]
        == "unchanged"
    )
    assert services.set_quota(actor=alice, municipality=nykoping, year=2026, quota=65)[1] == "updated"
    assert MunicipalQuota.objects.get().quota == 65


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"quota": -1}, "quota", "negativt"),
        ({"quota": 10, "months": {1: 8, 2: 8}}, "months", "större än kommuntalet"),
        ({"quota": 10, "months": {13: 1}}, "months", "1–12"),
        ({"quota": 10, "year": 2015}, "year", "2016"),
    ],
)
def test_bad_quotas_are_refused_in_swedish(alice, nykoping, kwargs, field, message):
    kwargs = {"year": 2026, **kwargs}
    with pytest.raises(ValidationError) as error:
        services.set_quota(actor=alice, municipality=nykoping, **kwargs)
    assert message in error.value.message_dict[field][0]
    assert not MunicipalQuota.objects.exists()


def test_an_assignment_reference_is_unique(alice, nykoping, today):
    kwargs = {
        "actor": alice,
        "municipality": nykoping,
        "reference": "MIG-1",
        "category": "ASSIGNED_FROM_FACILITY",
        "decision_date": today,
        "person_count": 2,
    }
    services.create_assignment(**kwargs)
    with pytest.raises(ValidationError) as error:
        services.create_assignment(**kwargs)
    assert "redan en anvisning" in error.value.message_dict["reference"][0]


def test_a_decision_in_the_future_is_refused(alice, nykoping, today):
    with pytest.raises(ValidationError) as error:
        services.create_assignment(
            actor=alice,
            municipality=nykoping,
            reference="MIG-2",
            category="ASSIGNED_FROM_FACILITY",
            decision_date=today + dt.timedelta(days=1),
            person_count=1,
        )
    assert "framtiden" in error.value.message_dict["decision_date"][0]


def test_a_resettled_family_may_have_a_later_latest_reception_date(alice, nykoping, today):
    decision = today - dt.timedelta(days=5)
    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-KVOT-1",
        category="RESETTLED",
        decision_date=decision,
        latest_reception_date=decision + dt.timedelta(days=120),
        person_count=5,
    )
    assert assignment.latest_reception_date == decision + dt.timedelta(days=120)
    assert assignment.latest_reception_deadline.rule == "reception.latest_reception_date.stated"


def test_cancelling_needs_a_reason_and_only_an_unreceived_assignment(alice, nykoping, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-3",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=3),
        person_count=1,
    )
    with pytest.raises(ValidationError) as error:
        services.cancel_assignment(actor=alice, assignment=assignment, cancelled_date=today, reason="")
    assert "reason" in error.value.message_dict
    services.cancel_assignment(
        actor=alice, assignment=assignment, cancelled_date=today, reason="Flyttat till annan kommun"
    )
    assert Assignment.objects.get().status == Assignment.Status.CANCELLED
