"""The public sign-up /medverka/ (issue #17): validation at the field in Swedish, the honeypot, the rate limit,
double opt-in through the e-mail's link, withdrawal, tokens, oversized input, answers that reveal nothing."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from etablera.volunteers import tokens
from etablera.volunteers.models import Match, Volunteer

pytestmark = pytest.mark.django_db

URL = "/medverka/"


def form(**changes):
    data = {
        "municipality": "0480",
        "name": "Sara Svensson",
        "email": "sara@example.org",
        "phone": "",
        "offers": ["LANGUAGE_FRIEND", "HOMEWORK"],
        "languages": ["sv", "ar"],
        "area": "Brandholmen",
        "availability": "Tisdagskvällar",
        "takes_families": "on",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def link(kind: str) -> str:
    body = mail.outbox[-1].body
    return re.search(rf"http://testserver(/medverka/{kind}/[^/\s]+/)", body).group(1)


def test_it_shows_the_form_and_the_consent_text_in_force(client, nykoping):
    response = client.get(URL + "?kommun=0480")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bli volontär eller språkvän" in html
    assert "dataskyddsförordningen art. 6.1 a" in html
    assert "Samtyckestext version 1." in html
    assert "Nyköping" in html  # the municipality's name in the header
    assert "Huvudmeny" not in html and "Logga ut" not in html  # no staff navigation


def test_it_shows_easy_swedish_and_english(client, nykoping):
    easy = client.get(URL + "?lang=lattsvenska").content.decode()
    assert "Vill du hjälpa någon som är ny i Sverige?" in easy
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    english = client.get(URL).content.decode()
    assert '<html lang="en">' in english
    assert "I consent to the municipality processing" in english


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Fyll i det här fältet."),
        ({"email": "inte-en-adress"}, "email", "Skriv en e-postadress, t.ex. namn@exempel.se."),
        ({"offers": None}, "offers", "Välj minst en sak du vill göra."),
        ({"languages": None}, "languages", "Välj minst ett språk."),
        ({"consent": None}, "consent", "Du behöver samtycka för att kunna anmäla dig."),
        ({"municipality": "9999"}, "municipality", "Välj kommun."),
        ({"name": "x" * 201}, "name", "som mest 200 tecken"),
    ],
)
def test_each_error_is_at_its_field_in_swedish(client, nykoping, changes, field, message):
    response = client.post(URL, form(**changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert Volunteer.objects.count() == 0 and not mail.outbox


def test_double_opt_in_from_the_outbox_link(client, nykoping):
    response = client.post(URL, form())
    assert "Vi har skickat ett e-postmeddelande" in response.content.decode()
    volunteer = Volunteer.objects.get()
    assert volunteer.status == Volunteer.Status.UNCONFIRMED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sara@example.org"]
    confirm = link("bekrafta")
    token = confirm.split("/")[-2]
    assert token not in (volunteer.confirm_token_hash, volunteer.withdraw_token_hash)  # only hashes stored
    assert volunteer.confirm_token_hash == tokens.digest(token)
    assert "/medverka/avsluta/" in mail.outbox[0].body  # the withdrawal link in every e-mail
    # A GET (a mail scanner) confirms nothing; the button's POST does.
    assert "Bekräfta" in client.get(confirm).content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.UNCONFIRMED
    assert "Din anmälan är bekräftad" in client.post(confirm).content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.CONFIRMED and volunteer.confirm_token_hash == ""
    # Used once: the link now says only that it does not work.
    again = client.get(confirm)
    assert again.status_code == 404 and "Länken fungerar inte" in again.content.decode()


def test_an_expired_or_guessed_token_reveals_nothing(client, nykoping):
    client.post(URL, form())
    confirm = link("bekrafta")
    Volunteer.objects.update(confirm_token_expires_at=timezone.now() - dt.timedelta(seconds=1))
    for url in (
        confirm,
        "/medverka/bekrafta/" + "A" * 43 + "/",
        "/medverka/avsluta/abc/",
        "/medverka/avsluta/" + "0" * 64 + "/",
    ):
        for method in (client.get, client.post):
            response = method(url)
            html = response.content.decode()
            assert response.status_code == 404
            assert "Länken fungerar inte" in html and "Sara" not in html and "sara@" not in html
    assert Volunteer.objects.get().status == Volunteer.Status.UNCONFIRMED


def test_withdrawal_erases_at_once_and_ends_the_matches(client, make_volunteer, nykoping):
    client.post(URL, form())
    client.post(link("bekrafta"))
    withdraw = link("avsluta")
    assert "Avsluta och radera mina uppgifter" in client.get(withdraw).content.decode()
    response = client.post(withdraw)
    assert "Dina uppgifter är raderade" in response.content.decode()
    volunteer = Volunteer.objects.get()
    assert volunteer.status == Volunteer.Status.WITHDRAWN
    assert volunteer.name == "Raderad" and "sara" not in volunteer.email and volunteer.area == ""
    assert volunteer.withdraw_token_hash == "" and volunteer.erased_at is not None
    assert client.post(withdraw).status_code == 404


def test_the_answer_is_the_same_for_a_known_address(client, nykoping):
    first = client.post(URL, form()).content.decode()
    client.post(link("bekrafta"))
    second = client.post(URL, form(name="Någon Annan")).content.decode()
    strip = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    assert strip(first) == strip(second)
    assert Volunteer.objects.count() == 1 and Volunteer.objects.get().name == "Sara Svensson"
    # The owner of the address is told, nobody else.
    assert mail.outbox[-1].to == ["sara@example.org"] and "redan anmäld" in mail.outbox[-1].body


def test_the_honeypot_stores_and_sends_nothing(client, nykoping):
    response = client.post(URL, form(website="http://spam.example"))
    assert "Tack för din anmälan" in response.content.decode()
    assert Volunteer.objects.count() == 0 and not mail.outbox


def test_the_rate_limit_per_address(client, nykoping):
    for n in range(5):
        assert client.post(URL, form(email=f"p{n}@example.org")).status_code == 200
    response = client.post(URL, form(email="p6@example.org"))
    assert response.status_code == 429 and "För många försök" in response.content.decode()
    assert Volunteer.objects.count() == 5


def test_an_oversized_body_is_the_documented_413(client, nykoping, settings):
    response = client.post(URL, form(availability="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)))
    assert response.status_code == 413
    assert "för stort" in response.content.decode()
    assert Volunteer.objects.count() == 0


def test_public_pages_hold_nothing_from_the_register(client, make_volunteer, family, nykoping):
    make_volunteer(name="Hemlig Volontär", email="hemlig@example.org")
    names = [p.first_name for p in family.members.all()]
    for url in (URL, URL + "?kommun=0480", URL + "?lang=lattsvenska"):
        html = client.get(url).content.decode()
        assert "Hemlig" not in html and "hemlig@" not in html
        assert not any(name in html for name in names)


def test_a_withdrawal_ends_a_running_match(client, make_volunteer, family, alice, today):
    from etablera.volunteers import services

    volunteer = make_volunteer()
    salt = tokens.new_salt()
    Volunteer.objects.filter(pk=volunteer.pk).update(
        withdraw_salt=salt, withdraw_token_hash=tokens.digest(tokens.withdraw_token(salt))
    )
    person = family.members.order_by("birth_date").first()
    wish = services.register_wish(
        actor=alice,
        person=person,
        kind="FAMILY",
        languages=["ar"],
        offers=["LANGUAGE_FRIEND"],
        consent_given_by="Personen själv",
        consent_method="ORAL",
        consent_date=today,
    )
    from etablera.volunteers.selectors import proposals

    volunteer.refresh_from_db()
    chosen = proposals(wish)[0]
    match = services.choose(actor=alice, wish=wish, volunteer=chosen[0], proposal=chosen[1])
    client.post(f"/medverka/avsluta/{tokens.withdraw_token(salt)}/")
    match.refresh_from_db()
    wish.refresh_from_db()
    assert match.status == Match.Status.ENDED and match.end_reason == Match.EndReason.WITHDRAWN
    assert wish.status == "WAITING"
