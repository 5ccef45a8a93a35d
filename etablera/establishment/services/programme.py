"""Arbetsförmedlingen's programme per person (lag 2017:584, ages from rules.establishment), SFI and civic
orientation, and the status per month."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.establishment.models import (
    CivicOrientation,
    MonthlyStatus,
    ProgrammePeriod,
    SfiEnrolment,
    SfiInterruption,
)
from etablera.establishment.services.common import apply, check_choice, check_length, require_sees_person
from etablera.people.models import Person
from etablera.rules import establishment as rules
from etablera.rules.dates import age_on
from etablera.transitions import StateConflict, by_whom, lock


def _future(errors: dict, name: str, value: dt.date | None) -> None:
    if value is not None and value > timezone.localdate():
        errors.setdefault(name, "Datumet kan inte vara i framtiden.")


@transaction.atomic
def record_programme(
    *,
    actor,
    person: Person,
    referral_date: dt.date,
    plan_date: dt.date | None = None,
    start_date: dt.date | None = None,
    planned_end: dt.date | None = None,
) -> ProgrammePeriod:
    """Record the programme, or change the one that runs. The planned end is 24 months from the start unless
    Arbetsförmedlingen says otherwise; the person must be of programme age (20 up to 66) at the referral."""
    require_sees_person(actor, person)
    errors: dict[str, str] = {}
    if person.birth_date and not rules.in_programme_age(person.birth_date, referral_date):
        first, after = rules.programme_age_window(person.birth_date, referral_date)
        errors["referral_date"] = (
            f"Etableringsprogrammet gäller från 20 år till 66 år; personen var {age_on(person.birth_date, referral_date)} "
            f"år den dagen (programåldern {first:%Y-%m-%d}–{after - dt.timedelta(days=1):%Y-%m-%d})."
        )
    _future(errors, "referral_date", referral_date)
    _future(errors, "plan_date", plan_date)
    if plan_date is not None and plan_date < referral_date:
        errors["plan_date"] = "Etableringsplanen kan inte vara upprättad före anvisningen till programmet."
    if planned_end is not None and start_date is None:
        errors["planned_end"] = "Ange programmets start först."
    elif planned_end is not None and planned_end <= start_date:
        errors["planned_end"] = "Planerat slut ska vara efter starten."
    if errors:
        raise ValidationError(errors)
    rule = {}
    if start_date is not None and planned_end is None:
        deadline = rules.programme_planned_end(start_date)
        planned_end, rule = deadline.date, deadline.as_json()
    values = {
        "referral_date": referral_date,
        "plan_date": plan_date,
        "start_date": start_date,
        "planned_end": planned_end,
        "planned_end_rule": rule,
    }
    lock(person)
    period = (
        ProgrammePeriod.objects.select_for_update().filter(person=person, actual_end__isnull=True).first()
    )
    if period is None:
        period = ProgrammePeriod.objects.create(
            person=person, municipality_id=person.municipality_id, updated_by=actor, **values
        )
        log_change(actor, AuditEvent.Action.CREATE, period, "Etableringsprogram registrerat")
        return period
    changes = apply(period, values)
    changes.pop("planned_end_rule", None)
    period.updated_by = actor
    period.save()
    log_change(actor, AuditEvent.Action.UPDATE, period, "Etableringsprogram ändrat", changes)
    return period


@transaction.atomic
def end_programme(
    *, actor, period: ProgrammePeriod, actual_end: dt.date, reason: str, note: str = ""
) -> ProgrammePeriod:
    """The programme ended, and why. Ending it twice is refused with who ended it."""
    require_sees_person(actor, period.person)
    errors: dict[str, str] = {}
    check_choice(
        errors, "end_reason", reason, ProgrammePeriod.EndReason, "Välj skäl till att programmet slutade."
    )
    _future(errors, "actual_end", actual_end)
    check_length(errors, {"end_note": note.strip()}, ProgrammePeriod)
    if errors:
        raise ValidationError(errors)
    lock(period)
    if period.actual_end is not None:
        raise StateConflict(
            f"Programmet är redan avslutat {period.actual_end:%Y-%m-%d}{by_whom(period.updated_by, period.updated_at)}.",
            field="actual_end",
        )
    if period.start_date is None:
        raise ValidationError({"actual_end": "Programmet har ingen start: ange starten först."})
    if actual_end < period.start_date:
        raise ValidationError({"actual_end": "Programmet kan inte sluta före det startade."})
    changes = apply(period, {"actual_end": actual_end, "end_reason": reason, "end_note": note.strip()})
    period.updated_by = actor
    period.save()
    log_change(actor, AuditEvent.Action.UPDATE, period, "Etableringsprogram avslutat", changes)
    return period


SFI_PATHS = {1: "ABCD", 2: "BCD", 3: "CD"}


@transaction.atomic
def record_sfi(
    *,
    actor,
    person: Person,
    enrolled_on: dt.date,
    course: str,
    study_path: int,
    start_date: dt.date | None = None,
    hours_per_week: int | None = None,
) -> SfiEnrolment:
    """Record the SFI enrolment, or change the open one (course and study path: path 1 from A, 2 from B, 3 from C)."""
    require_sees_person(actor, person)
    errors: dict[str, str] = {}
    check_choice(errors, "course", course, SfiEnrolment.Course, "Välj kurs A, B, C eller D.")
    if study_path not in SFI_PATHS:
        errors["study_path"] = "Välj studieväg 1, 2 eller 3."
    elif "course" not in errors and course not in SFI_PATHS[study_path]:
        errors["course"] = f"Studieväg {study_path} har kurserna {', '.join(SFI_PATHS[study_path])}."
    _future(errors, "enrolled_on", enrolled_on)
    if start_date is not None and start_date < enrolled_on:
        errors["start_date"] = "Starten kan inte vara före anmälan."
    if hours_per_week is not None and not 0 <= hours_per_week <= 40:
        errors["hours_per_week"] = "Ange timmar per vecka mellan 0 och 40."
    if errors:
        raise ValidationError(errors)
    values = {
        "enrolled_on": enrolled_on,
        "course": course,
        "study_path": study_path,
        "start_date": start_date,
        "hours_per_week": hours_per_week,
    }
    lock(person)
    enrolment = (
        SfiEnrolment.objects.select_for_update()
        .filter(person=person)
        .exclude(status__in=[SfiEnrolment.Status.COMPLETED, SfiEnrolment.Status.ENDED])
        .first()
    )
    studying = start_date is not None and start_date <= timezone.localdate()
    if enrolment is None:
        enrolment = SfiEnrolment.objects.create(
            person=person,
            municipality_id=person.municipality_id,
            status=SfiEnrolment.Status.STUDYING if studying else SfiEnrolment.Status.ENROLLED,
            updated_by=actor,
            **values,
        )
        log_change(actor, AuditEvent.Action.CREATE, enrolment, "SFI-anmälan registrerad")
        return enrolment
    if studying and enrolment.status == SfiEnrolment.Status.ENROLLED:
        values["status"] = SfiEnrolment.Status.STUDYING
    changes = apply(enrolment, values)
    enrolment.updated_by = actor
    enrolment.save()
    log_change(actor, AuditEvent.Action.UPDATE, enrolment, "SFI-anmälan ändrad", changes)
    return enrolment


def _sfi_open(enrolment: SfiEnrolment) -> None:
    if enrolment.status in (SfiEnrolment.Status.COMPLETED, SfiEnrolment.Status.ENDED):
        raise StateConflict(
            f"SFI är redan avslutad {enrolment.completed_on:%Y-%m-%d}"
            f"{by_whom(enrolment.updated_by, enrolment.updated_at)}."
        )


@transaction.atomic
def add_sfi_interruption(
    *, actor, enrolment: SfiEnrolment, start_date: dt.date, end_date: dt.date | None = None, reason: str = ""
) -> SfiInterruption:
    require_sees_person(actor, enrolment.person)
    errors: dict[str, str] = {}
    if end_date is not None and end_date < start_date:
        errors["end_date"] = "Uppehållet kan inte sluta före det började."
    if start_date < enrolment.enrolled_on:
        errors["start_date"] = "Uppehållet kan inte börja före anmälan."
    check_length(errors, {"reason": reason.strip()}, SfiInterruption)
    if errors:
        raise ValidationError(errors)
    lock(enrolment)
    _sfi_open(enrolment)
    interruption = SfiInterruption.objects.create(
        enrolment=enrolment, start_date=start_date, end_date=end_date, reason=reason.strip()
    )
    ongoing = end_date is None or end_date >= timezone.localdate()
    changes = apply(
        enrolment,
        {"status": SfiEnrolment.Status.INTERRUPTED if ongoing else SfiEnrolment.Status.STUDYING},
    )
    enrolment.updated_by = actor
    enrolment.save()
    log_change(actor, AuditEvent.Action.UPDATE, enrolment, "Uppehåll i SFI", changes)
    return interruption


@transaction.atomic
def complete_sfi(*, actor, enrolment: SfiEnrolment, on: dt.date, completed: bool = True) -> SfiEnrolment:
    """SFI done (`completed`) or ended without completing; twice is refused."""
    require_sees_person(actor, enrolment.person)
    errors: dict[str, str] = {}
    _future(errors, "completed_on", on)
    if on < enrolment.enrolled_on:
        errors["completed_on"] = "SFI kan inte avslutas före anmälan."
    if errors:
        raise ValidationError(errors)
    lock(enrolment)
    _sfi_open(enrolment)
    status = SfiEnrolment.Status.COMPLETED if completed else SfiEnrolment.Status.ENDED
    changes = apply(enrolment, {"status": status, "completed_on": on})
    enrolment.updated_by = actor
    enrolment.save()
    log_change(actor, AuditEvent.Action.UPDATE, enrolment, "SFI avslutad", changes)
    return enrolment


@transaction.atomic
def record_civic_orientation(
    *,
    actor,
    person: Person,
    start_date: dt.date | None = None,
    language: str = "",
    hours: int | None = None,
    completed_on: dt.date | None = None,
) -> CivicOrientation:
    require_sees_person(actor, person)
    values = {
        "start_date": start_date,
        "language": language.strip(),
        "hours": hours,
        "completed_on": completed_on,
    }
    errors: dict[str, str] = {}
    _future(errors, "completed_on", completed_on)
    if completed_on is not None and start_date is None:
        errors["start_date"] = "Ange när samhällsorienteringen startade."
    elif completed_on is not None and completed_on < start_date:
        errors["completed_on"] = "Samhällsorienteringen kan inte vara klar före den startade."
    if hours is not None and not 0 <= hours <= 500:
        errors["hours"] = "Ange antal timmar mellan 0 och 500."
    check_length(errors, values, CivicOrientation)
    if errors:
        raise ValidationError(errors)
    lock(person)
    orientation, created = CivicOrientation.objects.select_for_update().get_or_create(
        person=person, defaults={"municipality_id": person.municipality_id}
    )
    changes = apply(orientation, values)
    orientation.updated_by = actor
    orientation.save()
    log_change(
        actor,
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        orientation,
        "Samhällsorientering",
        changes,
    )
    return orientation


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def set_monthly_status(
    *, actor, person: Person, month: dt.date, status: str, note: str = ""
) -> MonthlyStatus:
    """The person's status for a month (any day of it stands for the month); setting it again replaces it."""
    require_sees_person(actor, person)
    month = first_of_month(month)
    errors: dict[str, str] = {}
    check_choice(errors, "status", status, MonthlyStatus.Status, "Välj status.")
    if month > first_of_month(timezone.localdate()):
        errors["month"] = "Status kan inte anges för en månad som inte har börjat."
    check_length(errors, {"note": note.strip()}, MonthlyStatus)
    if errors:
        raise ValidationError(errors)
    lock(person)
    row = MonthlyStatus.objects.select_for_update().filter(person=person, month=month).first()
    if row is None:
        try:
            with transaction.atomic():
                row = MonthlyStatus.objects.create(
                    person=person,
                    municipality_id=person.municipality_id,
                    month=month,
                    status=status,
                    note=note.strip(),
                    recorded_by=actor,
                )
        except IntegrityError:
            raise StateConflict("Status för månaden sattes nyss av någon annan.", field="month") from None
        log_change(actor, AuditEvent.Action.CREATE, row, f"Status för {month:%Y-%m}")
        return row
    changes = apply(row, {"status": status, "note": note.strip()})
    row.recorded_by, row.recorded_at = actor, timezone.now()
    row.save()
    log_change(actor, AuditEvent.Action.UPDATE, row, f"Status för {month:%Y-%m}", changes)
    return row
