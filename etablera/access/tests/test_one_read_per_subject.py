"""One page view writes one audit event per subject read (issue #11), and the log stays complete: per page, the
exact events per person and household; a read repeated in one request written once; a list still one row per
subject listed; the access history and the log review still show the reads."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter

import pytest
from django.urls import reverse

from etablera.access.audit import log_list, log_read, log_reads, reads_once
from etablera.access.models import AuditEvent
from etablera.housing import services as housing_services
from etablera.housing.models import Contract, HousingUnit
from etablera.testing.factories import AssignmentFactory, HousingUnitFactory
from etablera.testing.page_fixtures import *  # noqa: F403 (the page fixtures: a received family with tasks)

pytestmark = pytest.mark.django_db


def _subject(event: AuditEvent) -> str:
    """The person or household an event is about (a task's or an anvisning's event is about its household)."""
    return str(event.person_public_id or event.household_public_id)


def _events_of(client, url) -> list[AuditEvent]:
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert client.get(url).status_code == 200
    return list(AuditEvent.objects.filter(pk__gt=before, action__in=["VIEW", "LIST"]))


# --- the mechanism ----------------------------------------------------------------------------------------------


def test_a_read_repeated_in_one_request_is_written_once(alice, family):
    person = family.members.first()
    with reads_once():
        log_read(alice, person, "Persondetaljer")
        with django_assert_num_queries_zero():
            log_read(alice, person, "Persondetaljer")
            log_reads(alice, [person], "Persondetaljer")
            log_list(alice, [], "Lista")
        log_read(alice, person, "Visade fullständigt identitetsnummer")  # another thing shown: written
        log_list(alice, [family, family], "Lista")  # listed twice on one page: one row
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "summary")) == [
        ("VIEW", "Persondetaljer"),
        ("VIEW", "Visade fullständigt identitetsnummer"),
        ("LIST", "Lista"),
    ]
    # Outside a request (the command line, a selector called from a test) every call writes, as before.
    log_read(alice, person, "Persondetaljer")
    assert AuditEvent.objects.filter(summary="Persondetaljer").count() == 2


class django_assert_num_queries_zero:  # noqa: N801 — reads like the fixture it stands beside
    """No query at all inside the block (a skipped read writes nothing)."""

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._capture = CaptureQueriesContext(connection)
        self._capture.__enter__()
        return self

    def __exit__(self, *exc):
        self._capture.__exit__(*exc)
        assert len(self._capture.captured_queries) == 0, self._capture.captured_queries


def test_another_request_writes_its_reads_again(client, alice, received):
    client.force_login(alice)
    url = reverse("household_detail", args=[received.household.public_id])
    first, second = _events_of(client, url), _events_of(client, url)
    assert len(first) == len(second) == 1 + received.household.memberships.count()


# --- per page ---------------------------------------------------------------------------------------------------


@pytest.fixture
def housed(hanna, received, nykoping, today):
    """The received family lives in a hotel room, in the queue; its contract ends within the month."""
    household = received.household
    housing_services.set_housing_need(actor=hanna, household=household)
    unit = HousingUnitFactory(municipality=nykoping, kind=HousingUnit.Kind.HOTEL, reference="HOT-READ")
    return housing_services.create_contract(
        actor=hanna,
        household=household,
        unit=unit,
        kind=Contract.Kind.PER_NIGHT,
        start_date=today - dt.timedelta(days=20),
        end_date=today + dt.timedelta(days=20),
        payer=Contract.Payer.MUNICIPALITY,
        sign=True,
    )


def test_each_page_writes_one_event_per_subject_read(client, alice, hanna, received, reception_task, housed):
    household = received.household
    members = {str(p) for p in household.memberships.values_list("person__public_id", flat=True)}
    person = household.members.order_by("birth_date").first()
    # A second anvisning for the same household: the list shows the household twice, the log names it once.
    AssignmentFactory(household=household, municipality=household.municipality, reference="MIG-READ-2")
    whole = {str(household.public_id)}
    pages = [
        # (user, url, the subjects read: each exactly once)
        (alice, reverse("household_detail", args=[household.public_id]), whole | members),
        (alice, reverse("person_detail", args=[person.public_id]), {str(person.public_id)}),
        (alice, reverse("task_detail", args=[reception_task.pk]), whole),
        (alice, reverse("unit_tasks"), whole),
        (alice, reverse("assignment_list"), whole),
        (alice, reverse("assignment_detail", args=[received.assignment_id]), whole),
        (hanna, reverse("housing_queue"), whole),
        (hanna, reverse("housing_contracts_ending"), whole),
        (hanna, reverse("housing_temporary"), whole),
        (hanna, reverse("housing_contract_detail", args=[housed.public_id]), whole),
        (hanna, reverse("household_housing_need", args=[household.public_id]), whole),
    ]
    for user, url, subjects in pages:
        client.force_login(user)
        events = _events_of(client, url)
        per_subject = Counter(_subject(e) for e in events)
        assert per_subject == dict.fromkeys(subjects, 1), url
        assert all(e.summary for e in events), url  # the log says what the page showed


# --- the log stays complete -------------------------------------------------------------------------------------


def test_the_access_history_and_the_log_review_still_show_the_reads(client, alice, maja, received):
    household = received.household
    person = household.members.order_by("birth_date").first()
    client.force_login(alice)
    client.get(reverse("household_detail", args=[household.public_id]))
    client.get(reverse("person_detail", args=[person.public_id]))
    client.force_login(maja)
    history = client.get(reverse("access_history", args=[person.public_id])).content.decode()
    # The household page read the person and the household; the person page read the person.
    assert history.count("Läste dina personuppgifter") == 2
    assert history.count("Läste uppgifter om ditt hushåll") == 1
    review = client.get(reverse("access_log"), {"person": str(person.public_id), "format": "csv"})
    viewed = str(AuditEvent.Action.VIEW.label)
    rows = [
        r for r in csv.reader(io.StringIO(review.content.decode("utf-8-sig"))) if "alice" in r and viewed in r
    ]
    assert sum(str(person.public_id) in r for r in rows) == 2
    assert sum(str(household.public_id) in r for r in rows) == 1
