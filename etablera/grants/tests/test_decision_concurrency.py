"""Two decisions at the same moment, by two real clients (threads with their own database connections, committed
data): the programme's row lock keeps two grants from passing the budget together, and the application's row lock
keeps one application from being decided twice. PostgreSQL only (etablera/testing/concurrency.py says why)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from etablera.access.policy import capabilities
from etablera.grants.models import Application
from etablera.grants.services import decisions
from etablera.testing.concurrency import CONCURRENT, at_once, while_locked
from etablera.transitions import StateConflict

pytestmark = CONCURRENT
Status = Application.Status


def _grant(actor, pk: int, amount: int, today):
    """One client's decision, on the application as that client reads it from the database."""
    return decisions.decide(
        actor,
        Application.objects.get(pk=pk),
        granted=True,
        amount_granted=amount,
        reasons="Uppfyller kriterierna.",
        report_deadline=today + dt.timedelta(days=60),
        base_url="https://etablera.example/",
    )


def _reject(actor, pk: int):
    return decisions.decide(actor, Application.objects.get(pk=pk), granted=False, reasons="Ryms inte.")


@pytest.fixture
def deciders(erik, carol):
    # Read once here, so that neither client's thread builds them while the other waits for a lock.
    for user in (erik, carol):
        capabilities(user)
    return erik, carol


def test_two_grants_that_together_pass_the_budget_one_is_refused(
    deciders, make_application, programme, today
):
    first = make_application(status=Status.UNDER_ASSESSMENT, amount=30000)
    second = make_application(status=Status.UNDER_ASSESSMENT, amount=30000)
    erik, carol = deciders
    results = at_once(
        lambda: _grant(erik, first.pk, 30000, today),
        lambda: _grant(carol, second.pk, 30000, today),
    )
    granted = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(granted) == 1 and len(refused) == 1, results
    assert refused[0].message_dict["amount_granted"] == [
        "Budgeten räcker inte: 20000 kr återstår av 50000 kr."
    ]
    assert decisions.granted_total(programme) == 30000
    statuses = sorted(Application.objects.filter(programme=programme).values_list("status", flat=True))
    assert statuses == [Status.GRANTED, Status.UNDER_ASSESSMENT]  # the refused one is still to be decided


def test_two_decisions_of_one_application_one_wins(deciders, make_application, programme, today):
    application = make_application(status=Status.UNDER_ASSESSMENT, amount=30000)
    erik, carol = deciders
    results = at_once(
        lambda: _grant(erik, application.pk, 20000, today),
        lambda: _reject(carol, application.pk),
    )
    won = [r for r in results if isinstance(r, Application)]
    lost = [r for r in results if isinstance(r, StateConflict)]
    assert len(won) == 1 and len(lost) == 1, results
    application.refresh_from_db()
    assert application.status == won[0].status and application.decided_by == won[0].decided_by
    state = "beviljad" if application.status == Status.GRANTED else "avslagen"
    assert lost[0].detail.startswith(f"Ansökan {application.reference} är {state} av ")
    assert lost[0].detail.endswith(" och kan inte beslutas nu.")
    assert lost[0].message_dict == {"status": [lost[0].detail]}


def test_a_decision_waits_for_the_programmes_lock_and_sees_the_grant_before_it(
    deciders, make_application, programme, today
):
    first = make_application(status=Status.UNDER_ASSESSMENT, amount=40000)
    second = make_application(status=Status.UNDER_ASSESSMENT, amount=20000)
    erik, carol = deciders
    done, refused, waited = while_locked(
        programme,
        lambda: _grant(erik, first.pk, 40000, today),
        lambda: _grant(carol, second.pk, 20000, today),
    )
    assert waited, "the second decision did not wait for the programme's row lock"
    assert isinstance(done, Application) and isinstance(refused, ValidationError), (done, refused)
    assert refused.message_dict["amount_granted"] == ["Budgeten räcker inte: 10000 kr återstår av 50000 kr."]
