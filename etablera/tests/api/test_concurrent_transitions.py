"""Issue #9, finding 4 (races), at the same moment: two real clients — a page and the API, or two API clients —
each in its own thread with its own database connection, make the same state change together. Exactly one succeeds,
the other is refused (409, or the page's message) and the history holds the change once.

`at_once` releases the two together with a barrier; `while_locked` proves the lock itself: the second client is
seen waiting for the row lock (in PostgreSQL's pg_stat_activity) while the first holds it, and then sees what the
first did. The same changes one after the other are in etablera/tests/pages/test_state_conflicts.py.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from etablera.access import services as access_services
from etablera.access.models import AuditEvent, Consent
from etablera.housing import matching_services
from etablera.housing import services as housing_services
from etablera.housing.models import Contract, MatchProposal
from etablera.organisation.models import Unit
from etablera.reception import services
from etablera.reception.models import Assignment, ReceptionCase, Task, TaskEvent
from etablera.testing.api_client import ApiClient
from etablera.testing.concurrency import CONCURRENT, at_once, while_locked

pytestmark = CONCURRENT


def _answer(result):
    """A client's response; an exception in its thread fails the test with that exception."""
    if isinstance(result, BaseException):
        raise result
    return result


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _detail(response) -> str:
    assert response.status_code == 409, (response.status_code, response.content)
    return response.json()["detail"]


@pytest.fixture
def task(received, units):
    return Task.objects.filter(case=received, unit=units[Unit.Function.RECEPTION]).order_by("pk").first()


# --- tasks ------------------------------------------------------------------------------------------------------


def test_a_task_completed_on_the_page_and_through_the_api_at_once_is_completed_once(alice, carol, task):
    page, api = _page(alice), ApiClient(carol)
    on_page, through_api = at_once(
        lambda: page.post(reverse("task_complete", args=[task.pk]), {"klar-note": "Från sidan"}, follow=True),
        lambda: api.post(f"/tasks/{task.pk}/complete", {"note": "Från API:t"}),
    )
    text = _answer(on_page).content.decode()
    page_won = "Uppgiften är markerad som klar." in text
    api_won = _answer(through_api).status_code == 200
    assert page_won != api_won, (text, through_api.content)  # exactly one of the two
    task.refresh_from_db()
    if page_won:
        assert "Uppgiften är redan klarmarkerad av Alice" in _detail(through_api)
        assert task.completed_by == alice
    else:
        assert "Uppgiften är redan klarmarkerad av Carol" in text
        assert task.completed_by == carol
    assert TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.DONE).count() == 1


def test_the_second_waits_for_the_first_s_lock_and_sees_the_task_done(alice, carol, task):
    api = ApiClient(carol)
    first, second, waited = while_locked(
        task,
        lambda: services.complete_task(actor=alice, task=Task.objects.get(pk=task.pk), note="Först"),
        lambda: api.post(f"/tasks/{task.pk}/complete", {"note": "Sedan"}),
    )
    assert waited, "the API's request did not wait for the lock on the task"
    assert _answer(first).status == Task.Status.DONE
    assert "Uppgiften är redan klarmarkerad av Alice" in _detail(_answer(second))
    task.refresh_from_db()
    assert task.completed_by == alice
    assert list(
        TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.DONE).values_list("text", flat=True)
    ) == [f"{task.title}: klar – Först"]


def test_not_applicable_and_done_at_once_leave_one_decision(alice, carol, task):
    first, second = at_once(
        lambda: ApiClient(alice).post(f"/tasks/{task.pk}/not-applicable", {"reason": "Behövs inte"}),
        lambda: ApiClient(carol).post(f"/tasks/{task.pk}/complete", {}),
    )
    codes = sorted([_answer(first).status_code, _answer(second).status_code])
    assert codes == [200, 409], codes
    task.refresh_from_db()
    decided = TaskEvent.objects.filter(
        task=task, kind__in=[TaskEvent.Kind.DONE, TaskEvent.Kind.NOT_APPLICABLE]
    )
    assert decided.count() == 1
    assert (task.status == Task.Status.NOT_APPLICABLE) == (task.not_applicable_reason == "Behövs inte")


# --- anvisningar ------------------------------------------------------------------------------------------------


def test_an_anvisning_cancelled_while_its_arrival_is_registered_stays_received(
    alice, carol, assignment, today
):
    api = ApiClient(carol)
    first, second, waited = while_locked(
        assignment,
        lambda: services.receive_household(
            actor=alice, assignment=Assignment.objects.get(pk=assignment.pk), arrival_date=today
        ),
        lambda: api.post(f"/assignments/{assignment.pk}/cancel", {"reason": "Tackade nej"}),
    )
    assert waited
    assert isinstance(_answer(first), ReceptionCase)
    assert "Anvisningen är redan mottagen (avräknad)." in _detail(_answer(second))
    assignment.refresh_from_db()
    assert (assignment.status, assignment.cancel_reason) == (Assignment.Status.RECEIVED, "")


def test_an_arrival_registered_twice_at_once_opens_one_reception_case(alice, carol, assignment, today):
    body = {"arrival_date": today.isoformat()}
    first, second = at_once(
        lambda: ApiClient(alice).post(f"/assignments/{assignment.pk}/arrival", body),
        lambda: _page(carol).post(
            reverse("assignment_receive", args=[assignment.pk]),
            {"ankomst-arrival_date": today.isoformat()},
            follow=True,
        ),
    )
    api_won = _answer(first).status_code == 201
    page_text = _answer(second).content.decode()
    assert api_won != ("Ankomsten är registrerad" in page_text)
    if api_won:
        assert "Anvisningen är redan mottagen" in page_text
    else:
        assert "Anvisningen är redan mottagen" in _detail(first)
    assert ReceptionCase.objects.filter(assignment=assignment).count() == 1
    tasks = Task.objects.filter(household=assignment.household)
    assert tasks.count() == tasks.values("title", "person").distinct().count()  # no task twice


# --- housing contracts ------------------------------------------------------------------------------------------


@pytest.fixture
def draft(alice, family, flat, today):
    housing_services.set_housing_need(actor=alice, household=family)
    return housing_services.create_contract(
        actor=alice, household=family, unit=flat, kind="SECOND_HAND", start_date=today, payer="HOUSEHOLD"
    )


def test_a_draft_cancelled_while_it_is_signed_stays_signed(hanna, alice, draft):
    api = ApiClient(alice)
    first, second, waited = while_locked(
        draft,
        lambda: housing_services.sign_contract(actor=hanna, contract=Contract.objects.get(pk=draft.pk)),
        lambda: api.post(f"/housing/contracts/{draft.public_id}/cancel", {"note": "Tackade nej"}),
    )
    assert waited
    assert _answer(first).status == Contract.Status.ACTIVE
    assert _detail(_answer(second)) == "Kontraktet är redan undertecknat. Bara ett utkast kan makuleras."
    draft.refresh_from_db()
    assert (draft.status, draft.end_note) == (Contract.Status.ACTIVE, "")


def test_a_contract_signed_on_the_page_and_through_the_api_at_once_is_signed_once(hanna, alice, draft):
    on_page, through_api = at_once(
        lambda: _page(hanna).post(reverse("housing_contract_sign", args=[draft.public_id]), follow=True),
        lambda: ApiClient(alice).post(f"/housing/contracts/{draft.public_id}/sign"),
    )
    text = _answer(on_page).content.decode()
    api_won = _answer(through_api).status_code == 200
    assert api_won != ("Kontraktet är registrerat som undertecknat." in text)
    if api_won:
        assert "Kontraktet är redan undertecknat." in text
    else:
        assert "Kontraktet är redan undertecknat." in _detail(through_api)
    assert AuditEvent.objects.filter(summary="Kontrakt undertecknat").count() == 1


# --- matching proposals -----------------------------------------------------------------------------------------


@pytest.fixture
def proposal(alice, hanna, family, flat, nykoping):
    housing_services.set_housing_need(actor=alice, household=family)
    return matching_services.run_matching(actor=hanna, municipality=nykoping).proposals.get()


def test_a_proposal_accepted_and_rejected_at_once_is_decided_once(hanna, alice, proposal):
    url = f"/housing/matching/proposals/{proposal.pk}"
    accept, reject = at_once(
        lambda: ApiClient(hanna).post(f"{url}/accept", {"kind": "SECOND_HAND", "payer": "HOUSEHOLD"}),
        lambda: ApiClient(alice).post(f"{url}/reject", {"reason": "För dyr"}),
    )
    accepted = _answer(accept).status_code == 201
    assert accepted != (_answer(reject).status_code == 200)
    proposal.refresh_from_db()
    if accepted:
        assert "Förslaget är redan accepterat av Hanna" in _detail(reject)
        assert (proposal.status, proposal.reject_reason) == (MatchProposal.Status.ACCEPTED, "")
        assert Contract.objects.filter(household=proposal.household).count() == 1
    else:
        assert "Förslaget är redan avböjt av Alice" in _detail(accept)
        assert proposal.status == MatchProposal.Status.REJECTED
        assert not Contract.objects.filter(household=proposal.household).exists()


# --- consent ----------------------------------------------------------------------------------------------------


def test_a_consent_withdrawn_while_another_withdraws_it_is_withdrawn_once(alice, carol, sfi_consent, today):
    api = ApiClient(carol)
    first, second, waited = while_locked(
        sfi_consent,
        lambda: access_services.withdraw_consent(
            actor=alice, consent=Consent.objects.get(pk=sfi_consent.pk), note="Ringde"
        ),
        lambda: api.post(f"/consents/{sfi_consent.public_id}/withdraw", {"note": "Brev"}),
    )
    assert waited
    assert _answer(first).withdrawn_date == today
    assert _detail(_answer(second)) == f"Samtycket är redan återkallat från och med {today.isoformat()}."
    sfi_consent.refresh_from_db()
    assert sfi_consent.withdrawn_note == "Ringde"
