"""Reads for the matching (issue #13): the features of the persons a user sees, and the ranked proposals for one
person (open placements and activities with free places) or one placement (the persons it could go to). The ranking
and the words are etablera.activity.matching's; these only gather what it reads, in a fixed number of queries
whatever the number of persons, and log the persons shown.

The features come from the mapping (etablera.establishment: work experience by SSYK, education, languages, driving
licence), the job profile (wished occupations, travel), and the capacity assessment in force, each through
restrict(): what the user may not see is not used. The person's postcode is used only inside the score (near or
far), never shown; for a person with protected identity it is not used at all (a "near home" would tell where the
person lives)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone

from etablera.access.audit import log_list, log_read
from etablera.access.policy import capabilities, get_for_user, restrict
from etablera.access.selectors import person_basis
from etablera.activity import matching as m
from etablera.activity.coverage import coverage_list
from etablera.activity.models import (
    Activity,
    CapacityAssessment,
    JobCoachAssignment,
    JobProfile,
    Participation,
    Placement,
)
from etablera.establishment.models import Assessment, Education, LanguageSkill, WorkExperience
from etablera.people.models import Person
from etablera.rules import activity as rules

PROPOSALS = 10  # of each kind, for a person
CANDIDATES = 20  # for a placement
PERSON_FIELDS = (
    "pk",
    "public_id",
    "municipality_id",
    "first_name",
    "last_name",
    "birth_date",
    "protected_identity",
    "address_postal_code",
)


@dataclass
class Features:
    candidate: m.Candidate
    profile: JobProfile | None = None


@dataclass
class Row:
    """One proposal: the engine's answer and the record it is about."""

    proposal: m.Proposal
    placement: Placement | None = None
    activity: Activity | None = None
    person: Person | None = None


@dataclass
class PersonProposals:
    person: Person
    profile: JobProfile | None
    candidate: m.Candidate
    placements: list[Row] = field(default_factory=list)
    activities: list[Row] = field(default_factory=list)


@dataclass
class PlacementCandidates:
    placement: Placement
    rows: list[Row] = field(default_factory=list)
    basis: str = ""  # COVERAGE: the persons the requirement covers; INVOLVED: the user's units' participants


def _running(as_of: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": as_of}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": as_of})
    )


def _holds(as_of: dt.date) -> Q:
    return Q(valid_from__lte=as_of) & (Q(valid_until__isnull=True) | Q(valid_until__gte=as_of))


def person_features(user, persons: list[Person], as_of: dt.date, capacities: dict | None = None) -> dict:
    """{person id: Features} for `persons` (already seen by the user), in six queries: the mappings (with the driving
    licence), their work experience, languages and education, the job profiles, and (unless `capacities` gives them) the capacity
    assessments in force."""
    ids = [p.pk for p in persons]
    assessments, licence = {}, {}
    for pk, person_id, driving_licence in restrict(
        user, Assessment.objects.filter(person_id__in=ids)
    ).values_list("pk", "person_id", "driving_licence"):
        assessments[pk] = person_id
        licence[person_id] = driving_licence
    experience: dict[int, list[m.Experience]] = defaultdict(list)
    for assessment_id, code, years, occupation in WorkExperience.objects.filter(
        assessment_id__in=list(assessments)
    ).values_list("assessment_id", "ssyk_code", "years", "occupation"):
        experience[assessments[assessment_id]].append(m.Experience(code, years, occupation))
    languages: dict[int, list[str]] = defaultdict(list)
    swedish: dict[int, int] = {}
    for assessment_id, name, level in LanguageSkill.objects.filter(
        assessment_id__in=list(assessments)
    ).values_list("assessment_id", "language", "level"):
        person_id, name = assessments[assessment_id], m.language(name)
        if name == m.SWEDISH:
            swedish[person_id] = m.SWEDISH_RANK.get(level, 0)
        elif level != LanguageSkill.Level.NONE:
            languages[person_id].append(name)
    education: dict[int, int] = {}
    for assessment_id, level in Education.objects.filter(assessment_id__in=list(assessments)).values_list(
        "assessment_id", "level"
    ):
        person_id = assessments[assessment_id]
        education[person_id] = max(education.get(person_id, -1), m.EDUCATION_RANK.get(level, -1))
    profiles = {p.person_id: p for p in restrict(user, JobProfile.objects.filter(person_id__in=ids))}
    if capacities is None:
        capacities = {}
        in_force = restrict(user, CapacityAssessment.objects.filter(person_id__in=ids).filter(_holds(as_of)))
        for person_id, hours in in_force.order_by("-valid_from", "-pk").values_list(
            "person_id", "hours_per_week"
        ):
            capacities.setdefault(person_id, hours)  # newest first: the first is the one in force
    features = {}
    full_time = float(rules.full_time_hours(as_of))
    for person in persons:
        profile = profiles.get(person.pk)
        capacity = capacities.get(person.pk)
        features[person.pk] = Features(
            m.Candidate(
                id=person.pk,
                experience=tuple(experience.get(person.pk, ())),
                wished=tuple(profile.wished_ssyk) if profile else (),
                education=education.get(person.pk, -1),
                languages=tuple(dict.fromkeys(languages.get(person.pk, ()))),
                swedish=swedish.get(person.pk, 0),
                licence=m.LICENCE_RANK.get(licence.get(person.pk, ""), 0),
                capacity=float(capacity) if capacity is not None else None,
                full_time=full_time,
                # never for a protected identity: nothing near or far that could tell where the person lives
                postcode="" if person.is_protected else person.address_postal_code,
                travel=profile.travel if profile else JobProfile.Travel.AREA,
            ),
            profile,
        )
    return features


def placement_opportunity(placement: Placement) -> m.Opportunity:
    return m.Opportunity(
        id=placement.pk,
        kind=m.PLACEMENT,
        title=placement.title,
        ssyk=placement.ssyk,
        swedish=m.SWEDISH_RANK.get(placement.swedish_level, 0),
        languages=tuple(
            dict.fromkeys(m.language(x) for x in placement.languages or () if isinstance(x, str))
        ),
        licence_required=placement.driving_licence,
        hours=float(placement.hours_per_week),
        free_places=1 if placement.state == Placement.State.OPEN else 0,
        postcode=placement.postcode or placement.employer.postcode,
    )


def activity_opportunity(activity: Activity, taken: int) -> m.Opportunity:
    return m.Opportunity(
        id=activity.pk,
        kind=m.ACTIVITY,
        title=activity.name,
        activity_kind=activity.kind,
        languages=tuple(dict.fromkeys(m.language(x) for x in activity.languages or () if isinstance(x, str))),
        language_support=activity.language_support,
        hours=float(activity.hours_per_week),
        free_places=activity.places - taken,
        postcode=activity.postcode,
    )


def may_match(user, municipality_id: int) -> bool:
    """Proposals are for those who work with the requirement in the municipality (they also offer the places)."""
    return municipality_id in capabilities(user).activity_municipality_ids


def person_proposals(user, public_id, *, k: int = PROPOSALS) -> PersonProposals:
    """The person's best open placements and activities with free places, each explained. 404 for a person the
    user does not see, 403 for one they see but do not work with the requirement for."""
    person = get_for_user(user, _persons(Person.objects.all()), public_id=public_id)
    if not may_match(user, person.municipality_id):
        raise PermissionDenied("Förslag ges till den som arbetar med aktivitetskravet i personens kommun.")
    today = timezone.localdate()
    features = person_features(user, [person], today)[person.pk]
    taken = Participation.objects.filter(person=person).filter(_running(today))
    busy_activities = set(taken.exclude(activity__isnull=True).values_list("activity_id", flat=True))
    placements = [
        p
        for p in restrict(
            user,
            Placement.objects.filter(
                municipality_id=person.municipality_id, state=Placement.State.OPEN, ends_on__gte=today
            ).select_related("employer"),
        ).order_by("pk")
    ]
    activities = [
        a
        for a in restrict(
            user,
            Activity.objects.filter(municipality_id=person.municipality_id, active=True)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .annotate(taken=Count("participations", filter=_running(today, "participations__"))),
        ).order_by("pk")
        if a.pk not in busy_activities
    ]
    result = PersonProposals(person, features.profile, features.candidate)
    for records, target, make in (
        (placements, result.placements, placement_opportunity),
        (activities, result.activities, lambda a: activity_opportunity(a, a.taken)),
    ):
        by_id = {r.pk: r for r in records}
        for proposal in m.proposals_for(features.candidate, [make(r) for r in records], k=k):
            record = by_id[proposal.opportunity_id]
            kind = "placement" if proposal.kind == m.PLACEMENT else "activity"
            target.append(Row(proposal, **{kind: record}))
    log_read(
        user,
        person,
        "Aktivitetskrav: förslag på praktikplatser och aktiviteter",
        basis=person_basis(user, person),
    )
    return result


def _involved_persons(user, municipality_id: int, today: dt.date) -> list[Person]:
    """The persons a running participation or job coach of one of the user's units follows in the municipality."""
    units = list(capabilities(user).unit_ids)
    participating = Participation.objects.filter(_running(today), unit_id__in=units).values("person_id")
    coached = JobCoachAssignment.objects.filter(ended_on__isnull=True, unit_id__in=units).values("person_id")
    return list(
        _persons(
            restrict(user, Person.objects.filter(municipality_id=municipality_id)).filter(
                Q(pk__in=participating) | Q(pk__in=coached)
            )
        )
    )


def _persons(queryset):
    """The fields the matching reads, and the municipality the audit log names (one query for all)."""
    return queryset.select_related("municipality").only(*PERSON_FIELDS, "municipality__code").order_by("pk")


def placement_candidates(user, public_id, *, k: int = CANDIDATES) -> PlacementCandidates:
    """The persons the placement could go to, best first, each explained: for social services those the
    requirement covers or will soon (coverage_list), for others the persons their units follow (a running
    participation or a job coach). 404 for a placement the user does not see."""
    placement = get_for_user(user, Placement.objects.select_related("employer"), public_id=public_id)
    today = timezone.localdate()
    capacities = None
    if placement.municipality_id in capabilities(user).social_services_municipality_ids:
        basis = "COVERAGE"
        rows = [
            r
            for r in coverage_list(user, placement.municipality_id, today)
            if r.coverage.state in (rules.COVERED, rules.UPCOMING)
        ]
        ids = [r.person.pk for r in rows]
        capacities = {r.person.pk: r.capacity for r in rows if r.capacity is not None}
        persons = list(_persons(Person.objects.filter(pk__in=ids)))
    else:
        basis = "INVOLVED"
        persons = _involved_persons(user, placement.municipality_id, today)
    # not the one who has it, nor one already placed there
    placed = set(
        Participation.objects.filter(placement=placement)
        .filter(_running(today))
        .values_list("person_id", flat=True)
    )
    persons = [p for p in persons if p.pk not in placed and p.pk != placement.participant_id]
    features = person_features(user, persons, today, capacities)
    by_id = {p.pk: p for p in persons}
    candidates = [features[p.pk].candidate for p in persons]
    result = PlacementCandidates(placement, basis=basis)
    for proposal in m.candidates_for(placement_opportunity(placement), candidates, k=k):
        result.rows.append(Row(proposal, placement=placement, person=by_id[proposal.candidate_id]))
    log_list(user, [r.person for r in result.rows], "Aktivitetskrav: kandidater till en praktikplats")
    return result


@dataclass
class ProfilePage:
    person: Person
    profile: JobProfile | None


def job_profile_page(user, public_id) -> ProfilePage:
    """The person and their job profile, for its form: as the proposals, 404 or 403."""
    person = get_for_user(user, _persons(Person.objects.all()), public_id=public_id)
    if not may_match(user, person.municipality_id):
        raise PermissionDenied(
            "Önskemål om arbete skrivs av den som arbetar med aktivitetskravet i kommunen."
        )
    profile = restrict(user, JobProfile.objects.filter(person=person)).first()
    log_read(user, person, "Aktivitetskrav: önskemål om arbete", basis=person_basis(user, person))
    return ProfilePage(person, profile)
