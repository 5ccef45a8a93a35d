"""The public application: validation at the field, the honeypot, the rate limit, huge input, the e-mail with the
reference and the confirmation link (GET shows a button, POST confirms), the report back by the decision's link, and
that nothing from the register is shown — an invalid link gets one plain page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from etablera.grants.models import Application, GrantProgramme
from etablera.grants.tests.conftest import ORGNR, link_in
from etablera.grants.tokens import token_hash

pytestmark = pytest.mark.django_db


def _post(client, programme, **changes):
    data = {
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
    data.update(changes)
    return client.post(f"/medverka/bidrag/{programme.public_id}/", data)


def test_it_lists_only_open_programmes_with_name_criteria_and_period(client, programme, nykoping, today):
    GrantProgramme.objects.create(
        municipality=nykoping, name="Utkastbidraget", criteria="x", budget=1, opens_on=today, closes_on=today
    )
    response = client.get("/medverka/bidrag/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Integrationsbidraget 2026" in text and "Verksamhet där nyanlända" in text
    assert "Utkastbidraget" not in text
    assert "50000" not in text  # the budget is not shown
    assert "Logga ut" not in text and "Huvudmeny" not in text


def test_it_takes_an_application_links_the_register_and_sends_the_reference(client, programme, association):
    response = _post(client, programme)
    assert response.status_code == 302 and response["Location"] == "/medverka/bidrag/tack/"
    application = Application.objects.get()
    assert application.reference.startswith("BID-") and application.reference.endswith("-0001")
    assert application.organisation_number == ORGNR
    assert application.association == association
    assert application.answers == {"malgrupp": "Tjejer 10–15 år"}
    assert application.confirmed_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kim@example.se"]
    assert application.reference in mail.outbox[0].body
    # The token is in the link, not in the database.
    path = link_in(mail.outbox[0].body, "bekrafta")
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert application.confirm_token_hash == token_hash(token) and token not in application.confirm_token_hash


def test_the_second_application_gets_the_next_number(client, programme):
    _post(client, programme)
    _post(client, programme, association_name="Läsfrämjandet")
    assert sorted(Application.objects.values_list("reference", flat=True))[-1].endswith("-0002")


def test_confirmation_shows_a_button_and_confirms_on_post(client, programme):
    _post(client, programme)
    path = link_in(mail.outbox[0].body, "bekrafta")
    page = client.get(path)
    assert page.status_code == 200 and "Bekräfta ansökan" in page.content.decode()
    assert Application.objects.get().confirmed_at is None  # a mail scanner's GET confirms nothing
    done = client.post(path)
    assert done.status_code == 200 and "är bekräftad" in done.content.decode()
    assert Application.objects.get().confirmed_at is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation_number", "802000-1235", "kontrollsiffran är fel"),
        ("organisation_number", "12", "tio siffror"),
        ("contact_email", "inte-en-adress", "namn@exempel.se"),
        ("amount_applied", "tolv", "hela kronor"),
        ("amount_applied", "0", ""),
        ("description", "", "Detta fält måste fyllas i"),
        ("extra_malgrupp", "", "Detta fält måste fyllas i"),
        ("extra_malgrupp", "x" * 51, "51"),
    ],
)
def test_bad_input_gets_a_swedish_error_at_the_field(client, programme, field, value, message):
    response = _post(client, programme, **{field: value})
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors.get(field), form.errors
    assert message in " ".join(form.errors[field])
    assert not Application.objects.exists() and not mail.outbox


def test_the_honeypot_pretends_and_saves_nothing(client, programme):
    response = _post(client, programme, webbplats="http://spam.example")
    assert response.status_code == 302 and response["Location"] == "/medverka/bidrag/tack/"
    assert not Application.objects.exists() and not mail.outbox


def test_the_rate_limit_stops_the_sixth_post(client, programme):
    for number in range(5):
        assert _post(client, programme, association_name=f"Förening {number}").status_code == 302
    response = _post(client, programme, association_name="Förening 6")
    assert response.status_code == 429
    assert "många ansökningar" in response.content.decode()
    assert Application.objects.count() == 5


def test_huge_input_is_a_documented_error_not_a_crash(client, programme):
    response = _post(client, programme, description="x" * 5000, association_name="y" * 300)
    assert response.status_code == 422
    errors = response.context["form"].errors
    # Django's own Swedish message, at the field: "Säkerställ att detta värde har som mest 4000 tecken (den har 5000)."
    assert "4000 tecken" in errors["description"][0] and "200 tecken" in errors["association_name"][0]
    assert "4000 tecken" in response.content.decode()
    very_large = _post(client, programme, description="x" * 3_000_000)
    assert very_large.status_code in (400, 413)
    assert not Application.objects.exists()


def test_a_closed_or_unknown_programme_is_not_found(client, programme):
    programme.status = GrantProgramme.Status.CLOSED
    programme.save()
    assert client.get(f"/medverka/bidrag/{programme.public_id}/").status_code == 404
    assert _post(client, programme).status_code == 404


def test_a_programme_past_its_closing_day_takes_nothing(client, programme, today):
    programme.closes_on = today - dt.timedelta(days=1)
    programme.opens_on = today - dt.timedelta(days=10)
    programme.save()
    assert _post(client, programme).status_code == 404


def test_an_invalid_link_reveals_nothing(client, make_application):
    make_application(confirm_token_hash=token_hash("rätt"))
    for path in ("/medverka/bidrag/bekrafta/fel/", "/medverka/bidrag/aterrapport/fel/"):
        response = client.get(path)
        text = response.content.decode()
        assert response.status_code == 404
        assert "Länken fungerar inte" in text
        assert "Förening" not in text and "BID-" not in text
    assert client.post("/medverka/bidrag/bekrafta/fel/").status_code == 404


def test_the_public_pages_speak_english(programme):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    response = client.get("/medverka/bidrag/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_the_report_back_by_link_fills_the_table(client, make_application, today):
    application = make_application(
        status=Application.Status.PAID,
        amount_granted=8000,
        report_deadline=today + dt.timedelta(days=30),
        report_token_hash=token_hash("aterrapport-token"),
    )
    page = client.get("/medverka/bidrag/aterrapport/aterrapport-token/")
    assert page.status_code == 200 and application.reference in page.content.decode()
    bad = client.post(
        "/medverka/bidrag/aterrapport/aterrapport-token/", {"report_text": "", "report_money_used": "x"}
    )
    assert bad.status_code == 422 and bad.context["form"].errors["report_money_used"]
    response = client.post(
        "/medverka/bidrag/aterrapport/aterrapport-token/",
        {"report_text": "Tolv träningar.", "report_money_used": "7500", "p_women_1": "6", "p_men_1": "4"},
    )
    assert response.status_code == 200 and "Tack för återrapporten" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.REPORTED
    assert application.report_participants["women"]["13–17"] == 6 and application.participant_total() == 10
    assert application.report_token_hash == ""  # the link has done its work
    assert client.get("/medverka/bidrag/aterrapport/aterrapport-token/").status_code == 404


def test_the_forms_with_errors_bring_the_script_that_moves_focus_to_the_summary(client, programme):
    # public_base.html loads no script; the house script (focus to the error summary) comes with these pages.
    text = _post(client, programme, association_name="").content.decode()
    assert (
        'src="/static/etablera/etablera.js"' in text
        and 'class="error-summary" role="alert" tabindex="-1"' in text
    )
