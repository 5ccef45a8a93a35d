"""Support months (activity.services.support): recorded, replaced, idempotent, deleted; each message; who may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.activity.models import SupportMonth
from etablera.activity.services import support as services
from etablera.activity.tests.requirement_fixtures import *  # noqa: F403
from etablera.rules.dates import add_months
from etablera.testing.factories import HouseholdFactory


def test_it_records_a_month_as_its_first_day_and_logs_it(sigrid, household, adults, this_month):
    month, outcome = services.record_support_month(
        actor=sigrid, household=household, month=this_month.replace(day=17), amount=11500, persons=adults
    )
    assert outcome == "created"
    assert month.month == this_month and month.amount == 11500
    assert month.municipality_id == household.municipality_id
    assert set(month.persons.all()) == set(adults)
    event = AuditEvent.objects.get(actor=sigrid, action=AuditEvent.Action.CREATE)
    assert event.summary == f"Försörjningsstöd {this_month:%Y-%m} registrerat"
    assert event.changes["amount"] == 11500


def test_the_same_month_again_is_unchanged_and_other_values_replace_it(sigrid, household, adults, this_month):
    services.record_support_month(
        actor=sigrid, household=household, month=this_month, amount=100, persons=adults
    )
    again, outcome = services.record_support_month(
        actor=sigrid, household=household, month=this_month, amount=100, persons=adults
    )
    assert outcome == "unchanged"
    assert AuditEvent.objects.filter(actor=sigrid, action=AuditEvent.Action.UPDATE).count() == 0
    changed, outcome = services.record_support_month(
        actor=sigrid, household=household, month=this_month, amount=200, persons=adults[:1]
    )
    assert outcome == "updated" and changed.pk == again.pk
    assert changed.amount == 200 and list(changed.persons.all()) == adults[:1]
    assert SupportMonth.objects.filter(household=household).count() == 1
    event = AuditEvent.objects.get(actor=sigrid, action=AuditEvent.Action.UPDATE)
    assert event.changes["amount"] == {"before": 100, "after": 200}


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"month": None}, "month", "Ange månaden."),
        ({"month": "far"}, "month", "Försörjningsstöd kan registreras högst en månad framåt."),
        ({"month": dt.date(1999, 12, 1)}, "month", "Ange en månad från år 2000 och framåt."),
        ({"amount": None}, "amount", "Ange beloppet i hela kronor."),
        ({"amount": 0}, "amount", "Ange ett belopp från 1 till 1 000 000 kronor."),
        ({"amount": 1_000_001}, "amount", "Ange ett belopp från 1 till 1 000 000 kronor."),
        ({"persons": []}, "persons", "Välj minst en person som stödet omfattar."),
        ({"persons": "stranger"}, "persons", "Alla personer som stödet omfattar ska höra till hushållet."),
    ],
)
def test_it_refuses_with_a_message_at_the_field(
    sigrid, household, adults, this_month, nykoping, values, field, message
):
    given = {"month": this_month, "amount": 1000, "persons": adults, **values}
    if given["month"] == "far":
        given["month"] = add_months(this_month, 2)
    if given["persons"] == "stranger":
        other = HouseholdFactory.with_members([30], municipality=nykoping, name="Annat hushåll")
        given["persons"] = [*adults, other.members.first()]
    with pytest.raises(ValidationError) as caught:
        services.record_support_month(actor=sigrid, household=household, **given)
    assert caught.value.message_dict[field] == [message]
    assert not SupportMonth.objects.exists()


def test_next_month_decided_ahead_may_be_recorded(sigrid, household, adults, this_month):
    month, _ = services.record_support_month(
        actor=sigrid, household=household, month=add_months(this_month, 1), amount=1, persons=adults
    )
    assert month.month == add_months(this_month, 1)


def test_only_social_services_of_the_municipality_record_it(
    alice, bob, charlie, enkoping_social, household, adults, this_month
):
    for user in (alice, bob, charlie, enkoping_social):
        with pytest.raises(PermissionDenied):
            services.record_support_month(
                actor=user, household=household, month=this_month, amount=1, persons=adults
            )
    assert not SupportMonth.objects.exists()


def test_a_wrongly_entered_month_is_deleted_and_logged(sigrid, alice, support, household):
    wrong = support[-1]
    with pytest.raises(PermissionDenied):
        services.delete_support_month(actor=alice, support=wrong)
    services.delete_support_month(actor=sigrid, support=wrong)
    assert not SupportMonth.objects.filter(pk=wrong.pk).exists()
    event = AuditEvent.objects.get(actor=sigrid, action=AuditEvent.Action.DELETE)
    assert event.summary == f"Försörjningsstöd {wrong.month:%Y-%m} borttaget"
    assert event.household_public_id == household.public_id
