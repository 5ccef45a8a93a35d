"""What every reception service shares: who may register reception in a municipality, and which unit is the
municipality's reception unit (the one receive_household gives the household's tasks to)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.policy import capabilities
from etablera.organisation.models import Municipality, Unit


def _require_reception_staff(actor, municipality: Municipality) -> None:
    if actor is None:  # the CLI and imports run as the system, already authorised by who may run them
        return
    if municipality.pk not in capabilities(actor).reception_municipality_ids:
        raise PermissionDenied("Du har inte behörighet att registrera mottagande i denna kommun.")


def _reception_unit(municipality: Municipality) -> Unit:
    unit = (
        Unit.objects.filter(municipality=municipality, function=Unit.Function.RECEPTION, is_active=True)
        .order_by("-kind", "pk")
        .first()
    )
    if unit is None:
        raise ValidationError({"municipality": "Kommunen har ingen mottagningsenhet registrerad i Etablera."})
    return unit
