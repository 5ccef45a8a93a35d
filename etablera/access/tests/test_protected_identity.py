"""Protected identity: when anyone in a household has sekretessmarkering (or protected registration, or
fictitious particulars), the address of every member is absent from every page, API answer and export — except
to a user with an explicit authorisation who states a reason, and that showing is logged."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.people.models import HouseholdMember, Person, ProtectedIdentity
from etablera.reception import services
from etablera.reception.models import MunicipalQuota, Task
from etablera.testing.api_client import ApiClient, messages
from etablera.testing.factories import HouseholdFactory

STREET, POSTAL_CODE = "Hemlighetsvägen 12", "611 97"
OPEN_STREET, OPEN_POSTAL_CODE = "Öppna gatan 3", "611 91"
REASON = "Utskick av beslut om försörjningsstöd som måste nå personen"


def _live_at(household, street, postal_code):
    Person.objects.filter(household_memberships__household=household).update(
        address_street=street, address_postal_code=postal_code, address_city="Nyköping"
    )


@pytest.fixture
def protected(alice, nykoping, today):
    """A received household; the mother (the oldest) has sekretessmarkering. Everyone lives at her address."""
    household = HouseholdFactory.with_members([36, 14, 9], municipality=nykoping, name="Familjen Skyddad")
    _live_at(household, STREET, POSTAL_CODE)
    mother = household.members.order_by("birth_date", "pk").first()
    Person.objects.filter(pk=mother.pk).update(protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING)
    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-SKYDD-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=20),
        household=household,
    )
    services.receive_household(actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=3))
    return household


@pytest.fixture
def ordinary(nykoping):
    household = HouseholdFactory.with_members([50, 48], municipality=nykoping, name="Familjen Öppen")
    _live_at(household, OPEN_STREET, OPEN_POSTAL_CODE)
    return household


def _absent(content: str | bytes, where: str) -> None:
    text = content.decode() if isinstance(content, bytes) else content
    assert STREET not in text, where
    assert POSTAL_CODE not in text, where


def test_no_address_of_any_member_reaches_alice_anywhere(client, alice, protected, nykoping, today):
    api = ApiClient(alice)
    client.force_login(alice)
    page = client.get(reverse("household_detail", args=[protected.public_id])).content.decode()
    _absent(page, "household page")
    assert "Hushållet har skyddade personuppgifter. Adress och ort visas inte." in page
    assert page.count("Skyddad adress") == protected.members.count()
    _absent(client.post(reverse("household_search"), {"q": "Skyddad"}).content, "household search")
    _absent(api.get(f"/households/{protected.public_id}").content, "API household")
    _absent(api.post("/households/search", {"q": "Skyddad"}).content, "API household search")
    _absent(api.post("/persons/search", {"q": "Testsson"}).content, "API person search")
    for person in protected.members.all():
        page = client.get(reverse("person_detail", args=[person.public_id])).content.decode()
        _absent(page, f"person page {person}")
        assert "Skyddad adress" in page and "Visa adress" not in page
        detail = api.get(f"/persons/{person.public_id}").json()
        _absent(str(detail), f"API person {person}")
        assert detail["address"] is None and detail["address_protected"] is True
    for task in Task.objects.filter(household=protected):
        _absent(client.get(reverse("task_detail", args=[task.pk])).content, f"task page {task}")
        _absent(api.get(f"/tasks/{task.pk}").content, f"API task {task}")
    _absent(api.get("/tasks").content, "API task list")
    _absent(client.get(reverse("my_tasks")).content, "my tasks")
    _absent(client.get(reverse("unit_tasks")).content, "unit tasks")
    # The exports: the quota report as CSV and Excel (an .xlsx is a zip of XML).
    MunicipalQuota.objects.create(municipality=nykoping, year=today.year, quota=60)
    query = f"?year={today.year}&municipality=0480"
    csv = client.get(reverse("quota_report") + query + "&format=csv")
    assert csv.status_code == 200
    _absent(csv.content, "CSV export")
    xlsx = client.get(reverse("quota_report") + query + "&format=xlsx")
    assert xlsx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as archive:
        for name in archive.namelist():
            _absent(archive.read(name), f"Excel export {name}")


def test_alice_may_not_ask_for_the_address(client, alice, protected):
    person = protected.members.order_by("birth_date", "pk").first()
    client.force_login(alice)
    response = client.post(reverse("person_address", args=[person.public_id]), {"adress-reason": REASON})
    assert response.status_code == 403
    _absent(response.content, "refusal")
    response = ApiClient(alice).post(f"/persons/{person.public_id}/address", {"reason": REASON})
    assert response.status_code == 403
    _absent(response.content, "API refusal")
    assert not AuditEvent.objects.filter(summary__startswith="Skyddad adress visad").exists()


def test_an_authorised_user_sees_the_address_only_after_stating_a_reason(client, maria, protected):
    child = protected.members.order_by("-birth_date", "pk").first()  # not the protected person herself
    url = reverse("person_detail", args=[child.public_id])
    client.force_login(maria)
    page = client.get(url).content.decode()
    _absent(page, "before asking")
    assert "Visa adress" in page and 'name="adress-reason"' in page

    response = client.post(reverse("person_address", args=[child.public_id]), {"adress-reason": ""})
    page = response.content.decode()
    _absent(page, "without a reason")
    assert "Ange skälet till att du behöver se adressen (minst 15 tecken)." in page

    response = client.post(reverse("person_address", args=[child.public_id]), {"adress-reason": REASON})
    page = response.content.decode()
    assert STREET in page and POSTAL_CODE in page
    assert "no-store" in response["Cache-Control"]
    shown = AuditEvent.objects.get(
        actor=maria,
        person_public_id=child.public_id,
        action=AuditEvent.Action.VIEW,
        summary__startswith="Skyddad adress visad",
    )
    assert shown.protected is True and REASON in shown.summary
    # Shown in that answer only: the next visit masks it again.
    _absent(client.get(url).content, "after asking")
    _absent(client.get(reverse("household_detail", args=[protected.public_id])).content, "household page")


def test_an_authorised_user_gets_the_address_through_the_api_with_a_reason(maria, protected):
    person = protected.members.order_by("birth_date", "pk").first()
    api = ApiClient(maria)
    _absent(api.get(f"/persons/{person.public_id}").content, "API person detail")
    response = api.post(f"/persons/{person.public_id}/address", {"reason": "kort"})
    assert response.status_code == 422
    assert ("body", "reason") in messages(response)
    response = api.post(f"/persons/{person.public_id}/address", {"reason": REASON})
    assert response.status_code == 200
    assert response.json() == {"street": STREET, "postal_code": POSTAL_CODE, "city": "Nyköping"}
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        actor=maria, person_public_id=person.public_id, protected=True, channel=AuditEvent.Channel.API
    ).exists()


def test_reads_of_a_protected_household_are_marked_in_the_log(client, alice, protected):
    client.force_login(alice)
    for person in protected.members.all():
        client.get(reverse("person_detail", args=[person.public_id]))
    reads = AuditEvent.objects.filter(actor=alice, summary="Persondetaljer")
    assert reads.count() == protected.members.count()
    assert all(read.protected for read in reads)


def test_an_ordinary_household_shows_its_address(client, alice, ordinary):
    person = ordinary.members.first()
    client.force_login(alice)
    assert OPEN_STREET in client.get(reverse("household_detail", args=[ordinary.public_id])).content.decode()
    assert OPEN_STREET in client.get(reverse("person_detail", args=[person.public_id])).content.decode()
    detail = ApiClient(alice).get(f"/persons/{person.public_id}").json()
    assert detail["address_protected"] is False
    assert detail["address"] == {"street": OPEN_STREET, "postal_code": OPEN_POSTAL_CODE, "city": "Nyköping"}


def test_a_member_who_also_belongs_to_a_protected_household_is_masked_everywhere(
    client, alice, protected, ordinary
):
    """A child who lives in two households: the protected mother's address may be theirs."""
    child = protected.members.order_by("-birth_date", "pk").first()
    HouseholdMember.objects.create(household=ordinary, person=child, relation=HouseholdMember.Relation.CHILD)
    client.force_login(alice)
    page = client.get(reverse("household_detail", args=[ordinary.public_id])).content.decode()
    _absent(page, "the other household's page")
    assert OPEN_STREET in page  # the others of the ordinary household are not protected
    assert ApiClient(alice).get(f"/persons/{child.public_id}").json()["address"] is None
