"""POST /api/v1/imports/assignments (issue #11): the anvisningar file over the API — every row's errors at the
file's own columns, all or nothing, the same file again unchanged."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.reception.models import Assignment

BASE = "/api/v1"
HEADER = "Referens;Kommunkod;Kategori;Beslutsdatum;Antal personer\n"


def _day(days_ago: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def test_it_imports_a_file_and_again_changes_nothing(api, alice, nykoping):
    data = (HEADER + f"API-1;0480;ABO;{_day(10)};3\nAPI-2;0480;kvotflykting;{_day(5)};2\n").encode()
    client = api(alice).client

    dry = client.post(f"{BASE}/imports/assignments?dry_run=true", data, content_type="text/csv").json()
    assert (dry["ok"], dry["dry_run"], dry["created"], dry["rows"]) == (True, True, 2, 2)
    assert not Assignment.objects.filter(reference__startswith="API-").exists()

    done = client.post(f"{BASE}/imports/assignments", data, content_type="text/csv").json()
    assert (done["ok"], done["created"]) == (True, 2)
    again = client.post(f"{BASE}/imports/assignments", data, content_type="text/csv").json()
    assert (again["ok"], again["created"], again["unchanged"]) == (True, 0, 2)


def test_every_row_error_is_listed_at_the_files_column_and_nothing_is_saved(api, charlie, nykoping, enkoping):
    # charlie registers reception in Enköping: two Nyköping rows, a wrong date, and a reference twice.
    data = (
        HEADER
        + f"API-1;0480;ABO;{_day(10)};3\n"
        + "API-2;0381;ABO;2026-13-01;2\n"
        + f"API-3;0480;ABO;{_day(3)};1\n"
        + f"API-2;0381;ABO;{_day(3)};1\n"
    ).encode()

    response = api(charlie).client.post(f"{BASE}/imports/assignments", data, content_type="text/csv")

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False and body["created"] == 0
    assert [(e["row"], e["column"], e["code"]) for e in body["errors"]] == [
        (2, "Kommunkod", "not_permitted"),
        (3, "Beslutsdatum", "invalid_date"),
        (4, "Kommunkod", "not_permitted"),
        (5, "Referens", "duplicate_reference"),
    ]
    assert body["errors"][0]["message"] == "Du har inte behörighet att registrera mottagande i Nyköping."
    assert not Assignment.objects.filter(reference__startswith="API-").exists()


def test_it_is_the_reception_units(api, bob, stina):
    for user in (bob, stina):
        response = api(user).client.post(
            f"{BASE}/imports/assignments", HEADER.encode(), content_type="text/csv"
        )
        assert response.status_code == 403
