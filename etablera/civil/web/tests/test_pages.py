"""The register's pages (issue #17): who gets them (alice of the integration unit and carol the administrator: 200;
bob of SFI and sigrid of social services: 403; charlie of Enköping: 404 for Nyköping's records), what they show,
what they write, the CSV export, and what they cost in queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.activity.models import Activity
from etablera.civil.models import Agreement, Association, ContactPerson, FollowUp
from etablera.civil.services import associations as association_services
from etablera.civil.services import contacts, network

pytestmark = pytest.mark.django_db


def pages(association, meeting) -> list[str]:
    return [
        "/civilsamhallet/",
        "/civilsamhallet/foreningar/",
        "/civilsamhallet/foreningar/ny/",
        f"/civilsamhallet/foreningar/{association.public_id}/",
        f"/civilsamhallet/foreningar/{association.public_id}/andra/",
        "/civilsamhallet/natverk/",
        "/civilsamhallet/natverk/nytt/",
        f"/civilsamhallet/natverk/{meeting.public_id}/",
    ]


def test_it_serves_every_page_to_those_who_work_with_civil_society(
    signed_in, alice, carol, association, meeting
):
    for user in (alice, carol):
        client = signed_in(user)
        for url in pages(association, meeting):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Civilsamhället" in response.content.decode()  # the menu entry


def test_it_refuses_sfi_and_social_services(signed_in, bob, sigrid, association, meeting):
    for user in (bob, sigrid):
        client = signed_in(user)
        for url in pages(association, meeting):
            response = client.get(url)
            assert response.status_code == 403, url
            assert (
                "Civilsamhällets sidor är för integrationsenheten och kultur och fritid."
                in response.content.decode()
            )
    home = signed_in(bob).get(reverse("my_tasks")).content.decode()
    assert reverse("civil_overview") not in home


def test_another_municipality_does_not_see_the_records(signed_in, charlie, association, meeting):
    client = signed_in(charlie)
    assert client.get(f"/civilsamhallet/foreningar/{association.public_id}/").status_code == 404
    assert client.get(f"/civilsamhallet/foreningar/{association.public_id}/andra/").status_code == 404
    assert client.get(f"/civilsamhallet/natverk/{meeting.public_id}/").status_code == 404
    listing = client.get("/civilsamhallet/foreningar/").content.decode()
    assert "Nyköpings IF" not in listing and "Inga föreningar hittades." in listing
    post = client.post(f"/civilsamhallet/foreningar/{association.public_id}/", {"action": "leave"})
    assert post.status_code == 404
    association.refresh_from_db()
    assert association.active


def test_the_overview_counts_and_links(signed_in, alice, association, meeting):
    body = signed_in(alice).get("/civilsamhallet/").content.decode()
    assert reverse("civil_associations") in body and reverse("civil_meetings") in body
    assert "Skicka programmet" in body  # the next follow-up
    assert "<dt>Föreningar och aktörer i nätverket</dt><dd>1</dd>" in body


def test_the_list_searches_by_name_kind_and_language(signed_in, alice, nykoping, association):
    association_services.create_association(
        actor=alice, municipality=nykoping, name="Stadsbiblioteket", kind="LIBRARY"
    )
    client = signed_in(alice)
    both = client.get("/civilsamhallet/foreningar/").content.decode()
    assert "Nyköpings IF" in both and "Stadsbiblioteket" in both and "ar, so" in both
    by_language = client.get("/civilsamhallet/foreningar/?language=so").content.decode()
    assert "Nyköpings IF" in by_language and "Stadsbiblioteket" not in by_language
    by_kind = client.get("/civilsamhallet/foreningar/?kind=LIBRARY").content.decode()
    assert "Nyköpings IF" not in by_kind and "Stadsbiblioteket" in by_kind
    by_name = client.get("/civilsamhallet/foreningar/?q=biblio").content.decode()
    assert "Nyköpings IF" not in by_name and "Stadsbiblioteket" in by_name


def test_the_csv_export_is_safe_holds_no_contact_person_and_is_logged(
    signed_in, alice, nykoping, association
):
    association_services.create_association(
        actor=alice, municipality=nykoping, name="=HYPERLINK(1)", kind="OTHER"
    )
    response = signed_in(alice).get("/civilsamhallet/foreningar/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode()
    assert "Nyköpings IF,Idrottsförening,802000-1239" in text
    assert "'=HYPERLINK(1)" in text
    assert "Kerstin" not in text and "+46701234567" not in text
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, object_type="Association")
    assert "2 föreningar som csv" in event.summary and event.municipality_code == "0480"


def test_the_detail_page_shows_its_parts_and_logs_the_contacts_read(signed_in, alice, association, meeting):
    body = signed_in(alice).get(f"/civilsamhallet/foreningar/{association.public_id}/").content.decode()
    for text in (
        "Kerstin Ledare",
        "Ordförande",
        "+46701234567",
        "Idrott och motion",
        "Rosvalla",
        "ar, so",
        "Stadsbiblioteket",
    ):
        assert text in body
    read = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, object_id=str(association.public_id))
    assert read.summary == "Föreningens kontaktpersoner (1)" and read.actor == alice


def test_it_adds_an_association_and_shows_a_bad_number_at_the_field(signed_in, alice):
    client = signed_in(alice)
    bad = client.post(
        "/civilsamhallet/foreningar/ny/",
        {"name": "Svenska kyrkan Nyköping", "kind": "FAITH", "organisation_number": "252002-1004"},
    )
    assert bad.status_code == 200
    assert "Organisationsnumret stämmer inte: kontrollsiffran är fel." in bad.content.decode()
    assert not Association.objects.filter(name="Svenska kyrkan Nyköping").exists()
    good = client.post(
        "/civilsamhallet/foreningar/ny/",
        {"name": "Svenska kyrkan Nyköping", "kind": "FAITH", "organisation_number": "252002-1003"},
    )
    church = Association.objects.get(name="Svenska kyrkan Nyköping")
    assert good.status_code == 302 and good["Location"] == f"/civilsamhallet/foreningar/{church.public_id}/"
    too_long = client.post("/civilsamhallet/foreningar/ny/", {"name": "x" * 5000, "kind": "FAITH"})
    assert "Se till att det här värdet har som mest 200 tecken" in too_long.content.decode() or (
        "200" in too_long.content.decode()
    )


def test_it_edits_an_association(signed_in, alice, association):
    response = signed_in(alice).post(
        f"/civilsamhallet/foreningar/{association.public_id}/andra/",
        {
            "name": "Nyköpings IF",
            "kind": "SPORTS",
            "organisation_number": "8020001239",
            "description": "Fotboll",
        },
    )
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.description == "Fotboll" and association.organisation_number == "802000-1239"


def test_the_detail_page_adds_contacts_offers_agreements_and_activities(signed_in, alice, association, today):
    client = signed_in(alice)
    url = f"/civilsamhallet/foreningar/{association.public_id}/"
    missing = client.post(url, {"action": "agreement", "overenskommelse-kind": "IOP"})
    assert "Ange från vilket datum överenskommelsen gäller." in missing.content.decode()
    added = client.post(
        url,
        {
            "action": "agreement",
            "overenskommelse-kind": "IOP",
            "overenskommelse-starts_on": today.isoformat(),
            "overenskommelse-ends_on": (today + dt.timedelta(days=365)).isoformat(),
            "overenskommelse-document_reference": "KS 2026/88",
        },
    )
    assert added.status_code == 302
    assert Agreement.objects.get(association=association).document_reference == "KS 2026/88"
    client.post(url, {"action": "contact", "kontakt-name": "Sara", "kontakt-email": "sara@example.se"})
    assert ContactPerson.objects.filter(association=association, name="Sara").exists()
    client.post(
        url,
        {
            "action": "activity",
            "aktivitet-name": "Simskola",
            "aktivitet-place": "Actic",
            "aktivitet-schedule": "lör 10–12",
            "aktivitet-hours_per_week": "2",
            "aktivitet-places": "12",
            "aktivitet-languages": "ar",
            "aktivitet-starts_on": today.isoformat(),
        },
    )
    activity = Activity.objects.get(name="Simskola")
    assert activity.kind == "ASSOCIATION" and activity.organiser == "Nyköpings IF"
    body = client.get(url).content.decode()
    assert "Simskola" in body and "KS 2026/88" in body and "12 / 12" in body
    catalogue = client.get(reverse("activity_catalogue")).content.decode()
    assert "Simskola" in catalogue


def test_leaving_twice_shows_the_conflict(signed_in, alice, association):
    client = signed_in(alice)
    url = f"/civilsamhallet/foreningar/{association.public_id}/"
    client.post(url, {"action": "leave"})
    again = client.post(url, {"action": "leave"}, follow=True)
    assert "Föreningen har redan lämnat nätverket." in again.content.decode()


def test_a_meeting_is_registered_and_its_follow_up_marked_done(signed_in, alice, association, today):
    client = signed_in(alice)
    response = client.post(
        "/civilsamhallet/natverk/nytt/",
        {
            "held_on": today.isoformat(),
            "place": "Kulturhuset",
            "notes": "Läxhjälp i höst.",
            "attending": [association.pk],
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    client.post(
        url, {"action": "followup", "uppfoljning-text": "Boka lokal", "uppfoljning-responsible": "Alice"}
    )
    follow_up = FollowUp.objects.get(text="Boka lokal")
    client.post(url, {"action": "done", "id": follow_up.pk})
    follow_up.refresh_from_db()
    assert follow_up.done_on == today
    again = client.post(url, {"action": "done", "id": follow_up.pk}, follow=True)
    assert "Uppföljningen är redan klarmarkerad" in again.content.decode()
    body = client.get(url).content.decode()
    assert "Kulturhuset" in body and "Nyköpings IF" in body and f"Klar {today.isoformat()}" in body


def test_the_lists_cost_the_same_for_one_row_and_many(
    signed_in, alice, nykoping, association, meeting, django_assert_max_num_queries
):
    client = signed_in(alice)
    client.get("/civilsamhallet/")  # the session and capabilities warmed
    with django_assert_max_num_queries(12) as one:
        client.get("/civilsamhallet/foreningar/")
    with django_assert_max_num_queries(12) as meetings_one:
        client.get("/civilsamhallet/natverk/")
    with django_assert_max_num_queries(16):
        client.get(f"/civilsamhallet/foreningar/{association.public_id}/")
    with django_assert_max_num_queries(12) as csv_one:
        client.get("/civilsamhallet/foreningar/?format=csv")
    for n in range(8):
        club = association_services.create_association(
            actor=alice, municipality=nykoping, name=f"Förening {n}", kind="ASSOCIATION"
        )
        contacts.add_offer(actor=alice, association=club, kind="CULTURE", languages="fa")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/civilsamhallet/foreningar/")
    with django_assert_max_num_queries(len(csv_one.captured_queries)):
        client.get("/civilsamhallet/foreningar/?format=csv")
    for n in range(6):
        extra = network.create_meeting(
            actor=alice,
            municipality=nykoping,
            held_on=meeting.held_on,
            place=f"Lokal {n}",
            attending=[association],
        )
        network.add_follow_up(actor=alice, meeting=extra, text="Ring", responsible="Alice")
    with django_assert_max_num_queries(len(meetings_one.captured_queries)):
        body = client.get("/civilsamhallet/natverk/").content.decode()
    assert "Lokal 5" in body
