"""Changing a network meeting and an association's contact person after they were made (issue #17): the pages'
forms filled in, the same limits and Swedish errors at the field as when adding, who may (alice and carol: 200;
bob of SFI: 403; charlie of Enköping: 404), the row locked and a contact removed meanwhile refused, the "Ändra"
links, the read and the change logged."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.access.models import AuditEvent
from etablera.civil.models import Association, ContactPerson
from etablera.civil.services import associations as association_services
from etablera.civil.services import contacts
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db


def _contact(association) -> ContactPerson:
    return association.contacts.get(name="Kerstin Ledare")


def _contact_url(association) -> str:
    return f"/civilsamhallet/foreningar/{association.public_id}/kontakter/{_contact(association).pk}/andra/"


def _meeting_url(meeting) -> str:
    return f"/civilsamhallet/natverk/{meeting.public_id}/andra/"


def test_the_pages_link_to_the_edit_forms(signed_in, alice, association, meeting):
    client = signed_in(alice)
    body = client.get(f"/civilsamhallet/foreningar/{association.public_id}/").content.decode()
    assert _contact_url(association) in body
    body = client.get(f"/civilsamhallet/natverk/{meeting.public_id}/").content.decode()
    assert _meeting_url(meeting) in body


def test_the_meeting_form_is_filled_in_and_saves_the_change(signed_in, alice, nykoping, association, meeting):
    church = association_services.create_association(
        actor=alice, municipality=nykoping, name="Svenska kyrkan", kind="FAITH"
    )
    client = signed_in(alice)
    form = client.get(_meeting_url(meeting)).content.decode()
    assert 'value="Stadsbiblioteket"' in form and "Sommarlovets aktiviteter." in form
    assert meeting.held_on.isoformat() in form
    new_day = meeting.held_on - dt.timedelta(days=1)
    response = client.post(
        _meeting_url(meeting),
        {
            "held_on": new_day.isoformat(),
            "place": "Kulturhuset",
            "notes": "Flyttat.",
            "attending": [church.pk],
        },
    )
    assert (
        response.status_code == 302
        and response["Location"] == f"/civilsamhallet/natverk/{meeting.public_id}/"
    )
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.place, meeting.notes) == (new_day, "Kulturhuset", "Flyttat.")
    assert list(meeting.attending.all()) == [church]
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, summary="Nätverksmötet ändrat")
    assert event.actor == alice and event.changes["attending"]["before"] == ["Nyköpings IF"]
    assert "Nätverksmötet är ändrat." in client.get(response["Location"]).content.decode()


def test_an_association_that_left_the_network_stays_choosable_for_its_past_meeting(
    signed_in, alice, association, meeting
):
    association_services.leave_network(actor=alice, association=association)
    form = signed_in(alice).get(_meeting_url(meeting)).content.decode()
    assert "Nyköpings IF" in form and "checked" in form


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"place": ""}, "place", "Ange var mötet hölls."),
        ({"place": "x" * 201}, "place", "200 tecken"),
        ({"notes": "x" * 5001}, "notes", "5000 tecken"),
        ({"held_on": ""}, "held_on", "Ange mötets datum."),
        ({"held_on": "igår"}, "held_on", "datum"),
    ],
)
def test_the_meeting_form_shows_each_error_at_its_field(signed_in, alice, meeting, changes, field, message):
    data = {"held_on": meeting.held_on.isoformat(), "place": "Kulturhuset", "notes": "", **changes}
    response = signed_in(alice).post(_meeting_url(meeting), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in body and message in body
    meeting.refresh_from_db()
    assert meeting.place == "Stadsbiblioteket"


def test_the_contact_form_is_filled_in_and_saves_the_change(signed_in, alice, association):
    client = signed_in(alice)
    form = client.get(_contact_url(association)).content.decode()
    assert 'value="Kerstin Ledare"' in form and 'value="Ordförande"' in form and "+46701234567" in form
    read = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, summary="Föreningens kontaktperson")
    assert read.actor == alice and read.object_id == str(association.public_id)
    response = client.post(
        _contact_url(association),
        {"kontakt-name": "Kerstin Ledare", "kontakt-role": "Kassör", "kontakt-phone": "070-765 43 21"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/civilsamhallet/foreningar/{association.public_id}/#kontakter"
    contact = _contact(association)
    assert (contact.role, contact.phone) == ("Kassör", "+46707654321")
    change = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, summary="Kontaktperson ändrad")
    assert change.actor == alice and change.changes["role"] == {"before": "Ordförande", "after": "Kassör"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kontakt-name": ""}, "kontakt-name", "Ange kontaktpersonens namn."),
        ({"kontakt-name": "x" * 201}, "kontakt-name", "200 tecken"),
        ({"kontakt-phone": "", "kontakt-email": ""}, "kontakt-phone", "Ange telefon eller e-post"),
        ({"kontakt-email": "inte-en-adress"}, "kontakt-email", "Ange en giltig e-postadress"),
        ({"kontakt-phone": "123"}, "kontakt-phone", "telefon"),
    ],
)
def test_the_contact_form_shows_each_error_at_its_field(
    signed_in, alice, association, changes, field, message
):
    data = {"kontakt-name": "Kerstin Ledare", "kontakt-phone": "070-123 45 67", **changes}
    response = signed_in(alice).post(_contact_url(association), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in body and message.lower() in body.lower()
    assert _contact(association).phone == "+46701234567"


def test_who_may_change_them(signed_in, alice, bob, sigrid, charlie, carol, association, meeting):
    urls = (_contact_url(association), _meeting_url(meeting))
    for user, expected in ((alice, 200), (carol, 200), (bob, 403), (sigrid, 403), (charlie, 404)):
        client = signed_in(user)
        for url in urls:
            assert client.get(url).status_code == expected, (user, url)
    response = signed_in(charlie).post(_meeting_url(meeting), {"held_on": "2026-01-01", "place": "Enköping"})
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.place == "Stadsbiblioteket"


def test_a_contact_of_another_association_is_404(signed_in, alice, nykoping, association):
    other = association_services.create_association(
        actor=alice, municipality=nykoping, name="Läsfrämjarna", kind="ASSOCIATION"
    )
    url = f"/civilsamhallet/foreningar/{other.public_id}/kontakter/{_contact(association).pk}/andra/"
    assert signed_in(alice).get(url).status_code == 404


def test_a_contact_removed_meanwhile_is_refused(alice, association):
    contact = _contact(association)
    contacts.remove_contact(actor=alice, contact=_contact(association))
    with pytest.raises(StateConflict, match="Kontaktpersonen har tagits bort av någon annan."):
        contacts.update_contact(actor=alice, contact=contact, role="Kassör")
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    assert Association.objects.filter(pk=association.pk).exists()


def test_the_edit_pages_cost_a_fixed_number_of_queries(
    signed_in, alice, nykoping, association, meeting, django_assert_max_num_queries
):
    client = signed_in(alice)
    client.get("/civilsamhallet/")
    with django_assert_max_num_queries(14) as one:
        client.get(_meeting_url(meeting))
    for n in range(6):
        club = association_services.create_association(
            actor=alice, municipality=nykoping, name=f"Förening {n}", kind="ASSOCIATION"
        )
        meeting.attending.add(club)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(_meeting_url(meeting))
    with django_assert_max_num_queries(12):
        client.get(_contact_url(association))
