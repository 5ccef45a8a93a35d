"""Easy Swedish on the public grant pages, `?lang=lattsvenska` (grants/web/easy.py): the list, the form with its
easy labels and hints, the errors at the fields, and the thanks page — all in Swedish with lang="sv" whatever
language the visitor chose before; the ordinary Swedish and the English form are still there."""

from __future__ import annotations

import pytest
from django.core import mail

from etablera.grants.models import Application
from etablera.grants.web import easy

pytestmark = pytest.mark.django_db

VALID = {
    "association_name": "IK Eken",
    "organisation_number": "8020001239",
    "contact_name": "Kim Kontakt",
    "contact_email": "kim@example.se",
    "contact_phone": "",
    "description": "Fotboll för nyanlända tjejer.",
    "amount_applied": "12000",
    "extra_malgrupp": "Tjejer 10–15 år",
    "webbplats": "",
}


def _apply_url(programme, easy_swedish=True):
    return f"/medverka/bidrag/{programme.public_id}/" + ("?lang=lattsvenska" if easy_swedish else "")


def test_the_form_in_easy_swedish(client, programme):
    text = client.get(_apply_url(programme)).content.decode()
    assert f"Sök bidrag: {programme.name}" in text
    assert "Pengarna kallas bidrag." in text
    for label, hint in easy.FIELDS.values():
        assert label in text and hint in text
    assert 'name="lang" value="lattsvenska"' in text
    assert "Vanlig svenska" in text  # the way back to the ordinary page
    assert "Vilka vänder ni er till?" in text  # the programme's own question, as staff wrote it


def test_the_ordinary_swedish_and_english_forms_stay(client, programme):
    swedish = client.get(_apply_url(programme, easy_swedish=False)).content.decode()
    assert f"Ansök om {programme.name}" in swedish and "Föreningens namn" in swedish
    assert "Pengarna kallas bidrag." not in swedish and "Lätt svenska" in swedish
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(_apply_url(programme, easy_swedish=False)).content.decode()
    assert '<html lang="en">' in english
    easy_page = client.get(_apply_url(programme)).content.decode()
    assert '<html lang="sv">' in easy_page and "Pengarna kallas bidrag." in easy_page


def test_errors_in_easy_swedish_are_at_the_fields(client, programme):
    response = client.post(_apply_url(programme), {**VALID, "contact_email": "", "amount_applied": "mycket"})
    text = response.content.decode()
    assert response.status_code == 422
    assert "Något är fel. Rätta det och skicka igen." in text
    assert 'id="id_contact_email_error"' in text and 'id="id_amount_applied_error"' in text
    assert "Din e-post:" in text  # the summary names the field by its easy label
    assert not Application.objects.exists()


def test_a_valid_easy_application_thanks_in_easy_swedish(client, programme):
    response = client.post(_apply_url(programme), VALID)
    assert response.status_code == 302 and response["Location"] == "/medverka/bidrag/tack/?lang=lattsvenska"
    assert Application.objects.get().association_name == "IK Eken" and len(mail.outbox) == 1
    thanks = client.get(response["Location"]).content.decode()
    assert "Klicka på länken. Då är ansökan klar." in thanks


def test_the_honeypot_answers_in_easy_swedish_too(client, programme):
    response = client.post(_apply_url(programme), {**VALID, "webbplats": "https://spam.example"})
    assert response["Location"] == "/medverka/bidrag/tack/?lang=lattsvenska"
    assert not Application.objects.exists() and not mail.outbox


def test_the_list_in_easy_swedish_links_to_the_easy_form(client, programme):
    text = client.get("/medverka/bidrag/?lang=lattsvenska").content.decode()
    assert "Pengar till föreningar" in text and "Vem kan få bidraget?" in text
    assert f"{_apply_url(programme)}" in text
