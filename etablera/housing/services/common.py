"""What every housing write shares: who may write (the housing staff of the municipality, or the system) and
how a value is written into the audit log. Its own module so that homes, needs and contracts need not import each
other for it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from etablera.access.policy import can_manage_housing


def _require_housing_staff(actor, municipality_id: int) -> None:
    if actor is None:  # the CLI and imports run as the system, already authorised by who may run them
        return
    if not can_manage_housing(actor, municipality_id):
        raise PermissionDenied("Du har inte behörighet att hantera bostäder i denna kommun.")


def _jsonable(value):
    return value.isoformat() if isinstance(value, dt.date) else value
