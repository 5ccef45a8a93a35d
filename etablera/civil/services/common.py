"""What the civil register's services share: who keeps the register, and the checks of a contact's e-mail and
phone and of free texts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email

from etablera.access.guards import municipalities_where
from etablera.access.policy import capabilities
from etablera.people.services.details import normalise_phone


def may_keep_register(actor, municipality_id: int) -> bool:
    """The system (actor None: the demo, an import) and those who work with civil society in the municipality."""
    return actor is None or municipality_id in capabilities(actor).civil_municipality_ids


def keeper_municipality(user):
    """Where the user keeps the register (the first, for a user in several municipalities), or None."""
    found = municipalities_where(user, capabilities(user).civil_municipality_ids)
    return found[0] if found else None


def require_keeper(actor, municipality_id: int) -> None:
    if not may_keep_register(actor, municipality_id):
        raise PermissionDenied(
            "Föreningsregistret och nätverket hanteras av integrationsenheten och kultur och fritid."
        )


def refuse_unknown(values: dict, allowed) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")


def texts(values: dict, names) -> dict:
    return {name: str(values.get(name) or "").strip() for name in names}


def clean_email(errors: dict, value: str, name: str = "email") -> str:
    if value and name not in errors:
        try:
            validate_email(value)
        except ValidationError:
            errors[name] = "Ange en giltig e-postadress, till exempel namn@exempel.se."
    return value


def clean_phone(errors: dict, value: str, name: str = "phone") -> str:
    try:
        return normalise_phone(value or "")
    except ValueError as error:
        errors[name] = str(error)
        return ""


def clean_url(errors: dict, value: str, name: str = "website") -> str:
    if value and name not in errors:
        if "://" not in value:
            value = "https://" + value
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            errors[name] = "Ange en webbadress, till exempel https://exempel.se."
    return value
