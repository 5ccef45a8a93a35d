"""The administrator's services for accounts and memberships (issue #9, finding 7): who may, what is refused,
the last administrator, and the audit event of each change."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.organisation import services
from etablera.organisation.models import Membership, Role, Unit, User
from etablera.testing.factories import UserFactory
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db


def _new(carol, unit, **extra):
    values = {
        "actor": carol,
        "username": "dina",
        "first_name": "Dina",
        "last_name": "Dahl",
        "email": "dina@nykoping.example",
        "unit": unit,
        "role": Role.CASEWORKER,
        **extra,
    }
    return services.create_account(**values)


def _last_event(action):
    return AuditEvent.objects.filter(action=action, object_type="Membership").latest("pk")


def test_an_administrator_creates_an_account_without_a_password_for_openid_connect(carol, units):
    user = _new(carol, units[Unit.Function.SFI], may_view_protected_address=True)
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser and user.is_active
    membership = user.memberships.get()
    assert (membership.unit, membership.role) == (units[Unit.Function.SFI], Role.CASEWORKER)
    assert membership.may_view_protected_address and not membership.may_produce_register_extract
    event = _last_event(AuditEvent.Action.CREATE)
    assert event.actor == carol and event.municipality_code == "0480"
    assert event.changes["username"] == "dina" and event.changes["unit"] == "SFI"
    assert event.changes["password"] == "unusable (OpenID Connect)"


def test_an_initial_password_is_checked_by_the_validators_and_never_logged(carol, units):
    with pytest.raises(ValidationError) as error:
        _new(carol, units[Unit.Function.SFI], password="123")
    assert "password" in error.value.message_dict
    assert not User.objects.filter(username="dina").exists()
    user = _new(carol, units[Unit.Function.SFI], password="Lång-och-ovanlig-fras-42")
    assert user.check_password("Lång-och-ovanlig-fras-42")
    assert "Lång-och-ovanlig-fras-42" not in str(list(AuditEvent.objects.values_list("changes", "summary")))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("username", "", "Ange ett användarnamn."),
        ("username", "x" * 151, "Högst 150 tecken."),
        ("username", "med mellanslag", "Använd bara bokstäver"),
        ("username", "ALICE", "Det finns redan ett konto med det användarnamnet."),
        ("first_name", "x" * 151, "Högst 150 tecken."),
        ("email", "inte-en-adress", "Ange en giltig e-postadress."),
        ("role", "SUPERUSER", "Välj en roll i listan."),
    ],
)
def test_account_values_are_refused_at_the_field(carol, alice, units, field, value, message):
    with pytest.raises(ValidationError) as error:
        _new(carol, units[Unit.Function.SFI], **{field: value})
    assert message in error.value.message_dict[field][0]


def test_no_one_but_the_municipalitys_administrator_creates_accounts(
    alice, carol, charlie, units, enkoping_reception
):
    for actor in (alice, charlie):
        with pytest.raises(PermissionDenied):
            _new(actor, units[Unit.Function.SFI])
    with pytest.raises(PermissionDenied):
        _new(carol, enkoping_reception)  # Enköping's unit: not carol's municipality
    assert not User.objects.filter(username="dina").exists()


def test_a_membership_is_changed_with_what_changed_in_the_audit_event(carol, alice):
    membership = alice.memberships.get()
    services.update_membership(
        actor=carol,
        membership=membership,
        role=Role.COORDINATOR,
        may_view_protected_address=False,
        may_produce_register_extract=True,
    )
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR and membership.may_produce_register_extract
    event = _last_event(AuditEvent.Action.UPDATE)
    assert event.changes == {
        "unit": "Mottagningsenheten",
        "role": [Role.CASEWORKER, Role.COORDINATOR],
        "may_produce_register_extract": [False, True],
    }
    assert event.municipality_code == "0480"


def test_a_membership_is_added_and_removed_in_the_same_municipality(carol, alice, units):
    added = services.add_membership(
        actor=carol, user=alice, unit=units[Unit.Function.SFI], role=Role.CASEWORKER
    )
    assert _last_event(AuditEvent.Action.CREATE).changes["unit"] == "SFI"
    with pytest.raises(ValidationError) as error:
        services.add_membership(actor=carol, user=alice, unit=units[Unit.Function.SFI], role=Role.CASEWORKER)
    assert error.value.message_dict["unit"] == ["Kontot har redan den rollen i enheten."]
    services.remove_membership(actor=carol, membership=added)
    assert not Membership.objects.filter(pk=added.pk).exists()
    event = _last_event(AuditEvent.Action.DELETE)
    assert event.changes["unit"] == "SFI" and event.changes["role"] == Role.CASEWORKER


def test_the_last_administrator_is_neither_removed_nor_demoted(carol):
    own = carol.memberships.get()
    with pytest.raises(ValidationError) as error:
        services.remove_membership(actor=carol, membership=own)
    assert error.value.message_dict["role"] == [
        "Nyköping måste ha minst en aktiv administratör. Utse en annan administratör först."
    ]
    with pytest.raises(ValidationError):
        services.update_membership(
            actor=carol,
            membership=own,
            role=Role.UNIT_MANAGER,
            may_view_protected_address=False,
            may_produce_register_extract=False,
        )
    assert Membership.objects.get(pk=own.pk).role == Role.ADMINISTRATOR
    # With a second, active administrator carol may step down.
    services.add_membership(
        actor=carol, user=UserFactory(username="dag"), unit=own.unit, role=Role.ADMINISTRATOR
    )
    services.remove_membership(actor=carol, membership=own)
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_an_inactive_administrator_does_not_count(carol, units):
    other = UserFactory.with_role("dag", units[Unit.Function.SFI], Role.ADMINISTRATOR, is_active=False)
    assert other.memberships.exists()
    with pytest.raises(ValidationError):
        services.remove_membership(actor=carol, membership=carol.memberships.get())


def test_an_operators_account_is_not_changed_here(carol, units):
    operator = UserFactory.with_role("drift", units[Unit.Function.SFI], Role.CASEWORKER, is_staff=True)
    membership = operator.memberships.get()
    for change in (
        lambda: services.update_membership(
            actor=carol,
            membership=membership,
            role=Role.ADMINISTRATOR,
            may_view_protected_address=True,
            may_produce_register_extract=True,
        ),
        lambda: services.remove_membership(actor=carol, membership=membership),
        lambda: services.add_membership(
            actor=carol, user=operator, unit=units[Unit.Function.SCHOOL], role="CASEWORKER"
        ),
        lambda: services.deactivate_account(actor=carol, user=operator),
    ):
        with pytest.raises(PermissionDenied, match="driftpersonal"):
            change()
    assert Membership.objects.filter(user=operator).count() == 1
    assert Membership.objects.get(pk=membership.pk).role == Role.CASEWORKER


def test_an_account_is_deactivated_and_reactivated_once_each(carol, alice):
    services.deactivate_account(actor=carol, user=alice)
    alice.refresh_from_db()
    assert not alice.is_active
    assert _last_event(AuditEvent.Action.UPDATE).changes == {"is_active": [True, False]}
    with pytest.raises(StateConflict) as conflict:
        services.deactivate_account(actor=carol, user=alice)
    assert conflict.value.detail == "Kontot är redan inaktiverat."
    services.reactivate_account(actor=carol, user=alice)
    assert User.objects.get(pk=alice.pk).is_active
    with pytest.raises(StateConflict, match="redan aktivt"):
        services.reactivate_account(actor=carol, user=alice)


def test_an_account_with_roles_elsewhere_or_oneself_is_not_deactivated(carol, alice, enkoping_reception):
    with pytest.raises(PermissionDenied, match="eget konto"):
        services.deactivate_account(actor=carol, user=carol)
    Membership.objects.create(user=alice, unit=enkoping_reception, role=Role.CASEWORKER)
    with pytest.raises(PermissionDenied, match="kommun du inte administrerar"):
        services.deactivate_account(actor=carol, user=alice)
    assert User.objects.get(pk=alice.pk).is_active
    # Her membership here can still be removed.
    services.remove_membership(actor=carol, membership=alice.memberships.get(unit__municipality__code="0480"))
    assert list(alice.memberships.values_list("unit", flat=True)) == [enkoping_reception.pk]


def test_another_municipalitys_administrator_changes_nothing_here(alice, units, enkoping_reception):
    ebba = UserFactory.with_role("ebba", enkoping_reception, Role.ADMINISTRATOR)
    membership = alice.memberships.get()
    with pytest.raises(PermissionDenied):
        services.update_membership(
            actor=ebba,
            membership=membership,
            role=Role.ADMINISTRATOR,
            may_view_protected_address=True,
            may_produce_register_extract=True,
        )
    with pytest.raises(PermissionDenied):
        services.remove_membership(actor=ebba, membership=membership)
    with pytest.raises(PermissionDenied):
        services.deactivate_account(actor=ebba, user=alice)
    assert Membership.objects.get(pk=membership.pk).role == Role.CASEWORKER


def test_a_membership_removed_meanwhile_is_a_state_conflict(carol, alice, units):
    added = services.add_membership(
        actor=carol, user=alice, unit=units[Unit.Function.SFI], role=Role.CASEWORKER
    )
    stale = Membership.objects.get(pk=added.pk)
    services.remove_membership(actor=carol, membership=added)
    with pytest.raises(StateConflict, match="redan tagits bort"):
        services.remove_membership(actor=carol, membership=stale)
    with pytest.raises(StateConflict, match="redan tagits bort"):
        services.update_membership(
            actor=carol,
            membership=stale,
            role=Role.COORDINATOR,
            may_view_protected_address=False,
            may_produce_register_extract=False,
        )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, object_type="Membership").count() == 1


def test_the_county_board_placed_here_is_not_the_municipalitys_to_manage(carol, alice, lena, units):
    """The county board's unit sits at Nyköping (its seat) but is not Nyköping's: its administrator neither lists,
    staffs nor changes it, and its caseworker's account is not theirs (the operators manage the county board)."""
    from django.http import Http404

    from etablera.access.selectors import consent_units
    from etablera.organisation import selectors
    from etablera.testing.factories import PersonFactory

    board = lena.memberships.get().unit
    assert board.municipality_id == alice.memberships.first().unit.municipality_id
    assert board not in selectors.administered_units(carol)
    assert board not in consent_units(PersonFactory(municipality=board.municipality))
    with pytest.raises(PermissionDenied, match="Länsstyrelsens konton"):
        services.add_membership(actor=carol, user=alice, unit=board, role=Role.CASEWORKER)
    with pytest.raises(Http404):
        selectors.administered_account(carol, lena.pk)
    with pytest.raises(Http404):
        selectors.administered_membership(carol, lena.memberships.get().pk)
    # Alice, given a county role by the operators, has a role Nyköping's administrator does not administer.
    Membership.objects.create(user=alice, unit=board, role=Role.CASEWORKER)
    assert selectors.has_roles_elsewhere(carol, alice)
    with pytest.raises(PermissionDenied, match="kommun du inte administrerar"):
        services.deactivate_account(actor=carol, user=alice)
