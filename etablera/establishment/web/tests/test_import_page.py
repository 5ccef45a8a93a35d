"""Importera etablering (/etablering/import/, issue #12): a file of the status per month or of SFI enrolments is
checked first (a dry run: counts and the rows, never an identity number, nothing saved), then imported on
confirmation; a file with one error shows every error at the file's own column and saves nothing; a person the user
may not keep is the row's error; a stale confirmation is refused; reachable from the reception import page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from etablera.establishment.models import MonthlyStatus, SfiEnrolment
from etablera.testing.factories import personnummer

pytestmark = pytest.mark.django_db

URL = "/etablering/import/"


@pytest.fixture
def numbered(adult, child):
    for person, serial in ((adult, 601), (child, 602)):
        person.identity_number_type = "PERSONNUMMER"
        person.identity_number = personnummer(person.birth_date, serial=serial)
        person.save()
    return {p: f"{p.identity_number[:8]}-{p.identity_number[8:]}" for p in (adult, child)}


def _upload(client, kind, text, name="fil.csv"):
    return client.post(
        URL, {"kind": kind, "file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")}
    )


def _token(page):
    return page.split('name="sha256" value="')[1].split('"')[0]


def test_monthly_status_previewed_then_imported(client, alice, adult, child, numbered, today):
    client.force_login(alice)
    month = f"{today:%Y-%m}"
    text = f"Personnummer;Månad;Status;Anteckning\n{numbered[adult]};{month};Arbete;Deltid\n{numbered[child]};{month};Studier;\n"
    page = _upload(client, "monthly-status", text).content.decode()
    assert "Förhandsgranskning av fil.csv" in page and "Filen har 2 rader utan fel." in page
    assert "Deltid" in page and month in page
    assert numbered[adult] not in page and adult.identity_number not in page  # never the numbers
    assert not MonthlyStatus.objects.exists()  # a preview saves nothing
    page = client.post(URL, {"confirm": "1", "sha256": _token(page)}, follow=True).content.decode()
    assert "Importen är klar: 2 nya, 0 ändrade och 0 oförändrade månader med status." in page
    assert MonthlyStatus.objects.get(person=adult).note == "Deltid"
    # The same confirmation again: the checked file is gone from the session.
    page = client.post(URL, {"confirm": "1", "sha256": "0" * 64}, follow=True).content.decode()
    assert "Förhandsgranskningen finns inte längre" in page
    assert MonthlyStatus.objects.count() == 2


def test_a_file_with_errors_shows_them_at_the_files_columns_and_saves_nothing(
    client, alice, adult, child, numbered, today
):
    client.force_login(alice)
    text = (
        "identitetsnummer,månad,status\n"
        f"{numbered[adult]},{today:%Y-%m},WORK\n"
        f"{numbered[child]},{today:%Y-%m},Semester\n"
        f"19000101-0000,{today:%Y-%m},WORK\n"
    )
    page = _upload(client, "monthly-status", text).content.decode()
    assert "Filen har 2 fel. Ingenting har sparats." in page
    assert "<td>status</td>" in page and "Okänd status" in page
    assert "<td>identitetsnummer</td>" in page and "not_permitted" in page
    assert 'name="confirm"' not in page  # nothing to confirm
    assert not MonthlyStatus.objects.exists()


def test_sfi_imported_by_the_sfi_unit_and_a_person_of_another_municipality_refused(
    client, bob, charlie, adult, numbered, today
):
    text = f"personnummer;anmäld;kurs;studieväg;start\n{numbered[adult]};{today};B;2;{today}\n"
    client.force_login(charlie)
    page = _upload(client, "sfi", text).content.decode()
    assert "not_permitted" in page and numbered[adult] not in page
    assert not SfiEnrolment.objects.exists()
    client.force_login(bob)
    page = _upload(client, "sfi", text).content.decode()
    assert "Filen har 1 rad utan fel." in page and '<th scope="col">Studieväg</th>' in page
    page = client.post(URL, {"confirm": "1", "sha256": _token(page)}, follow=True).content.decode()
    assert "1 nya, 0 ändrade och 0 oförändrade SFI-anmälningar" in page
    enrolment = SfiEnrolment.objects.get()
    assert (enrolment.course, enrolment.study_path, enrolment.updated_by) == ("B", 2, bob)


def test_the_form_refuses_at_its_fields(client, alice):
    client.force_login(alice)
    page = client.post(URL, {"kind": "hushåll"}).content.decode()
    assert 'id="id_kind_error"' in page and 'id="id_file_error"' in page
    page = client.get(URL + "?kind=sfi").content.decode()
    assert 'value="sfi" required id="id_kind_1" checked' in page  # the kind the link asked for


def test_who_reaches_the_page(client, alice, stina, adult):
    client.force_login(stina)  # statistics: no persons, sent to the figures
    assert client.get(URL).status_code == 302
    client.force_login(alice)
    reception = client.get(reverse("assignment_import")).content.decode()
    assert f'href="{URL}"' in reception  # from the reception's import page
    establishment = client.get(reverse("person_establishment", args=[adult.public_id])).content.decode()
    assert f'href="{URL}?kind=sfi"' in establishment and f'href="{URL}?kind=monthly-status"' in establishment
