"""Gallring of volunteers (volunteers/gallring.py through access/gallring.py): unconfirmed after 30 days, inactive
after two years, ended matches' notes after two years; a newcomer's wish texts with the person; the extract."""

import datetime as dt

import pytest
from django.utils import timezone

from etablera.access import gallring
from etablera.access.extract.content import build_extract
from etablera.volunteers import gallring as volunteers_gallring
from etablera.volunteers import selectors, services
from etablera.volunteers.models import FollowUp, Match, Volunteer

pytestmark = pytest.mark.django_db


def _aged(volunteer, days):
    moment = timezone.now() - dt.timedelta(days=days)
    Volunteer.objects.filter(pk=volunteer.pk).update(
        created_at=moment, confirmed_at=moment, renewed_at=moment, reviewed_at=None
    )


def test_unconfirmed_go_after_30_days(make_volunteer, today):
    old = make_volunteer(email="old@example.org", status=Volunteer.Status.UNCONFIRMED)
    young = make_volunteer(email="young@example.org", status=Volunteer.Status.UNCONFIRMED)
    _aged(old, 31)
    _aged(young, 29)
    assert gallring.plan(today=today).volunteers["unconfirmed"] == 1
    gallring.execute(today=today)
    assert list(Volunteer.objects.values_list("email", flat=True)) == ["young@example.org"]


def test_inactive_volunteers_are_erased_after_two_years_unless_matched(make_volunteer, alice, family, today):
    idle = make_volunteer(name="Idle Isak", email="idle@example.org")
    busy = make_volunteer(name="Busy Berit", email="busy@example.org")
    recent = make_volunteer(name="Ny Nina", email="ny@example.org")
    _aged(idle, 800)
    _aged(busy, 800)
    _aged(recent, 300)
    wish = services.register_wish(
        actor=alice,
        person=family.members.first(),
        kind="INDIVIDUAL",
        languages=["ar"],
        offers=["LANGUAGE_FRIEND"],
        consent_given_by="Själv",
        consent_method="ORAL",
        consent_date=today,
    )
    volunteer, proposal = next((v, p) for v, p in selectors.proposals(wish) if v.pk == busy.pk)
    services.choose(actor=alice, wish=wish, volunteer=volunteer, proposal=proposal)
    assert volunteers_gallring.plan(today)["inactive"] == 1
    gallring.execute(today=today)
    idle.refresh_from_db()
    assert (
        idle.name == "Raderad"
        and idle.email.endswith("@invalid")
        and idle.status == Volunteer.Status.WITHDRAWN
    )
    assert Volunteer.objects.get(pk=busy.pk).name == "Busy Berit"
    assert Volunteer.objects.get(pk=recent.pk).name == "Ny Nina"


def test_an_ended_matchs_notes_go_after_two_years(make_volunteer, alice, family, today):
    make_volunteer()
    wish = services.register_wish(
        actor=alice,
        person=family.members.first(),
        kind="INDIVIDUAL",
        languages=["ar"],
        offers=["LANGUAGE_FRIEND"],
        consent_given_by="Själv",
        consent_method="ORAL",
        consent_date=today,
    )
    volunteer, proposal = selectors.proposals(wish)[0]
    match = services.choose(actor=alice, wish=wish, volunteer=volunteer, proposal=proposal)
    services.record_contact_consent(actor=alice, match=match, given_by="Själv", date=today)
    services.start(actor=alice, match=match, date=today)
    services.add_follow_up(
        actor=alice, match=match, date=today, outcome="MET", note="Träffades på biblioteket"
    )
    services.end(actor=alice, match=match, reason="COMPLETED", note="Gick bra", date=today)
    assert volunteers_gallring.plan(today)["match_notes"] == 0
    later = today + dt.timedelta(days=2 * 366)
    assert volunteers_gallring.plan(later)["match_notes"] == 1
    volunteers_gallring.execute(later)
    match.refresh_from_db()
    assert match.end_note == "" and match.end_reason == "COMPLETED"
    assert FollowUp.objects.get().note == ""


def test_the_wish_is_in_the_persons_register_extract(make_volunteer, alice, family, today):
    make_volunteer(name="Vera Volontär")
    person = family.members.first()
    wish = services.register_wish(
        actor=alice,
        person=person,
        kind="FAMILY",
        languages=["ar"],
        offers=["LANGUAGE_FRIEND"],
        consent_given_by="Personen själv",
        consent_method="WRITTEN",
        consent_date=today,
    )
    volunteer, proposal = selectors.proposals(wish)[0]
    services.choose(actor=alice, wish=wish, volunteer=volunteer, proposal=proposal)
    data = build_extract(person)["volunteers"]
    assert data[0]["offers"] == "Språkvän" and data[0]["consent"]["method"] == "Skriftligt"
    assert data[0]["matches"][0]["volunteer"] == "Vera"  # first name only
    assert Match.objects.count() == 1


def test_the_commands_text_prints_the_counts_of_civil_society(make_volunteer, alice, association_for_text):
    """`etablera gallring` in text, as its JSON has them: grants, volunteers and the associations' contacts."""
    import io
    import json

    from django.core.management import call_command

    old = make_volunteer(email="old@example.org", status=Volunteer.Status.UNCONFIRMED)
    _aged(old, 31)
    idle = make_volunteer(name="Idle Isak", email="idle@example.org", status=Volunteer.Status.INACTIVE)
    _aged(idle, 800)
    out = io.StringIO()
    call_command("gallring", "--dry-run", stdout=out)
    text = out.getvalue()
    for line in (
        "Bidragsansökningar som aldrig bekräftades och raderas: 0",
        "Avslagna eller återkallade bidragsansökningar vars kontaktperson tas bort: 0",
        "Beviljade bidragsansökningar vars kontaktpersons e-post och telefon tas bort: 0",
        "Obekräftade anmälningar som volontär som raderas: 1",
        "Avslutade volontärer vars uppgifter raderas: 0",
        "Inaktiva volontärer vars uppgifter raderas: 1",
        "Avslutade matchningar vars anteckningar töms: 0",
        "Föreningars kontaktpersoner som raderas: 1",
    ):
        assert line in text, line
    assert "Ingenting att gallra." not in text and "Idle" not in text
    out = io.StringIO()
    call_command("gallring", "--dry-run", "--format", "json", stdout=out)
    counts = json.loads(out.getvalue())["counts"]
    assert counts["volunteers"]["unconfirmed"] == 1 and counts["volunteers"]["inactive"] == 1
    assert counts["civil"]["contacts"] == 1
    out = io.StringIO()
    call_command("gallring", "--execute", stdout=out)
    text = out.getvalue()
    assert "Obekräftade anmälningar som volontär som raderades: 1" in text
    assert "Inaktiva volontärer vars uppgifter raderades: 1" in text
    assert "Avslutade matchningar vars anteckningar tömdes: 0" in text
    out = io.StringIO()
    call_command("gallring", "--dry-run", stdout=out)
    assert "Inaktiva volontärer vars uppgifter raderas: 0" in out.getvalue()
    assert "Ingenting att gallra." in out.getvalue()


@pytest.fixture
def association_for_text(alice, nykoping):
    """An association that left the network three years ago, with one contact person due for gallring."""
    from etablera.civil.services import associations, contacts

    club = associations.create_association(actor=alice, municipality=nykoping, name="Gamla IF", kind="SPORTS")
    contacts.add_contact(actor=alice, association=club, name="Kim Kontakt", email="kim@example.org")
    associations.leave_network(
        actor=alice, association=club, on=timezone.localdate() - dt.timedelta(days=3 * 366)
    )
    return club
