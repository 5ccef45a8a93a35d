"""Importera anvisningar: upload, a preview that saves nothing, then confirm; errors per row; other municipalities'
rows refused without describing them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.reception import services
from etablera.reception.models import Assignment
from etablera.reception.web.views.imports import SESSION_KEY

URL = "/anvisningar/import/"
HEADER = "referens;kommunkod;kategori;beslutsdatum;antal_personer;status;mottagningsdatum\n"


def _day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def _csv(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("anvisningar.csv", (HEADER + "\n".join(rows) + "\n").encode(), "text/csv")


def _preview(client, *rows: str):
    return client.post(URL, {"file": _csv(*rows)})


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_the_list_links_to_the_import(signed_in):
    page = signed_in.get(reverse("assignment_list")).content.decode()
    assert f'href="{URL}"' in page


def test_the_preview_counts_what_would_happen_and_saves_nothing(signed_in, nykoping, alice):
    response = _preview(
        signed_in,
        f"IMP-1;0480;ABO;{_day(10)};3;;",
        f"IMP-2;480;kvotflykting;{_day(20)};5;mottagen;{_day(2)}",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Förhandsgranskning av anvisningar.csv" in page
    assert "<dt>Nya anvisningar</dt><dd>2</dd>" in page
    assert "IMP-2" in page and 'name="confirm"' in page
    assert not Assignment.objects.exists()
    event = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).get()
    assert event.changes["outcome"] == "dry_run"
    assert event.actor == alice
    assert event.channel == AuditEvent.Channel.PAGE


def test_confirming_imports_the_file_that_was_previewed(signed_in, nykoping):
    _preview(signed_in, f"IMP-1;0480;ABO;{_day(10)};3;;", f"IMP-2;0480;anhörig;{_day(5)};1;;")
    token = signed_in.session[SESSION_KEY]["sha256"]

    response = signed_in.post(URL, {"confirm": "1", "sha256": token}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("assignment_list")
    page = response.content.decode()
    assert "Importen är klar: 2 nya, 0 ändrade och 0 oförändrade anvisningar." in page
    assert set(Assignment.objects.values_list("reference", flat=True)) == {"IMP-1", "IMP-2"}
    outcomes = list(
        AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT)
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert [c["outcome"] for c in outcomes] == ["dry_run", "saved"]
    assert SESSION_KEY not in signed_in.session


def test_a_confirmation_without_its_preview_saves_nothing(signed_in, nykoping):
    _preview(signed_in, f"IMP-1;0480;ABO;{_day(10)};3;;")

    response = signed_in.post(URL, {"confirm": "1", "sha256": "0" * 64}, follow=True)

    assert "Förhandsgranskningen finns inte längre. Välj filen igen." in response.content.decode()
    assert not Assignment.objects.exists()
    # The stored file is gone: the right token no longer works either.
    assert SESSION_KEY not in signed_in.session


def test_errors_are_listed_per_row_and_announced(signed_in, nykoping):
    response = _preview(signed_in, f"IMP-1;0480;ABO;{_day(10)};3;;", "IMP-2;0480;okänd;2026-13-40;x;;")

    page = response.content.decode()
    assert 'role="alert"' in page
    assert "Filen har 3 fel. Ingenting har sparats." in page
    assert "unknown_category" in page and "invalid_date" in page and "invalid_number" in page
    assert 'name="confirm"' not in page
    assert SESSION_KEY not in signed_in.session
    assert not Assignment.objects.exists()


def test_a_file_that_is_not_utf8_is_explained(signed_in, nykoping):
    upload = SimpleUploadedFile("a.csv", (HEADER + f"IMP-1;0480;Å;{_day(1)};1;;\n").encode("cp1252"))

    page = signed_in.post(URL, {"file": upload}).content.decode()

    assert "invalid_encoding" in page
    assert "CSV UTF-8" in page


def test_no_file_is_a_field_error(signed_in, nykoping):
    page = signed_in.post(URL, {}).content.decode()
    assert 'href="#id_file"' in page  # the error summary links to the field


def test_rows_for_another_municipality_are_refused_and_nothing_is_saved(signed_in, nykoping, enkoping):
    response = _preview(signed_in, f"IMP-1;0480;ABO;{_day(10)};3;;", f"IMP-2;0381;ABO;{_day(10)};3;;")

    page = response.content.decode()
    assert "Du har inte behörighet att registrera mottagande i Enköping." in page
    assert "<td>kommunkod</td>" in page  # the column as the file's header names it
    assert "Filen har 1 fel. Ingenting har sparats." in page
    assert not Assignment.objects.exists()
    assert SESSION_KEY not in signed_in.session


def test_a_reference_of_another_municipality_is_not_described(signed_in, nykoping, enkoping):
    services.create_assignment(
        actor=None,
        municipality=enkoping,
        reference="ENK-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=timezone.localdate() - dt.timedelta(days=30),
        person_count=4,
    )

    page = _preview(signed_in, f"ENK-1;0480;ABO;{_day(10)};2;;").content.decode()

    assert "Referensen används redan av en anvisning som du inte har behörighet till." in page
    assert "0381" not in page and "Enköping" not in page
    assert Assignment.objects.get().municipality == enkoping


def test_the_historic_status_of_another_municipalitys_anvisning_cannot_be_changed(
    signed_in, enkoping, nykoping
):
    assignment = services.create_assignment(
        actor=None,
        municipality=enkoping,
        reference="ENK-2",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=timezone.localdate() - dt.timedelta(days=30),
        person_count=4,
    )
    row = f"ENK-2;0381;ABO;{assignment.decision_date.isoformat()};4;mottagen;{_day(1)}"

    page = _preview(signed_in, row).content.decode()

    assert "Du har inte behörighet att registrera mottagande i Enköping." in page
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ASSIGNED


@pytest.mark.parametrize("username", ["bob", "stina"])
def test_only_reception_staff_may_import(client, request, username, nykoping):
    client.force_login(request.getfixturevalue(username))
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"file": _csv(f"IMP-1;0480;ABO;{_day(10)};3;;")})
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_the_page_costs_a_few_queries(signed_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert signed_in.get(URL).status_code == 200


def test_a_long_file_shows_its_first_rows(signed_in, nykoping):
    rows = [f"IMP-{n:03d};0480;ABO;{_day(10)};1;;" for n in range(1, 61)]

    page = _preview(signed_in, *rows).content.decode()

    assert "<dt>Nya anvisningar</dt><dd>60</dd>" in page
    assert "de första 50 av 60" in page
    assert "IMP-050" in page and "IMP-051" not in page


def test_every_error_of_the_file_is_listed_in_a_table_at_the_files_own_columns(signed_in, nykoping, enkoping):
    # alice registers reception in Nyköping: two Enköping rows, a wrong category and a reference twice.
    response = _preview(
        signed_in,
        f"IMP-1;0381;ABO;{_day(10)};3;;",
        f"IMP-2;0480;slott;{_day(10)};3;;",
        f"IMP-3;0381;ABO;{_day(10)};3;;",
        f"IMP-2;0480;ABO;{_day(10)};3;;",
    )

    page = response.content.decode()
    assert "Filen har 4 fel. Ingenting har sparats." in page  # the count, in the alert that takes focus
    assert '<caption id="tabell-fel">' in page and '<th scope="col">Kolumn</th>' in page
    rows = re.findall(r'<th scope="row" class="num">(\d+)</th>\s*<td>([^<]*)</td>', page)
    assert rows == [("2", "kommunkod"), ("3", "kategori"), ("4", "kommunkod"), ("5", "referens")]
    assert page.count("Du har inte behörighet att registrera mottagande i Enköping.") == 2
    assert not Assignment.objects.exists()
