"""What a municipal administrator does to the accounts and memberships of their municipality (issue #9, finding 7).

Municipal administrators are not staff of the Django admin (that is for the service's operators): these services are
their way to create accounts, give and take roles and the two explicit authorisations, and deactivate accounts.
Each checks that the actor administers the municipality, refuses any change to an operator's account (staff or
superuser), keeps at least one active administrator in every municipality, locks the row it changes and writes an
audit event with what changed — never a password.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.organisation.models import Membership, Role, Unit, User
from etablera.transitions import StateConflict, lock

FLAGS = ("may_view_protected_address", "may_produce_register_extract")
LAST_ADMINISTRATOR = (
    "{municipality} måste ha minst en aktiv administratör. Utse en annan administratör först."
)
OPERATOR = "Kontot tillhör tjänstens driftpersonal och ändras inte här."
COUNTY_BOARD = "Länsstyrelsens konton och roller sköts av tjänstens driftpersonal, inte av kommunen."


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _require_administrator(actor, unit: Unit) -> None:
    if unit.municipality_id not in capabilities(actor).admin_municipality_ids:
        raise PermissionDenied("Bara kommunens administratörer kan hantera konton och medlemskap i kommunen.")
    if unit.function == Unit.Function.COUNTY_BOARD:
        raise PermissionDenied(COUNTY_BOARD)


def _refuse_operator(user: User) -> None:
    if user.is_staff or user.is_superuser:
        raise PermissionDenied(OPERATOR)


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "Välj en roll i listan."})


def _keep_an_administrator(membership: Membership) -> None:
    """Refuse when `membership` is the municipality's last administrator membership of an active account. The
    municipality's administrator memberships are locked, so two administrators cannot remove each other at once."""
    municipality = membership.unit.municipality
    administrators = list(
        Membership.objects.select_for_update(of=("self",))
        .filter(unit__municipality=municipality, role=Role.ADMINISTRATOR, user__is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not set(administrators) - {membership.pk}:
        raise ValidationError({"role": LAST_ADMINISTRATOR.format(municipality=municipality.name)})


def _lock_membership(membership: Membership) -> None:
    """The municipality's administrator memberships first, in one order, then this one: two administrators
    changing each other's roles then wait for one another instead of deadlocking."""
    list(
        Membership.objects.select_for_update(of=("self",))
        .filter(unit__municipality_id=membership.unit.municipality_id, role=Role.ADMINISTRATOR)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    try:
        lock(membership)
    except Membership.DoesNotExist:
        raise StateConflict("Medlemskapet har redan tagits bort.", field="role") from None


def _membership_fields(membership: Membership) -> dict:
    return {
        "unit": membership.unit.name,
        "role": membership.role,
        **{flag: getattr(membership, flag) for flag in FLAGS},
    }


def _audit(actor, action: str, membership: Membership, summary: str, changes: dict) -> None:
    log_change(actor, action, membership, summary, changes)


def _clean_account(username: str, first_name: str, last_name: str, email: str) -> dict:
    values = {
        "username": (username or "").strip(),
        "first_name": (first_name or "").strip(),
        "last_name": (last_name or "").strip(),
        "email": (email or "").strip(),
    }
    errors: dict[str, str] = {}
    if not values["username"]:
        errors["username"] = "Ange ett användarnamn."
    for field, value in values.items():
        limit = _max_length(User, field)
        if len(value) > limit and field not in errors:
            errors[field] = f"Högst {limit} tecken."
    if "username" not in errors:
        try:
            User.username_validator(values["username"])
        except ValidationError:
            errors["username"] = "Använd bara bokstäver, siffror och tecknen @ . + - _ i användarnamnet."
    if "username" not in errors and User.objects.filter(username__iexact=values["username"]).exists():
        errors["username"] = "Det finns redan ett konto med det användarnamnet."
    if values["email"] and "email" not in errors:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = "Ange en giltig e-postadress."
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def create_account(
    *,
    actor,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    unit: Unit,
    role: str,
    may_view_protected_address: bool = False,
    may_produce_register_extract: bool = False,
    password: str = "",
) -> User:
    """A new account with one membership. Without a password the account can sign in only with the
    municipality's identity provider (OpenID Connect); an account made here is never staff or superuser."""
    _require_administrator(actor, unit)
    _check_role(role)
    values = _clean_account(username, first_name, last_name, email)
    user = User(**values, is_staff=False, is_superuser=False, is_active=True)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same user name taken at the same moment by another administrator
        raise ValidationError({"username": "Det finns redan ett konto med det användarnamnet."}) from None
    membership = Membership.objects.create(
        user=user,
        unit=unit,
        role=role,
        may_view_protected_address=may_view_protected_address,
        may_produce_register_extract=may_produce_register_extract,
    )
    _audit(
        actor,
        AuditEvent.Action.CREATE,
        membership,
        f"Konto {user.username} skapat",
        {
            **values,
            **_membership_fields(membership),
            "password": "set" if password else "unusable (OpenID Connect)",
        },
    )
    return user


@transaction.atomic
def add_membership(
    *,
    actor,
    user: User,
    unit: Unit,
    role: str,
    may_view_protected_address: bool = False,
    may_produce_register_extract: bool = False,
) -> Membership:
    _require_administrator(actor, unit)
    lock(user)
    _refuse_operator(user)
    _check_role(role)
    if Membership.objects.filter(user=user, unit=unit, role=role).exists():
        raise ValidationError({"unit": "Kontot har redan den rollen i enheten."})
    membership = Membership.objects.create(
        user=user,
        unit=unit,
        role=role,
        may_view_protected_address=may_view_protected_address,
        may_produce_register_extract=may_produce_register_extract,
    )
    _audit(
        actor,
        AuditEvent.Action.CREATE,
        membership,
        f"Medlemskap för {user.username} tillagt",
        _membership_fields(membership),
    )
    return membership


@transaction.atomic
def update_membership(
    *,
    actor,
    membership: Membership,
    role: str,
    may_view_protected_address: bool,
    may_produce_register_extract: bool,
) -> Membership:
    _require_administrator(actor, membership.unit)
    _lock_membership(membership)
    _refuse_operator(membership.user)
    _check_role(role)
    wanted = {
        "role": role,
        "may_view_protected_address": bool(may_view_protected_address),
        "may_produce_register_extract": bool(may_produce_register_extract),
    }
    changes = {
        field: [getattr(membership, field), value]
        for field, value in wanted.items()
        if getattr(membership, field) != value
    }
    if not changes:
        return membership
    if "role" in changes:
        if membership.role == Role.ADMINISTRATOR:
            _keep_an_administrator(membership)
        duplicate = Membership.objects.filter(user=membership.user_id, unit=membership.unit_id, role=role)
        if duplicate.exclude(pk=membership.pk).exists():
            raise ValidationError({"role": "Kontot har redan den rollen i enheten."})
    for field, value in wanted.items():
        setattr(membership, field, value)
    membership.save(update_fields=list(wanted))
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        membership,
        f"Medlemskap för {membership.user.username} ändrat",
        {"unit": membership.unit.name, **changes},
    )
    return membership


@transaction.atomic
def remove_membership(*, actor, membership: Membership) -> None:
    _require_administrator(actor, membership.unit)
    _lock_membership(membership)
    _refuse_operator(membership.user)
    if membership.role == Role.ADMINISTRATOR:
        _keep_an_administrator(membership)
    fields = _membership_fields(membership)
    _audit(
        actor,
        AuditEvent.Action.DELETE,
        membership,
        f"Medlemskap för {membership.user.username} borttaget",
        fields,
    )
    membership.delete()


def _require_whole_account(actor, user: User) -> list[Membership]:
    """An account may be (de)activated only by one who administers every municipality it has a role in: else it
    would be shut out of, or let back into, a municipality the actor has no say over."""
    if user.pk == actor.pk:
        raise PermissionDenied("Du kan inte inaktivera eller aktivera ditt eget konto.")
    _refuse_operator(user)
    memberships = list(Membership.objects.filter(user=user).select_related("unit__municipality"))
    admin_ids = capabilities(actor).admin_municipality_ids
    if not memberships or any(
        m.unit.municipality_id not in admin_ids or m.unit.function == Unit.Function.COUNTY_BOARD
        for m in memberships
    ):
        raise PermissionDenied(
            "Kontot har roller i en kommun du inte administrerar. Du kan ta bort dess medlemskap här, "
            "men inte inaktivera kontot."
        )
    return memberships


def _set_active(actor, user: User, active: bool) -> User:
    lock(user)
    memberships = _require_whole_account(actor, user)
    if user.is_active == active:
        raise StateConflict(
            "Kontot är redan aktivt." if active else "Kontot är redan inaktiverat.", field="is_active"
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    summary = f"Konto {user.username} {'aktiverat' if active else 'inaktiverat'}"
    for membership in memberships:
        _audit(actor, AuditEvent.Action.UPDATE, membership, summary, {"is_active": [not active, active]})
    return user


@transaction.atomic
def deactivate_account(*, actor, user: User) -> User:
    """The account can no longer sign in (password, OpenID Connect or API token); its memberships are kept so that
    it can be reactivated as it was."""
    return _set_active(actor, user, False)


@transaction.atomic
def reactivate_account(*, actor, user: User) -> User:
    return _set_active(actor, user, True)
