"""Who sees the establishment records (issue #12) — the establishment domain's visibility rule.

Every record hangs on a person and is seen with the person (the people domain's rule: the household's reach, or the
person's own consent). The sensitive parts of the mapping are also kept to their sections (access.sections): health
and capacity (HEALTH) to the region's units, a child's mapping (SCHOOL) to the school's, in the person's
municipality; others see them only by a consent in force that names their unit and the section, or by break-glass
to the person's household — as `policy.visible_sections` decides for the notes.

Its share of involvement: a unit is involved in a household while a member's individual plan or SIP runs (not
closed) and the unit leads the plan or gives one of its interventions. The plan outlives the reception case, so the
plan's units keep sight of the person when the case closes, and lose it when the plan is closed. Involvement is by
household, as reception's tasks are; what it opens is what involvement opens everywhere — BASIC, never a section,
and a protected identity's address stays masked (the sections and the masking do not look at how a unit came).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from etablera.access.models import BreakGlassAccess, Consent, active_consents_q
from etablera.access.sections import SECTION_OWNERS, Section
from etablera.access.visibility.base import Rule, today
from etablera.access.visibility.people import _persons
from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    CivicOrientation,
    Education,
    HealthAssessment,
    IndividualPlan,
    Intervention,
    LanguageSkill,
    MonthlyStatus,
    PlanGoal,
    PlanMeeting,
    ProgrammePeriod,
    SfiEnrolment,
    SfiInterruption,
    WorkExperience,
)
from etablera.people.models import Person


def involvement(caps, household_ref: str = "pk"):
    """The user's unit leads an open plan of a member of the household, or gives an intervention in one. Two
    semi-joins rather than one with an OR, so each keeps its index."""
    if not caps.unit_ids:
        return None
    member = {"person__household_memberships__household": OuterRef(household_ref)}
    as_lead = Exists(
        IndividualPlan.objects.exclude(status=IndividualPlan.Status.CLOSED).filter(
            responsible_unit_id__in=caps.unit_ids, **member
        )
    )
    by_intervention = Exists(
        Intervention.objects.exclude(plan__status=IndividualPlan.Status.CLOSED).filter(
            unit_id__in=caps.unit_ids, **{f"plan__{key}": value for key, value in member.items()}
        )
    )
    return as_lead | by_intervention


def by_person(path: str):
    """The rule for a record whose person is at `path` (e.g. "person", "assessment__person")."""

    def visible(reach, queryset):
        return queryset.filter(**{f"{path}__in": _persons(reach, Person.objects.all())})

    def reception_only(caps, queryset):
        return queryset.filter(**{f"{path}__municipality_id__in": caps.reception_municipality_ids})

    return Rule(visible, reception_only)


def owned_municipality_ids(caps, section: str) -> set[int]:
    return {unit.municipality_id for unit in caps.units if unit.function in SECTION_OWNERS[section]}


def section_condition(reach, section: str, path: str):
    """The user may read `section` of the person at `path` (given the person is seen): the user's unit owns the
    section in the person's municipality, a consent in force names the unit and the section, or the user has
    broken the glass to the person's household."""
    caps = reach.caps
    consent = Exists(
        Consent.objects.filter(
            active_consents_q(today()),
            person=OuterRef(path),
            units__in=caps.unit_ids,
            sections__icontains=f'"{section}"',
        )
    )
    glass = Exists(
        BreakGlassAccess.objects.filter(
            household__memberships__person=OuterRef(path),
            user=reach.user,
            expires_at__gt=timezone.now(),
        )
    )
    owned = Q(**{f"{path}__municipality_id__in": owned_municipality_ids(caps, section)})
    return owned | consent | glass


def in_section(section: str, path: str):
    """The rule for a part of the mapping in `section`, its person at `path`: the person is seen, and the section
    may be read (`section_condition`)."""

    def visible(reach, queryset):
        return queryset.filter(**{f"{path}__in": _persons(reach, Person.objects.all())}).filter(
            section_condition(reach, section, path)
        )

    return Rule(visible)


RULES = {
    Assessment: by_person("person"),
    Education: by_person("assessment__person"),
    WorkExperience: by_person("assessment__person"),
    LanguageSkill: by_person("assessment__person"),
    HealthAssessment: in_section(Section.HEALTH, "assessment__person"),
    ChildAssessment: in_section(Section.SCHOOL, "assessment__person"),
    IndividualPlan: by_person("person"),
    PlanGoal: by_person("plan__person"),
    Intervention: by_person("plan__person"),
    PlanMeeting: by_person("plan__person"),
    ProgrammePeriod: by_person("person"),
    SfiEnrolment: by_person("person"),
    SfiInterruption: by_person("enrolment__person"),
    CivicOrientation: by_person("person"),
    MonthlyStatus: by_person("person"),
}
