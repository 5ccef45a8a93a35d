"""The household search's selector (issue #11): by any identity number a member holds or has held, typed in any of
its usual forms; by anvisning reference; by name without regard to accents or case; only what the user may see;
a hit tells households apart (birth years, references, status) and masks a protected identity."""

import datetime as dt

import pytest
from django.db import connection
from stdnum import luhn

from etablera.access.models import AuditEvent
from etablera.people.models import FormerIdentityNumber, HouseholdMember, Person, ProtectedIdentity
from etablera.reception import selectors, services
from etablera.reception.selectors.search import (
    HouseholdStatus,
    is_identity_number,
    matching_member_households,
)
from etablera.testing.factories import AssignmentFactory, HouseholdFactory, PersonFactory, personnummer
from etablera.testing.page_fixtures import *  # noqa: F403


def samordningsnummer(birth_date: dt.date) -> str:
    """A valid (fictional) samordningsnummer: the birth day + 60."""
    base = f"{birth_date:%y%m}{birth_date.day + 60:02d}{417:03d}"
    return f"{birth_date.year}{base[2:]}{luhn.calc_check_digit(base)}"


def _household(nykoping, first="Amal", last="Testsson", name=None, born=dt.date(1985, 3, 12)):
    household = HouseholdFactory(municipality=nykoping, name=name or f"Familjen {last}")
    person = PersonFactory(municipality=nykoping, first_name=first, last_name=last, birth_date=born)
    HouseholdMember.objects.create(
        household=household, person=person, relation=HouseholdMember.Relation.ADULT
    )
    return household, person


def _found(user, query):
    return [h.pk for h in selectors.search_households(user, query)]


@pytest.fixture
def numbered(nykoping):
    """Someone who came with a samordningsnummer and has since got a personnummer."""
    household, person = _household(nykoping, first="Leyla", last="Nummersson")
    old = samordningsnummer(person.birth_date)
    FormerIdentityNumber.objects.create(
        person=person, number_type=Person.IdentityNumberType.SAMORDNINGSNUMMER, number=old
    )
    FormerIdentityNumber.objects.create(
        person=person, number_type=Person.IdentityNumberType.DOSSIERNUMMER, number="12-345678"
    )
    person.identity_number_type = Person.IdentityNumberType.PERSONNUMMER
    person.identity_number = personnummer(person.birth_date)
    person.save()
    return household, person, old


def test_it_finds_by_the_current_personnummer_in_every_usual_form(alice, numbered):
    household, person, _old = numbered
    twelve = person.identity_number
    for typed in (twelve, f"{twelve[:8]}-{twelve[8:]}", twelve[2:], f"{twelve[2:8]}-{twelve[8:]}"):
        assert _found(alice, typed) == [household.pk], typed


def test_it_finds_by_the_samordningsnummer_after_the_personnummer_came(alice, numbered):
    household, _person, old = numbered
    assert _found(alice, f"{old[:8]}-{old[8:]}") == [household.pk]
    assert _found(alice, old[2:]) == [household.pk]


def test_it_finds_by_a_former_dossiernummer(alice, numbered):
    household, _person, _old = numbered
    assert _found(alice, "12-345678") == [household.pk]
    assert _found(alice, "12345678") == [household.pk]


def test_a_dossiernummer_is_found_with_or_without_its_suffix(alice, nykoping):
    """Migrationsverket writes a dossiernummer with its suffix (/1) on some papers and without on others: either
    way it finds the person — but a suffix finds no other suffix of the same number."""
    suffixed, person = _household(nykoping, first="Selam", last="Dossiersson")
    person.identity_number_type = Person.IdentityNumberType.DOSSIERNUMMER
    person.identity_number = "26-314159/2"
    person.save()
    bare, other = _household(nykoping, first="Yonas", last="Nummerlös")
    FormerIdentityNumber.objects.create(
        person=other, number_type=Person.IdentityNumberType.DOSSIERNUMMER, number="27-271828"
    )
    for typed in ("26-314159/2", "26314159/2", "26-314159 / 2", " 26-314159/2 "):
        assert _found(alice, typed) == [suffixed.pk], typed
        assert is_identity_number(typed), typed  # so that the page does not repeat it
    assert _found(alice, "26-314159") == [suffixed.pk]  # without the suffix
    assert _found(alice, "26-314159/3") == []  # another suffix is another number
    assert _found(alice, "27-271828/1") == [bare.pk]  # the former number was kept without its suffix
    assert _found(alice, "26-31415/92") == []  # not a dossiernummer's shape


def test_a_part_of_a_number_finds_nothing(alice, numbered):
    _household_, person, _old = numbered
    assert _found(alice, person.identity_number[:8]) == []
    assert is_identity_number(person.identity_number) and not is_identity_number("MIG-2026-000123")


def test_it_finds_by_reference_whole_or_by_its_number(alice, nykoping):
    household, _person = _household(nykoping)
    AssignmentFactory(reference="MIG-2026-004711", municipality=nykoping, household=household)
    assert _found(alice, "MIG-2026-004711") == [household.pk]
    assert _found(alice, "mig-2026-004711") == [household.pk]
    assert _found(alice, "004711") == [household.pk]
    assert _found(alice, "004712") == []


def test_names_are_found_without_accents_or_case(alice, nykoping):
    sjogren, _ = _household(nykoping, first="Karin", last="Sjögren", name="Hushållet K")
    jose, _ = _household(nykoping, first="José", last="Álvarez", name="Hushållet J")
    assert _found(alice, "SJOGREN") == [sjogren.pk]
    assert _found(alice, "Sjögren") == [sjogren.pk]
    assert _found(alice, "sjögren karin") == [sjogren.pk]  # every word, in any order
    assert _found(alice, "Jose") == [jose.pk]
    assert _found(alice, "jose alvarez") == [jose.pk]
    assert _found(alice, "Karin Alvarez") == []


def test_the_household_name_and_a_members_name_together(alice, nykoping):
    household, _ = _household(nykoping, first="Karin", last="Sjögren", name="Familjen Sjögren")
    assert _found(alice, "Familjen Sjogren") == [household.pk]
    assert _found(alice, "familjen sjögren") == [household.pk]


def test_someone_in_another_municipality_is_not_found(alice, charlie, enkoping):
    household, person = _household(enkoping, first="Omar", last="Grannkommun")
    person.identity_number_type = Person.IdentityNumberType.PERSONNUMMER
    person.identity_number = personnummer(person.birth_date)
    person.save()
    AssignmentFactory(reference="MIG-2026-008888", municipality=enkoping, household=household)
    for query in ("Grannkommun", person.identity_number, "MIG-2026-008888"):
        assert _found(alice, query) == [], query
        assert _found(charlie, query) == [household.pk], query


def test_a_members_municipality_is_compared_as_a_bigint_so_the_trigram_index_takes_it(alice, nykoping):
    # btree_gin has no integer-to-bigint operator: an id written as a plain integer left the municipality out of
    # the trigram index (people/0006), which then read the name's matches in the whole country.
    household, _ = _household(nykoping, first="Amal", last="Indexsson")
    query = matching_member_households(alice, "indexsson")
    if connection.vendor == "postgresql":
        assert '"municipality_id" = ANY(' in str(query.query)
        assert "::bigint[]" in str(query.query)
    assert [row["household_id"] for row in query] == [household.pk]
    assert list(matching_member_households(alice, "nobodysson")) == []


def test_the_statistics_role_finds_nothing(stina, nykoping):
    _household(nykoping, first="Hana", last="Statistiksson")
    assert _found(stina, "Statistiksson") == []


def test_a_hit_shows_birth_years_references_and_status(alice, received, today):
    hit = selectors.search_households(alice, received.household.name)[0]
    years = sorted(m["birth_year"] for m in hit.members_shown)
    assert years == sorted(p.birth_date.year for p in received.household.members.all())
    assert hit.references == [received.assignment.reference]
    assert hit.status == HouseholdStatus.IN_RECEPTION and str(hit.status_label) == "Pågående mottagande"
    assert hit.status_date == received.arrival_date
    assert hit.member_count == 4 and hit.hidden_member_count == 0


def test_the_status_follows_the_anvisning_and_the_case(alice, nykoping, today):
    waiting, _ = _household(nykoping, last="Vantar")
    AssignmentFactory(municipality=nykoping, household=waiting)
    assert selectors.search_households(alice, "Vantar")[0].status == HouseholdStatus.ASSIGNED
    closed, _ = _household(nykoping, last="Klar")
    assignment = AssignmentFactory(
        municipality=nykoping, household=closed, decision_date=today - dt.timedelta(30)
    )
    case = services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(20)
    )
    case.status, case.closed_date = "CLOSED", today
    case.save()
    hit = selectors.search_households(alice, "Klar")[0]
    assert hit.status == HouseholdStatus.CLOSED and str(hit.status_label) == "Avslutat"
    nothing, _ = _household(nykoping, last="Ingenting")
    assert selectors.search_households(alice, "Ingenting")[0].status == HouseholdStatus.NONE


def test_a_protected_identity_shows_neither_name_nor_birth_year(alice, nykoping):
    household, person = _household(nykoping, first="Hemlig", last="Skyddsson", name="Hushållet S")
    person.protected_identity = ProtectedIdentity.PROTECTED_REGISTRATION
    person.save()
    hit = selectors.search_households(alice, "Skyddsson")[0]
    assert hit.pk == household.pk
    assert hit.members_shown == [
        {
            "protected_identity": True,
            "first_name": None,
            "last_name": None,
            "birth_year": None,
            "relation": "ADULT",
        }
    ]


def test_every_household_shown_is_logged_and_nothing_of_the_query(alice, numbered):
    household, person, _old = numbered
    selectors.search_households(alice, person.identity_number)
    events = AuditEvent.objects.filter(actor=alice, action=AuditEvent.Action.LIST)
    assert list(events.values_list("household_public_id", flat=True)) == [household.public_id]
    assert person.identity_number not in str(list(events.values()))


def test_the_count_agrees_with_the_hits(alice, nykoping):
    for n in range(3):
        _household(nykoping, first="Sara", last=f"Räknesson{n}")
    assert selectors.count_households(alice, "räknesson") == 3
    assert len(selectors.search_households(alice, "räknesson", limit=2)) == 2
