"""The establishment imports (issue #12) over the API and the command line: every row's errors at the file's own
columns, all or nothing, the same file again unchanged, a dry run, and a person the user may not change an error of
its row that never repeats the number."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from etablera.establishment.importers import import_file
from etablera.establishment.models import MonthlyStatus, SfiEnrolment
from etablera.testing.factories import personnummer

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbered(adult, child):
    for person, serial in ((adult, 501), (child, 502)):
        person.identity_number_type = "PERSONNUMMER"
        person.identity_number = personnummer(person.birth_date, serial=serial)
        person.save()
    return {p: f"{p.identity_number[:8]}-{p.identity_number[8:]}" for p in (adult, child)}


def csv_post(client, path, text):
    return client.client.post(f"/api/v1{path}", data=text.encode(), content_type="text/csv")


def test_monthly_status_imported_once_and_again_unchanged(api, alice, adult, child, numbered, today):
    month = f"{today:%Y-%m}"
    text = f"Personnummer;Månad;Status;Anteckning\n{numbered[adult]};{month};Arbete;Deltid\n{numbered[child]};{month};studier;\n"
    first = import_file("monthly-status", text.encode(), actor=alice)
    assert (first.ok, first.created) == (True, 2), first.errors
    assert MonthlyStatus.objects.get(person=adult).note == "Deltid"
    again = import_file("monthly-status", text.encode(), actor=alice)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = import_file("monthly-status", text.replace("Deltid", "Heltid").encode(), actor=alice)
    assert (changed.updated, changed.unchanged) == (1, 1)


def test_monthly_status_errors_all_or_nothing(alice, charlie, adult, child, numbered, today):
    future = today.replace(day=1) + dt.timedelta(days=40)
    text = (
        "identitetsnummer,månad,status\n"
        f"{numbered[adult]},{today:%Y-%m},WORK\n"
        f"{numbered[child]},{future:%Y-%m},Semester\n"
        f"{numbered[adult]},{today:%Y-%m},SFI\n"
        f"19000101-0000,{today:%Y-%m},WORK\n"
        f"{numbered[child]},2026-13,WORK\n"
    )
    result = import_file("monthly-status", text.encode(), actor=alice)
    found = {(e.row, e.column, e.code) for e in result.errors}
    assert (3, "status", "unknown_status") in found
    assert (4, "månad", "duplicate_person") in found
    assert (5, "identitetsnummer", "not_permitted") in found
    assert (6, "månad", "invalid_date") in found
    assert not MonthlyStatus.objects.exists()
    assert all(numbered[adult] not in e.value for e in result.errors)
    # a month that has not begun: the service's own message, at the file's column
    late = import_file(
        "monthly-status",
        f"identitetsnummer,månad,status\n{numbered[child]},{future:%Y-%m},WORK\n".encode(),
        actor=alice,
    )
    assert [(e.column, e.code) for e in late.errors] == [("månad", "invalid_value")]
    assert "inte har börjat" in late.errors[0].message
    # charlie does not see Nyköping's family: the same error as a number nobody holds
    hidden = import_file(
        "monthly-status", f"pnr;month;status\n{numbered[adult]};{today:%Y-%m};WORK\n".encode(), actor=charlie
    )
    assert [(e.column, e.code, e.value) for e in hidden.errors] == [("pnr", "not_permitted", "")]
    assert not MonthlyStatus.objects.exists()


def test_sfi_import_idempotent_with_completion_and_dry_run(alice, adult, child, numbered, today):
    enrolled = today - dt.timedelta(days=90)
    text = (
        "personnummer;anmäld;kurs;studieväg;start;timmar_per_vecka;avslutad;resultat\n"
        f"{numbered[adult]};{enrolled};B;2;{enrolled};15;;\n"
        f"{numbered[child]};{enrolled};C;3;{enrolled};;{today};klar\n"
    )
    dry = import_file("sfi", text.encode(), actor=alice, dry_run=True)
    assert (dry.ok, dry.created) == (True, 2)
    assert not SfiEnrolment.objects.exists()
    first = import_file("sfi", text.encode(), actor=alice)
    assert first.created == 2, first.errors
    assert SfiEnrolment.objects.get(person=adult).status == "STUDYING"
    assert SfiEnrolment.objects.get(person=child).status == "COMPLETED"
    again = import_file("sfi", text.encode(), actor=alice)
    assert (again.ok, again.unchanged) == (True, 2), again.errors
    bad = text.replace(f";B;2;{enrolled};15", f";A;3;{enrolled};99")
    wrong = import_file("sfi", bad.encode(), actor=alice)
    found = {(e.row, e.column, e.code) for e in wrong.errors}
    assert (2, "timmar_per_vecka", "invalid_number") in found
    assert SfiEnrolment.objects.get(person=adult).course == "B"
    path_error = import_file("sfi", text.replace(";B;2;", ";A;3;").encode(), actor=alice)
    assert [(e.column, e.code) for e in path_error.errors] == [("kurs", "invalid_value")]
    assert "Studieväg 3" in path_error.errors[0].message


def test_imports_over_the_api_and_the_command_line(api, alice, stina, adult, numbered, today, tmp_path):
    text = f"identity_number,month,status\n{numbered[adult]},{today:%Y-%m},WORK\n"
    client = api(alice)
    response = csv_post(client, "/imports/monthly-status", text)
    assert response.status_code == 200, response.content
    assert response.json() | {"errors": []} == {
        "ok": True,
        "dry_run": False,
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    response = csv_post(api(stina), "/imports/sfi", text)
    assert response.status_code == 403
    path = tmp_path / "status.csv"
    path.write_text(text.replace("WORK", "SICK"))
    call_command("import_establishment", "monthly-status", str(path))
    assert MonthlyStatus.objects.get().status == "SICK"
    path.write_text(text.replace("WORK", "HOLIDAY"))
    with pytest.raises(CommandError):
        call_command("import_establishment", "monthly-status", str(path))


def test_a_file_in_multipart_and_a_person_another_municipality_keeps(
    api, alice, charlie, adult, numbered, today
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = f"personnummer;anmäld;kurs;studieväg\n{numbered[adult]};{today};A;1\n"
    upload = SimpleUploadedFile("sfi.csv", text.encode(), content_type="text/csv")
    response = api(charlie).client.post("/api/v1/imports/sfi", {"file": upload})
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False
    assert [(e["row"], e["column"], e["code"], e["value"]) for e in body["errors"]] == [
        (2, "personnummer", "not_permitted", "")
    ]
    assert not SfiEnrolment.objects.exists()
    upload = SimpleUploadedFile("sfi.csv", text.encode(), content_type="text/csv")
    response = api(alice).client.post("/api/v1/imports/sfi?dry_run=true", {"file": upload})
    assert (response.json()["ok"], response.json()["dry_run"], response.json()["created"]) == (True, True, 1)
    assert not SfiEnrolment.objects.exists()
