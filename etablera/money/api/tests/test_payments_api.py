"""The payments over the API (money/api/payments.py): the list with its filters and paging, recording and deleting by
hand, the CSV import, the reconciliation — per role (olof and alice write, stina reads, bob nothing, charlie only
Enköping's) — with persons only as a public id the reader sees, logged, and never a name or a number."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.access.models import AuditEvent
from etablera.money.models import Kind, Payment
from etablera.money.services.entitlements import compute
from etablera.money.tests.conftest import receive
from etablera.testing.api_client import messages

pytestmark = pytest.mark.django_db

CSV = "betalningsdag;belopp;avser månad;ersättning;verifikation\n2026-03-25;12 345;2026-03;schablon;V-1\n"


def _payment(place, month=3, amount=6875, kind=Kind.SCHABLON, source=Payment.Source.MANUAL, **extra):
    return Payment.objects.create(
        municipality=place,
        kind=kind,
        month=dt.date(2026, month, 1),
        paid_on=dt.date(2026, month, 25),
        amount=amount,
        source=source,
        **extra,
    )


def _body(**changes) -> dict:
    return {
        "municipality": "0480",
        "kind": "SCHABLON",
        "month": "2026-03",
        "paid_on": "2026-03-25",
        "amount": 12345,
        "reference": "V-77",
    } | changes


def _import(api, user, data: str = CSV, query: str = "?municipality=0480"):
    client = api(user).client
    return client.post(f"/api/v1/money/payments/import{query}", data.encode(), content_type="text/csv")


@pytest.fixture
def person(nykoping):
    return receive(dt.date(1990, 5, 17), dt.date(2025, 11, 3))


# --- the list --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["olof", "alice", "stina"])
def test_the_money_readers_list_the_payments(request, api, nykoping, enkoping, user):
    _payment(nykoping, reference="V-NYK")
    _payment(enkoping, reference="V-ENK")
    answer = api(request.getfixturevalue(user)).get("/money/payments")
    assert answer.status_code == 200
    assert [item["reference"] for item in answer.json()["items"]] == ["V-NYK"]
    item = answer.json()["items"][0]
    assert item["municipality"] == "0480" and item["month"] == "2026-03" and item["amount"] == 6875


def test_filters_and_paging(api, olof, nykoping):
    for month in (1, 2, 3):
        _payment(nykoping, month=month)
    _payment(nykoping, month=3, kind=Kind.OTHER, amount=-100)
    client = api(olof)
    assert client.get("/money/payments", {"month": "2026-03"}).json()["count"] == 2
    assert client.get("/money/payments", {"kind": "OTHER"}).json()["items"][0]["amount"] == -100
    assert client.get("/money/payments", {"year": 2025}).json()["count"] == 0
    page = client.get("/money/payments", {"year": 2026, "limit": 2}).json()
    assert (page["count"], len(page["items"]), page["items"][0]["paid_on"]) == (4, 2, "2026-03-25")
    assert client.get("/money/payments", {"month": "2026-13"}).status_code == 422
    assert client.get("/money/payments", {"kind": "BIDRAG"}).status_code == 422


def test_bob_is_refused_and_charlie_sees_only_enkoping(api, bob, charlie, nykoping, enkoping):
    _payment(nykoping, reference="V-NYK")
    _payment(enkoping, reference="V-ENK")
    assert api(bob).get("/money/payments").status_code == 403
    assert [i["reference"] for i in api(charlie).get("/money/payments").json()["items"]] == ["V-ENK"]
    assert api(charlie).get("/money/payments", {"municipality": "0480"}).status_code == 403


def test_a_person_only_as_a_public_id_the_reader_sees_and_logged(api, alice, stina, nykoping, person):
    _payment(nykoping, person=person)
    item = api(alice).get("/money/payments").json()["items"][0]
    assert item["person"] == str(person.public_id)
    assert AuditEvent.objects.filter(
        actor=alice, action=AuditEvent.Action.LIST, person_public_id=person.public_id
    ).exists()
    body = api(stina).get("/money/payments").content.decode()
    assert '"person": null' in body and str(person.public_id) not in body
    assert person.first_name not in body and person.last_name not in body


# --- writes ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["olof", "alice"])
def test_record_a_payment(request, api, nykoping, user):
    answer = api(request.getfixturevalue(user)).post("/money/payments", _body(amount=-1200))
    assert answer.status_code == 201, answer.content
    payment = Payment.objects.get()
    assert (payment.amount, payment.source, payment.month) == (
        -1200,
        Payment.Source.MANUAL,
        dt.date(2026, 3, 1),
    )
    assert answer.json()["id"] == payment.pk and answer.json()["person"] is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="Payment").exists()


def test_a_payment_names_a_person_the_writer_sees(api, alice, olof, nykoping, person):
    answer = api(alice).post("/money/payments", _body(person=str(person.public_id)))
    assert answer.status_code == 201 and answer.json()["person"] == str(person.public_id)
    assert Payment.objects.get().person == person
    # The controller sees no persons: the same number is refused as not seen, whether the person exists or not.
    refused = api(olof).post("/money/payments", _body(person=str(person.public_id)))
    assert refused.status_code == 422 and ("body", "person") in messages(refused)


def test_stina_reads_but_may_not_write(api, stina, nykoping):
    payment = _payment(nykoping)
    client = api(stina)
    assert client.post("/money/payments", _body()).status_code == 403
    assert client.delete(f"/money/payments/{payment.pk}").status_code == 403
    assert _import(api, stina).status_code == 403
    assert client.get("/money/reconciliation", {"year": 2026}).status_code == 200
    assert list(Payment.objects.all()) == [payment]


@pytest.mark.parametrize(
    ("changes", "loc"),
    [
        ({"amount": 0}, ("body", "amount")),
        ({"amount": 10**10}, ("body", "amount")),
        ({"amount": "12 345"}, ("body", "amount")),
        ({"month": "2026-13"}, ("body", "month")),
        ({"paid_on": "2100-01-01"}, ("body", "paid_on")),
        ({"reference": "V" * 61}, ("body", "reference")),
        ({"kind": "BIDRAG"}, ("body", "kind")),
        ({"municipality": "9999"}, ("body", "municipality")),
        ({"person": "00000000-0000-4000-8000-000000000000"}, ("body", "person")),
        ({"claim": 999_999}, ("body", "claim")),
    ],
)
def test_bad_input_is_a_422_at_the_field(api, olof, nykoping, changes, loc):
    answer = api(olof).post("/money/payments", _body(**changes))
    assert answer.status_code == 422, answer.content
    assert {found[-1] for found in messages(answer)} == {loc[-1]}  # the schema's say ("body", "body", field)
    assert not Payment.objects.exists()


def test_charlie_may_not_write_for_nykoping(api, charlie, nykoping):
    assert api(charlie).post("/money/payments", _body()).status_code == 403
    assert api(charlie).post("/money/payments", _body(municipality="0381")).status_code == 201


def test_delete_a_manual_payment_not_an_imported_one(api, olof, charlie, nykoping):
    manual = _payment(nykoping)
    imported = _payment(nykoping, source=Payment.Source.IMPORT, import_key="b" * 64)
    assert api(charlie).delete(f"/money/payments/{manual.pk}").status_code == 404
    assert api(olof).delete(f"/money/payments/{manual.pk}").status_code == 204
    assert api(olof).delete(f"/money/payments/{manual.pk}").status_code == 404
    answer = api(olof).delete(f"/money/payments/{imported.pk}")
    assert answer.status_code == 409 and "importerad" in answer.json()["detail"]
    assert list(Payment.objects.all()) == [imported]


# --- the import ------------------------------------------------------------------------------------------------


def test_the_import_then_the_same_file_again(api, olof, nykoping):
    first = _import(api, olof)
    assert first.status_code == 200 and first.json()["ok"] and first.json()["created"] == 1
    again = _import(api, olof).json()
    assert (again["created"], again["unchanged"]) == (0, 1)
    assert Payment.objects.get().source == Payment.Source.IMPORT


def test_the_import_reports_row_errors_and_saves_nothing(api, olof, nykoping):
    answer = _import(api, olof, CSV + "2026-03-25;12,5;2026-03;schablon;V-2\n").json()
    assert not answer["ok"] and [(e["row"], e["column"], e["code"]) for e in answer["errors"]] == [
        (3, "belopp", "invalid_number")
    ]
    assert not Payment.objects.exists()


def test_the_import_asks_for_a_known_municipality_and_a_body(api, olof, bob, nykoping):
    assert _import(api, olof, query="?municipality=9999").status_code == 422
    assert _import(api, olof, query="").status_code == 422
    assert _import(api, olof, data="").status_code == 422
    assert _import(api, bob).status_code == 403
    dry = _import(api, olof, query="?municipality=0480&dry_run=true").json()
    assert dry["dry_run"] and dry["created"] == 1 and not Payment.objects.exists()


# --- the reconciliation ----------------------------------------------------------------------------------------


def test_the_reconciliation(api, olof, bob, charlie, nykoping, person):
    compute(2026, [nykoping.pk])
    _payment(nykoping, month=3, person=person)
    _payment(nykoping, month=4, kind=Kind.OTHER, amount=500)
    answer = api(olof).get("/money/reconciliation", {"year": 2026, "municipality": "0480"})
    assert answer.status_code == 200
    data = answer.json()
    lines = {(line["month"], line["kind"]): line for line in data["lines"]}
    assert lines["2026-03", "SCHABLON"] | {} == {
        "month": "2026-03",
        "kind": "SCHABLON",
        "expected": 6875,
        "received": 6875,
        "difference": 0,
    }
    assert lines["2026-04", "OTHER"]["difference"] == 500
    signs = {(d["month"], d["kind"]): d["sign"] for d in data["differences"]}
    assert signs["2026-04", "OTHER"] == "more" and signs["2026-01", "SCHABLON"] == "missing"
    assert data["totals"][-1] == {
        "kind": "",
        "expected": 12 * 6875,
        "received": 6875 + 500,
        "difference": 6875 + 500 - 12 * 6875,
    }
    assert data["persons"] == {
        "compared": 1,
        "balanced": 1,
        "missing": 0,
        "more": 0,
        "missing_amount": 0,
        "more_amount": 0,
    }
    assert person.first_name not in answer.content.decode()
    assert api(bob).get("/money/reconciliation", {"year": 2026}).status_code == 403
    assert api(charlie).get("/money/reconciliation", {"municipality": "0480"}).status_code == 403
    assert api(charlie).get("/money/reconciliation").json()["municipality"] == "0381"
    assert api(olof).get("/money/reconciliation", {"year": 1999}).status_code == 422
