"""Assessment, decision, payment and report back: the budget is not passed, only the unit manager (or an
administrator) decides, a change from the wrong state is refused with a Swedish message, and the reminder before
the deadline is sent once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from etablera.access.models import AuditEvent
from etablera.grants.models import Application
from etablera.grants.services import decisions
from etablera.grants.services.reminders import send_reminders
from etablera.grants.tests.conftest import link_in
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db
Status = Application.Status


def _grant(erik, application, amount, today):
    return decisions.decide(
        erik,
        application,
        granted=True,
        amount_granted=amount,
        reasons="Uppfyller kriterierna.",
        report_deadline=today + dt.timedelta(days=60),
        base_url="https://etablera.example/",
    )


def test_it_assesses_decides_and_mails_the_report_link(alice, erik, make_application, today):
    application = make_application()
    decisions.assess(alice, application, assessment="Bra förankrad plan.")
    assert application.status == Status.UNDER_ASSESSMENT and application.assessed_by == alice
    _grant(erik, application, 8000, today)
    application.refresh_from_db()
    assert application.status == Status.GRANTED and application.amount_granted == 8000
    assert application.decided_by == erik
    assert len(mail.outbox) == 1 and "8000 kr" in mail.outbox[0].body
    assert link_in(mail.outbox[0].body, "aterrapport")
    assert AuditEvent.objects.filter(
        object_id=str(application.public_id), summary__startswith="Beslut"
    ).exists()


def test_the_caseworker_may_not_decide(alice, make_application, today):
    application = make_application(status=Status.UNDER_ASSESSMENT)
    with pytest.raises(PermissionDenied):
        _grant(alice, application, 1000, today)
    application.refresh_from_db()
    assert application.status == Status.UNDER_ASSESSMENT


def test_the_budget_is_not_passed(erik, make_application, programme, today):
    first = make_application(status=Status.UNDER_ASSESSMENT, amount=40000)
    second = make_application(status=Status.UNDER_ASSESSMENT, amount=20000)
    _grant(erik, first, 40000, today)
    with pytest.raises(ValidationError) as error:
        _grant(erik, second, 15000, today)
    assert (
        "Budgeten räcker inte: 10000 kr återstår av 50000 kr." in error.value.message_dict["amount_granted"]
    )
    _grant(erik, second, 10000, today)
    assert decisions.granted_total(programme) == 50000


def test_not_more_than_applied(erik, make_application, today):
    application = make_application(status=Status.UNDER_ASSESSMENT, amount=3000)
    with pytest.raises(ValidationError) as error:
        _grant(erik, application, 3001, today)
    assert "mer än det sökta, 3000 kr" in error.value.message_dict["amount_granted"][0]


def test_the_wrong_state_is_refused_with_a_message(erik, make_application, today):
    application = make_application(status=Status.UNDER_ASSESSMENT)
    _grant(erik, application, 1000, today)
    stale = Application.objects.get(pk=application.pk)
    stale.status = Status.UNDER_ASSESSMENT  # what a second page still shows
    with pytest.raises(StateConflict) as conflict:
        _grant(erik, stale, 1000, today)
    assert "är beviljad" in conflict.value.detail and "kan inte beslutas nu" in conflict.value.detail


def test_an_unconfirmed_application_is_not_assessed(alice, make_application):
    application = make_application(confirmed_at=None)
    with pytest.raises(StateConflict, match="inte bekräftad"):
        decisions.assess(alice, application, assessment="x")


def test_payment_and_report_follow_the_grant(alice, erik, make_application, today):
    application = make_application(status=Status.UNDER_ASSESSMENT)
    with pytest.raises(StateConflict):
        decisions.pay(alice, application, paid_on=today, amount=100)
    _grant(erik, application, 5000, today)
    with pytest.raises(ValidationError) as error:
        decisions.pay(alice, application, paid_on=today, amount=6000)
    assert "5000 kr" in error.value.message_dict["amount"][0]
    decisions.pay(alice, application, paid_on=today, amount=5000, reference="LEV-77")
    decisions.register_report(
        alice, application, {"report_text": "Gjort.", "report_money_used": 4800, "participants": {}}
    )
    application.refresh_from_db()
    assert application.status == Status.REPORTED and application.report_received_by == alice
    with pytest.raises(StateConflict, match="redan kommit in"):
        decisions.register_report(alice, application, {"report_text": "Igen.", "report_money_used": 1})


def test_the_reminder_is_sent_once_before_the_deadline(make_application, today):
    soon = make_application(
        status=Status.PAID, amount_granted=1000, report_deadline=today + dt.timedelta(days=10)
    )
    make_application(status=Status.PAID, amount_granted=1000, report_deadline=today + dt.timedelta(days=40))
    make_application(
        status=Status.REPORTED, amount_granted=1000, report_deadline=today + dt.timedelta(days=5)
    )
    assert send_reminders(today) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kim@example.se"]
    assert soon.reference in mail.outbox[0].subject
    assert link_in(mail.outbox[0].body, "aterrapport")
    soon.refresh_from_db()
    assert soon.reminded_at is not None
    assert send_reminders(today) == 0 and len(mail.outbox) == 1
    call_command("grants", "remind")
    assert len(mail.outbox) == 1
