"""Issue #9, finding 4 (races), one request after the other: a state change that someone has already made — on the
page or through the API — is refused with 409 in the API and a message on the page, and happens once.

The same changes at the same moment, from two threads with their own database connections, are in
etablera/tests/api/test_concurrent_transitions.py (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.housing import matching_services
from etablera.housing import services as housing_services
from etablera.housing.models import Contract, MatchProposal
from etablera.reception.models import Assignment, ReceptionCase, TaskEvent
from etablera.testing.api_client import ApiClient
from etablera.testing.factories import HousingUnitFactory

pytestmark = pytest.mark.django_db


def _page_says(client, response, text: str) -> str:
    """The page a refused form leads to (a redirect to the object's page, never a 500), which must say `text`."""
    assert response.status_code == 302, response.status_code
    page = client.get(response["Location"]).content.decode()
    assert text in page, text
    return page


def _refused(response, text: str) -> None:
    """A 409 in the API's error shape whose message says what happened."""
    assert response.status_code == 409, (response.status_code, response.content)
    assert text in response.json()["detail"], response.json()


# --- tasks ------------------------------------------------------------------------------------------------------


def test_a_task_done_on_the_page_is_refused_by_the_api(client, alice, carol, reception_task):
    client.force_login(alice)
    done = client.post(reverse("task_complete", args=[reception_task.pk]), {"klar-note": "Kontot öppnat"})
    assert done.status_code == 302

    again = ApiClient(carol).post(f"/tasks/{reception_task.pk}/complete", {"note": "Jag också"})
    _refused(again, "Uppgiften är redan klarmarkerad av Alice")

    reception_task.refresh_from_db()
    assert reception_task.completed_by == alice
    assert TaskEvent.objects.filter(task=reception_task, kind=TaskEvent.Kind.DONE).count() == 1


def test_a_task_done_through_the_api_is_refused_on_the_page(client, alice, carol, reception_task):
    assert ApiClient(alice).post(f"/tasks/{reception_task.pk}/complete", {}).status_code == 200

    client.force_login(carol)
    again = client.post(reverse("task_complete", args=[reception_task.pk]), {"klar-note": "Jag också"})
    _page_says(client, again, "Uppgiften är redan klarmarkerad av Alice")
    # Marking it not applicable is refused as well: it is no longer open.
    na = client.post(
        reverse("task_not_applicable", args=[reception_task.pk]), {"ejaktuell-reason": "Behövs ej"}
    )
    _page_says(client, na, "Uppgiften är redan klarmarkerad av Alice")

    reception_task.refresh_from_db()
    assert (reception_task.status, reception_task.completed_by) == ("DONE", alice)
    assert reception_task.not_applicable_reason == ""
    assert TaskEvent.objects.filter(task=reception_task, kind=TaskEvent.Kind.DONE).count() == 1
    assert not TaskEvent.objects.filter(task=reception_task, kind=TaskEvent.Kind.NOT_APPLICABLE).exists()


def test_not_applicable_twice_and_reopen_twice_are_refused(client, alice, carol, reception_task):
    client.force_login(alice)
    url = reverse("task_not_applicable", args=[reception_task.pk])
    assert client.post(url, {"ejaktuell-reason": "Har redan konto"}).status_code == 302
    api = ApiClient(carol)
    _refused(
        api.post(f"/tasks/{reception_task.pk}/not-applicable", {"reason": "Annat skäl"}),
        "Uppgiften är redan markerad ej aktuell av Alice",
    )
    _refused(api.post(f"/tasks/{reception_task.pk}/complete", {}), "redan markerad ej aktuell")
    reception_task.refresh_from_db()
    assert reception_task.not_applicable_reason == "Har redan konto"

    assert api.post(f"/tasks/{reception_task.pk}/reopen").status_code == 200
    again = client.post(reverse("task_reopen", args=[reception_task.pk]))
    _page_says(client, again, "Uppgiften är redan öppen")
    _refused(api.post(f"/tasks/{reception_task.pk}/reopen"), "Uppgiften är redan öppen")
    assert TaskEvent.objects.filter(task=reception_task, kind=TaskEvent.Kind.REOPENED).count() == 1
    assert TaskEvent.objects.filter(task=reception_task, kind=TaskEvent.Kind.NOT_APPLICABLE).count() == 1


# --- anvisningar ------------------------------------------------------------------------------------------------


def test_an_arrival_registered_twice_opens_one_reception_case(client, alice, carol, assignment, today):
    client.force_login(alice)
    url = reverse("assignment_receive", args=[assignment.pk])
    assert client.post(url, {"ankomst-arrival_date": today.isoformat()}).status_code == 302

    api = ApiClient(carol)
    again = api.post(f"/assignments/{assignment.pk}/arrival", {"arrival_date": today.isoformat()})
    _refused(again, "Anvisningen är redan mottagen")
    _refused(api.post(f"/assignments/{assignment.pk}/cancel", {"reason": "Fel"}), "redan mottagen")
    assert ReceptionCase.objects.filter(assignment=assignment).count() == 1
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RECEIVED


def test_a_cancelled_anvisning_cannot_be_cancelled_or_received_again(client, alice, carol, assignment, today):
    api = ApiClient(alice)
    assert api.post(f"/assignments/{assignment.pk}/cancel", {"reason": "Flyttat"}).status_code == 200

    client.force_login(carol)
    cancel = reverse("assignment_cancel", args=[assignment.pk])
    page = _page_says(
        client,
        client.post(cancel, {"avbryt-cancelled_date": today.isoformat(), "avbryt-reason": "Annat"}),
        "Anvisningen är redan avbruten",
    )
    assert "Annat" not in page
    receive = client.post(
        reverse("assignment_receive", args=[assignment.pk]), {"ankomst-arrival_date": today.isoformat()}
    )
    _page_says(client, receive, "Anvisningen är redan avbruten")
    assignment.refresh_from_db()
    assert (assignment.status, assignment.cancel_reason) == (Assignment.Status.CANCELLED, "Flyttat")
    assert not ReceptionCase.objects.filter(assignment=assignment).exists()


# --- housing contracts ------------------------------------------------------------------------------------------


@pytest.fixture
def draft(alice, family, flat, today):
    housing_services.set_housing_need(actor=alice, household=family)
    return housing_services.create_contract(
        actor=alice, household=family, unit=flat, kind="SECOND_HAND", start_date=today, payer="HOUSEHOLD"
    )


def test_a_contract_signed_twice_is_refused(client, hanna, alice, draft):
    client.force_login(hanna)
    assert client.post(reverse("housing_contract_sign", args=[draft.public_id])).status_code == 302
    _refused(
        ApiClient(alice).post(f"/housing/contracts/{draft.public_id}/sign"),
        "Kontraktet är redan undertecknat",
    )
    # and the other way round: a draft cancelled through the API cannot be signed on the page
    other = housing_services.create_contract(
        actor=alice,
        household=draft.household,
        unit=HousingUnitFactory(municipality=draft.unit.municipality, reference="NH-2002"),
        kind="SECOND_HAND",
        start_date=draft.start_date + dt.timedelta(days=400),
        payer="HOUSEHOLD",
    )
    cancelled = ApiClient(alice).post(f"/housing/contracts/{other.public_id}/cancel", {"note": "Tackade nej"})
    assert cancelled.status_code == 200
    sign = client.post(reverse("housing_contract_sign", args=[other.public_id]))
    _page_says(client, sign, "Utkastet är redan makulerat")
    assert Contract.objects.get(pk=other.pk).status == Contract.Status.CANCELLED


def test_a_contract_ended_or_cancelled_twice_is_refused(client, hanna, alice, draft, today):
    api = ApiClient(alice)
    client.force_login(hanna)
    cancel = reverse("housing_contract_cancel", args=[draft.public_id])
    assert client.post(cancel, {"makulera-end_note": "Tackade nej"}).status_code == 302
    _refused(api.post(f"/housing/contracts/{draft.public_id}/cancel", {"note": "Igen"}), "redan makulerat")
    assert Contract.objects.get(pk=draft.pk).end_note == "Tackade nej"

    signed = housing_services.create_contract(
        actor=alice,
        household=draft.household,
        unit=draft.unit,
        kind="SECOND_HAND",
        start_date=today,
        payer="HOUSEHOLD",
        sign=True,
    )
    ended = api.post(
        f"/housing/contracts/{signed.public_id}/end", {"end_date": today.isoformat(), "reason": "MOVED_AWAY"}
    )
    assert ended.status_code == 200, ended.content
    end = reverse("housing_contract_end", args=[signed.public_id])
    again = client.post(
        end, {"avsluta-end_date": today.isoformat(), "avsluta-end_reason": "OTHER", "avsluta-end_note": "x"}
    )
    _page_says(client, again, "Kontraktet är redan avslutat")
    signed.refresh_from_db()
    assert (signed.end_reason, signed.end_note) == ("MOVED_AWAY", "")


# --- matching proposals -----------------------------------------------------------------------------------------


@pytest.fixture
def proposal(alice, hanna, family, flat, nykoping):
    housing_services.set_housing_need(actor=alice, household=family)
    run = matching_services.run_matching(actor=hanna, municipality=nykoping)
    return run.proposals.get()


def test_a_proposal_accepted_twice_drafts_one_contract(client, hanna, alice, proposal):
    client.force_login(hanna)
    url = reverse("housing_proposal_accept", args=[proposal.pk])
    prefix = f"acceptera-{proposal.pk}"
    assert (
        client.post(url, {f"{prefix}-kind": "SECOND_HAND", f"{prefix}-payer": "HOUSEHOLD"}).status_code == 302
    )

    again = ApiClient(alice).post(
        f"/housing/matching/proposals/{proposal.pk}/accept", {"kind": "SECOND_HAND", "payer": "HOUSEHOLD"}
    )
    _refused(again, "Förslaget är redan accepterat av Hanna")
    _refused(
        ApiClient(alice).post(f"/housing/matching/proposals/{proposal.pk}/reject", {"reason": "Nej"}),
        "redan accepterat",
    )
    assert Contract.objects.filter(household=proposal.household).count() == 1
    assert MatchProposal.objects.get(pk=proposal.pk).status == MatchProposal.Status.ACCEPTED


def test_a_rejected_proposal_is_not_accepted_on_the_page(client, hanna, alice, proposal):
    rejected = ApiClient(alice).post(
        f"/housing/matching/proposals/{proposal.pk}/reject", {"reason": "För dyr"}
    )
    assert rejected.status_code == 200, rejected.content

    client.force_login(hanna)
    prefix = f"acceptera-{proposal.pk}"
    accept = client.post(
        reverse("housing_proposal_accept", args=[proposal.pk]),
        {f"{prefix}-kind": "SECOND_HAND", f"{prefix}-payer": "HOUSEHOLD"},
    )
    _page_says(client, accept, "Förslaget är redan avböjt av Alice")
    reject = client.post(
        reverse("housing_proposal_reject", args=[proposal.pk]),
        {f"avboj-{proposal.pk}-reject_reason": "Annat"},
    )
    _page_says(client, reject, "Förslaget är redan avböjt av Alice")
    assert not Contract.objects.filter(household=proposal.household).exists()
    assert MatchProposal.objects.get(pk=proposal.pk).reject_reason == "För dyr"


# --- consent ----------------------------------------------------------------------------------------------------


def test_a_consent_withdrawn_twice_is_refused(client, alice, carol, sfi_consent, today):
    client.force_login(alice)
    url = reverse("consent_withdraw", args=[sfi_consent.person.public_id, sfi_consent.public_id])
    prefix = f"aterkalla-{sfi_consent.public_id.hex[:12]}"
    assert client.post(url, {f"{prefix}-note": "Ringde"}).status_code == 302

    again = ApiClient(carol).post(f"/consents/{sfi_consent.public_id}/withdraw", {"note": "Brev"})
    _refused(again, f"Samtycket är redan återkallat från och med {today.isoformat()}")
    sfi_consent.refresh_from_db()
    assert sfi_consent.withdrawn_note == "Ringde"


def test_a_consent_withdrawn_through_the_api_is_refused_on_the_page(client, alice, carol, sfi_consent, today):
    assert (
        ApiClient(carol).post(f"/consents/{sfi_consent.public_id}/withdraw", {"note": "Brev"}).status_code
        == 200
    )
    client.force_login(alice)
    url = reverse("consent_withdraw", args=[sfi_consent.person.public_id, sfi_consent.public_id])
    prefix = f"aterkalla-{sfi_consent.public_id.hex[:12]}"
    _page_says(client, client.post(url, {f"{prefix}-note": "Ringde"}), "Samtycket är redan återkallat")
    sfi_consent.refresh_from_db()
    assert sfi_consent.withdrawn_note == "Brev"
