"""Reads of the civil register (issue #17), each from `restrict()`: what those who work with civil society in the
municipality see (access/visibility/civil.py). An association's contact persons are personal data of persons outside
the register: the association's page shows them, and that read is logged on the association (one line per page
seen, with the number of contacts); lists and exports show no contact person at all."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone

from etablera.access.audit import log_read
from etablera.access.policy import get_for_user, restrict
from etablera.activity.models import Activity
from etablera.civil.models import (
    Agreement,
    Association,
    AssociationActivity,
    ContactPerson,
    FollowUp,
    NetworkMeeting,
    Offer,
)

PAGE_SIZE = 500  # more than a municipality's register holds; a list is never unbounded
EXPORT_ROWS = 5000


@dataclass(frozen=True)
class AssociationFilters:
    q: str = ""  # a part of the name or the organisation number
    kind: str = ""
    language: str = ""  # an ISO 639-1 code: offered in that language
    active: bool | None = True  # None: both


def associations(user, filters: AssociationFilters = AssociationFilters()):
    """The associations the user sees, with the number of offers and agreements in force, by name."""
    today = timezone.localdate()
    queryset = restrict(user, Association.objects.select_related("municipality"))
    if filters.q:
        queryset = queryset.filter(Q(name__icontains=filters.q) | Q(organisation_number__contains=filters.q))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.active is not None:
        queryset = queryset.filter(active=filters.active)
    if filters.language:
        # JSON containment differs between SQLite and PostgreSQL; a code is two letters, quoted in the list.
        offered = Offer.objects.filter(languages__icontains=f'"{filters.language.lower()}"')
        queryset = queryset.filter(pk__in=offered.values("association_id"))
    return queryset.annotate(
        offer_count=Count("offers", distinct=True),
        agreements_in_force=Count(
            "agreements",
            filter=Q(agreements__starts_on__lte=today, agreements__ends_on__gte=today),
            distinct=True,
        ),
    ).order_by("name", "pk")


def languages_of(associations_list) -> dict[int, list[str]]:
    """The languages each association offers in (the union of its offers'), in one query."""
    found: dict[int, list[str]] = {}
    rows = Offer.objects.filter(association__in=[a.pk for a in associations_list]).values_list(
        "association_id", "languages"
    )
    for association_id, languages in rows:
        codes = found.setdefault(association_id, [])
        for code in languages or ():
            if code not in codes:
                codes.append(code)
    return found


def get_association(user, public_id) -> Association:
    """One association (404 when missing or not the user's), with what its page shows. The read of its contact
    persons is logged."""
    association = get_for_user(
        user,
        Association.objects.select_related("municipality").prefetch_related(
            Prefetch("contacts", ContactPerson.objects.order_by("name", "pk")),
            Prefetch("offers", Offer.objects.order_by("kind", "pk")),
            Prefetch("agreements", Agreement.objects.order_by("-starts_on", "-pk")),
            Prefetch(
                "activities",
                AssociationActivity.objects.select_related("activity", "activity__unit").order_by(
                    "activity__name", "pk"
                ),
            ),
            Prefetch("meetings", NetworkMeeting.objects.order_by("-held_on", "-pk")),
        ),
        public_id=public_id,
    )
    contacts = list(association.contacts.all())
    if contacts:
        log_read(user, association, f"Föreningens kontaktpersoner ({len(contacts)})")
    return association


def get_association_plain(user, public_id) -> Association:
    """One association the user sees, without its parts (for a write)."""
    return get_for_user(user, Association.objects.select_related("municipality"), public_id=public_id)


def association_activities(user, association: Association) -> list[Activity]:
    links = restrict(user, AssociationActivity.objects.filter(association=association)).select_related(
        "activity", "activity__unit"
    )
    return [link.activity for link in links.order_by("activity__name", "pk")]


def meetings(user):
    return (
        restrict(user, NetworkMeeting.objects.all())
        .annotate(
            attending_count=Count("attending", distinct=True),
            open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True), distinct=True),
        )
        .order_by("-held_on", "-pk")
    )


def get_meeting(user, public_id) -> NetworkMeeting:
    return get_for_user(
        user,
        NetworkMeeting.objects.select_related("municipality").prefetch_related(
            Prefetch("attending", Association.objects.order_by("name", "pk")),
            Prefetch(
                "follow_ups",
                FollowUp.objects.select_related("done_by").order_by(
                    F("done_on").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "pk"
                ),
            ),
        ),
        public_id=public_id,
    )


def get_follow_up(user, meeting: NetworkMeeting, pk: int) -> FollowUp:
    return get_for_user(
        user, FollowUp.objects.filter(meeting=meeting).select_related("meeting", "done_by"), pk=pk
    )


def get_contact(user, association: Association, pk: int) -> ContactPerson:
    return get_for_user(
        user, ContactPerson.objects.filter(association=association).select_related("association"), pk=pk
    )


def read_contact(user, association_public_id, pk: int) -> ContactPerson:
    """One contact person of an association the user sees (404 otherwise), for its edit form; the read is logged on
    the association, as the association's page logs its contacts."""
    association = get_association_plain(user, association_public_id)
    contact = get_contact(user, association, pk)
    log_read(user, association, "Föreningens kontaktperson")
    return contact


def get_offer(user, association: Association, pk: int) -> Offer:
    return get_for_user(
        user, Offer.objects.filter(association=association).select_related("association"), pk=pk
    )


@dataclass(frozen=True)
class Overview:
    associations: int
    inactive: int
    agreements_in_force: int
    meetings: int
    open_follow_ups: int
    activities: int
    next_follow_ups: list


def overview(user) -> Overview:
    today = timezone.localdate()
    seen = restrict(user, Association.objects.all())
    counts = seen.aggregate(
        n_active=Count("pk", filter=Q(active=True)),
        n_inactive=Count("pk", filter=Q(active=False)),
    )
    follow_ups = restrict(user, FollowUp.objects.filter(done_on__isnull=True))
    return Overview(
        associations=counts["n_active"] or 0,
        inactive=counts["n_inactive"] or 0,
        agreements_in_force=restrict(
            user, Agreement.objects.filter(starts_on__lte=today, ends_on__gte=today)
        ).count(),
        meetings=restrict(user, NetworkMeeting.objects.all()).count(),
        open_follow_ups=follow_ups.count(),
        activities=restrict(user, AssociationActivity.objects.filter(activity__active=True)).count(),
        next_follow_ups=list(
            follow_ups.select_related("meeting").order_by(F("due_on").asc(nulls_last=True), "pk")[:5]
        ),
    )
