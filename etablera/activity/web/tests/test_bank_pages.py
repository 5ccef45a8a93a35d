"""The catalogue's and the praktikplatsbank's pages: what each user finds on them, the forms with their errors at the
fields, the offer that the matching posts, the answers and the state actions, and the CSV and Excel downloads."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages

from etablera.activity.models import Activity, Employer, Participation, Placement, PlacementOffer
from etablera.activity.services import placements as placement_services
from etablera.activity.tests.bank_fixtures import *  # noqa: F403
from etablera.people.models import Person, ProtectedIdentity


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _text(response) -> str:
    return response.content.decode()


# --- the catalogue ------------------------------------------------------------------------------------------------


def test_the_catalogue_shows_free_places_and_filters(signed_in, alice, activity, adult, today):
    Participation.objects.create(
        person=adult,
        municipality_id=activity.municipality_id,
        kind="ACTIVITY",
        activity=activity,
        hours_per_week=Decimal("2"),
        starts_on=today,
        unit=activity.unit,
    )
    client = signed_in(alice)
    text = _text(client.get("/aktiviteter/"))
    assert "Språkcafé på biblioteket" in text and "1 av 2" in text and 'aria-current="page"' in text
    assert "Språkcafé på biblioteket" not in _text(client.get("/aktiviteter/?slag=WORK_TRAINING"))
    assert "Språkcafé på biblioteket" in _text(client.get("/aktiviteter/?sprak=so"))
    assert "Språkcafé på biblioteket" not in _text(client.get("/aktiviteter/?sprak=ti"))


def test_alice_adds_an_activity_and_sees_errors_at_the_fields(signed_in, alice, nykoping, today):
    client = signed_in(alice)
    response = client.post(
        "/aktiviteter/",
        {
            "aktivitet-name": "Studiecirkel",
            "aktivitet-kind": "STUDY_CIRCLE",
            "aktivitet-hours_per_week": "50",
            "aktivitet-postcode": "12",
        },
    )
    text = _text(response)
    assert response.status_code == 200
    assert "högst 40" in text and "fem siffror" in text and "Ange var aktiviteten hålls." in text
    assert not Activity.objects.exists()
    response = client.post(
        "/aktiviteter/",
        {
            "aktivitet-name": "Studiecirkel",
            "aktivitet-kind": "STUDY_CIRCLE",
            "aktivitet-place": "ABF-huset",
            "aktivitet-schedule": "Torsdagar 18–20",
            "aktivitet-hours_per_week": "2,5",
            "aktivitet-places": "8",
            "aktivitet-languages": "ar, ti",
            "aktivitet-starts_on": today.isoformat(),
        },
    )
    activity = Activity.objects.get()
    assert response.url == f"/aktiviteter/{activity.public_id}/"
    assert (activity.hours_per_week, activity.languages) == (Decimal("2.5"), ["ar", "ti"])


def test_the_activity_page_and_who_changes_it(signed_in, alice, bob, activity):
    text = _text(signed_in(alice).get(f"/aktiviteter/{activity.public_id}/"))
    assert "Stadsbiblioteket" in text and "2 av 2" in text and "Inaktivera aktiviteten" in text
    client = signed_in(bob)
    text = _text(client.get(f"/aktiviteter/{activity.public_id}/"))
    assert "Stadsbiblioteket" in text and "Inaktivera aktiviteten" not in text
    assert client.post(f"/aktiviteter/{activity.public_id}/", {"action": "deactivate"}).status_code == 403
    response = signed_in(alice).post(f"/aktiviteter/{activity.public_id}/", {"action": "deactivate"})
    assert response.status_code == 302 and "Aktiviteten är inaktiverad." in _messages(response)
    activity.refresh_from_db()
    assert not activity.active


def test_charlie_sees_nothing_of_nykopings_catalogue(signed_in, charlie, activity):
    client = signed_in(charlie)
    assert "Språkcafé på biblioteket" not in _text(client.get("/aktiviteter/"))
    assert client.get(f"/aktiviteter/{activity.public_id}/").status_code == 404


# --- employers ----------------------------------------------------------------------------------------------------


def test_lars_adds_an_employer_and_a_duplicate_is_named(signed_in, lars, employer):
    client = signed_in(lars)
    response = client.post(
        "/arbete/arbetsgivare/",
        {"arbetsgivare-name": "Annat AB", "arbetsgivare-organisation_number": ORGNR},  # noqa: F405
    )
    assert "finns redan i praktikplatsbanken: Bageriet Exempel AB" in _text(response)
    response = client.post(
        "/arbete/arbetsgivare/",
        {"arbetsgivare-name": "Annat AB", "arbetsgivare-organisation_number": "5599000010"},
    )
    assert "kontrollsiffran är fel" in _text(response)
    response = client.post(
        "/arbete/arbetsgivare/",
        {"arbetsgivare-name": "Annat AB", "arbetsgivare-organisation_number": "559900 0022"},
    )
    other = Employer.objects.get(name="Annat AB")
    assert response.url == f"/arbete/arbetsgivare/{other.public_id}/" and other.organisation_number == ORGNR_2  # noqa: F405


def test_alice_reads_the_employers_but_may_not_write(signed_in, alice, employer):
    client = signed_in(alice)
    text = _text(client.get("/arbete/arbetsgivare/"))
    assert "Bageriet Exempel AB" in text and "Lägg till arbetsgivare" not in text
    assert "Berit Handledare" not in text
    page = _text(client.get(f"/arbete/arbetsgivare/{employer.public_id}/"))
    assert "559900-0014" in page and "Lägg till praktikplats" not in page
    response = client.post(
        "/arbete/arbetsgivare/",
        {"arbetsgivare-name": "X AB", "arbetsgivare-organisation_number": ORGNR_2},  # noqa: F405
    )
    assert response.status_code == 403
    response = client.post(
        f"/arbete/arbetsgivare/{employer.public_id}/", {"action": "contact", "kontakt-name": "K"}
    )
    assert response.status_code == 403


def test_charlie_and_stina_see_no_employer_of_nykoping(signed_in, charlie, stina, employer):
    client = signed_in(charlie)
    assert "Bageriet" not in _text(client.get("/arbete/arbetsgivare/"))
    assert client.get(f"/arbete/arbetsgivare/{employer.public_id}/").status_code == 404
    assert client.get("/arbete/praktikplatser/").status_code == 200
    assert signed_in(stina).get("/arbete/arbetsgivare/").status_code == 403


def test_the_employer_page_adds_contacts_and_placements(signed_in, lars, employer, supervisor, today):
    client = signed_in(lars)
    url = f"/arbete/arbetsgivare/{employer.public_id}/"
    text = _text(client.get(url))
    assert "Berit Handledare" in text and "+46701234567" in text
    response = client.post(url, {"action": "contact", "kontakt-name": "Kim", "kontakt-phone": "12"})
    assert "Telefonnumret finns inte" in _text(response)
    response = client.post(
        url,
        {
            "action": "placement",
            "praktik-title": "Kock",
            "praktik-ssyk": "51",
            "praktik-hours_per_week": "30",
        },
    )
    text = _text(response)
    assert "SSYK-koden ska ha fyra siffror" in text and "Ange startdatum." in text
    response = client.post(
        url,
        {
            "action": "placement",
            "praktik-title": "Kock",
            "praktik-ssyk": "5120",
            "praktik-tasks": "Laga lunch",
            "praktik-swedish_level": "BASIC",
            "praktik-starts_on": today.isoformat(),
            "praktik-ends_on": (today + dt.timedelta(days=30)).isoformat(),
            "praktik-hours_per_week": "25",
            "praktik-supervisor": str(supervisor.pk),
        },
    )
    placement = Placement.objects.get(title="Kock")
    assert response.url == f"/arbete/praktikplatser/{placement.public_id}/"
    assert placement.supervisor == supervisor and placement.state == "OPEN"


# --- placements ---------------------------------------------------------------------------------------------------


def test_the_placement_list_filters_and_downloads(signed_in, alice, placement, offered):
    client = signed_in(alice)
    text = _text(client.get("/arbete/praktikplatser/"))
    assert "Bagerilärling" in text and "Bageriet Exempel AB" in text and "Erbjuden" in text
    assert "Bagerilärling" not in _text(client.get("/arbete/praktikplatser/?status=FILLED"))
    assert "Bagerilärling" in _text(client.get("/arbete/praktikplatser/?ssyk=75"))
    assert "Bagerilärling" not in _text(client.get("/arbete/praktikplatser/?ssyk=5"))
    csv = client.get("/arbete/praktikplatser/?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and "Bagerilärling" in csv.content.decode()
    xlsx = client.get("/arbete/praktikplatser/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert "Bagerilärling" in [cell.value for cell in sheet[2]]


def test_the_matching_posts_an_offer(signed_in, alice, placement, adult):
    client = signed_in(alice)
    url = f"/arbete/praktikplatser/{placement.public_id}/erbjud/"
    explanation = json.dumps(["Har arbetat som bagare", ["Bor %(km)s km bort", {"km": 3}]])
    response = client.post(url, {"person": str(adult.public_id), "explanation": explanation})
    assert response.url == f"/arbete/praktikplatser/{placement.public_id}/"
    assert f"Praktikplatsen är erbjuden till {adult.full_name}." in _messages(response)
    offer = PlacementOffer.objects.get()
    assert offer.explanation == ["Har arbetat som bagare", ["Bor %(km)s km bort", {"km": 3}]]
    text = _text(client.get(f"/arbete/praktikplatser/{placement.public_id}/"))
    assert adult.full_name in text and "Bor 3 km bort" in text and "Tackade ja" in text
    response = client.post(url, {"person": str(adult.public_id)})
    assert any("redan erbjudits" in m for m in _messages(response))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"person": "inte-ett-id"}, "Välj en person som du har tillgång till."),
        ({"explanation": "{inte json"}, "kunde inte läsas"),
        ({"explanation": '{"a": 1}'}, "ska vara en JSON-lista"),
        ({"explanation": json.dumps([{"x": 1}])}, "lista med meddelanden"),
    ],
)
def test_a_bad_offer_is_refused_in_words(signed_in, alice, placement, adult, body, message):
    response = signed_in(alice).post(
        f"/arbete/praktikplatser/{placement.public_id}/erbjud/", {"person": str(adult.public_id), **body}
    )
    assert response.status_code == 302 and any(message in m for m in _messages(response))
    assert not PlacementOffer.objects.exists()


def test_the_answers_and_the_state_actions(signed_in, alice, lars, placement, offered, today):
    url = f"/arbete/praktikplatser/{placement.public_id}/"
    client = signed_in(alice)
    response = client.post(
        url, {"action": "decline", "offer": str(offered.public_id), "nej-decline_reason": ""}
    )
    assert "Skriv varför personen tackade nej." in _text(response)
    response = client.post(url, {"action": "accept", "offer": str(offered.public_id)})
    assert "Praktiken är inlagd i personens veckoplan." in " ".join(_messages(response))
    assert Participation.objects.filter(placement=placement, kind="PLACEMENT").count() == 1
    response = client.post(url, {"action": "accept", "offer": str(offered.public_id)})
    assert any("redan besvarat" in m for m in _messages(response))
    assert client.post(url, {"action": "end", "avsluta-outcome": "EMPLOYMENT"}).status_code == 403
    Placement.objects.filter(pk=placement.pk).update(starts_on=today - dt.timedelta(days=5))
    lars_client = signed_in(lars)
    text = _text(lars_client.get(url))
    assert "Avsluta praktiken" in text
    response = lars_client.post(url, {"action": "end", "avsluta-outcome": ""})
    assert "Välj vad praktiken ledde till" in _text(response)
    response = lars_client.post(url, {"action": "end", "avsluta-outcome": "STUDIES"})
    assert "Praktiken är avslutad." in _messages(response)
    response = lars_client.post(url, {"action": "follow_up", "uppfoljning-employer_follow_up": "Gick bra."})
    assert "Uppföljningen är sparad." in _messages(response)
    placement.refresh_from_db()
    assert (placement.state, placement.outcome, placement.employer_follow_up) == (
        "ENDED",
        "STUDIES",
        "Gick bra.",
    )
    response = lars_client.post(url, {"action": "withdraw"})
    assert any("kan inte återtas" in m for m in _messages(response))


def test_a_protected_participants_address_is_never_shown(signed_in, alice, lars, placement, adult):
    Person.objects.filter(pk=adult.pk).update(
        protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING,
        address_street="Skyddsstigen 13",
        address_postal_code="61199",
    )
    adult.refresh_from_db()
    offer = placement_services.offer_placement(alice, placement, adult)
    placement_services.accept_offer(actor=alice, offer=offer)
    for user in (alice, lars):
        client = signed_in(user)
        for url in (
            f"/arbete/praktikplatser/{placement.public_id}/",
            "/arbete/praktikplatser/",
            "/arbete/praktikplatser/?format=csv",
            f"/arbete/arbetsgivare/{placement.employer.public_id}/",
        ):
            content = client.get(url).content.decode()
            assert "Skyddsstigen" not in content and "61199" not in content, url


def test_charlie_may_not_offer_nykopings_placement(signed_in, charlie, placement, adult):
    client = signed_in(charlie)
    assert client.get(f"/arbete/praktikplatser/{placement.public_id}/").status_code == 404
    response = client.post(
        f"/arbete/praktikplatser/{placement.public_id}/erbjud/", {"person": str(adult.public_id)}
    )
    assert response.status_code == 404 and not PlacementOffer.objects.exists()


def test_the_placement_list_costs_the_same_for_many_rows(
    signed_in, alice, lars, employer, today, django_assert_max_num_queries
):
    client = signed_in(alice)
    for n in range(6):
        placement_services.create_placement(
            actor=lars,
            employer=employer,
            title=f"Plats {n}",
            ssyk="9111",
            tasks="Städ",
            starts_on=today,
            ends_on=today,
            hours_per_week=10,
        )
    client.get("/arbete/praktikplatser/")
    with django_assert_max_num_queries(15):
        assert "Plats 5" in _text(client.get("/arbete/praktikplatser/"))


def test_the_catalogue_and_the_employers_cost_the_same_for_many_rows(
    signed_in, alice, lars, nykoping, today, django_assert_max_num_queries
):
    from stdnum import luhn

    from etablera.activity.services import catalogue, employers
    from etablera.testing.factories import PersonFactory

    for n in range(5):
        activity = catalogue.create_activity(
            actor=alice,
            municipality=nykoping,
            name=f"Aktivitet {n}",
            kind="OTHER",
            place="Här",
            schedule="Ibland",
            hours_per_week=Decimal("3"),
            places=4,
            starts_on=today,
        )
        Participation.objects.create(
            person=PersonFactory(municipality=nykoping),
            municipality=nykoping,
            kind="ACTIVITY",
            activity=activity,
            hours_per_week=Decimal("3"),
            starts_on=today,
            unit=activity.unit,
        )
        employers.create_employer(
            actor=lars,
            municipality=nykoping,
            name=f"Arbetsgivare {n}",
            organisation_number=f"55990000{n}" + luhn.calc_check_digit(f"55990000{n}"),
        )
    client = signed_in(alice)
    client.get("/aktiviteter/")
    with django_assert_max_num_queries(12):
        text = _text(client.get("/aktiviteter/"))
    assert "Aktivitet 4" in text and "3 av 4" in text
    client.get("/arbete/arbetsgivare/")
    with django_assert_max_num_queries(12):
        assert "Arbetsgivare 4" in _text(client.get("/arbete/arbetsgivare/"))
