"""An association's activities in the activities catalogue (issue #17 with issue #13's catalogue): the activity is
created by the catalogue's own service (`activity.services.catalogue.create_activity`), kind ASSOCIATION with the
association's name as organiser, so that its schedule, place, languages and capacity are checked and shown as every
other activity's; the link says whose it is. The catalogue's rules decide who changes the activity later (its
owning unit)."""

from __future__ import annotations

from django.db import transaction

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.activity.models import Activity
from etablera.activity.services import catalogue
from etablera.civil.models import Association, AssociationActivity
from etablera.civil.services.common import refuse_unknown, require_keeper
from etablera.organisation.models import Unit

# The catalogue's fields an association's activity is given; the kind and the organiser are set here.
ACTIVITY_FIELDS = tuple(name for name in catalogue.ACTIVITY_FIELDS if name not in ("kind", "organiser"))


@transaction.atomic
def create_association_activity(
    *, actor, association: Association, unit: Unit | None = None, **values
) -> AssociationActivity:
    refuse_unknown(values, ACTIVITY_FIELDS)
    require_keeper(actor, association.municipality_id)
    activity = catalogue.create_activity(
        actor=actor,
        municipality=association.municipality,
        unit=unit,
        kind=Activity.Kind.ASSOCIATION,
        organiser=association.name[:200],
        **values,
    )
    link = AssociationActivity.objects.create(association=association, activity=activity)
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        association,
        "Föreningens aktivitet tillagd i aktivitetskatalogen",
        {"activity": str(activity.public_id), "name": activity.name},
    )
    return link
