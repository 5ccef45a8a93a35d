"""The child's case: opened for a person (under 18 when it opens, or a young adult under 21 the municipality still
carries), its facts changed, the report of continued responsibility and the decision at 18 recorded, and closed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities, restrict
from etablera.minors.models import ChildCase
from etablera.minors.services.tasks import ensure_school_and_health_tasks
from etablera.organisation.models import Municipality
from etablera.people.models import Person
from etablera.rules import minors as rules
from etablera.rules.dates import age_on
from etablera.transitions import StateConflict, lock

FACTS = (
    "arrival_municipality",
    "assigned_municipality",
    "residing_municipality",
    "arrived_on",
    "asylum_status",
    "permit_decided_on",
    "investigation_started_on",
    "investigation_decided_on",
    "young_adult_plan",
)
DATES = ("arrived_on", "permit_decided_on", "investigation_started_on", "investigation_decided_on")


def require_social_services(actor, person: Person, municipality_id: int | None = None) -> None:
    """The actor sees the person and is staff of social services in the responsible municipality (the person's,
    unless a case says another)."""
    if actor is None:
        return
    if not restrict(actor, Person.objects.filter(pk=person.pk)).exists():
        raise PermissionDenied("Du har inte behörighet till personen.")
    municipality_id = municipality_id or person.municipality_id
    if municipality_id not in capabilities(actor).social_services_municipality_ids:
        raise PermissionDenied("Barnärendet hanteras av socialtjänsten i den ansvariga kommunen.")


def check_length(errors: dict, values: dict, model) -> None:
    for name, value in values.items():
        if isinstance(value, str):
            limit = model._meta.get_field(name).max_length
            if limit and len(value) > limit:
                errors[name] = f"Högst {limit} tecken."


def not_in_future(errors: dict, values: dict, names, today: dt.date) -> None:
    for name in names:
        value = values.get(name)
        if value is not None and value > today:
            errors[name] = "Datumet kan inte ligga i framtiden."


def _clean_facts(values: dict, person: Person, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    status = values.get("asylum_status")
    if status is not None and status not in ChildCase.AsylumStatus.values:
        errors["asylum_status"] = "Välj asylstatus."
    for name in ("arrival_municipality", "assigned_municipality", "residing_municipality"):
        value = values.get(name)
        if value is not None and not isinstance(value, Municipality):
            errors[name] = "Välj en kommun."
    not_in_future(errors, values, DATES, today)
    started, decided = values.get("investigation_started_on"), values.get("investigation_decided_on")
    if decided is not None and started is None:
        errors["investigation_started_on"] = "Ange när utredningen inleddes."
    elif decided is not None and started is not None and decided < started:
        errors["investigation_decided_on"] = "Beslutet kan inte vara före utredningens start."
    if values.get("permit_decided_on") and status in (ChildCase.AsylumStatus.SEEKING, None):
        errors["asylum_status"] = "Ett beslut om uppehållstillstånd finns: välj vilket tillstånd."
    if person.birth_date and values.get("arrived_on") and values["arrived_on"] < person.birth_date:
        errors["arrived_on"] = "Ankomsten kan inte vara före födelsedatumet."
    check_length(errors, {"young_adult_plan": values.get("young_adult_plan", "")}, ChildCase)
    return errors


@transaction.atomic
def open_case(actor, person: Person, *, municipality: Municipality | None = None, **facts) -> ChildCase:
    """The child's case, responsible municipality the person's unless given. Refused for a person of 21 or more
    (the municipality's responsibility has ended) and for a second case."""
    municipality = municipality or person.municipality
    require_social_services(actor, person, municipality.pk)
    today = timezone.localdate()
    facts = {name: value for name, value in facts.items() if name in FACTS}
    facts["young_adult_plan"] = (facts.get("young_adult_plan") or "").strip()
    errors = _clean_facts(facts, person, today)
    if person.birth_date is None:
        errors["person"] = "Personen saknar födelsedatum: registrera det först."
    elif age_on(person.birth_date, today) >= rules.responsibility_age(today):
        errors["person"] = "Personen har fyllt 21 år: kommunens ansvar har upphört."
    if ChildCase.objects.filter(person=person).exists():
        errors["person"] = "Personen har redan ett barnärende."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            case = ChildCase.objects.create(
                person=person, municipality=municipality, created_by=actor, **facts
            )
    except IntegrityError as error:  # a second case opened at the same moment
        raise StateConflict("Personen har redan ett barnärende.", field="person") from error
    log_change(actor, AuditEvent.Action.CREATE, case, "Barnärende öppnat (ensamkommande)")
    # School placement and the health examination as the reception's tasks, if the child lacks them (issue #14).
    ensure_school_and_health_tasks(actor, case, today=today)
    return case


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Municipality):
        return value.code
    return value


@transaction.atomic
def update_case(actor, case: ChildCase, **changes) -> ChildCase:
    require_social_services(actor, case.person, case.municipality_id)
    changes = {name: value for name, value in changes.items() if name in FACTS}
    if "young_adult_plan" in changes:
        changes["young_adult_plan"] = (changes["young_adult_plan"] or "").strip()
    today = timezone.localdate()
    lock(case)
    if case.status != ChildCase.Status.OPEN:
        raise StateConflict("Barnärendet är avslutat.")
    merged = {name: getattr(case, name) for name in FACTS} | changes
    errors = _clean_facts(merged, case.person, today)
    if errors:
        raise ValidationError(errors)
    changed = {
        name: [_jsonable(getattr(case, name)), _jsonable(value)]
        for name, value in changes.items()
        if getattr(case, name) != value
    }
    if not changed:
        return case
    for name in changed:
        setattr(case, name, changes[name])
    case.save(update_fields=[*changed, "updated_at"])
    log_change(actor, AuditEvent.Action.UPDATE, case, "Barnärendet ändrat", changed)
    return case


@transaction.atomic
def record_report_sent(actor, case: ChildCase, *, sent_on: dt.date | None) -> ChildCase:
    """The report of continued responsibility sent to Migrationsverket (due three weeks before the 18th birthday)."""
    require_social_services(actor, case.person, case.municipality_id)
    today = timezone.localdate()
    if sent_on is None:
        raise ValidationError({"sent_on": "Ange när anmälan skickades."})
    if sent_on > today:
        raise ValidationError({"sent_on": "Datumet kan inte ligga i framtiden."})
    lock(case)
    if case.status != ChildCase.Status.OPEN:
        raise StateConflict("Barnärendet är avslutat.", field="sent_on")
    if case.report_sent_on is not None:
        raise StateConflict(
            f"Anmälan är redan registrerad som skickad {case.report_sent_on}.", field="sent_on"
        )
    case.report_sent_on = sent_on
    case.save(update_fields=["report_sent_on", "updated_at"])
    due = rules.continued_responsibility_report(case.person.birth_date) if case.person.birth_date else None
    late = (
        f" ({(sent_on - due.date).days} dagar efter sista dag {due.date})"
        if due and sent_on > due.date
        else ""
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        f"Anmälan om fortsatt ansvar skickad till Migrationsverket {sent_on}{late}",
        {"report_sent_on": [None, sent_on.isoformat()]},
    )
    return case


@transaction.atomic
def decide_after_18(actor, case: ChildCase, *, decision: str, decided_on: dt.date | None) -> ChildCase:
    """The social board's decision to keep the responsibility after 18 or return it to Migrationsverket — made by a
    person; Etablera records it."""
    require_social_services(actor, case.person, case.municipality_id)
    errors: dict[str, str] = {}
    if decision not in (ChildCase.After18.KEEP, ChildCase.After18.RETURN, ChildCase.After18.NOT_NEEDED):
        errors["decision"] = "Välj beslut."
    if decided_on is None:
        errors["decided_on"] = "Ange beslutsdatum."
    elif decided_on > timezone.localdate():
        errors["decided_on"] = "Datumet kan inte ligga i framtiden."
    if errors:
        raise ValidationError(errors)
    lock(case)
    if case.status != ChildCase.Status.OPEN:
        raise StateConflict("Barnärendet är avslutat.", field="decision")
    if case.after_18 != ChildCase.After18.UNDECIDED:
        raise StateConflict(f"Beslut finns redan: {case.get_after_18_display().lower()}.", field="decision")
    case.after_18, case.after_18_decided_on = decision, decided_on
    case.save(update_fields=["after_18", "after_18_decided_on", "updated_at"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        f"Beslut om ansvar efter 18 år: {case.get_after_18_display().lower()}",
        {"after_18": [ChildCase.After18.UNDECIDED, decision], "after_18_decided_on": decided_on.isoformat()},
    )
    return case


@transaction.atomic
def close_case(actor, case: ChildCase, *, closed_on: dt.date | None, reason: str) -> ChildCase:
    """Close the case (the responsibility ended, the young person moved or became self-supporting). Its running
    placement must have ended first."""
    require_social_services(actor, case.person, case.municipality_id)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if closed_on is None:
        errors["closed_on"] = "Ange när ärendet avslutas."
    elif closed_on > timezone.localdate():
        errors["closed_on"] = "Datumet kan inte ligga i framtiden."
    if not reason:
        errors["reason"] = "Ange skälet."
    elif len(reason) > ChildCase._meta.get_field("closed_reason").max_length:
        errors["reason"] = f"Högst {ChildCase._meta.get_field('closed_reason').max_length} tecken."
    if errors:
        raise ValidationError(errors)
    lock(case)
    if case.status != ChildCase.Status.OPEN:
        raise StateConflict(f"Barnärendet avslutades redan {case.closed_on}.", field="closed_on")
    if case.placements.filter(ends_on__isnull=True).exists():
        raise ValidationError({"closed_on": "En placering pågår: avsluta den först."})
    case.status, case.closed_on, case.closed_reason = ChildCase.Status.CLOSED, closed_on, reason
    case.save(update_fields=["status", "closed_on", "closed_reason", "updated_at"])
    log_change(actor, AuditEvent.Action.UPDATE, case, f"Barnärendet avslutat {closed_on}: {reason}"[:300])
    return case
