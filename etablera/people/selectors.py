"""Reads of persons, filtered by the access policy and logged."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import In

from etablera.access.audit import log_list, log_read
from etablera.access.policy import can_edit_person, capabilities, get_for_user, restrict
from etablera.people.models import (
    FormerIdentityNumber,
    Household,
    HouseholdMember,
    Person,
    ResidencePermitDecision,
)
from etablera.rules import identity


class _InBigints(In):
    """`IN`, written for PostgreSQL as `= ANY(array of bigints)`: a constant of the column's own type (see
    in_municipalities), and not an equality, which the planner would merge with the policy's own
    `municipality_id = 37` and then use only that one (for the btree index)."""

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = [v for v in self.rhs if v is not None]
        if not values:
            raise EmptyResultSet
        return f"{lhs} = ANY(%s::bigint[])", [*params, values]


def in_municipalities(field: str, municipality_ids) -> In:
    """The municipality id at `field` is one of `municipality_ids`, in a form the trigram indexes over
    (municipality, name) (people/0003, 0006) can take. They take the municipality only from a constant of the
    column's type — btree_gin has no operators across integer types — and Django writes an id as a plain
    integer: `municipality_id IN (37)` leaves the municipality to a btree index, and the name to a read of the
    trigram index over the whole country (docs/performance.md, "The searches' municipality")."""
    return _InBigints(F(field), sorted(municipality_ids))


def persons_for_user(user) -> QuerySet[Person]:
    return restrict(user, Person.objects.all()).select_related("municipality")


def _number_q(numbers: list[str], kinds, *, suffixed_of: str = "") -> Q:
    """The person holds one of `numbers` now, or held it before (issue #11: a search by a former number finds
    them); with `suffixed_of`, also that dossiernummer with any suffix ("12-345678/1")."""
    current, former = Q(identity_number__in=numbers), Q(number__in=numbers)
    if suffixed_of:
        current |= Q(identity_number__startswith=f"{suffixed_of}/")
        former |= Q(number__startswith=f"{suffixed_of}/")
    held = FormerIdentityNumber.objects.filter(former, person=OuterRef("pk"), number_type__in=kinds)
    return (current & Q(identity_number_type__in=kinds)) | Q(Exists(held))


def identity_number_q(query: str) -> Q | None:
    """Persons who hold, or held, the identity number `query` as a whole: a personnummer or samordningsnummer
    (12 digits) or a dossiernummer. None when `query` is no whole number. For any search by number (the household
    search can filter its members with it: `Person.objects.filter(identity_number_q(q))`).

    A dossiernummer is read as `rules.identity.parse` reads it (12-345678, 12345678, with or without its suffix
    /1). Migrationsverket writes the suffix on some papers and not on others, so a number typed without it finds
    the number with any suffix, and one typed with it finds that number and the number stored without one — never
    another suffix."""
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) == 12 and "/" not in query:
        return _number_q([digits], (identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER))
    if 8 <= len(digits) <= 10:
        try:
            number = identity.parse(identity.DOSSIERNUMMER, query).value
        except identity.IdentityNumberError:
            return None
        base, _slash, suffix = number.partition("/")
        if suffix:
            return _number_q([number, base], (identity.DOSSIERNUMMER,))
        return _number_q([base], (identity.DOSSIERNUMMER,), suffixed_of=base)
    return None


def _matching_persons(user, query: str) -> QuerySet[Person]:
    """Search before see: at least two characters of a name; the identity number only as a whole number — a
    personnummer or samordningsnummer (12 digits) or a dossiernummer, current or former."""
    query = (query or "").strip()
    if len(query) < 2:
        return Person.objects.none()
    terms = Q(first_name__icontains=query) | Q(last_name__icontains=query)
    by_number = identity_number_q(query)
    if by_number is not None:
        terms |= by_number
    # Everyone the user sees is of a municipality where they are staff or reception (access.visibility.people):
    # saying so again, in the form the trigram index takes, keeps the names of the rest of the country out.
    caps = capabilities(user)
    municipalities = caps.staff_municipality_ids | caps.reception_municipality_ids
    return persons_for_user(user).filter(in_municipalities("municipality_id", municipalities), terms)


def search_persons(user, query: str, limit: int = 50, *, offset: int = 0) -> list[Person]:
    """Search before see: at least two characters of a name; the identity number only as a whole number."""
    persons = list(
        _matching_persons(user, query).order_by("last_name", "first_name", "pk")[offset : offset + limit]
    )
    log_list(user, persons, "Sökning av personer")
    return persons


def count_persons(user, query: str) -> int:
    """How many persons `search_persons` finds in all (for paging); a number, so nothing is logged."""
    return _matching_persons(user, query).count()


def get_person_for_user(user, public_id, *, annotations: dict | None = None) -> Person:
    """One person, or 404. The read is logged with why the user sees the person (basis) and whether an address
    of a protected identity is involved; `person.address_masked` says whether the address may be shown.
    `annotations`: what a page needs beside the person, fetched in the same query."""
    from etablera.access.selectors import address_masked_ids, person_basis

    queryset = Person.objects.select_related("municipality")
    if annotations:
        queryset = queryset.annotate(**annotations)
    person = get_for_user(user, queryset, public_id=public_id)
    person.address_masked = person.pk in address_masked_ids([person])
    person.basis = person_basis(user, person)
    log_read(user, person, "Persondetaljer", basis=person.basis, protected=person.address_masked)
    return person


def households_for_user(user) -> QuerySet[Household]:
    return restrict(user, Household.objects.all()).select_related("municipality")


def reveal_identity_number(user, household: Household, person_public_id) -> Person:
    """The full identity number of one member, shown only when the user asks for it; the asking is logged.
    The household must already have been fetched for the user (get_household_for_user)."""
    from django.http import Http404

    person = (
        Person.objects.filter(household_memberships__household=household, public_id=person_public_id)
        .select_related("municipality")
        .first()
    )
    if person is None:
        raise Http404
    log_read(user, person, "Visade fullständigt identitetsnummer")
    return person


def reveal_person_identity_number(user, person: Person) -> str:
    """The full identity number of a person, shown only when the user asks for it; the asking is logged.
    The person must already have been fetched for the user (get_person_for_user)."""
    log_read(user, person, "Visade fullständigt identitetsnummer", basis=getattr(person, "basis", ""))
    return person.identity_number_display


@dataclass
class PersonPage:
    person: Person
    households: list[Household]  # those the user sees, each with `relation`
    sections: set[str]  # the sections of the person's data the user may see
    notes: list  # access.selectors.SectionNotes, one per visible section
    consents: list  # access.models.Consent with `state`
    consent_units: QuerySet  # the units a consent may name
    may_reveal_address: bool  # an explicit authorisation (asked only when the address is masked)
    may_edit: bool = False  # the reception unit and administrators keep the register data (issue #11)
    birth_date_changes: list | None = None  # BirthDateChange, newest first
    # For those who work with civil society where the person lives (issue #17): {"wish": public id or None,
    # "match": public id or None} of the person's open wish for a volunteer; None for everyone else.
    volunteer_wish: dict | None = None

    @property
    def address_masked(self) -> bool:
        return self.person.address_masked


def person_page(user, public_id) -> PersonPage:
    """Everything the person page shows, for a fixed number of queries; the read is logged once."""
    from etablera.access import selectors as access
    from etablera.access.policy import may_view_protected_address, visible_sections
    from etablera.volunteers.person_wish import open_wish_annotations

    # The open wish for a volunteer rides on the person's own query (no query of its own), and only for those who
    # work with civil society somewhere; shown only where the person lives.
    civil = capabilities(user).civil_municipality_ids
    person = get_person_for_user(user, public_id, annotations=open_wish_annotations() if civil else None)
    households = list(
        households_for_user(user)
        .filter(memberships__person=person)
        .annotate(relation=F("memberships__relation"))
        .order_by("name")
    )
    for household in households:
        household.relation_display = HouseholdMember.Relation(household.relation).label
    sections = visible_sections(user, [person])[person.pk]
    return PersonPage(
        person=person,
        households=households,
        sections=sections,
        notes=access.notes_for_person(user, person, sections),
        consents=access.consents_for_person(user, person),
        consent_units=access.consent_units(person),
        may_reveal_address=person.address_masked and may_view_protected_address(user, person),
        may_edit=can_edit_person(user, person),
        birth_date_changes=birth_date_changes(user, person),
        volunteer_wish=(
            {"wish": person.volunteer_wish_id, "match": person.volunteer_match_id}
            if person.municipality_id in civil
            else None
        ),
    )


# --- the person's register data and its history (issue #11) --------------------------------------------------------


@dataclass
class PersonRegister:
    """The page of a person's identity numbers and residence permits: the current and every former one."""

    person: Person
    former_numbers: list[FormerIdentityNumber]
    permits: list[ResidencePermitDecision]  # newest decision first; the first is the current one
    may_edit: bool

    @property
    def current_permit(self) -> ResidencePermitDecision | None:
        return self.permits[0] if self.permits else None


def person_register(user, public_id) -> PersonRegister:
    """The person (404 if the user may not see them) with the history of numbers and permits; one read logged."""
    person = get_person_for_user(user, public_id)
    return PersonRegister(
        person=person,
        former_numbers=list(
            restrict(user, FormerIdentityNumber.objects.filter(person=person)).select_related("replaced_by")
        ),
        permits=residence_permits(user, person),
        may_edit=can_edit_person(user, person),
    )


def residence_permits(user, person: Person) -> list[ResidencePermitDecision]:
    """The decisions on the person's residence permit, newest first. The person must already have been fetched
    for the user (the read is logged there)."""
    return list(
        restrict(user, ResidencePermitDecision.objects.filter(person=person))
        .select_related("recorded_by")
        .order_by("-decided_on", "-created_at", "-pk")
    )


def may_see_person(user, person: Person) -> bool:
    """Whether the user sees `person` (to offer a possible duplicate as a link, or only as a warning). Nothing is
    logged: nothing about the person is shown by the answer."""
    return restrict(user, Person.objects.filter(pk=person.pk)).exists()


# --- the household's register panel and a person's birth-date history (issue #11) --------------------------------


@dataclass
class HouseholdRegister:
    """What the household page shows of the register: former members, the household's history, who may change."""

    former: list
    changes: list
    may_edit: bool


def household_register(user, household: Household) -> HouseholdRegister:
    """The former members the user sees and the household's history. The household must already have been fetched
    for the user (the read is logged there); the former members shown are logged."""
    from etablera.access.policy import capabilities
    from etablera.people.models import FormerHouseholdMember, HouseholdChange

    visible = restrict(user, Person.objects.all()).values("pk")
    former = list(
        FormerHouseholdMember.objects.filter(household=household, person__in=visible)
        .select_related("person")
        .order_by("-left_on", "-pk")
    )
    log_list(user, [f.person for f in former], "Tidigare hushållsmedlemmar")
    changes = list(HouseholdChange.objects.filter(household=household).select_related("actor")[:200])
    return HouseholdRegister(
        former=former,
        changes=changes,
        may_edit=household.municipality_id in capabilities(user).reception_municipality_ids,
    )


def birth_date_changes(user, person: Person) -> list:
    """The person's birth-date changes, newest first. The person must already have been fetched for the user (the
    read is logged there): the changes are the person's own, seen by whoever sees the person."""
    from etablera.people.models import BirthDateChange

    return list(BirthDateChange.objects.filter(person=person).select_related("recorded_by"))


# --- the register's changes: the person or household, if the user may change it ---------------------------------


def person_for_change(user, public_id) -> Person:
    """The person, if the user may change them: 404 if not seen at all, 403 if seen but not theirs to change
    (the services check again under the row lock)."""
    from etablera.people.services.editing import NOT_EDITOR  # the services' message; they import no selectors

    person = get_person_for_user(user, public_id)
    if not can_edit_person(user, person):
        raise PermissionDenied(NOT_EDITOR)
    return person


def household_for_change(user, public_id) -> Household:
    """The household, read (and logged) for a change of who is in it: 404 if not seen, 403 unless the user works
    in the municipality's reception (the services check again under the row lock)."""
    from etablera.people.services.membership import NOT_HOUSEHOLD_EDITOR

    household = get_for_user(
        user, Household.objects.select_related("municipality", "anchor_person"), public_id=public_id
    )
    log_read(user, household, "Ändring av hushållet")
    if household.municipality_id not in capabilities(user).reception_municipality_ids:
        raise PermissionDenied(NOT_HOUSEHOLD_EDITOR)
    return household
