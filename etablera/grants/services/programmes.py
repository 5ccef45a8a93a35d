"""A grant round: set up, changed, opened and closed by staff of civil society."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.grants.models import GrantProgramme
from etablera.grants.services.common import check_civil
from etablera.rules.grants import clean_extra_fields
from etablera.transitions import StateConflict, lock

FIELDS = ("name", "criteria", "budget", "opens_on", "closes_on", "extra_fields", "funding_year")


def clean_programme(municipality, values: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned = {name: values.get(name) for name in FIELDS}
    for name in ("name", "criteria"):
        cleaned[name] = (cleaned[name] or "").strip()
        limit = GrantProgramme._meta.get_field(name).max_length
        if not cleaned[name]:
            errors[name] = "Fyll i fältet."
        elif len(cleaned[name]) > limit:
            errors[name] = f"Högst {limit} tecken."
    if cleaned["budget"] is None or cleaned["budget"] < 0:
        errors["budget"] = "Ange budgeten i hela kronor."
    if not cleaned["opens_on"]:
        errors["opens_on"] = "Ange när ansökan öppnar."
    if not cleaned["closes_on"]:
        errors["closes_on"] = "Ange sista ansökningsdag."
    elif cleaned["opens_on"] and cleaned["closes_on"] < cleaned["opens_on"]:
        errors["closes_on"] = "Sista ansökningsdagen kan inte vara före den dag ansökan öppnar."
    try:
        cleaned["extra_fields"] = clean_extra_fields(cleaned["extra_fields"] or [])
    except ValueError as error:
        errors["extra_fields"] = str(error)
    pot = cleaned["funding_year"]
    if pot is not None and (pot.municipality_id != municipality.pk or pot.model != "POT"):
        errors["funding_year"] = "Välj en central pott i kommunen."
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def create_programme(actor, *, municipality, **values) -> GrantProgramme:
    check_civil(actor, municipality.pk)
    cleaned = clean_programme(municipality, values)
    programme = GrantProgramme.objects.create(municipality=municipality, created_by=actor, **cleaned)
    log_change(actor, AuditEvent.Action.CREATE, programme, f"Bidragsprogram {programme.name}")
    return programme


@transaction.atomic
def update_programme(actor, programme: GrantProgramme, **values) -> GrantProgramme:
    check_civil(actor, programme.municipality_id)
    lock(programme)
    cleaned = clean_programme(programme.municipality, values)
    if programme.status != GrantProgramme.Status.DRAFT and cleaned["extra_fields"] != programme.extra_fields:
        # Applications already sent answered the questions as they were.
        raise StateConflict(
            "Formulärets frågor kan bara ändras medan programmet är ett utkast.", field="extra_fields"
        )
    changes = {name: str(value) for name, value in cleaned.items() if getattr(programme, name) != value}
    for name, value in cleaned.items():
        setattr(programme, name, value)
    programme.save()
    log_change(actor, AuditEvent.Action.UPDATE, programme, f"Bidragsprogram {programme.name}", changes)
    return programme


TRANSITIONS = {
    GrantProgramme.Status.OPEN: (GrantProgramme.Status.DRAFT, GrantProgramme.Status.CLOSED),
    GrantProgramme.Status.CLOSED: (GrantProgramme.Status.OPEN,),
}


@transaction.atomic
def set_programme_status(actor, programme: GrantProgramme, *, status: str) -> GrantProgramme:
    check_civil(actor, programme.municipality_id)
    lock(programme)
    if status not in TRANSITIONS or programme.status not in TRANSITIONS[status]:
        raise StateConflict(
            f"Programmet är {programme.get_status_display().lower()} och kan inte få den statusen nu."
        )
    before = programme.status
    programme.status = status
    programme.save(update_fields=["status", "updated_at"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        programme,
        f"Bidragsprogram {programme.get_status_display().lower()}",
        {"status": [before, status]},
    )
    return programme
