"""Every read of the establishment phase, filtered by the access policy (restrict(): the health and the child's
mapping only for their sections' owners or by consent), logged, and for a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Prefetch
from django.utils import timezone

from etablera.access.audit import log_read, log_reads
from etablera.access.policy import get_for_user, restrict_to_seen, visible_sections
from etablera.access.sections import Section
from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    CivicOrientation,
    HealthAssessment,
    IndividualPlan,
    Intervention,
    MonthlyStatus,
    ProgrammePeriod,
    SfiEnrolment,
)
from etablera.establishment.services.assessment import arrival_date
from etablera.people.models import Person

MONTHS_SHOWN = 36


@dataclass(frozen=True)
class ProgrammeGap:
    arrival: dt.date
    referral: dt.date  # the first referral to the programme
    end: dt.date  # the programme's start, or today while it has not started
    ongoing: bool
    days: int


@dataclass
class EstablishmentPage:
    person: Person
    sections: set[str]
    arrival: dt.date | None
    assessment: Assessment | None
    health: HealthAssessment | None
    child: ChildAssessment | None
    plan: IndividualPlan | None  # the plan that runs (one per person), else the newest closed one
    earlier_plans: list[IndividualPlan] = field(default_factory=list)
    programmes: list[ProgrammePeriod] = field(default_factory=list)
    sfi: list[SfiEnrolment] = field(default_factory=list)
    civic: CivicOrientation | None = None
    monthly: list[MonthlyStatus] = field(default_factory=list)

    @property
    def sees_health(self) -> bool:
        return Section.HEALTH in self.sections

    @property
    def sees_school(self) -> bool:
        return Section.SCHOOL in self.sections

    @property
    def running_programme(self) -> ProgrammePeriod | None:
        """The programme that runs (at most one per person), else None."""
        return next((p for p in self.programmes if p.actual_end is None), None)

    @property
    def open_sfi(self) -> SfiEnrolment | None:
        """The SFI enrolment not yet completed or ended (at most one per person), else None."""
        done = (SfiEnrolment.Status.COMPLETED, SfiEnrolment.Status.ENDED)
        return next((e for e in self.sfi if e.status not in done), None)

    @property
    def programme_gap(self) -> ProgrammeGap | None:
        """ "Glappet" (RULES.md: the municipality pays försörjningsstöd until the establishment allowance starts):
        the days from arrival to the programme's first start; while a recorded programme has not started, the days
        so far. None without an arrival or a programme."""
        if not self.arrival or not self.programmes:
            return None
        starts = [p.start_date for p in self.programmes if p.start_date]
        referrals = [p.referral_date for p in self.programmes]
        end = min(starts) if starts else timezone.localdate()
        return ProgrammeGap(
            arrival=self.arrival,
            referral=min(referrals),
            end=end,
            ongoing=not starts,
            days=max((end - self.arrival).days, 0),
        )

    @property
    def sfi_waiting_days(self) -> int | None:
        """Days from arrival to the first SFI start (issue #12's waiting time)."""
        starts = [e.start_date for e in self.sfi if e.start_date]
        if not self.arrival or not starts:
            return None
        return (min(starts) - self.arrival).days


def get_person(user, public_id) -> Person:
    from etablera.access.selectors import person_basis

    person = get_for_user(user, Person.objects.select_related("municipality"), public_id=public_id)
    log_read(user, person, "Etablering", basis=person_basis(user, person))
    return person


def establishment_page(user, public_id) -> EstablishmentPage:
    """The person's establishment: the mapping (its health part and a child's mapping only where the user's unit
    owns the section or is named by consent), the plan with goals, interventions and meetings, the programme, SFI,
    civic orientation and the status of the last three years' months."""
    person = get_person(user, public_id)
    # The person was read through restrict() (get_person), and that alone decides their mapping, plan, programme,
    # SFI, civic orientation and months (visibility.establishment.by_person); the health part and a child's mapping
    # also need the section, which visible_sections answers with the same conditions as the rule's in_section. So
    # the parts are read by the person, not through restrict() again eight times: each call built the policy's
    # query anew, which was a third of the page (docs/performance.md).
    sections = visible_sections(user, [person])[person.pk]

    def seen(queryset):
        return restrict_to_seen(user, queryset, [person.pk])

    assessment = (
        seen(Assessment.objects.all()).prefetch_related("educations", "work_experiences", "languages").first()
    )
    health = child = None
    if assessment is not None:
        if Section.HEALTH in sections:
            health = HealthAssessment.objects.filter(assessment=assessment).first()
        if Section.SCHOOL in sections:
            child = ChildAssessment.objects.filter(assessment=assessment).first()
    plans = list(
        seen(IndividualPlan.objects.all())
        .select_related("responsible_unit", "consent")
        .prefetch_related(
            "goals",
            Prefetch("interventions", Intervention.objects.select_related("unit", "goal")),
            "meetings",
        )
        .order_by(F("closed_on").desc(nulls_first=True), "-started_on", "-pk")  # the open plan first
    )
    sensitive = [part for part in (health, child) if part is not None]
    if sensitive:
        log_reads(user, [person], "Etablering: hälsa eller kartläggning av barn")
    return EstablishmentPage(
        person=person,
        sections=sections,
        arrival=arrival_date(person),
        assessment=assessment,
        health=health,
        child=child,
        plan=plans[0] if plans else None,
        earlier_plans=plans[1:],
        programmes=list(seen(ProgrammePeriod.objects.all())),
        sfi=list(seen(SfiEnrolment.objects.all()).prefetch_related("interruptions")),
        civic=seen(CivicOrientation.objects.all()).first(),
        monthly=list(seen(MonthlyStatus.objects.all())[:MONTHS_SHOWN]),
    )
