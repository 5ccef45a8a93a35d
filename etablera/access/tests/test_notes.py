"""Section notes: each unit writes and reads the sections it is responsible for (social services, school, health),
everyone with access the basic section; a note in a section one may not see is not shown, not even on a task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from etablera.access import services as access_services
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.people.models import Note
from etablera.reception import services
from etablera.reception.models import Task
from etablera.testing.api_client import ApiClient

SOCIAL_TEXT = "Ansökan om försörjningsstöd inlämnad; beslut väntas inom två veckor"


@pytest.fixture
def received(alice, family, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-NOTES-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=20),
        household=family,
    )
    return services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=5)
    )


@pytest.fixture
def adult(received):
    return received.household.members.order_by("birth_date", "pk").first()


def _options(page: str) -> list[str]:
    select = page[page.index('name="anteckning-section"') :]
    select = select[: select.index("</select>")]
    return [part.split('"')[1] for part in select.split("<option value=")[1:]]


def test_the_section_select_offers_only_the_sections_one_may_see(client, bob, sigrid, adult):
    url = reverse("person_detail", args=[adult.public_id])
    client.force_login(bob)
    assert _options(client.get(url).content.decode()) == ["BASIC"]
    client.force_login(sigrid)
    assert _options(client.get(url).content.decode()) == ["BASIC", "SOCIAL"]


def test_social_services_write_a_note_that_only_they_read(client, alice, bob, sigrid, units, adult, received):
    client.force_login(sigrid)
    response = client.post(
        reverse("person_note_create", args=[adult.public_id]),
        {"anteckning-section": "SOCIAL", "anteckning-text": SOCIAL_TEXT},
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert note.section == Section.SOCIAL and note.unit == units[Unit.Function.SOCIAL_SERVICES]
    assert note.author == sigrid
    household_page = client.get(reverse("household_detail", args=[received.household.public_id])).content
    page = household_page.decode()
    assert SOCIAL_TEXT in page
    # Grouped by person, then section.
    person_part = page[page.index(f'#anteckningar">{adult.full_name}</a></h3>') :]
    assert person_part.index("<h4>Socialtjänst (försörjningsstöd, utredningar)</h4>") < person_part.index(
        SOCIAL_TEXT
    )
    for other in (alice, bob):
        client.force_login(other)
        assert (
            SOCIAL_TEXT not in client.get(reverse("person_detail", args=[adult.public_id])).content.decode()
        )
        household = client.get(reverse("household_detail", args=[received.household.public_id])).content
        assert SOCIAL_TEXT not in household.decode()
        assert SOCIAL_TEXT not in ApiClient(other).get(f"/persons/{adult.public_id}/notes").content.decode()


def test_a_note_in_a_section_one_may_not_see_is_refused(client, bob, adult):
    client.force_login(bob)
    response = client.post(
        reverse("person_note_create", args=[adult.public_id]),
        {"anteckning-section": "SOCIAL", "anteckning-text": "Försök"},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Note.objects.exists()
    with pytest.raises(PermissionDenied):
        access_services.add_note(actor=bob, person=adult, section=Section.SOCIAL, text="Försök")
    response = ApiClient(bob).post(
        f"/persons/{adult.public_id}/notes", {"section": "SOCIAL", "text": "Försök"}
    )
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_an_empty_note_is_explained_at_the_field(client, alice, adult):
    client.force_login(alice)
    response = client.post(
        reverse("person_note_create", args=[adult.public_id]),
        {"anteckning-section": "BASIC", "anteckning-text": "  "},
    )
    assert "Skriv en anteckning." in response.content.decode()
    assert not Note.objects.exists()


def test_a_task_note_in_a_section_one_may_not_see_shows_only_that_it_exists(
    client, bob, sigrid, units, received
):
    task = Task.objects.filter(case=received, unit=units[Unit.Function.SOCIAL_SERVICES]).first()
    Task.objects.filter(pk=task.pk).update(section=Section.SOCIAL)
    task.refresh_from_db()
    services.add_task_note(actor=sigrid, task=task, text=SOCIAL_TEXT)
    client.force_login(bob)
    page = client.get(reverse("task_detail", args=[task.pk])).content.decode()
    assert SOCIAL_TEXT not in page
    assert (
        "Anteckningen hör till Socialtjänst (försörjningsstöd, utredningar) och visas inte för dig." in page
    )
    events = ApiClient(bob).get(f"/tasks/{task.pk}").json()["events"]
    assert SOCIAL_TEXT not in str(events)
    assert [e["text_hidden"] for e in events if e["kind"] == "NOTE"] == [True]
    client.force_login(sigrid)
    page = client.get(reverse("task_detail", args=[task.pk])).content.decode()
    assert SOCIAL_TEXT in page and "visas inte för dig" not in page
