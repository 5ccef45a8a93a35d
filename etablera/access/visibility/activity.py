"""Who sees the activity requirement's records (issue #13) — the activity domain's visibility rule.

Section SOCIAL: the support months, exemptions, the requirement plan and deviations are social services' (OSL 26
kap.): the social-services units of the person's municipality see them, others only by a consent in force that names
their unit and the section, or by break-glass. A capacity assessment is SOCIAL or, when the region made it, HEALTH.

The week is BASIC and seen with the person: the participations, attendance, offers of placements and the job coach.
Its share of involvement: a unit is involved in a household while a member has a running participation whose
attendance the unit records, or a job coach of the unit — the activity owner and the coach keep sight of their
participants, and lose it when the participation ends; and social services are involved in a household they have
given försörjningsstöd in the last twelve months.

The catalogue, employers and placements are the municipality's: activities are seen by its staff, employers and
placements by those who work with the requirement (`activity_municipality_ids`). A placement's participant is a
person, shown only through the people rule.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from etablera.access.models import BreakGlassAccess, Consent, active_consents_q
from etablera.access.sections import Section
from etablera.access.visibility.base import Rule, today
from etablera.access.visibility.establishment import by_person, in_section, owned_municipality_ids
from etablera.access.visibility.people import _persons
from etablera.activity.models import (
    Activity,
    Attendance,
    CapacityAssessment,
    Deviation,
    Employer,
    EmployerContact,
    Exemption,
    JobCoachAssignment,
    JobProfile,
    Participation,
    Placement,
    PlacementOffer,
    RequirementPlan,
    SupportMonth,
)
from etablera.people.models import Person
from etablera.rules.dates import add_months

SUPPORT_INVOLVEMENT_MONTHS = 12


def involvement(caps, household_ref: str = "pk"):
    """One of the user's units records the attendance of a running participation of a member, or coaches one; or
    the user is social services of a municipality that has given the household support in the last year."""
    if not caps.unit_ids:
        return None
    member = {"person__household_memberships__household": OuterRef(household_ref)}
    running = Q(ends_on__isnull=True) | Q(ends_on__gte=today())
    by_participation = Exists(Participation.objects.filter(running, unit_id__in=caps.unit_ids, **member))
    by_coach = Exists(
        JobCoachAssignment.objects.filter(ended_on__isnull=True, unit_id__in=caps.unit_ids, **member)
    )
    involved = by_participation | by_coach
    social = caps.social_services_municipality_ids
    if social:
        # Social services are involved in the households they give försörjningsstöd (the months come from their
        # own system): while a month of support is at most SUPPORT_INVOLVEMENT_MONTHS old.
        since = add_months(today().replace(day=1), -SUPPORT_INVOLVEMENT_MONTHS)
        involved |= Exists(
            SupportMonth.objects.filter(
                household=OuterRef(household_ref), municipality_id__in=social, month__gte=since
            )
        )
    return involved


def _support_months(reach, queryset):
    """A household's month is SOCIAL: the household is seen, and the user's unit owns the section in its
    municipality, or a consent in force of one of the persons it covers names the unit and SOCIAL, or the user
    has broken the glass to the household."""
    caps = reach.caps
    consent = Exists(
        Consent.objects.filter(
            active_consents_q(today()),
            person__support_months=OuterRef("pk"),
            units__in=caps.unit_ids,
            sections__icontains=f'"{Section.SOCIAL}"',
        )
    )
    glass = Exists(
        BreakGlassAccess.objects.filter(
            household=OuterRef("household"), user=reach.user, expires_at__gt=timezone.now()
        )
    )
    owned = Q(municipality_id__in=owned_municipality_ids(caps, Section.SOCIAL))
    return queryset.filter(household__in=reach.households()).filter(owned | consent | glass)


def _capacity(reach, queryset):
    """SOCIAL or HEALTH by the row's section, as `in_section` decides for each, in one filter: the person seen, and
    the section's owner in the person's municipality, a consent naming the unit and that section, or break-glass."""
    caps = reach.caps

    def consent(section: str) -> Exists:
        return Exists(
            Consent.objects.filter(
                active_consents_q(today()),
                person=OuterRef("person"),
                units__in=caps.unit_ids,
                sections__icontains=f'"{section}"',
            )
        )

    glass = Exists(
        BreakGlassAccess.objects.filter(
            household__memberships__person=OuterRef("person"), user=reach.user, expires_at__gt=timezone.now()
        )
    )
    social = Q(person__municipality_id__in=owned_municipality_ids(caps, Section.SOCIAL)) | consent(
        Section.SOCIAL
    )
    health = Q(person__municipality_id__in=owned_municipality_ids(caps, Section.HEALTH)) | consent(
        Section.HEALTH
    )
    return queryset.filter(person__in=_persons(reach, Person.objects.all())).filter(
        (Q(section=CapacityAssessment.Section.SOCIAL) & social)
        | (Q(section=CapacityAssessment.Section.HEALTH) & health)
        | glass
    )


def _catalogue(reach, queryset):
    return queryset.filter(municipality_id__in=reach.caps.staff_municipality_ids)


def _bank(path: str):
    def visible(reach, queryset):
        return queryset.filter(**{f"{path}municipality_id__in": reach.caps.activity_municipality_ids})

    return Rule(visible)


RULES = {
    SupportMonth: Rule(_support_months),
    Exemption: in_section(Section.SOCIAL, "person"),
    CapacityAssessment: Rule(_capacity),
    RequirementPlan: in_section(Section.SOCIAL, "person"),
    Deviation: in_section(Section.SOCIAL, "person"),
    Participation: by_person("person"),
    Attendance: by_person("participation__person"),
    JobCoachAssignment: by_person("person"),
    JobProfile: by_person("person"),
    PlacementOffer: by_person("person"),
    Activity: Rule(_catalogue),
    Employer: _bank(""),
    EmployerContact: _bank("employer__"),
    Placement: _bank(""),
}
