"""The household search page and the anvisningar list (issue #11): what a hit shows, what never shows, paging,
filters and searches, and a fixed number of queries."""

import datetime as dt

from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.people.models import FormerIdentityNumber, HouseholdMember, Person, ProtectedIdentity
from etablera.reception import services
from etablera.testing.factories import AssignmentFactory, HouseholdFactory, PersonFactory, personnummer


def _member(household, first, last, born=dt.date(1985, 3, 12), **extra):
    person = PersonFactory(
        municipality=household.municipality, first_name=first, last_name=last, birth_date=born, **extra
    )
    HouseholdMember.objects.create(
        household=household, person=person, relation=HouseholdMember.Relation.ADULT
    )
    return person


# --- Hushåll ------------------------------------------------------------------------------------------------------


def test_a_hit_shows_members_birth_years_reference_status_and_municipality(client, alice, received):
    client.force_login(alice)
    page = client.post(reverse("household_search"), {"q": "Familjen Exempel"}).content.decode()
    for person in received.household.members.all():
        assert f"{person.first_name} {person.last_name} ({person.birth_date.year})" in page
    assert received.assignment.reference in page
    assert f"Pågående mottagande {received.arrival_date.isoformat()}" in page
    assert "Nyköping" in page


def test_a_search_by_a_former_number_finds_the_household_and_never_shows_a_number(client, alice, nykoping):
    household = HouseholdFactory(municipality=nykoping, name="Familjen Nummer")
    person = _member(household, "Leyla", "Nummer")
    person.identity_number_type = Person.IdentityNumberType.PERSONNUMMER
    person.identity_number = personnummer(person.birth_date)
    person.save()
    old = "20-123456"
    FormerIdentityNumber.objects.create(
        person=person, number_type=Person.IdentityNumberType.DOSSIERNUMMER, number=old
    )
    client.force_login(alice)
    for typed in (old, person.identity_number_display):
        response = client.post(reverse("household_search"), {"q": typed})
        page = response.content.decode()
        assert reverse("household_detail", args=[household.public_id]) in page, typed
        assert "1 hushåll har en person med numret" in page
        assert person.identity_number not in page and person.identity_number_display not in page
        assert typed not in page  # not even in the field
        assert typed not in response.request["PATH_INFO"] and not response.request.get("QUERY_STRING")


def test_a_protected_identity_is_masked_in_the_hits(client, alice, nykoping):
    household = HouseholdFactory(municipality=nykoping, name="Hushållet Skydd")
    _member(household, "Öppen", "Skyddssyster", born=dt.date(1990, 1, 2))
    _member(
        household,
        "Hemlig",
        "Skyddsson",
        born=dt.date(1977, 1, 2),
        protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION,
    )
    client.force_login(alice)
    page = client.post(reverse("household_search"), {"q": "skyddsson"}).content.decode()
    assert "Hushållet Skydd" in page and "Öppen Skyddssyster (1990)" in page
    assert "Hemlig" not in page and "1977" not in page
    assert "Skyddade personuppgifter" in page


def test_the_search_costs_the_same_with_members_anvisningar_and_cases(
    client, alice, nykoping, today, django_assert_max_num_queries
):
    for number in range(12):
        household = HouseholdFactory.with_members(
            [30, 8, 4], municipality=nykoping, name=f"Familjen Sök {number}"
        )
        assignment = AssignmentFactory(
            municipality=nykoping, household=household, decision_date=today - dt.timedelta(days=20)
        )
        AssignmentFactory(
            municipality=nykoping, household=household, status="CANCELLED", cancelled_date=today
        )
        if number % 2:
            services.receive_household(actor=alice, assignment=assignment, arrival_date=today)
    client.force_login(alice)
    with django_assert_max_num_queries(10):
        page = client.post(reverse("household_search"), {"q": "familjen sok"}).content.decode()
    assert page.count('<th scope="row"><a href="/hushall/') == 12
    assert page.count("Pågående mottagande") == 6 and page.count("Anvisad") == 6
    assert AuditEvent.objects.filter(actor=alice, action=AuditEvent.Action.LIST).count() == 12


# --- Anvisningar --------------------------------------------------------------------------------------------------


def _many(nykoping, count, today, **extra):
    for number in range(count):
        AssignmentFactory(
            reference=f"MIG-P-{number:04d}",
            municipality=nykoping,
            decision_date=today - dt.timedelta(days=number % 40),
            **extra,
        )


def test_the_list_pages_and_says_how_many(client, alice, nykoping, today):
    _many(nykoping, 62, today)
    client.force_login(alice)
    page = client.get(reverse("assignment_list")).content.decode()
    assert "Visar 1–50 av 62" in page and page.count("MIG-P-") == 50
    assert "Sida 1 av 2" in page and "sida=2" in page and "Föregående sida" not in page
    page = client.get(reverse("assignment_list"), {"sida": 2}).content.decode()
    assert "Visar 51–62 av 62" in page and page.count("MIG-P-") == 12
    assert "sida=1" in page and "Nästa sida" not in page
    page = client.get(reverse("assignment_list"), {"sida": 99}).content.decode()
    assert "Visar 51–62 av 62" in page  # past the end: the last page


def test_the_filters_combine_and_the_pages_keep_them(client, alice, nykoping, today):
    _many(nykoping, 55, today, category="RESETTLED")
    AssignmentFactory(reference="MIG-ANHORIG-1", municipality=nykoping, category="FAMILY_REUNIFICATION")
    AssignmentFactory(reference="MIG-2025-OLD", municipality=nykoping, decision_date=dt.date(2025, 3, 1))
    client.force_login(alice)
    page = client.get(reverse("assignment_list"), {"kategori": "FAMILY_REUNIFICATION"}).content.decode()
    assert "MIG-ANHORIG-1" in page and "MIG-P-" not in page and "Visar 1–1 av 1" in page
    page = client.get(reverse("assignment_list"), {"ar": 2025}).content.decode()
    assert "MIG-2025-OLD" in page and "MIG-ANHORIG-1" not in page
    page = client.get(reverse("assignment_list"), {"kategori": "RESETTLED"}).content.decode()
    assert "Visar 1–50 av 55" in page and "kategori=RESETTLED&amp;sida=2" in page
    page = client.get(reverse("assignment_list"), {"status": "CANCELLED"}).content.decode()
    assert "Inga anvisningar matchar filtret." in page


def test_a_page_that_is_no_page_keeps_the_filters_and_shows_the_first(client, alice, nykoping, today):
    """An edited or old link: the page number wrong, the filters right. The filters stay, the first page shows
    (it was the whole list, unfiltered); a page past the last shows the last, with its filters."""
    _many(nykoping, 55, today, category="RESETTLED")
    AssignmentFactory(reference="MIG-ANHORIG-1", municipality=nykoping, category="FAMILY_REUNIFICATION")
    client.force_login(alice)
    for sida in ("abc", "0", "-1", "2.5", "²", "٣", ""):
        response = client.get(reverse("assignment_list"), {"kategori": "RESETTLED", "sida": sida})
        page = response.content.decode()
        assert response.status_code == 200, sida[:10]
        assert "Visar 1–50 av 55" in page and "MIG-ANHORIG-1" not in page, sida[:10]
        assert 'value="RESETTLED" selected' in page and "kategori=RESETTLED&amp;sida=2" in page, sida[:10]
    page = client.get(
        reverse("assignment_list"), {"kategori": "RESETTLED", "sida": "9" * 12}
    ).content.decode()
    assert "Visar 51–55 av 55" in page  # past the end: the last page, still filtered
    page = client.post(reverse("assignment_list"), {"namn": "x", "kategori": "RESETTLED", "sida": "abc"})
    assert page.status_code == 200 and 'value="RESETTLED" selected' in page.content.decode()


def test_the_household_search_has_no_pages_and_a_stray_page_changes_nothing(client, alice, nykoping):
    household = HouseholdFactory(municipality=nykoping, name="Familjen Sidosson")
    _member(household, "Amal", "Sidosson")
    client.force_login(alice)
    for sida in ("abc", "²", "0", "3"):
        page = client.post(reverse("household_search"), {"q": "sidosson", "sida": sida}).content.decode()
        assert "Familjen Sidosson" in page and 'value="sidosson"' in page, sida


def test_a_reference_is_searched_by_get(client, alice, nykoping, today):
    _many(nykoping, 3, today)
    client.force_login(alice)
    page = client.get(reverse("assignment_list"), {"referens": "p-0002"}).content.decode()
    assert "MIG-P-0002" in page and "MIG-P-0001" not in page


def test_a_name_is_searched_by_post_only_and_its_pages_are_buttons(client, alice, nykoping, today):
    for number in range(53):
        household = HouseholdFactory(municipality=nykoping, name=f"Hushåll {number}")
        _member(household, "José", f"Sökdotter{number}")
        AssignmentFactory(reference=f"MIG-N-{number:04d}", municipality=nykoping, household=household)
    other = HouseholdFactory(municipality=nykoping, name="Annat")
    _member(other, "Omar", "Annan")
    AssignmentFactory(reference="MIG-ANNAN", municipality=nykoping, household=other)
    client.force_login(alice)
    page = client.get(reverse("assignment_list"), {"namn": "jose"}).content.decode()
    assert "MIG-ANNAN" in page  # a name in the address is ignored
    response = client.post(reverse("assignment_list"), {"namn": "JOSE"})
    page = response.content.decode()
    assert "Visar 1–50 av 53" in page and "MIG-ANNAN" not in page
    assert 'name="sida" value="2"' in page and "namn=" not in page
    page = client.post(reverse("assignment_list"), {"namn": "jose", "sida": 2}).content.decode()
    assert "Visar 51–53 av 53" in page
    page = client.post(
        reverse("assignment_list"), {"namn": "sokdotter7", "referens": "MIG-N"}
    ).content.decode()
    assert "MIG-N-0007" in page and "Visar 1–1 av 1" in page


def test_the_filters_are_labelled_and_the_table_scrolls_in_its_region(client, alice, nykoping, today):
    _many(nykoping, 2, today)
    client.force_login(alice)
    page = client.get(reverse("assignment_list")).content.decode()
    for field in ("id_ar", "id_status", "id_kategori", "id_referens", "id_namn"):
        assert f'<label for="{field}"' in page, field
    assert 'class="table-scroll" role="region" aria-labelledby="tabell-anvisningar" tabindex="0"' in page


def test_the_list_costs_a_fixed_number_of_queries_on_any_page(
    client, alice, nykoping, today, django_assert_max_num_queries
):
    for number in range(60):
        household = HouseholdFactory.with_members([30, 5], municipality=nykoping)
        AssignmentFactory(reference=f"MIG-Q-{number}", municipality=nykoping, household=household)
    client.force_login(alice)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("assignment_list"), {"sida": 2}).content.decode()
    assert page.count("MIG-Q-") == 10
    with django_assert_max_num_queries(10):
        page = client.post(reverse("assignment_list"), {"namn": "a"}).content.decode()
    assert "Visar 1–50 av" in page
