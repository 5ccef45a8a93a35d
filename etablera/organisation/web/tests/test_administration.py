"""The administration pages (issue #9, finding 7): a municipal administrator's accounts and memberships, only their
own municipality's, with the services' refusals shown at the field or as a message."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.organisation.models import Membership, Role, Unit, User
from etablera.testing.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ebba(enkoping_reception):
    """Enköping's administrator, and an Enköping account that must never appear in Nyköping's pages."""
    UserFactory.with_role("enkopingsbo", enkoping_reception, Role.CASEWORKER, first_name="Enköpingsbo")
    return UserFactory.with_role("ebba", enkoping_reception, Role.ADMINISTRATOR, first_name="Ebba")


def test_the_administrator_sees_the_units_with_their_members_and_authorisations(
    client, carol, alice, bob, units
):
    Membership.objects.filter(user=alice).update(may_view_protected_address=True)
    client.force_login(carol)
    page = client.get(reverse("administration")).content.decode()
    assert "Mottagningsenheten (Nyköping)" in page and "SFI (Nyköping)" in page
    assert (
        reverse("account_detail", args=[alice.pk]) in page
        and reverse("account_detail", args=[bob.pk]) in page
    )
    assert "Handläggare" in page and "Administratör" in page
    row = page[page.index(reverse("account_detail", args=[alice.pk])) :].split("</tr>")[0]
    assert ">alice<" in row and row.count(">Ja<") == 1 and ">Aktivt<" in row


def test_nothing_of_another_municipality_is_listed(client, carol, ebba, enkoping_reception):
    client.force_login(carol)
    page = client.get(reverse("administration")).content.decode()
    assert "Integrationsenheten" not in page and "enkopingsbo" not in page and "Ebba" not in page
    client.force_login(ebba)
    page = client.get(reverse("administration")).content.decode()
    assert "enkopingsbo" in page and "Mottagningsenheten" not in page and "carol" not in page


@pytest.mark.parametrize("username", ["alice", "bob", "stina", "charlie"])
def test_no_one_else_opens_or_sends_the_pages(username, request, client, carol, alice):
    client.force_login(request.getfixturevalue(username))
    membership = alice.memberships.get()
    for url in (
        reverse("administration"),
        reverse("account_create"),
        reverse("account_detail", args=[alice.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "Konton och medlemskap hanteras av kommunens administratörer." in response.content.decode()
    response = client.post(
        reverse("membership_update", args=[membership.pk]), {f"m{membership.pk}-role": "ADMINISTRATOR"}
    )
    assert response.status_code == 403
    assert client.post(reverse("account_deactivate", args=[alice.pk])).status_code == 403
    assert Membership.objects.get(pk=membership.pk).role == Role.CASEWORKER
    assert User.objects.get(pk=alice.pk).is_active


def test_another_municipalitys_administrator_gets_404_for_our_objects(client, ebba, alice):
    membership = alice.memberships.get()
    client.force_login(ebba)
    assert client.get(reverse("account_detail", args=[alice.pk])).status_code == 404
    for url in (
        reverse("membership_update", args=[membership.pk]),
        reverse("membership_remove", args=[membership.pk]),
        reverse("membership_add", args=[alice.pk]),
        reverse("account_deactivate", args=[alice.pk]),
    ):
        assert client.post(url, {}).status_code == 404, url
    assert Membership.objects.filter(pk=membership.pk, role=Role.CASEWORKER).exists()
    assert User.objects.get(pk=alice.pk).is_active


def test_an_account_is_created_from_the_page(client, carol, units):
    client.force_login(carol)
    page = client.get(reverse("account_create")).content.decode()
    assert "får se skyddade adresser" in page and "får ta fram registerutdrag" in page
    assert "Integrationsenheten" not in page  # only Nyköping's units to choose from
    response = client.post(
        reverse("account_create"),
        {
            "username": "dina",
            "first_name": "Dina",
            "last_name": "Dahl",
            "email": "",
            "unit": units[Unit.Function.SFI].pk,
            "role": Role.COORDINATOR,
            "may_produce_register_extract": "on",
            "password": "",
        },
        follow=True,
    )
    dina = User.objects.get(username="dina")
    assert response.redirect_chain[-1][0] == reverse("account_detail", args=[dina.pk])
    assert "Kontot är skapat." in response.content.decode()
    assert not dina.has_usable_password() and not dina.is_staff
    assert dina.memberships.get().may_produce_register_extract


def test_errors_sit_at_the_field(client, carol, alice, units):
    client.force_login(carol)
    response = client.post(
        reverse("account_create"),
        {
            "username": "ALICE",
            "unit": units[Unit.Function.SFI].pk,
            "role": Role.CASEWORKER,
            "password": "123",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_username_error"' in page and "Det finns redan ett konto med det användarnamnet." in page
    assert not User.objects.filter(username="ALICE").exists()


def test_the_last_administrator_is_refused_with_a_message(client, carol):
    own = carol.memberships.get()
    client.force_login(carol)
    response = client.post(reverse("membership_remove", args=[own.pk]), follow=True)
    assert "Nyköping måste ha minst en aktiv administratör." in response.content.decode()
    response = client.post(reverse("membership_update", args=[own.pk]), {f"m{own.pk}-role": Role.CASEWORKER})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_m{own.pk}-role_error"' in page and "minst en aktiv administratör" in page
    assert Membership.objects.get(pk=own.pk).role == Role.ADMINISTRATOR


def test_a_membership_is_edited_added_and_removed(client, carol, alice, units):
    client.force_login(carol)
    membership = alice.memberships.get()
    client.post(
        reverse("membership_update", args=[membership.pk]),
        {f"m{membership.pk}-role": Role.UNIT_MANAGER, f"m{membership.pk}-may_view_protected_address": "on"},
    )
    membership.refresh_from_db()
    assert membership.role == Role.UNIT_MANAGER and membership.may_view_protected_address
    response = client.post(
        reverse("membership_add", args=[alice.pk]),
        {"ny-unit": units[Unit.Function.SCHOOL].pk, "ny-role": Role.CASEWORKER},
        follow=True,
    )
    assert "Medlemskapet är tillagt." in response.content.decode()
    added = alice.memberships.get(unit=units[Unit.Function.SCHOOL])
    client.post(reverse("membership_remove", args=[added.pk]))
    assert not Membership.objects.filter(pk=added.pk).exists()
    actions = list(
        AuditEvent.objects.filter(object_type="Membership", actor=carol)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["UPDATE", "CREATE", "DELETE"]


def test_an_account_is_deactivated_and_reactivated_from_the_page(client, carol, alice):
    client.force_login(carol)
    page = client.get(reverse("account_detail", args=[alice.pk])).content.decode()
    assert reverse("account_deactivate", args=[alice.pk]) in page
    response = client.post(reverse("account_deactivate", args=[alice.pk]), follow=True)
    assert "Kontot är inaktiverat." in response.content.decode()
    assert not User.objects.get(pk=alice.pk).is_active
    response = client.post(reverse("account_deactivate", args=[alice.pk]), follow=True)
    assert "Kontot är redan inaktiverat." in response.content.decode()
    response = client.post(reverse("account_reactivate", args=[alice.pk]), follow=True)
    assert "Kontot är aktiverat igen." in response.content.decode()
    assert User.objects.get(pk=alice.pk).is_active


def test_one_with_roles_elsewhere_and_oneself_are_not_deactivated_here(
    client, carol, alice, enkoping_reception
):
    Membership.objects.create(user=alice, unit=enkoping_reception, role=Role.CASEWORKER)
    client.force_login(carol)
    page = client.get(reverse("account_detail", args=[alice.pk])).content.decode()
    assert "Kontot har roller i en kommun du inte administrerar." in page
    assert reverse("account_deactivate", args=[alice.pk]) not in page
    assert "Integrationsenheten" not in page  # her role in Enköping is none of carol's business
    assert client.post(reverse("account_deactivate", args=[alice.pk])).status_code == 403
    page = client.get(reverse("account_detail", args=[carol.pk])).content.decode()
    assert "Du kan inte inaktivera ditt eget konto." in page
    assert client.post(reverse("account_deactivate", args=[carol.pk])).status_code == 403
    assert User.objects.filter(pk__in=[alice.pk, carol.pk], is_active=True).count() == 2


def test_an_operator_is_shown_but_not_editable(client, carol, units):
    operator = UserFactory.with_role("drift", units[Unit.Function.SFI], Role.CASEWORKER, is_staff=True)
    membership = operator.memberships.get()
    client.force_login(carol)
    assert "Driftpersonal" in client.get(reverse("administration")).content.decode()
    page = client.get(reverse("account_detail", args=[operator.pk])).content.decode()
    assert "Kontot tillhör tjänstens driftpersonal och ändras inte här." in page
    assert reverse("membership_update", args=[membership.pk]) not in page
    response = client.post(reverse("membership_remove", args=[membership.pk]))
    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_list_takes_the_same_number_of_queries_for_more_units_and_accounts(
    client, carol, nykoping, units
):
    client.force_login(carol)
    url = reverse("administration")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        unit = UnitFactory(municipality=nykoping, name=f"Extra {n}", function=Unit.Function.OTHER)
        for m in range(3):
            UserFactory.with_role(f"extra{n}_{m}", unit, Role.CASEWORKER)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "extra4_2" in response.content.decode()
    assert len(many) == len(few)


def test_the_menu_links_to_administration_for_administrators_only(client, carol, alice):
    client.force_login(carol)
    page = client.get(reverse("administration")).content.decode()
    assert f'<a href="{reverse("administration")}" aria-current="page">Administration</a>' in page
    client.force_login(alice)
    assert reverse("administration") not in client.get(reverse("my_tasks")).content.decode()
