"""Who read it (issue #9, finding 8): the access log names the reader as the account was named at the time of the
event. Renaming an account afterwards must not rewrite the person's access history, the register extract, the log
review, its export or the API; rows written before the name was kept fall back to the current name."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from etablera.access import extract, review
from etablera.access.audit import log_changes, log_list, log_read
from etablera.access.models import AuditEvent
from etablera.organisation.models import User
from etablera.testing.api_client import ApiClient

THEN, NOW = ("Alice", "Andersson"), ("Alva", "Bergström")


@pytest.fixture
def member(family):
    return family.members.order_by("birth_date").first()


@pytest.fixture
def renamed(alice, member):
    """Alice reads the person, then her account is renamed."""
    User.objects.filter(pk=alice.pk).update(first_name=THEN[0], last_name=THEN[1])
    alice.refresh_from_db()
    log_read(alice, member, "Personsida", basis="RECEPTION")
    User.objects.filter(pk=alice.pk).update(first_name=NOW[0], last_name=NOW[1])
    alice.refresh_from_db()
    return alice


def then_and_now():
    return " ".join(THEN), " ".join(NOW)


def test_the_writer_keeps_the_name_on_every_kind_of_write(alice, member, family):
    alice.first_name, alice.last_name = THEN
    log_read(alice, member)
    log_list(alice, [member, family])
    log_changes(alice, [(AuditEvent.Action.UPDATE, member, "Ändrad", {})])
    names = set(AuditEvent.objects.filter(actor=alice).values_list("actor_full_name", flat=True))
    assert names == {"Alice Andersson"}


def test_the_access_history_page_and_pdf_name_the_reader_as_they_were(
    client, maja, renamed, member, monkeypatch
):
    from etablera.access import pdf
    from etablera.access.tests.test_extract import pdf_text

    old, new = then_and_now()
    rows, _ = review.access_history(maja, member)
    assert [row.who for row in rows] == [old]
    client.force_login(maja)
    page = client.get(reverse("access_history", args=[member.public_id])).content.decode()
    assert old in page and new not in page
    monkeypatch.setattr(pdf, "FONT_DIRS", [])  # the core font, whose text can be read back
    text = pdf_text(client.get(reverse("access_history", args=[member.public_id]), {"format": "pdf"}).content)
    assert old in text and new not in text


def test_the_register_extract_names_the_reader_as_they_were(renamed, member):
    old, new = then_and_now()
    users = [entry["user"] for entry in extract.build_extract(member)["access_log"]]
    assert users == [old]


def test_the_log_review_its_export_and_the_api_name_the_reader_as_they_were(client, maja, renamed, member):
    old, new = then_and_now()
    client.force_login(maja)
    query = {"person": member.public_id}
    page = client.get(reverse("access_log"), query).content.decode()
    readers = re.findall(r'<th scope="row">([^<]*)', page)  # the user filter lists today's names, rightly
    assert old in [reader.strip() for reader in readers] and new not in page.split("<table", 1)[1]
    exported = client.get(reverse("access_log"), {**query, "format": "csv"}).content.decode("utf-8-sig")
    rows = [row for row in csv.DictReader(io.StringIO(exported)) if row["Användarnamn"] == "alice"]
    assert [row["Användare"] for row in rows] == [old]
    listed = ApiClient(maja).get("/access-log", {"action": "VIEW"}).json()["items"]
    assert [item["user_name"] for item in listed if item["user"] == "alice"] == [old]


def test_rows_written_before_the_name_was_kept_show_the_current_name(maja, alice, member):
    AuditEvent.objects.create(
        actor=alice,
        actor_name="alice",
        action="VIEW",
        channel="PAGE",
        object_type="Person",
        person_public_id=member.public_id,
        municipality_code="0480",
    )
    rows, _ = review.access_history(maja, member)
    assert [row.who for row in rows] == [alice.get_full_name()]
    assert [e["user"] for e in extract.build_extract(member)["access_log"]] == [alice.get_full_name()]


def test_an_account_without_a_full_name_is_named_by_its_user_name(maja, alice, member):
    User.objects.filter(pk=alice.pk).update(first_name="", last_name="")
    alice.refresh_from_db()
    log_read(alice, member)
    User.objects.filter(pk=alice.pk).update(first_name="Ny", last_name="Person")
    rows, _ = review.access_history(maja, member)
    assert [row.who for row in rows] == ["alice"]


def test_changes_in_bulk_are_the_events_written_one_by_one(alice, member):
    """log_changes (an import's events, written as rows without objects) writes what log_change writes for each."""
    from etablera.access.audit import log_change

    change = (AuditEvent.Action.UPDATE, member, "Ändrad i bulk", {"status": ["A", "B"]}, {"protected": True})
    log_change(alice, *change[:4], **change[4])
    log_changes(alice, [change])
    one, many = AuditEvent.objects.filter(summary="Ändrad i bulk").order_by("pk")
    fields = [f.attname for f in AuditEvent._meta.concrete_fields if f.attname not in ("id", "at")]
    assert {f: getattr(many, f) for f in fields} == {f: getattr(one, f) for f in fields}
    assert many.actor_id == alice.pk and many.protected and many.person_public_id == member.public_id
    assert many.changes == {"status": ["A", "B"]} and many.at >= one.at
