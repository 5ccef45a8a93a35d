"""Finding a household: search before see — by a member's name (accents and case ignored), by the household's own
name, by any identity number a member holds or has held, or by an anvisning's reference (issue #11).

What a hit shows is enough to tell households apart without opening them: the members' birth years (a protected
identity shows neither name nor year), the anvisningar's references, where the household stands (anvisad, mottagen,
pågående mottagande, avslutat) and the municipality. Never an identity number, not even masked: the number typed
is only what the search compared, in the body of a POST.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Lower, Replace
from django.utils.translation import gettext_lazy as _

from etablera.access.audit import log_list
from etablera.access.policy import capabilities, restrict
from etablera.people.models import Household, HouseholdMember, Person
from etablera.people.names import search_key
from etablera.people.selectors import identity_number_q, in_municipalities
from etablera.reception.models import Assignment, ReceptionCase

MIN_LENGTH = 2
MAX_WORDS = 5  # every word must match; more than this is no longer a name


class HouseholdStatus:
    """Where a household stands, as the search shows it: the reception case first (it says the most), then the
    anvisningar."""

    IN_RECEPTION = "IN_RECEPTION"
    CLOSED = "CLOSED"
    ASSIGNED = "ASSIGNED"
    RECEIVED = "RECEIVED"
    CANCELLED = "CANCELLED"
    NONE = "NONE"

    labels = {
        IN_RECEPTION: _("Pågående mottagande"),
        CLOSED: _("Avslutat"),
        ASSIGNED: _("Anvisad"),
        RECEIVED: _("Mottagen"),
        CANCELLED: _("Anvisningen avbruten"),
        NONE: _("Inget mottagande registrerat"),
    }


# --- what the query means ---------------------------------------------------------------------------------------


def _number_persons(query: str) -> QuerySet[Person] | None:
    """The persons who hold or held the whole number typed, or None when the query is no number. A personnummer
    or samordningsnummer may be typed with or without the dash and with or without the century (ÅÅMMDD-NNNN:
    both centuries are tried, as the stored number has twelve digits); a dossiernummer with or without its dash.
    `people.selectors.identity_number_q` compares."""
    compact = query.replace(" ", "")
    if not compact or any(ch not in "0123456789-+/" for ch in compact):
        return None
    digits = "".join(ch for ch in compact if ch.isdigit())
    candidates = [compact]
    if len(digits) == 10 and "/" not in compact:
        candidates = [f"19{digits}", f"20{digits}"]
    terms = [q for q in (identity_number_q(c) for c in candidates) if q is not None]
    if not terms:
        return None
    combined = terms[0]
    for term in terms[1:]:
        combined |= term
    return Person.objects.filter(combined)


def is_identity_number(query: str) -> bool:
    """Whether the query is a whole identity number (which a page must then not repeat)."""
    return _number_persons((query or "").strip()) is not None


def _words(query: str) -> list[str]:
    return search_key(query).split()[:MAX_WORDS]


def matching_member_households(user, word: str) -> QuerySet:
    """The ids of the households (of the user's municipalities) with a member whose name holds `word`, a word of
    `people.names.search_key`. Members live in their household's municipality: on PostgreSQL one trigram index over
    the municipality and the name key (people/0006) answers it without testing every person's name."""
    municipalities = capabilities(user).staff_municipality_ids
    return HouseholdMember.objects.filter(
        in_municipalities("person__municipality_id", municipalities),
        person__name_key__contains=word,
        household__municipality_id__in=municipalities,
    ).values("household_id")


# The household has no search key of its own (Person.name_key is the person's): its name is folded in the query
# instead, for the letters with accents most common in names here — the same answer as people.names.search_key for
# them — on SQLite (whose LOWER knows only ASCII, hence both cases) and PostgreSQL alike. Only these few: SQLite's
# parser refuses a deeper nest of REPLACE. Other letters are compared as typed (case ignored), and a member's name
# is always compared through its full key. A household's name is read only among the households of the user's
# municipalities, so no index is needed for it.
_FOLDS = {"a": "åäáà", "e": "éè", "o": "öø", "u": "ü"}


def _folded_name():
    expression = Lower("name")
    for plain, accented in _FOLDS.items():
        for letter in dict.fromkeys(accented + accented.upper()):
            if not letter.isascii():
                expression = Replace(expression, Value(letter), Value(plain))
    return expression


def _matching_households(user, query: str) -> QuerySet[Household]:
    query = (query or "").strip()
    if len(query) < MIN_LENGTH:
        return Household.objects.none()
    municipalities = capabilities(user).staff_municipality_ids
    terms = Q(pk__in=[])
    words = _words(query)
    if words:
        # Each word in the household's name or in a member's name, accents and case ignored: "familjen sjogren"
        # finds "Familjen Sjögren", "Amal Hassan" a household where Amal Hassan is a member.
        by_name = Q()
        for word in words:
            by_name &= Q(folded_name__contains=word) | Q(pk__in=matching_member_households(user, word))
        for raw in query.split()[:MAX_WORDS]:
            if search_key(raw) != raw.casefold():
                by_name |= Q(name__icontains=query)
                break
        terms |= by_name
    numbers = _number_persons(query)
    if numbers is not None:
        terms |= Q(
            pk__in=HouseholdMember.objects.filter(
                person__in=numbers.filter(municipality_id__in=municipalities).values("pk"),
                household__municipality_id__in=municipalities,
            ).values("household_id")
        )
    if any(ch.isdigit() for ch in query):
        # An anvisning's reference (MIG-2026-000123), whole or the part with its number.
        terms |= Q(
            pk__in=Assignment.objects.filter(
                reference__icontains=query, municipality_id__in=municipalities, household__isnull=False
            ).values("household_id")
        )
    # Only the households of the user's municipalities can be let through by restrict(): saying so first keeps
    # every test above off the rest of the country.
    households = Household.objects.filter(municipality_id__in=municipalities)
    if words:
        households = households.alias(folded_name=_folded_name())
    return restrict(user, households).filter(terms)


# --- the hits ---------------------------------------------------------------------------------------------------


def _latest_case(field: str) -> Subquery:
    return Subquery(
        ReceptionCase.objects.filter(household=OuterRef("pk"))
        .order_by("-arrival_date", "-pk")
        .values(field)[:1]
    )


def _status(household: Household) -> str:
    if household.open_case_id is not None:
        return HouseholdStatus.IN_RECEPTION
    if household.case_status == ReceptionCase.Status.CLOSED:
        return HouseholdStatus.CLOSED
    statuses = {a.status for a in household.hit_assignments}
    for status, shown in (
        (Assignment.Status.ASSIGNED, HouseholdStatus.ASSIGNED),
        (Assignment.Status.RECEIVED, HouseholdStatus.RECEIVED),
        (Assignment.Status.CANCELLED, HouseholdStatus.CANCELLED),
    ):
        if status in statuses:
            return shown
    return HouseholdStatus.NONE


def _dress(household: Household) -> None:
    """What a hit shows, set on the household: the members (name and birth year, or neither for a protected
    identity), the references, the status and its date."""
    household.status = _status(household)
    household.status_label = HouseholdStatus.labels[household.status]
    household.status_date = (
        household.case_arrival_date
        if household.status in (HouseholdStatus.IN_RECEPTION, HouseholdStatus.CLOSED)
        else None
    )
    household.references = [a.reference for a in household.hit_assignments]
    household.members_shown = [
        {
            "protected_identity": member.person.is_protected,
            "first_name": None if member.person.is_protected else member.person.first_name,
            "last_name": None if member.person.is_protected else member.person.last_name,
            "birth_year": None
            if member.person.is_protected or member.person.birth_date is None
            else member.person.birth_date.year,
            "relation": member.relation,
        }
        for member in household.hit_members
    ]
    household.hidden_member_count = household.member_count - len(household.members_shown)


def search_households(user, query: str, limit: int = 50, *, offset: int = 0) -> list[Household]:
    """Search before see: no query, no list. A fixed number of queries whatever is found (the households with
    their counts and case, their visible members, their anvisningar); every household shown is logged."""
    visible_persons = restrict(user, Person.objects.all()).values("pk")
    households = list(
        _matching_households(user, query)
        .annotate(
            member_count=Count("memberships", distinct=True),
            # A scalar subquery with LIMIT 1, not EXISTS: PostgreSQL planned the EXISTS as a hashed subplan over
            # every open reception case in the country (79 000 at the national data set's size, 19 ms, and more as
            # the country grows), where one probe by the household's index per hit shown (50 at most) takes 0.4 ms.
            open_case_id=Subquery(
                ReceptionCase.objects.filter(
                    household=OuterRef("pk"), status=ReceptionCase.Status.OPEN
                ).values("pk")[:1]
            ),
            case_status=_latest_case("status"),
            case_arrival_date=_latest_case("arrival_date"),
        )
        .select_related("municipality")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=HouseholdMember.objects.filter(person__in=visible_persons)
                .select_related("person")
                .order_by("person__birth_date", "pk"),
                to_attr="hit_members",
            ),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.order_by("-decision_date", "-pk"),
                to_attr="hit_assignments",
            ),
        )
        .order_by("name", "pk")[offset : offset + limit]
    )
    for household in households:
        _dress(household)
    log_list(user, households, "Sökning av hushåll")
    return households


def count_households(user, query: str) -> int:
    """How many households `search_households` finds in all (for paging); a number, so nothing is logged."""
    return _matching_households(user, query).count()
