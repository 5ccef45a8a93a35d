"""The payments pages (money/web/payments_views.py) per role: olof (controller) and alice (integration unit) read
and write, stina (statistics) reads and is refused every write, bob (SFI) has no money pages, charlie (Enköping)
sees none of Nyköping's. No person's name on any of them; the form's errors in Swedish at the field; the import
previewed, then saved; the downloads defused; the list's cost fixed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.money.models import Kind, Payment
from etablera.money.services.entitlements import compute
from etablera.money.tests.conftest import receive

pytestmark = pytest.mark.django_db

LIST = reverse("money_payments")
NEW = reverse("money_payment_new")
IMPORT = reverse("money_payment_import")


def _payment(
    place,
    *,
    month=dt.date(2026, 3, 1),
    amount=6875,
    source=Payment.Source.MANUAL,
    kind=Kind.SCHABLON,
    **extra,
):
    return Payment.objects.create(
        municipality=place,
        kind=kind,
        month=month,
        paid_on=month + dt.timedelta(days=20),
        amount=amount,
        source=source,
        **extra,
    )


def _form(**changes) -> dict:
    return {
        "kind": "SCHABLON",
        "month": "2026-03",
        "paid_on": "2026-03-25",
        "amount": "12 345",
        "reference": "V-77",
        "description": "Schablon mars",
    } | changes


@pytest.fixture
def named(nykoping):
    """A person received in Nyköping, with a payment that names them."""
    person = receive(dt.date(1990, 5, 17), dt.date(2025, 11, 3))
    compute(2026, [nykoping.pk])
    _payment(nykoping, reference="V-NAMNGIVEN", person=person)
    return person


@pytest.mark.parametrize("user", ["olof", "alice", "stina"])
def test_the_money_readers_see_the_year(request, signed_in, nykoping, named, user):
    page = signed_in(request.getfixturevalue(user)).get(LIST, {"ar": 2026})
    html = page.content.decode()
    assert page.status_code == 200
    assert "V-NAMNGIVEN" in html and "Skillnader" in html and "Per månad och ersättning" in html
    assert named.first_name not in html and named.last_name not in html
    assert '<th scope="col">' in html and "<caption" in html


def test_the_differences_come_first_and_say_which_way(signed_in, olof, nykoping, named):
    html = signed_in(olof).get(LIST, {"ar": 2026}).content.decode()
    assert (
        html.index("Skillnader") < html.index("Per månad och ersättning") < html.index("Årets inbetalningar")
    )
    assert "Saknas" in html  # the months after March are expected and not paid
    assert (
        "Mer än förväntat" in html
    )  # March's payment names the person on top of the month's expected amount


def test_who_writes_sees_the_actions_and_who_reads_does_not(signed_in, olof, stina, nykoping, named):
    assert 'href="/ersattning/inbetalningar/ny/' in signed_in(olof).get(LIST).content.decode()
    html = signed_in(stina).get(LIST).content.decode()
    assert "/ersattning/inbetalningar/ny/" not in html and "ta-bort" not in html


def test_bob_has_no_money_pages(signed_in, bob):
    client = signed_in(bob)
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, _form()).status_code == 403


def test_charlie_sees_none_of_nykopings(signed_in, charlie, nykoping, enkoping, named):
    _payment(enkoping, reference="V-ENKOPING")
    mine = _payment(nykoping, reference="V-NYKOPING")
    client = signed_in(charlie)
    html = client.get(LIST, {"kommun": "0480", "ar": 2026}).content.decode()
    assert "V-ENKOPING" in html and "V-NYKOPING" not in html and "V-NAMNGIVEN" not in html
    assert "Nyköping" not in html
    assert client.post(reverse("money_payment_delete", args=[mine.pk])).status_code == 404
    assert Payment.objects.filter(pk=mine.pk).exists()


@pytest.mark.parametrize("user", ["olof", "alice"])
def test_a_payment_recorded_by_hand(request, signed_in, nykoping, user):
    client = signed_in(request.getfixturevalue(user))
    assert client.get(NEW).status_code == 200
    answer = client.post(NEW, _form(amount="-1 200,00", kind="OTHER"), follow=True)
    payment = Payment.objects.get()
    assert (payment.amount, payment.kind, payment.month, payment.source) == (
        -1200,
        Kind.OTHER,
        dt.date(2026, 3, 1),
        Payment.Source.MANUAL,
    )
    assert "är registrerad" in answer.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="Payment").exists()


def test_stina_reads_but_every_write_is_refused(signed_in, stina, nykoping):
    manual = _payment(nykoping)
    client = signed_in(stina)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, _form()).status_code == 403
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": SimpleUploadedFile("i.csv", b"x", "text/csv")}).status_code == 403
    assert client.post(reverse("money_payment_delete", args=[manual.pk])).status_code == 403
    assert list(Payment.objects.all()) == [manual]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reference": "V" * 61}, "reference", "Högst 60 tecken."),
        ({"description": "x" * 201}, "description", "Högst 200 tecken."),
        ({"amount": "1" * 21}, "amount", "Skriv beloppet i kronor"),
        ({"amount": "12,50"}, "amount", "hela kronor"),
        ({"amount": "0"}, "amount", "kan inte vara 0 kr"),
        ({"month": "2026-13"}, "month", "Skriv månaden som ÅÅÅÅ-MM"),
        ({"month": "x" * 11}, "month", "Skriv månaden som ÅÅÅÅ-MM"),
        ({"paid_on": "2999-01-01"}, "paid_on", "framtiden"),
    ],
)
def test_a_wrong_field_is_a_swedish_error_at_the_field(signed_in, olof, nykoping, changes, field, message):
    answer = signed_in(olof).post(NEW, _form(**changes))
    assert answer.status_code == 200
    assert message in " ".join(answer.context["form"].errors[field])
    assert f'id="id_{field}_error"' in answer.content.decode()
    assert not Payment.objects.exists()


def test_a_manual_payment_is_deleted_and_an_imported_one_is_not(signed_in, olof, nykoping):
    manual = _payment(nykoping)
    imported = _payment(nykoping, source=Payment.Source.IMPORT, import_key="a" * 64)
    client = signed_in(olof)
    answer = client.post(reverse("money_payment_delete", args=[manual.pk]), follow=True)
    assert "Inbetalningen är borttagen" in answer.content.decode()
    answer = client.post(reverse("money_payment_delete", args=[imported.pk]), follow=True)
    assert "tas inte bort för hand" in answer.content.decode()
    assert list(Payment.objects.all()) == [imported]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, object_type="Payment").count() == 1
    assert client.get(reverse("money_payment_delete", args=[imported.pk])).status_code == 405


def test_the_import_page_previews_then_imports(signed_in, olof, nykoping):
    data = "betalningsdag;belopp;avser månad;ersättning;verifikation;text\n2026-03-25;12 345;2026-03;schablon;V-9;\n"
    client = signed_in(olof)
    assert client.get(IMPORT).status_code == 200
    answer = client.post(IMPORT, {"file": SimpleUploadedFile("inbetalningar.csv", data.encode(), "text/csv")})
    html = answer.content.decode()
    assert "Förhandsgranskning av inbetalningar.csv" in html and "V-9" in html
    assert not Payment.objects.exists()
    answer = client.post(IMPORT, {"confirm": "1", "sha256": answer.context["token"]}, follow=True)
    assert "Importen är klar: 1 nya inbetalningar" in answer.content.decode()
    assert Payment.objects.get().amount == 12345


def test_the_import_page_shows_the_errors_without_the_number(signed_in, alice, nykoping):
    number = "19900517-2384"
    data = f"betalningsdag;belopp;avser månad;ersättning;personnummer\n2026-03-25;12,5;2026-03;schablon;{number}\n"
    answer = signed_in(alice).post(IMPORT, {"file": SimpleUploadedFile("i.csv", data.encode(), "text/csv")})
    html = answer.content.decode()
    assert "hela kronor" in html and number not in html and number.replace("-", "") not in html
    assert not Payment.objects.exists()


def test_the_downloads_are_defused(signed_in, olof, nykoping, named):
    _payment(nykoping, description='=HYPERLINK("http://x")', reference="@SUM(A1)")
    client = signed_in(olof)
    csv = client.get(LIST, {"ar": 2026, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and "Förväntat (kr)" in csv.content.decode()
    payments = client.get(LIST, {"ar": 2026, "format": "csv", "visa": "inbetalningar"}).content.decode()
    assert "'=HYPERLINK" in payments and "'@SUM(A1)" in payments
    assert named.first_name not in payments
    xlsx = client.get(LIST, {"ar": 2026, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, object_type="Payment").count() == 3


def test_the_list_costs_the_same_for_one_payment_and_many(
    signed_in, olof, nykoping, django_assert_num_queries
):
    client = signed_in(olof)
    _payment(nykoping)
    client.get(LIST)  # the session and the user's memberships
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST, {"ar": 2026}).status_code == 200
    for month in range(1, 13):
        _payment(nykoping, month=dt.date(2026, month, 1), amount=month)
    with django_assert_num_queries(len(one)):
        assert client.get(LIST, {"ar": 2026}).status_code == 200
