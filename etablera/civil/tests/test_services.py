"""The register's services (issue #17): each validation message, the permission, the audit event, the state
changes that lock their row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.activity.models import Activity
from etablera.civil.conftest import ORGNR
from etablera.civil.models import Association, ContactPerson, FollowUp
from etablera.civil.services import activities, agreements, associations, contacts, network
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db


def errors_of(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as raised:
        call(**kwargs)
    return raised.value.message_dict


def test_it_adds_an_association_with_the_number_formatted_and_logs_it(alice, nykoping):
    club = associations.create_association(
        actor=alice,
        municipality=nykoping,
        name=" Kvinnoföreningen ",
        kind="ASSOCIATION",
        organisation_number="8020021005",
        phone="0155-24 50 00",
        website="kvinnor.example.se",
    )
    assert club.name == "Kvinnoföreningen"
    assert club.organisation_number == "802002-1005"
    assert club.phone == "+46155245000" and club.website == "https://kvinnor.example.se"
    event = AuditEvent.objects.get(object_type="Association", object_id=str(club.public_id))
    assert event.action == AuditEvent.Action.CREATE and event.summary == "Förening tillagd i registret"
    assert event.municipality_code == "0480"


def test_it_refuses_a_bad_organisation_number_at_the_field(alice, nykoping):
    bad_check = errors_of(
        associations.create_association,
        actor=alice,
        municipality=nykoping,
        name="X",
        kind="SPORTS",
        organisation_number="802000-1234",
    )
    assert bad_check == {
        "organisation_number": [
            "Organisationsnumret stämmer inte: kontrollsiffran är fel. Kontrollera numret."
        ]
    }
    too_short = errors_of(
        associations.create_association,
        actor=alice,
        municipality=nykoping,
        name="X",
        kind="SPORTS",
        organisation_number="12345",
    )
    assert too_short["organisation_number"] == [
        "Organisationsnumret ska ha tio siffror, till exempel 556036-0793."
    ]
    assert not Association.objects.exists()


def test_it_allows_an_actor_without_a_number_and_refuses_a_number_twice(alice, nykoping, association):
    library = associations.create_association(
        actor=alice, municipality=nykoping, name="Biblioteket", kind="LIBRARY"
    )
    assert library.organisation_number == ""
    twice = errors_of(
        associations.create_association,
        actor=alice,
        municipality=nykoping,
        name="Kopia",
        kind="SPORTS",
        organisation_number=ORGNR.replace("-", ""),
    )
    assert twice["organisation_number"] == [f"Föreningen finns redan i registret: Nyköpings IF ({ORGNR})."]


def test_each_message_of_an_association(alice, nykoping):
    found = errors_of(
        associations.create_association,
        actor=alice,
        municipality=nykoping,
        name="",
        kind="CLUB",
        email="inte-en-adress",
        phone="12",
        website="http://",
    )
    assert found == {
        "name": ["Ange föreningens eller aktörens namn."],
        "kind": ["Välj slag av förening eller aktör."],
        "email": ["Ange en giltig e-postadress, till exempel namn@exempel.se."],
        "phone": ["Telefonnumret finns inte. Kontrollera riktnummer och antal siffror."],
        "website": ["Ange en webbadress, till exempel https://exempel.se."],
    }
    too_long = errors_of(
        associations.create_association, actor=alice, municipality=nykoping, name="n" * 201, kind="SPORTS"
    )
    assert too_long == {"name": ["Högst 200 tecken."]}


def test_only_those_who_work_with_civil_society_keep_the_register(
    bob, sigrid, charlie, nykoping, association
):
    for outsider in (bob, sigrid, charlie):
        with pytest.raises(PermissionDenied, match="integrationsenheten och kultur och fritid"):
            associations.create_association(actor=outsider, municipality=nykoping, name="X", kind="SPORTS")
        with pytest.raises(PermissionDenied):
            contacts.add_contact(actor=outsider, association=association, name="X", phone="0701234567")


def test_an_update_logs_the_changes(alice, association):
    associations.update_association(actor=alice, association=association, description="Fotboll och innebandy")
    event = AuditEvent.objects.filter(summary="Föreningen ändrad").get()
    assert event.changes == {"description": {"before": "", "after": "Fotboll och innebandy"}}


def test_leaving_the_network_is_a_state_change_refused_twice(alice, association, today):
    associations.leave_network(actor=alice, association=association)
    association.refresh_from_db()
    assert association.active is False and association.left_on == today
    with pytest.raises(StateConflict, match="Föreningen har redan lämnat nätverket."):
        associations.leave_network(actor=alice, association=association)
    associations.rejoin_network(actor=alice, association=association)
    association.refresh_from_db()
    assert association.active and association.left_on is None
    with pytest.raises(StateConflict, match="Föreningen är redan med i nätverket."):
        associations.rejoin_network(actor=alice, association=association)


def test_a_contact_needs_a_name_and_a_way_to_reach_them(alice, association):
    assert errors_of(contacts.add_contact, actor=alice, association=association, name="", role="Kassör") == {
        "name": ["Ange kontaktpersonens namn."],
        "phone": ["Ange telefon eller e-post, så att kontaktpersonen går att nå."],
    }
    assert errors_of(
        contacts.add_contact, actor=alice, association=association, name="A", email="a@", phone="x"
    ) == {
        "email": ["Ange en giltig e-postadress, till exempel namn@exempel.se."],
        "phone": ["Ange ett telefonnummer, till exempel 070-123 45 67 eller +46 70 123 45 67."],
    }
    contact = contacts.add_contact(
        actor=alice, association=association, name="Ali Kassör", email="ali@example.se"
    )
    event = AuditEvent.objects.filter(summary="Kontaktperson tillagd").order_by("pk").last()
    assert event.object_id == str(association.public_id) and event.changes == {"contact": "Ali Kassör"}
    contacts.remove_contact(actor=alice, contact=contact)
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    assert AuditEvent.objects.filter(
        summary="Kontaktperson borttagen", changes={"contact": "Ali Kassör"}
    ).exists()


def test_an_offer_checks_its_kind_and_languages(alice, association):
    assert errors_of(
        contacts.add_offer, actor=alice, association=association, kind="", languages="ar, xx"
    ) == {
        "kind": ["Välj vad föreningen erbjuder."],
        "languages": [
            "Okänd språkkod: xx. Ange språken som tvåbokstavskoder enligt ISO 639-1, till exempel ar, so, ti, en."
        ],
    }
    offer = contacts.add_offer(
        actor=alice, association=association, kind="HOMEWORK", languages=["TI", "ar", "ti"]
    )
    assert offer.languages == ["ti", "ar"]


def test_an_agreement_has_a_kind_and_a_period_that_does_not_end_before_it_starts(alice, association, today):
    assert errors_of(agreements.add_agreement, actor=alice, association=association, kind="") == {
        "kind": ["Välj slag av överenskommelse."],
        "starts_on": ["Ange från vilket datum överenskommelsen gäller."],
        "ends_on": ["Ange till vilket datum överenskommelsen gäller."],
    }
    assert errors_of(
        agreements.add_agreement,
        actor=alice,
        association=association,
        kind="IOP",
        starts_on=today,
        ends_on=today - dt.timedelta(days=1),
    ) == {"ends_on": ["Slutdatumet kan inte vara före startdatumet."]}
    agreement = agreements.add_agreement(
        actor=alice,
        association=association,
        kind="IOP",
        starts_on=today,
        ends_on=today.replace(year=today.year + 2),
        document_reference="KS 2026/123",
    )
    assert agreement.created_by == alice
    event = AuditEvent.objects.get(summary="Överenskommelse tillagd")
    assert event.changes["kind"] == "IOP" and event.changes["document_reference"] == "KS 2026/123"


def test_a_meeting_checks_date_place_and_attendance(alice, nykoping, enkoping, association):
    other = Association.objects.create(municipality=enkoping, name="Enköpings SK", kind="SPORTS")
    assert errors_of(
        network.create_meeting, actor=alice, municipality=nykoping, place="", attending=[other]
    ) == {
        "place": ["Ange var mötet hölls."],
        "held_on": ["Ange mötets datum."],
        "attending": ["Välj föreningar i kommunens register."],
    }


def test_a_follow_up_is_marked_done_once(alice, carol, meeting, today):
    follow_up = meeting.follow_ups.get()
    assert errors_of(network.add_follow_up, actor=alice, meeting=meeting, text="", responsible="") == {
        "text": ["Ange vad som ska göras."],
        "responsible": ["Ange vem som är ansvarig."],
    }
    network.complete_follow_up(actor=alice, follow_up=follow_up)
    follow_up.refresh_from_db()
    assert follow_up.done_on == today and follow_up.done_by == alice
    stale = FollowUp.objects.get(pk=follow_up.pk)
    stale.done_on = None  # what a second user's page still showed
    with pytest.raises(StateConflict, match="Uppföljningen är redan klarmarkerad av Alice"):
        network.complete_follow_up(actor=carol, follow_up=stale)
    assert (
        AuditEvent.objects.filter(summary="Uppföljning klar", object_id=str(meeting.public_id)).count() == 1
    )


def test_an_association_activity_joins_the_catalogue_through_its_service(alice, association, today):
    link = activities.create_association_activity(
        actor=alice,
        association=association,
        name="Fotboll för nyanlända",
        place="Rosvalla",
        schedule="tis 17–19",
        hours_per_week=2,
        places=25,
        languages="ar, so",
        starts_on=today,
    )
    activity = link.activity
    assert activity.kind == Activity.Kind.ASSOCIATION and activity.organiser == "Nyköpings IF"
    assert activity.languages == ["ar", "so"] and activity.places == 25
    assert AuditEvent.objects.filter(object_type="Activity", summary="Aktivitet tillagd i katalogen").exists()
    assert AuditEvent.objects.filter(
        object_id=str(association.public_id), summary="Föreningens aktivitet tillagd i aktivitetskatalogen"
    ).exists()
    found = errors_of(
        activities.create_association_activity,
        actor=alice,
        association=association,
        name="",
        place="",
        schedule="",
        hours_per_week=None,
        places=None,
        starts_on=None,
    )
    assert found["name"] == ["Ange aktivitetens namn."] and found["places"] == ["Ange antal platser."]
