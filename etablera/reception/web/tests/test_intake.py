"""Issue #11 pages: "Lägg till medlemmar" on an anvisning registered without them, the import page's members file,
and "Registrera hushåll i eget boende" (EBO) — per role: alice (reception, Nyköping) may; bob (SFI) may not;
charlie (reception, Enköping) sees nothing of Nyköping; stina (statistics) nothing."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from etablera.people.models import Category, Person
from etablera.reception.models import Assignment, ReceptionCase
from etablera.reception.web.forms import MAX_MEMBERS
from etablera.testing.factories import AssignmentFactory, personnummer

EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples"
EMPTY_ROW = {
    "first_name": "",
    "last_name": "",
    "relation": "ADULT",
    "identity_number_type": "NONE",
    "identity_number": "",
    "birth_date": "",
    "sex": "U",
    "languages": "",
    "interpreter_language": "",
    "protected_identity": "NONE",
}
NUMBER = personnummer(dt.date(1986, 2, 3), 41)
ADULT = {
    "first_name": "Amal",
    "last_name": "Haddad",
    "identity_number_type": "PERSONNUMMER",
    "identity_number": NUMBER,
    "sex": "F",
}
CHILD = {"first_name": "Lina", "last_name": "Haddad", "relation": "CHILD", "birth_date": "2016-09-21"}


def rows(members, **fields):
    data = {
        "members-TOTAL_FORMS": str(MAX_MEMBERS),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": str(MAX_MEMBERS),
        **fields,
    }
    for index in range(MAX_MEMBERS):
        row = {**EMPTY_ROW, **(members[index] if index < len(members) else {})}
        data.update({f"members-{index}-{name}": value for name, value in row.items()})
    return data


@pytest.fixture
def bare(nykoping, units, today):
    """An imported anvisning: three persons, none registered."""
    return AssignmentFactory(
        reference="MIG-IMP-9",
        municipality=nykoping,
        decision_date=today - dt.timedelta(days=4),
        person_count=3,
    )


def test_the_anvisning_page_offers_adding_members_instead_of_a_dead_end(client, alice, bare):
    client.force_login(alice)
    page = client.get(reverse("assignment_detail", args=[bare.pk])).content.decode()
    assert reverse("assignment_members", args=[bare.pk]) in page
    assert "Ankomsten kan registreras först när hushållets medlemmar finns i Etablera." in page
    assert reverse("assignment_receive", args=[bare.pk]) not in page


def test_alice_adds_the_members_by_hand_and_can_then_receive(client, alice, bare, today):
    client.force_login(alice)
    url = reverse("assignment_members", args=[bare.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, rows([ADULT, CHILD], household_name="Familjen Haddad"))

    assert response.status_code == 302 and response["Location"] == reverse(
        "assignment_detail", args=[bare.pk]
    )
    bare.refresh_from_db()
    assert bare.household.name == "Familjen Haddad" and bare.household.memberships.count() == 2
    page = client.get(reverse("assignment_detail", args=[bare.pk])).content.decode()
    assert reverse("assignment_receive", args=[bare.pk]) in page  # the arrival form is back
    assert "Anvisningen gäller 3 personer; 2 är registrerade." in page  # one more may still be added
    response = client.post(
        reverse("assignment_receive", args=[bare.pk]), {"ankomst-arrival_date": today.isoformat()}
    )
    assert response.status_code == 302
    bare.refresh_from_db()
    assert bare.status == Assignment.Status.RECEIVED


def test_errors_are_shown_at_the_field_and_nothing_is_kept(client, alice, bare):
    client.force_login(alice)
    bad = {**ADULT, "identity_number": "19860203-0000"}
    page = client.post(
        reverse("assignment_members", args=[bare.pk]), rows([bad, {**CHILD, "first_name": ""}])
    ).content.decode()
    assert 'id="id_members-0-identity_number_error"' in page
    assert 'id="id_members-1-first_name_error"' in page
    bare.refresh_from_db()
    assert bare.household is None and not Person.objects.filter(last_name="Haddad").exists()


def test_bob_and_stina_may_not_and_charlie_sees_nothing_of_nykoping(client, bob, charlie, stina, bare):
    url = reverse("assignment_members", args=[bare.pk])
    client.force_login(bob)
    assert client.get(url).status_code == 403
    assert client.post(url, rows([ADULT])).status_code == 403
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    assert client.post(url, rows([ADULT])).status_code == 404
    client.force_login(stina)
    assert client.get(url).status_code in (302, 403)
    bare.refresh_from_db()
    assert bare.household is None


def test_the_import_page_takes_a_members_file(client, alice, nykoping, units):
    client.force_login(alice)
    with open(EXAMPLES / "anvisningar-utan-personer.csv", "rb") as handle:
        client.post(reverse("assignment_import"), {"kind": "assignments", "file": handle})
    token = client.session["etablera_assignment_import"]["sha256"]
    client.post(reverse("assignment_import"), {"confirm": "1", "sha256": token})
    assert Assignment.objects.filter(reference__startswith="EX-2026-01").count() == 2

    with open(EXAMPLES / "hushallsmedlemmar.csv", "rb") as handle:
        preview = client.post(
            reverse("assignment_import"), {"kind": "members", "file": handle}
        ).content.decode()
    assert "Nya personer" in preview and "Amal" in preview
    assert "19870514" not in preview  # names in the preview, never numbers
    token = client.session["etablera_assignment_import"]["sha256"]
    response = client.post(reverse("assignment_import"), {"confirm": "1", "sha256": token})
    assert response.status_code == 302
    haddad = Assignment.objects.get(reference="EX-2026-0101")
    assert haddad.household.memberships.count() == 3


# --- self-settled (EBO) ------------------------------------------------------------------------------------------


def test_alice_registers_a_self_settled_household(client, alice, nykoping, units, today):
    client.force_login(alice)
    url = reverse("self_settled_create")
    assert "Registrera hushåll i eget boende" in client.get(reverse("assignment_list")).content.decode()
    assert url in client.get(reverse("household_search")).content.decode()
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        rows(
            [ADULT, CHILD],
            household_name="Familjen Eget",
            registered_date=(today - dt.timedelta(days=2)).isoformat(),
        ),
    )

    case = ReceptionCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "household_detail", args=[case.household.public_id]
    )
    assert case.is_self_settled and case.tasks.exists()
    assert {p.category for p in case.household.members.all()} == {Category.SELF_SETTLED}
    page = client.get(response["Location"]).content.decode()
    assert "Egenbosatt (EBO): hushållet kom utan anvisning och räknas inte mot kommuntalet." in page
    assert "Folkbokförd i kommunen" in page


def test_the_self_settled_form_shows_every_error_and_keeps_nothing(client, alice, nykoping, units, today):
    client.force_login(alice)
    page = client.post(
        reverse("self_settled_create"),
        rows([{**ADULT, "identity_number": "19860203-0000"}], household_name="", registered_date=""),
    ).content.decode()
    assert 'id="id_registered_date_error"' in page and 'id="id_household_name_error"' in page
    assert 'id="id_members-0-identity_number_error"' in page
    assert not ReceptionCase.objects.exists()


def test_the_self_settled_page_per_role(
    client, bob, charlie, stina, nykoping, units, enkoping_reception, today
):
    url = reverse("self_settled_create")
    client.force_login(bob)
    assert client.get(url).status_code == 403
    assert url not in client.get(reverse("household_search")).content.decode()
    client.force_login(stina)
    assert client.get(url).status_code in (302, 403)
    # Charlie registers in Enköping only: Nyköping is not his to choose.
    client.force_login(charlie)
    page = client.get(url).content.decode()
    assert "Nyköping" not in page
    client.post(url, rows([ADULT], household_name="Familjen E", registered_date=today.isoformat()))
    case = ReceptionCase.objects.get()
    assert case.municipality.code == "0381"


def test_the_new_anvisning_form_offers_no_ebo_category(client, alice, nykoping, units):
    client.force_login(alice)
    page = client.get(reverse("assignment_create")).content.decode()
    assert 'value="SELF_SETTLED"' not in page
    assert "Egenbosatta (EBO) har ingen anvisning" in page
