"""The mapping (kartläggning): started with its deadline, kept up to date, its parts added, completed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.sections import Section
from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    Education,
    HealthAssessment,
    LanguageSkill,
    WorkExperience,
)
from etablera.establishment.services.common import (
    apply,
    check_choice,
    check_length,
    require_section,
    require_sees_person,
)
from etablera.people.models import Person
from etablera.rules import establishment as rules
from etablera.rules import ssyk
from etablera.transitions import StateConflict, by_whom, lock


def arrival_date(person: Person) -> dt.date | None:
    """The person's arrival: the newest reception case of a household the person is a member of."""
    from etablera.reception.models import ReceptionCase

    return (
        ReceptionCase.objects.filter(household__memberships__person=person)
        .order_by("-arrival_date")
        .values_list("arrival_date", flat=True)
        .first()
    )


@transaction.atomic
def start_assessment(*, actor, person: Person, arrival: dt.date | None = None) -> Assessment:
    """Start the person's mapping; it is due three weeks after arrival (rules.assessment_deadline)."""
    require_sees_person(actor, person)
    lock(person)
    if Assessment.objects.filter(person=person).exists():
        raise StateConflict("Personen har redan en kartläggning.", field="person")
    arrival = arrival or arrival_date(person)
    deadline = rules.assessment_deadline(arrival, person.birth_date) if arrival else None
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                person=person,
                municipality_id=person.municipality_id,
                due_date=deadline.date if deadline else None,
                due_rule=deadline.as_json() if deadline else {},
            )
    except IntegrityError:
        raise StateConflict("Personen har redan en kartläggning.", field="person") from None
    log_change(actor, AuditEvent.Action.CREATE, assessment, "Kartläggning påbörjad")
    return assessment


def _open(assessment: Assessment) -> None:
    if assessment.status == Assessment.Status.COMPLETED:
        raise StateConflict(
            f"Kartläggningen är redan klar ({assessment.completed_on:%Y-%m-%d}{by_whom(assessment.completed_by, None)})."
        )


@transaction.atomic
def update_assessment(
    *,
    actor,
    assessment: Assessment,
    literacy: str = "",
    driving_licence: str = "",
    goals: str = "",
    needs: str = "",
) -> Assessment:
    require_sees_person(actor, assessment.person)
    values = {
        "literacy": literacy,
        "driving_licence": driving_licence,
        "goals": goals.strip(),
        "needs": needs.strip(),
    }
    errors: dict[str, str] = {}
    check_choice(errors, "literacy", literacy, Assessment.Literacy, "Välj läs- och skrivförmåga.")
    check_choice(errors, "driving_licence", driving_licence, Assessment.DrivingLicence, "Välj körkort.")
    check_length(errors, values, Assessment)
    if errors:
        raise ValidationError(errors)
    lock(assessment)
    _open(assessment)
    changes = apply(assessment, values)
    assessment.save()
    log_change(actor, AuditEvent.Action.UPDATE, assessment, "Kartläggning ändrad", changes)
    return assessment


@transaction.atomic
def add_education(
    *,
    actor,
    assessment: Assessment,
    level: str,
    years: int | None = None,
    field: str = "",
    country: str = "",
    validation_wanted: bool = False,
) -> Education:
    require_sees_person(actor, assessment.person)
    values = {"field": field.strip(), "country": country.strip()}
    errors: dict[str, str] = {}
    check_choice(errors, "level", level, Education.Level, "Välj utbildningsnivå.")
    if years is not None and not 0 <= years <= 30:
        errors["years"] = "Ange antal år mellan 0 och 30."
    check_length(errors, values, Education)
    if errors:
        raise ValidationError(errors)
    lock(assessment)
    _open(assessment)
    education = Education.objects.create(
        assessment=assessment, level=level, years=years, validation_wanted=validation_wanted, **values
    )
    log_change(actor, AuditEvent.Action.CREATE, assessment, "Utbildning tillagd i kartläggningen")
    return education


@transaction.atomic
def add_work_experience(
    *, actor, assessment: Assessment, ssyk_code: str, occupation: str = "", years: int | None = None
) -> WorkExperience:
    require_sees_person(actor, assessment.person)
    ssyk_code = ssyk_code.strip()
    errors: dict[str, str] = {}
    if not ssyk.is_code(ssyk_code):
        errors["ssyk_code"] = "Ange yrkeskoden enligt SSYK 2012 med fyra siffror, t.ex. 5120."
    if years is not None and not 0 <= years <= 60:
        errors["years"] = "Ange antal år mellan 0 och 60."
    check_length(errors, {"occupation": occupation.strip()}, WorkExperience)
    if errors:
        raise ValidationError(errors)
    lock(assessment)
    _open(assessment)
    work = WorkExperience.objects.create(
        assessment=assessment, ssyk_code=ssyk_code, occupation=occupation.strip(), years=years
    )
    log_change(actor, AuditEvent.Action.CREATE, assessment, "Arbetslivserfarenhet tillagd i kartläggningen")
    return work


@transaction.atomic
def add_language(*, actor, assessment: Assessment, language: str, level: str) -> LanguageSkill:
    require_sees_person(actor, assessment.person)
    language = language.strip()
    errors: dict[str, str] = {}
    if not language:
        errors["language"] = "Ange språk."
    check_choice(errors, "level", level, LanguageSkill.Level, "Välj nivå.")
    check_length(errors, {"language": language}, LanguageSkill)
    if errors:
        raise ValidationError(errors)
    lock(assessment)
    _open(assessment)
    if assessment.languages.filter(language__iexact=language).exists():
        raise ValidationError({"language": "Språket finns redan i kartläggningen."})
    skill = LanguageSkill.objects.create(assessment=assessment, language=language, level=level)
    log_change(actor, AuditEvent.Action.CREATE, assessment, "Språk tillagt i kartläggningen")
    return skill


@transaction.atomic
def set_health(
    *,
    actor,
    assessment: Assessment,
    health: str = "",
    capacity: str = "",
    capacity_hours: int | None = None,
    adjustments: str = "",
) -> HealthAssessment:
    """Health and capacity: the HEALTH section's owners (the region) or a unit the person's consent names."""
    require_section(actor, assessment.person, Section.HEALTH)
    values = {
        "health": health.strip(),
        "capacity": capacity,
        "capacity_hours": capacity_hours,
        "adjustments": adjustments.strip(),
    }
    errors: dict[str, str] = {}
    check_choice(errors, "capacity", capacity, HealthAssessment.Capacity, "Välj förmåga.")
    if capacity_hours is not None and not 0 <= capacity_hours <= 60:
        errors["capacity_hours"] = "Ange timmar per vecka mellan 0 och 60."
    check_length(errors, values, HealthAssessment)
    if errors:
        raise ValidationError(errors)
    lock(assessment)
    part, created = HealthAssessment.objects.select_for_update().get_or_create(assessment=assessment)
    apply(part, values)  # the health texts are not copied into the log
    part.updated_by = actor
    part.save()
    log_change(
        actor,
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        assessment,
        "Hälsa och förmåga i kartläggningen",
    )
    return part


@transaction.atomic
def set_child_assessment(
    *,
    actor,
    assessment: Assessment,
    pedagogical: str = "",
    social: str = "",
    health: str = "",
    placement_recommendation: str = "",
    school: str = "",
    handover_on: dt.date | None = None,
) -> ChildAssessment:
    """A child's mapping and the handover to the school: the SCHOOL section's owners or a unit with consent."""
    person = assessment.person
    require_section(actor, person, Section.SCHOOL)
    values = {
        "pedagogical": pedagogical.strip(),
        "social": social.strip(),
        "health": health.strip(),
        "placement_recommendation": placement_recommendation.strip(),
        "school": school.strip(),
        "handover_on": handover_on,
    }
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if person.birth_date is None or not rules.is_child(
        person.birth_date, timezone.localdate(assessment.created_at)
    ):
        errors["pedagogical"] = (
            "Kartläggningen av barn gäller bara den som var under 18 år vid kartläggningen."
        )
    if handover_on is not None and handover_on > today:
        errors["handover_on"] = "Överlämningen kan inte ha skett i framtiden."
    if handover_on is not None and not school.strip():
        errors["school"] = "Ange vilken skola barnet lämnades över till."
    check_length(errors, values, ChildAssessment)
    if errors:
        raise ValidationError(errors)
    lock(assessment)
    part, created = ChildAssessment.objects.select_for_update().get_or_create(assessment=assessment)
    apply(part, values)
    part.updated_by = actor
    part.save()
    log_change(
        actor,
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        assessment,
        "Kartläggning av barn",
    )
    return part


@transaction.atomic
def complete_assessment(*, actor, assessment: Assessment, on: dt.date | None = None) -> Assessment:
    """Mark the mapping done. Of two at the same moment the second is refused and told who did it."""
    require_sees_person(actor, assessment.person)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"completed_on": "Datumet kan inte vara i framtiden."})
    if on < timezone.localdate(assessment.created_at):
        raise ValidationError({"completed_on": "Kartläggningen kan inte bli klar före den påbörjades."})
    lock(assessment)
    _open(assessment)
    assessment.status = Assessment.Status.COMPLETED
    assessment.completed_on = on
    assessment.completed_by = actor
    assessment.save()
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        assessment,
        "Kartläggning klar",
        {"status": {"before": Assessment.Status.STARTED, "after": Assessment.Status.COMPLETED}},
    )
    return assessment
