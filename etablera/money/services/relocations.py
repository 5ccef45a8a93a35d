"""A received person's move to another municipality (issue #15): recorded by the integration unit or the controller
of the municipality the person is registered in, so that the schablon's later instalments go to the new
municipality. A move is a fact about a person: the person must be one the user sees (the caller reads them through
restrict()), and the change is logged on the person."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities, restrict
from etablera.money.models import Relocation
from etablera.organisation.models import Municipality
from etablera.people.models import Person


@transaction.atomic
def record_relocation(actor, person: Person, to_code: str, moved_on: dt.date) -> Relocation:
    if person.municipality_id not in capabilities(actor).money_manage_municipality_ids:
        raise PermissionDenied(_("Flyttar registreras av kommunen där personen är folkbokförd."))
    locked = Person.objects.select_for_update().get(pk=person.pk)
    errors = {}
    to = Municipality.objects.filter(code=(to_code or "").strip()).first()
    if to is None:
        errors["to_municipality"] = _("Okänd kommunkod. Kommunkoden har fyra siffror, t.ex. 0381.")
    elif to.pk == locked.municipality_id:
        errors["to_municipality"] = _("Välj en annan kommun än den personen är folkbokförd i.")
    if moved_on is None or moved_on > timezone.localdate() + dt.timedelta(days=31):
        errors["moved_on"] = _("Ange flyttdatumet (högst en månad framåt).")
    elif Relocation.objects.filter(person=locked, moved_on=moved_on).exists():
        errors["moved_on"] = _("En flytt är redan registrerad det datumet.")
    if errors:
        raise ValidationError(errors)
    move = Relocation.objects.create(
        person=locked,
        from_municipality_id=locked.municipality_id,
        to_municipality=to,
        moved_on=moved_on,
        recorded_by=actor,
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        locked,
        summary=f"Flytt till {to.name} {moved_on.isoformat()} (statlig ersättning)",
    )
    return move


def moves_of(user, person: Person) -> list[Relocation]:
    return list(
        restrict(user, Relocation.objects.filter(person=person)).select_related(
            "person", "from_municipality", "to_municipality"
        )
    )
