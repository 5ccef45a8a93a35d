"""Reads of the activities catalogue and the praktikplatsbank (issue #13), each from `restrict()`.

Activities are seen by the municipality's staff, employers and placements by those who work with the requirement
(access/visibility/activity.py). A placement's participant and an offer's person are persons: their names are shown
only to a user who sees the person (the people rule), and each person shown is logged. No address or postcode of a
person is read here at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from etablera.access.audit import log_list, log_reads
from etablera.access.policy import get_for_user, restrict
from etablera.activity.models import (
    Activity,
    Employer,
    EmployerContact,
    Participation,
    Placement,
    PlacementOffer,
)
from etablera.people.models import Person
from etablera.rules.deadlines import render

PAGE_SIZE = 50
EXPORT_ROWS = 5000  # more than a municipality's bank holds; an export is never unbounded


@dataclass(frozen=True)
class CatalogueFilters:
    kind: str = ""
    language: str = ""
    active: bool | None = True  # None: both


@dataclass(frozen=True)
class PlacementFilters:
    state: str = ""  # "" = open and filled (the working list); or one state
    ssyk: str = ""  # a code or its beginning (a major group "5", a minor group "512")
    employer: str = ""  # an employer's public id


WORKING_STATES = (Placement.State.OPEN, Placement.State.OFFERED, Placement.State.FILLED)


def _taken():
    """The places of an activity taken: its ACTIVITY participations not yet ended (those starting later count,
    a place promised is a place gone)."""
    today = timezone.localdate()
    running = (
        Participation.objects.filter(activity=OuterRef("pk"), kind=Participation.Kind.ACTIVITY)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(running, output_field=IntegerField()), Value(0))


def catalogue(user, filters: CatalogueFilters = CatalogueFilters()):
    """The activities the user sees, with `taken` and `free_places` (never below 0), by name."""
    queryset = restrict(user, Activity.objects.select_related("unit", "municipality"))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.active is not None:
        queryset = queryset.filter(active=filters.active)
    if filters.language:
        # JSON containment differs between SQLite and PostgreSQL; a code is two letters, quoted in the list
        queryset = queryset.filter(languages__icontains=f'"{filters.language.lower()}"')
    return queryset.annotate(taken=_taken()).order_by("name", "pk")


def free_places(activity: Activity) -> int:
    return max(activity.places - getattr(activity, "taken", 0), 0)


def get_activity(user, public_id) -> Activity:
    return get_for_user(
        user,
        Activity.objects.select_related("unit", "municipality").annotate(taken=_taken()),
        public_id=public_id,
    )


def employers(user, *, active: bool | None = True):
    queryset = restrict(user, Employer.objects.select_related("municipality")).annotate(
        open_placements=Count("placements", filter=Q(placements__state=Placement.State.OPEN)),
        filled_placements=Count("placements", filter=Q(placements__state=Placement.State.FILLED)),
    )
    if active is not None:
        queryset = queryset.filter(active=active)
    return queryset.order_by("name", "pk")


def get_employer(user, public_id) -> Employer:
    return get_for_user(
        user,
        Employer.objects.select_related("municipality").prefetch_related(
            Prefetch("contacts", EmployerContact.objects.order_by("-is_supervisor", "name", "pk")),
            Prefetch(
                "placements", Placement.objects.select_related("participant").order_by("-starts_on", "-pk")
            ),
        ),
        public_id=public_id,
    )


def placements(user, filters: PlacementFilters = PlacementFilters()):
    """The placements the user sees: by default those open, offered or filled (the employers' contact staff's
    list), the next to start first."""
    queryset = restrict(
        user, Placement.objects.select_related("employer", "unit", "participant", "supervisor")
    )
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    else:
        queryset = queryset.filter(state__in=WORKING_STATES)
    if filters.ssyk:
        queryset = queryset.filter(ssyk__startswith=filters.ssyk)
    if filters.employer:
        queryset = queryset.filter(employer__public_id=filters.employer)
    return queryset.order_by("starts_on", "pk")


def visible_person_ids(user, person_ids) -> set[int]:
    ids = {pk for pk in person_ids if pk}
    if not ids:
        return set()
    return set(restrict(user, Person.objects.filter(pk__in=ids)).values_list("pk", flat=True))


def show_participants(user, rows, summary: str = "Praktikplatser") -> list[Placement]:
    """Mark each placement with `participant_shown` (the person, or None when the user does not see them), and log
    the persons shown."""
    rows = list(rows)
    seen = visible_person_ids(user, [p.participant_id for p in rows])
    shown = []
    for placement in rows:
        placement.participant_shown = placement.participant if placement.participant_id in seen else None
        if placement.participant_shown is not None:
            shown.append(placement.participant_shown)
    if shown:
        log_list(user, shown, summary)
    return rows


@dataclass
class PlacementPage:
    placement: Placement
    offers: list[PlacementOffer] = field(default_factory=list)
    participant: Person | None = None  # shown only when the user sees the person


def placement_page(user, public_id) -> PlacementPage:
    """A placement with its offers. Every offer's state and dates are the placement's history; the person's name
    and the reason of a no only when the user sees the person."""
    placement = get_for_user(
        user,
        Placement.objects.select_related("employer", "unit", "supervisor", "participant", "municipality"),
        public_id=public_id,
    )
    offers = list(
        PlacementOffer.objects.filter(placement=placement)
        .select_related("person", "offered_by")
        .order_by("-offered_on", "-pk")
    )
    seen = visible_person_ids(user, [o.person_id for o in offers] + [placement.participant_id])
    shown = {}
    for offer in offers:
        offer.person_shown = offer.person if offer.person_id in seen else None
        offer.explanation_shown = [explanation_text(item) for item in offer.explanation or ()]
        if offer.person_shown is not None:
            shown[offer.person_id] = offer.person
    participant = placement.participant if placement.participant_id in seen else None
    if participant is not None:
        shown[participant.pk] = participant
    if shown:
        log_reads(user, list(shown.values()), "Praktikplats")
    return PlacementPage(placement=placement, offers=offers, participant=participant)


def explanation_text(item) -> str:
    """One line of a proposal's explanation, a catalogue message ([msgid, params], rules/deadlines.py) or a text,
    in the reader's language."""
    if isinstance(item, list | tuple) and item and isinstance(item[0], str):
        return render(list(item), gettext)
    return gettext(str(item))


def get_placement(user, public_id) -> Placement:
    return get_for_user(
        user, Placement.objects.select_related("employer", "participant", "municipality"), public_id=public_id
    )


def get_offer(user, public_id) -> PlacementOffer:
    """An offer of a placement the user sees (404 otherwise); the services check the person."""
    placements_seen = restrict(user, Placement.objects.all())
    return get_for_user(
        user,
        PlacementOffer.objects.filter(placement__in=placements_seen).select_related("placement", "person"),
        public_id=public_id,
    )


def offerable_person(user, public_id) -> Person | None:
    """The person to offer to, by public id, if the user sees them."""
    return restrict(user, Person.objects.all()).filter(public_id=public_id).first()
