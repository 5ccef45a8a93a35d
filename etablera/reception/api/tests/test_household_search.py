"""POST /api/v1/households/search (issue #11): the same `q` as the page — name without accents, any identity
number held or held before, anvisning reference — and hits that tell households apart without a number."""

import datetime as dt

from etablera.access.models import AuditEvent
from etablera.people.models import FormerIdentityNumber, HouseholdMember, Person, ProtectedIdentity
from etablera.testing.factories import HouseholdFactory, PersonFactory, personnummer


def _search(client, q, **params):
    path = "/households/search" + (f"?limit={params['limit']}&offset={params['offset']}" if params else "")
    return client.post(path, {"q": q})


def test_a_hit_holds_birth_years_references_status_and_no_number(api, alice, received):
    person = received.household.members.order_by("birth_date").first()
    person.identity_number_type = Person.IdentityNumberType.PERSONNUMMER
    person.identity_number = personnummer(person.birth_date)
    person.save()
    response = _search(api(alice), person.identity_number[2:])  # ÅÅMMDDNNNN: without the century
    assert response.status_code == 200
    answer = response.json()
    assert answer["count"] == 1
    hit = answer["items"][0]
    assert hit["public_id"] == str(received.household.public_id)
    assert hit["references"] == [received.assignment.reference]
    assert hit["status"] == "IN_RECEPTION" and hit["status_label"] == "Pågående mottagande"
    assert hit["status_date"] == received.arrival_date.isoformat()
    assert hit["municipality"]["code"] == "0480" and hit["member_count"] == 4
    assert sorted(m["birth_year"] for m in hit["members"]) == sorted(
        p.birth_date.year for p in received.household.members.all()
    )
    assert person.identity_number not in response.content.decode()
    assert person.identity_number[8:] not in response.content.decode()
    logged = AuditEvent.objects.filter(actor=alice, action=AuditEvent.Action.LIST)
    assert list(logged.values_list("household_public_id", flat=True)) == [received.household.public_id]


def test_by_former_number_reference_and_name_without_accents(api, alice, nykoping, charlie):
    household = HouseholdFactory(municipality=nykoping, name="Hushållet Ö")
    person = PersonFactory(municipality=nykoping, first_name="José", last_name="Sjögren")
    HouseholdMember.objects.create(household=household, person=person, relation="ADULT")
    FormerIdentityNumber.objects.create(
        person=person, number_type=Person.IdentityNumberType.DOSSIERNUMMER, number="31-654321"
    )
    client = api(alice)
    for q in ("SJOGREN", "jose", "31-654321", "Jose Sjogren"):
        answer = _search(client, q).json()
        assert [h["public_id"] for h in answer["items"]] == [str(household.public_id)], q
    assert _search(api(charlie), "Sjogren").json()["count"] == 0


def test_a_protected_identity_is_masked(api, alice, nykoping):
    household = HouseholdFactory(municipality=nykoping, name="Hushållet Skydd")
    person = PersonFactory(
        municipality=nykoping,
        first_name="Hemlig",
        last_name="Skyddsson",
        birth_date=dt.date(1977, 1, 2),
        protected_identity=ProtectedIdentity.FICTITIOUS_IDENTITY,
    )
    HouseholdMember.objects.create(household=household, person=person, relation="ADULT")
    hit = _search(api(alice), "skyddsson").json()["items"][0]
    assert hit["members"] == [
        {
            "protected_identity": True,
            "first_name": None,
            "last_name": None,
            "birth_year": None,
            "relation": "ADULT",
        }
    ]


def test_the_pages_count_every_hit(api, alice, nykoping):
    for n in range(3):
        HouseholdFactory.with_members([30], municipality=nykoping, name=f"Familjen Sidsson {n}")
    answer = _search(api(alice), "sidsson", limit=2, offset=0).json()
    assert answer["count"] == 3 and len(answer["items"]) == 2
    answer = _search(api(alice), "sidsson", limit=2, offset=2).json()
    assert answer["count"] == 3 and len(answer["items"]) == 1


def test_a_one_letter_query_is_refused_at_the_field(api, alice):
    response = _search(api(alice), "a")
    assert response.status_code == 422
