"""The volunteers' reads for staff. A volunteer is not a registered person: the volunteers of the municipalities
where the user works with civil society (capabilities.civil_municipality_ids), nobody else's — another
municipality's volunteer is a 404. A newcomer is reached only through restrict()/get_for_user (what the user may
see of the register), and every read of one is logged."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q
from django.http import Http404

from etablera.access.audit import log_list, log_read
from etablera.access.policy import capabilities, get_for_user
from etablera.people.models import Person
from etablera.volunteers.codes import unpack
from etablera.volunteers.matching import VolunteerFacts, WishFacts, rank
from etablera.volunteers.models import Match, NewcomerWish, Volunteer

RUNNING = (Match.Status.PROPOSED, Match.Status.STARTED)


def _municipality_ids(user) -> set[int]:
    return capabilities(user).civil_municipality_ids


def volunteers_for(user, *, status: str = "", offer: str = "", language: str = ""):
    queryset = Volunteer.objects.filter(municipality_id__in=_municipality_ids(user)).select_related(
        "municipality"
    )
    queryset = (
        queryset.exclude(erased_at__isnull=False, status=Volunteer.Status.WITHDRAWN)
        if not status
        else queryset
    )
    if status:
        queryset = queryset.filter(status=status)
    if offer:
        queryset = queryset.filter(offers__contains=f",{offer},")
    if language:
        queryset = queryset.filter(languages__contains=f",{language},")
    return queryset.annotate(running=Count("matches", filter=Q(matches__status__in=RUNNING)))


def volunteer_for(user, public_id) -> Volunteer:
    volunteer = (
        Volunteer.objects.filter(municipality_id__in=_municipality_ids(user), public_id=public_id)
        .select_related("municipality", "consent_text", "reviewed_by")
        .first()
    )
    if volunteer is None:
        raise Http404
    return volunteer


def read_volunteer(user, public_id) -> Volunteer:
    """The volunteer, for their page or the API's answer: the read is logged."""
    volunteer = volunteer_for(user, public_id)
    log_read(user, volunteer, "Volontär")
    return volunteer


def person_for(user, public_id) -> Person:
    """A registered person the user may see, in a municipality where they work with civil society; logged."""
    person = get_for_user(user, Person.objects.select_related("municipality"), public_id=public_id)
    if person.municipality_id not in _municipality_ids(user):
        raise Http404
    log_read(user, person, "Önskan om volontär")
    return person


def wishes_for(user, *, status: str = ""):
    """The wishes of the persons the user may see; the persons listed are logged by the caller's page."""
    visible = get_visible_person_ids(user)
    queryset = (
        NewcomerWish.objects.filter(municipality_id__in=_municipality_ids(user), person_id__in=visible)
        .select_related("person")
        .order_by("created_at")
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def get_visible_person_ids(user):
    from etablera.access.policy import restrict

    return restrict(user, Person.objects.all()).values("pk")


def wish_for(user, public_id) -> NewcomerWish:
    wish = wishes_for(user).filter(public_id=public_id).first()
    if wish is None:
        raise Http404
    log_read(user, wish.person, "Önskan om volontär")
    return wish


def log_wishes(user, wishes) -> None:
    log_list(user, [wish.person for wish in wishes], "Önskemål om volontär")


def match_for(user, public_id) -> Match:
    match = (
        Match.objects.filter(municipality_id__in=_municipality_ids(user), public_id=public_id)
        .select_related("volunteer", "wish__person")
        .filter(wish__person_id__in=get_visible_person_ids(user))
        .first()
    )
    if match is None:
        raise Http404
    log_read(user, match.wish.person, "Matchning med volontär")
    return match


def matches_for(user):
    return (
        Match.objects.filter(
            municipality_id__in=_municipality_ids(user), wish__person_id__in=get_visible_person_ids(user)
        )
        .select_related("volunteer", "wish__person")
        .order_by("-created_at")
    )


def proposals(wish: NewcomerWish) -> list[tuple[Volunteer, object]]:
    """The approved volunteers of the wish's municipality, ranked (matching.rank), each with its explanation."""
    volunteers = {
        v.pk: v
        for v in Volunteer.objects.filter(
            municipality_id=wish.municipality_id, status=Volunteer.Status.APPROVED
        )
        .exclude(matches__wish=wish, matches__status__in=RUNNING)
        .annotate(running=Count("matches", filter=Q(matches__status__in=RUNNING)))
    }
    facts = WishFacts(
        offers=frozenset(unpack(wish.offers)),
        languages=frozenset(unpack(wish.languages)),
        area=wish.area,
        family=wish.kind == NewcomerWish.Kind.FAMILY,
    )
    ranked = rank(
        facts,
        [
            VolunteerFacts(
                id=v.pk,
                offers=frozenset(unpack(v.offers)),
                languages=frozenset(unpack(v.languages)),
                area=v.area,
                takes_families=v.takes_families,
                running_matches=v.running,
            )
            for v in volunteers.values()
        ],
    )
    return [(volunteers[p.volunteer_id], p) for p in ranked]


def report(user) -> dict:
    """Volunteers active (approved) by offer and by language against newcomers waiting by language; matches by
    status and ended matches by reason. Counts only: nobody is named."""
    ids = _municipality_ids(user)
    active = Volunteer.objects.filter(municipality_id__in=ids, status=Volunteer.Status.APPROVED).values_list(
        "offers", "languages"
    )
    by_offer: Counter = Counter()
    by_language: Counter = Counter()
    for offers, languages in active:
        by_offer.update(unpack(offers))
        by_language.update(unpack(languages))
    waiting: Counter = Counter()
    for (languages,) in NewcomerWish.objects.filter(
        municipality_id__in=ids, status=NewcomerWish.Status.WAITING
    ).values_list("languages"):
        waiting.update(unpack(languages))
    matches = Match.objects.filter(municipality_id__in=ids)
    return {
        "by_offer": by_offer,
        "by_language": by_language,
        "waiting_by_language": waiting,
        "match_status": Counter(matches.values_list("status", flat=True)),
        "end_reasons": Counter(
            matches.filter(status=Match.Status.ENDED).values_list("end_reason", flat=True)
        ),
    }
