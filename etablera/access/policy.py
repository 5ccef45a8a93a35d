"""Who may see and do what — the one place that decides (STYLE.md rule 4; docs/security.md explains it).

- The municipality is a boundary: users see nothing of another municipality.
- Staff of the reception unit (and administrators) see the basic reception data of everyone the municipality has been
  assigned or received — the coordinators' view.
- Other units see a household while they are involved: they own a task in its open reception case, or they lead
  or give an intervention in a member's individual plan or SIP that is not closed (it outlives the reception case).
- A person's consent that names a unit lets that unit see the person (not the rest of the household) and the sections
  the consent lists; consent counts only while it is in force, so a withdrawal cuts access at once.
- Break-glass: a user who states a reason gets time-limited access to one household; it is marked in the log.
- Sections (access.sections): everyone with access sees BASIC; SOCIAL, SCHOOL and HEALTH only the owning units and
  those a consent names (and break-glass).
- Housing: the housing unit is involved in a household while it has an open housing need or a contract that still
  runs; homes are kept by the housing unit, the reception unit and administrators (`can_manage_housing`).
- The statistics role sees figures, never persons.
Pages, API and exports call `restrict()` for lists and `get_for_user()` for single objects; missing and forbidden both
give 404.

This module is the core: capabilities, `restrict()` and `get_for_user()`, the basis of a read, sections. What each
model's rows a user sees is its domain's rule, in `etablera.access.visibility` (one module per domain, with the
parts they share — involvement, break-glass, consent — in `visibility.base`); `restrict()` dispatches to it by model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from etablera.access import capabilities_cache, visibility
from etablera.access.models import BreakGlassAccess, Consent, active_consents_q
from etablera.access.sections import SECTION_OWNERS, Section
from etablera.access.visibility.base import Reach, today
from etablera.access.visibility.establishment import section_condition
from etablera.organisation.models import Membership, Role, Unit
from etablera.people.models import Household

STAFF_ROLES = {Role.CASEWORKER, Role.COORDINATOR, Role.UNIT_MANAGER, Role.ADMINISTRATOR}


@dataclass
class Capabilities:
    """What a user's memberships allow, computed once per request.

    `memberships` are the user's places in a municipality's organisation; a membership of the county board
    (Länsstyrelsen, a unit of function COUNTY_BOARD) is kept apart in `county_memberships`, so that no rule below —
    staff, involvement, sections — ever counts it: the county sees figures of its county's municipalities
    (`county_ids`), never a person."""

    memberships: list[Membership]
    county_memberships: list[Membership] = field(default_factory=list)

    @cached_property
    def county_ids(self) -> set[int]:
        """The counties whose figures the user reads as the county board: every municipality in them."""
        return {m.unit.municipality.county_id for m in self.county_memberships}

    @cached_property
    def unit_ids(self) -> set[int]:
        return {m.unit_id for m in self.memberships if m.role in STAFF_ROLES}

    @cached_property
    def municipality_ids(self) -> set[int]:
        return {m.unit.municipality_id for m in self.memberships}

    @cached_property
    def staff_municipality_ids(self) -> set[int]:
        return {m.unit.municipality_id for m in self.memberships if m.role in STAFF_ROLES}

    @cached_property
    def reception_municipality_ids(self) -> set[int]:
        """Municipalities where the user works in the reception unit or administers: the broad reception view."""
        return {
            m.unit.municipality_id
            for m in self.memberships
            if (m.role in STAFF_ROLES and m.unit.function == Unit.Function.RECEPTION)
            or m.role == Role.ADMINISTRATOR
        }

    @cached_property
    def housing_municipality_ids(self) -> set[int]:
        """Municipalities where the user works with housing: the housing unit, the reception unit, administrators."""
        return {
            m.unit.municipality_id
            for m in self.memberships
            if (m.role in STAFF_ROLES and m.unit.function in (Unit.Function.HOUSING, Unit.Function.RECEPTION))
            or m.role == Role.ADMINISTRATOR
        }

    @cached_property
    def register_extract_municipality_ids(self) -> set[int]:
        """Municipalities where the user holds the explicit authorisation to produce register extracts."""
        return {
            m.unit.municipality_id
            for m in self.memberships
            if m.may_produce_register_extract and m.role in STAFF_ROLES
        }

    @cached_property
    def housing_unit_municipality_ids(self) -> set[int]:
        """Municipalities where the user is staff of the housing unit (involved in every open housing need)."""
        return {
            m.unit.municipality_id
            for m in self.memberships
            if m.role in STAFF_ROLES and m.unit.function == Unit.Function.HOUSING
        }

    @cached_property
    def housing_figures_municipality_ids(self) -> set[int]:
        """Where the user may read the housing figures (counts and costs, no names): where they work with housing,
        and where they have the statistics role."""
        return self.housing_municipality_ids | {
            m.unit.municipality_id for m in self.memberships if m.role == Role.STATISTICS
        }

    @cached_property
    def programme_followup_municipality_ids(self) -> set[int]:
        """Where the user follows people's establishment programme to its end and the gap before it starts
        (issue #12): staff of social services, the reception unit and the labour-market unit, and administrators.
        The lists show only the persons `restrict()` gives them."""
        functions = (Unit.Function.SOCIAL_SERVICES, Unit.Function.RECEPTION, Unit.Function.LABOUR_MARKET)
        return {
            m.unit.municipality_id
            for m in self.memberships
            if (m.role in STAFF_ROLES and m.unit.function in functions) or m.role == Role.ADMINISTRATOR
        }

    @cached_property
    def outcome_municipality_ids(self) -> set[int]:
        """Where the user may read the establishment's cohort outcomes (figures, no names; issue #12): the
        statistics role, unit managers, administrators, and members of a board (nämnd)."""
        roles = (Role.STATISTICS, Role.UNIT_MANAGER, Role.ADMINISTRATOR)
        return {
            m.unit.municipality_id
            for m in self.memberships
            if m.role in roles or m.unit.kind == Unit.Kind.BOARD
        }

    @cached_property
    def activity_municipality_ids(self) -> set[int]:
        """Where the user works with the activity requirement's week and what fills it (issue #13): the
        activities catalogue, the placements and the participants' week. Staff of any unit read the catalogue of
        their municipality (an activity's owner may be any unit); these also read the employers and placements:
        social services, the labour-market unit, the reception unit, and administrators."""
        functions = (Unit.Function.SOCIAL_SERVICES, Unit.Function.LABOUR_MARKET, Unit.Function.RECEPTION)
        return {
            m.unit.municipality_id
            for m in self.memberships
            if (m.role in STAFF_ROLES and m.unit.function in functions) or m.role == Role.ADMINISTRATOR
        }

    @cached_property
    def employer_municipality_ids(self) -> set[int]:
        """Where the user keeps the praktikplatsbank — employers, contacts, placements (issue #13): staff of the
        labour-market unit, and administrators."""
        return {
            m.unit.municipality_id
            for m in self.memberships
            if (m.role in STAFF_ROLES and m.unit.function == Unit.Function.LABOUR_MARKET)
            or m.role == Role.ADMINISTRATOR
        }

    @cached_property
    def social_services_municipality_ids(self) -> set[int]:
        """Where the user is staff of social services: the activity requirement's lists (who is covered, plans,
        deviations) hold section SOCIAL and are theirs."""
        return {
            m.unit.municipality_id
            for m in self.memberships
            if m.role in STAFF_ROLES and m.unit.function == Unit.Function.SOCIAL_SERVICES
        }

    @cached_property
    def money_municipality_ids(self) -> set[int]:
        """Where the user reads the money pages — what the state owes, has paid and what it costs, no names (issue
        #15): the controller's and the integration unit's staff (functions administration and reception), unit
        managers, administrators and the statistics role. Persons appear only on a drill-down through restrict()."""
        functions = (Unit.Function.ADMINISTRATION, Unit.Function.RECEPTION)
        roles = (Role.UNIT_MANAGER, Role.ADMINISTRATOR, Role.STATISTICS)
        return {
            m.unit.municipality_id
            for m in self.memberships
            if m.role in roles or (m.role in STAFF_ROLES and m.unit.function in functions)
        }

    @cached_property
    def civil_municipality_ids(self) -> set[int]:
        """Where the user works with civil society (issue #17): the register of associations and the network, the
        volunteers and their matches, grants to associations — staff of the integration unit (function reception) and
        of culture and leisure, and administrators. Volunteers' data is theirs alone: no other unit reads it."""
        functions = (Unit.Function.RECEPTION, Unit.Function.CULTURE_LEISURE)
        return {
            m.unit.municipality_id
            for m in self.memberships
            if (m.role in STAFF_ROLES and m.unit.function in functions) or m.role == Role.ADMINISTRATOR
        }

    @cached_property
    def grant_decision_municipality_ids(self) -> set[int]:
        """Where the user may decide a grant to an association (issue #17): the unit managers of those units (the
        delegation a municipality's board gives) and administrators; caseworkers assess and prepare."""
        functions = (Unit.Function.RECEPTION, Unit.Function.CULTURE_LEISURE)
        return {
            m.unit.municipality_id
            for m in self.memberships
            if (m.role == Role.UNIT_MANAGER and m.unit.function in functions) or m.role == Role.ADMINISTRATOR
        }

    @cached_property
    def money_manage_municipality_ids(self) -> set[int]:
        """Where the user keeps the money records (claims, payments, moves, recomputation): staff of the functions
        administration and reception, and administrators. Unit managers and statistics read only."""
        functions = (Unit.Function.ADMINISTRATION, Unit.Function.RECEPTION)
        return {
            m.unit.municipality_id
            for m in self.memberships
            if (m.role in (Role.CASEWORKER, Role.COORDINATOR) and m.unit.function in functions)
            or m.role == Role.ADMINISTRATOR
        }

    @property
    def manages_housing(self) -> bool:
        return bool(self.housing_municipality_ids)

    @property
    def sees_persons(self) -> bool:
        return bool(self.unit_ids)

    @property
    def can_register_reception(self) -> bool:
        return bool(self.reception_municipality_ids)

    @cached_property
    def admin_municipality_ids(self) -> set[int]:
        return {m.unit.municipality_id for m in self.memberships if m.role == Role.ADMINISTRATOR}

    @property
    def is_administrator(self) -> bool:
        return bool(self.admin_municipality_ids)

    @cached_property
    def managed_unit_ids(self) -> set[int]:
        """The units where the user is unit manager (enhetschef)."""
        return {m.unit_id for m in self.memberships if m.role == Role.UNIT_MANAGER}

    @property
    def sees_caseload(self) -> bool:
        """The caseload per caseworker (issue #11): unit managers of their units, administrators of every unit of
        their municipality — counts and staff names only."""
        return bool(self.managed_unit_ids or self.admin_municipality_ids)

    @property
    def units(self) -> list[Unit]:
        return [m.unit for m in self.memberships if m.role in STAFF_ROLES]

    @property
    def home_municipality(self):
        return self.memberships[0].unit.municipality if self.memberships else None

    @property
    def home_county(self):
        """The county the user belongs to: the county board's, else the home municipality's."""
        if self.county_memberships:
            return self.county_memberships[0].unit.municipality.county
        home = self.home_municipality
        return home.county if home else None


def capabilities(user) -> Capabilities:
    cached = getattr(user, "_etablera_caps", None)
    if cached is not None:
        return cached
    memberships = []
    if user is not None and user.is_authenticated and user.is_active:
        # Kept in the cache between requests and dropped when a membership changes (capabilities_cache).
        memberships = capabilities_cache.memberships(user.pk)
        if memberships is None:
            memberships = list(
                Membership.objects.filter(user=user)
                .select_related("unit__municipality__county")
                .order_by("pk")
            )
            capabilities_cache.store(user.pk, memberships)
    caps = Capabilities(
        [m for m in memberships if m.unit.function != Unit.Function.COUNTY_BOARD],
        [m for m in memberships if m.unit.function == Unit.Function.COUNTY_BOARD],
    )
    if user is not None:
        user._etablera_caps = caps
    return caps


class Basis:
    """Why a user may see a household or person — written to the audit log with each read."""

    RECEPTION = "RECEPTION"
    ADMIN = "ADMIN"
    INVOLVED = "INVOLVED"
    CONSENT = "CONSENT"
    BREAK_GLASS = "BREAK_GLASS"


def _reach(user, caps: Capabilities) -> Reach:
    return Reach(user=user, caps=caps, involvement=visibility.INVOLVEMENT)


def _reception_only(caps: Capabilities, queryset: QuerySet) -> QuerySet | None:
    """restrict() for a user who is reception staff (or administrator) in every municipality they are staff of —
    most caseworkers of the reception unit. Every other branch (involvement, break-glass, consent) also requires
    one of the user's staff municipalities, which for this user are all reception municipalities, so it adds no
    row: the municipality alone decides. Leaving those subqueries out is the same answer, and a shorter query to
    build, compile and plan (docs/performance.md). None for a model whose rule has no such path (its general rule
    then decides)."""
    rule = visibility.rule_for(queryset.model)
    return rule.reception_only(caps, queryset) if rule.reception_only is not None else None


def restrict(user, queryset: QuerySet, action: str = "view") -> QuerySet:
    """The part of `queryset` that `user` may `action`. The rule for each model is its domain's, in
    `etablera.access.visibility`; a model without one raises TypeError, whoever asks."""
    rule = visibility.rule_for(queryset.model)
    caps = capabilities(user)
    if not caps.sees_persons and not rule.figures:
        return queryset.none()
    if caps.staff_municipality_ids <= caps.reception_municipality_ids:
        narrowed = _reception_only(caps, queryset)
        if narrowed is not None:
            return narrowed
    return rule.visible(_reach(user, caps), queryset)


def restrict_to_seen(user, queryset: QuerySet, person_ids, section: str = Section.BASIC) -> QuerySet:
    """The rows of `queryset` about persons the caller has just read through restrict() — a list built on a
    restricted query, which need not ask again whether each person is seen — that `user` may read in `section`:
    BASIC adds nothing more, another section its own condition (the owner, a consent naming the unit and the
    section, or break-glass; visibility.establishment.section_condition). The model's person is at `person`.

    For a list of many persons this saves building the person's reach again per model: the same answer as
    restrict() for those persons, and nothing for any other. Never pass ids that did not come from restrict()."""
    caps = capabilities(user)
    if not caps.sees_persons:
        return queryset.none()
    queryset = queryset.filter(person_id__in=list(person_ids))
    if section == Section.BASIC:
        return queryset
    return queryset.filter(section_condition(_reach(user, caps), section, "person"))


def household_basis(user, household) -> str:
    """Why `user` sees `household` (for the audit log); call only for a household the user may see."""
    caps = capabilities(user)
    if household.municipality_id in caps.reception_municipality_ids:
        return (
            Basis.RECEPTION if household.municipality_id not in caps.admin_municipality_ids else Basis.ADMIN
        )
    reach = _reach(user, caps)
    flags = Household.objects.filter(pk=household.pk).aggregate(
        involved=Count("pk", filter=Q(reach.involved())), glass=Count("pk", filter=Q(reach.break_glass()))
    )
    if flags["involved"]:
        return Basis.INVOLVED
    if flags["glass"]:
        return Basis.BREAK_GLASS
    return Basis.CONSENT


def owned_sections(user, municipality_id: int) -> set[str]:
    """The sections beyond BASIC that the user's own units own in a municipality: staff of social services own
    SOCIAL, of the school SCHOOL, of the region HEALTH. Only the owner may open its section by consent."""
    return {
        section
        for membership in capabilities(user).memberships
        if membership.role in STAFF_ROLES and membership.unit.municipality_id == municipality_id
        for section, functions in SECTION_OWNERS.items()
        if membership.unit.function in functions
    }


def visible_sections(user, persons) -> dict[int, set[str]]:
    """For each person (already visible to the user): the sections the user may see. One query for consents."""
    caps = capabilities(user)
    persons = list(persons)
    owned_by_municipality: dict[int, set[str]] = {}
    for membership in caps.memberships:
        if membership.role in STAFF_ROLES:
            owned = owned_by_municipality.setdefault(membership.unit.municipality_id, set())
            owned |= {
                sec for sec, functions in SECTION_OWNERS.items() if membership.unit.function in functions
            }
    consented: dict[int, set[str]] = {}
    consents = Consent.objects.filter(
        active_consents_q(today()), person_id__in=[p.pk for p in persons], units__in=caps.unit_ids
    ).values_list("person_id", "sections")
    for person_id, sections in consents:
        consented.setdefault(person_id, set()).update(sections)
    glass_people = set(
        BreakGlassAccess.objects.filter(
            user=user,
            expires_at__gt=timezone.now(),
            household__memberships__person__in=[p.pk for p in persons],
        ).values_list("household__memberships__person", flat=True)
    )
    result = {}
    for person in persons:
        sections = {Section.BASIC} | owned_by_municipality.get(person.municipality_id, set())
        sections |= consented.get(person.pk, set())
        if person.pk in glass_people:
            sections |= set(Section.values)
        result[person.pk] = sections
    return result


def may_view_protected_address(user, person) -> bool:
    """An explicit authorisation (Membership.may_view_protected_address) in the person's municipality."""
    caps = capabilities(user)
    return any(
        m.may_view_protected_address
        and m.unit.municipality_id == person.municipality_id
        and m.role in STAFF_ROLES
        for m in caps.memberships
    )


def register_extract_municipality_ids(user) -> set[int]:
    """Municipalities where the user may produce a register extract: an explicit authorisation
    (Membership.may_produce_register_extract) in a staff role there. No role gives it by itself (issue #9)."""
    return capabilities(user).register_extract_municipality_ids


def get_for_user(user, queryset: QuerySet, **lookup):
    """One object the user may see, or 404 — the same 404 whether it is missing or forbidden."""
    obj = restrict(user, queryset).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def can_act_on_task(user, task) -> bool:
    """Owning-unit staff, its manager, and the reception unit may change a task."""
    caps = capabilities(user)
    return task.unit_id in caps.unit_ids or task.municipality_id in caps.reception_municipality_ids


def can_manage_housing(user, municipality_id: int) -> bool:
    """The housing unit, the reception unit and administrators keep the housing stock, needs and contracts."""
    return municipality_id in capabilities(user).housing_municipality_ids


def can_edit_person(user, person) -> bool:
    """The reception unit's staff and the administrators of the person's municipality keep a person's register
    data true: names, contact, identity numbers, residence permits, the address and protected identity
    (issue #11). Everyone else who sees the person reads it only."""
    return person.municipality_id in capabilities(user).reception_municipality_ids
