"""The staff's volunteer pages per role (handläggare of the integration unit 200, SFI/social services 403, another
municipality 404), the review, a wish with its ranked proposals, a match from consent to follow-up and end."""

import pytest
from django.core.exceptions import ValidationError

from etablera.access.models import AuditEvent
from etablera.organisation.models import Unit
from etablera.testing.factories import UserFactory
from etablera.transitions import StateConflict
from etablera.volunteers import services
from etablera.volunteers.models import Match, NewcomerWish, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def soc(units):
    return UserFactory.with_role("soc", units[Unit.Function.SOCIAL_SERVICES])


def test_the_list_per_role(signed_in, make_volunteer, alice, bob, soc, charlie, client):
    vera = make_volunteer()
    page = signed_in(alice).get("/civilsamhallet/volontarer/")
    assert page.status_code == 200 and "Vera Volontär" in page.content.decode()
    for user in (bob, soc):
        client.force_login(user)
        assert client.get("/civilsamhallet/volontarer/").status_code == 403
    client.force_login(charlie)
    assert "Vera" not in client.get("/civilsamhallet/volontarer/").content.decode()
    assert client.get(f"/civilsamhallet/volontarer/{vera.public_id}/").status_code == 404
    client.logout()
    assert client.get("/civilsamhallet/volontarer/").status_code == 302


def test_filters_and_csv(signed_in, make_volunteer, alice):
    make_volunteer(name="Arabisk Vän", email="a@example.org", languages=",ar,")
    make_volunteer(name="Tigrinja Förare", email="t@example.org", languages=",ti,", offers=",DRIVING,")
    client = signed_in(alice)
    html = client.get("/civilsamhallet/volontarer/?language=ti").content.decode()
    assert "Tigrinja Förare" in html and "Arabisk Vän" not in html
    html = client.get("/civilsamhallet/volontarer/?offer=LANGUAGE_FRIEND").content.decode()
    assert "Arabisk Vän" in html and "Tigrinja Förare" not in html
    csv = client.get("/civilsamhallet/volontarer/?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Tigrinja Förare;t@example.org" in csv.content.decode()
    assert AuditEvent.objects.filter(action="EXPORT", object_type="Volunteer").exists()


def test_review_approve_and_reject_with_note(signed_in, make_volunteer, alice):
    vera = make_volunteer(status=Volunteer.Status.CONFIRMED)
    client = signed_in(alice)
    url = f"/civilsamhallet/volontarer/{vera.public_id}/"
    response = client.post(url, {"decision": "reject", "note": ""})
    assert "Skriv varför volontären inte godkänns." in response.content.decode()
    response = client.post(
        url, {"decision": "approve", "background_check_note": "Utdrag visat 2026-12-01"}, follow=True
    )
    assert "Granskningen är sparad." in response.content.decode()
    vera.refresh_from_db()
    assert (
        vera.status == Volunteer.Status.APPROVED and vera.background_check_note == "Utdrag visat 2026-12-01"
    )
    assert AuditEvent.objects.filter(object_type="Volunteer", action="UPDATE").exists()
    with pytest.raises(StateConflict, match="redan"):
        services.review(actor=alice, volunteer=vera, approve=True)


def test_an_unconfirmed_volunteer_cannot_be_reviewed(make_volunteer, alice):
    vera = make_volunteer(status=Volunteer.Status.UNCONFIRMED)
    with pytest.raises(StateConflict, match="kan inte granskas"):
        services.review(actor=alice, volunteer=vera, approve=True)


def test_a_wish_its_proposals_and_a_match_through_to_its_end(signed_in, make_volunteer, alice, family, today):
    make_volunteer(name="Ali Språkvän", email="ali@example.org", languages=",ar,", area="Brandholmen")
    make_volunteer(name="Sven Svensktalande", email="sven@example.org", languages=",sv,", area="Centrum")
    person = family.members.order_by("birth_date").first()
    client = signed_in(alice)
    new = client.get(f"/civilsamhallet/volontarer/onskemal/ny/?person={person.public_id}")
    assert new.status_code == 200 and person.first_name in new.content.decode()
    assert AuditEvent.objects.filter(action="VIEW", person_public_id=person.public_id).exists()
    response = client.post(
        "/civilsamhallet/volontarer/onskemal/ny/",
        {
            "person": person.public_id,
            "kind": "FAMILY",
            "offers": ["LANGUAGE_FRIEND"],
            "languages": ["ar"],
            "area": "Brandholmen",
            "consent_given_by": "Personen själv",
            "consent_method": "ORAL",
            "consent_date": today.isoformat(),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Önskan är registrerad." in html
    assert html.index("Ali Språkvän") < html.index("Sven Svensktalande")
    assert "Gemensamma språk: arabiska (+20)" in html and "Samma område: Brandholmen (+20)" in html
    wish = NewcomerWish.objects.get()
    ali = Volunteer.objects.get(name="Ali Språkvän")
    response = client.post(
        f"/civilsamhallet/matchningar/onskan/{wish.public_id}/", {"volunteer": ali.public_id}, follow=True
    )
    match = Match.objects.get()
    assert "Registrera den nyanländes samtycke" in response.content.decode()
    base = f"/civilsamhallet/matchningar/{match.public_id}/"
    response = client.post(base + "start/", {"date": today.isoformat()}, follow=True)
    assert "samtycke till att dela kontaktuppgifter" in response.content.decode()
    client.post(base + "consent/", {"given_by": "Personen själv", "date": today.isoformat()})
    client.post(base + "start/", {"date": today.isoformat()})
    client.post(
        base + "follow_up/", {"date": today.isoformat(), "outcome": "MET", "note": "Fika på biblioteket"}
    )
    html = client.get(base).content.decode()
    assert "Fika på biblioteket" in html and "Pågår" in html
    client.post(base + "end/", {"date": today.isoformat(), "reason": "COMPLETED", "note": ""})
    match.refresh_from_db()
    wish.refresh_from_db()
    assert match.status == Match.Status.ENDED and match.end_reason == "COMPLETED"
    assert wish.status == NewcomerWish.Status.WAITING
    report = client.get("/civilsamhallet/volontarer/rapport/").content.decode()
    assert "Klar – målet nått" in report and "arabiska" in report


def test_a_wish_for_a_person_the_user_may_not_see_is_404(signed_in, charlie, family):
    person = family.members.first()
    response = signed_in(charlie).get(f"/civilsamhallet/volontarer/onskemal/ny/?person={person.public_id}")
    assert response.status_code == 404


def test_a_wish_needs_an_offer(alice, family, today):
    with pytest.raises(ValidationError):
        services.register_wish(
            actor=alice,
            person=family.members.first(),
            kind="INDIVIDUAL",
            languages=[],
            offers=[],
            consent_given_by="X",
            consent_method="ORAL",
            consent_date=today,
        )
