"""Reads about access: consents, section notes, protected addresses and break-glass look-ups.

The visibility rules themselves are in `etablera.access.policy`; these functions use them. Reads of a person are
logged by the person selectors (`etablera.people.selectors`), not here, except the break-glass look-up that
finds nothing: the attempt is logged without the number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent, BreakGlassAccess, Consent
from etablera.access.policy import Basis, capabilities, household_basis, restrict, visible_sections
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.people.models import Household, HouseholdMember, Note, Person, ProtectedIdentity
from etablera.rules import identity

# --- protected addresses ------------------------------------------------------------------------------------------


def address_masked_ids(persons) -> set[int]:
    """The persons (of `persons`) whose address must not be shown without an authorisation and a reason: those
    with protected identity, and everyone who shares a household with such a person (an address of one member
    is the address of all). One query at most."""
    persons = list(persons)
    masked = {p.pk for p in persons if p.is_protected}
    rest = [p.pk for p in persons if p.pk not in masked]
    if rest:
        masked |= set(
            HouseholdMember.objects.filter(household__memberships__person_id__in=rest)
            .exclude(person__protected_identity=ProtectedIdentity.NONE)
            .values_list("household__memberships__person_id", flat=True)
        )
    return masked


# --- why a user sees a person -------------------------------------------------------------------------------------


def person_basis(user, person: Person) -> str:
    """Why `user` sees `person` (for the audit log); call only for a person the user may see.

    The reception view first; then, through the person's households, involvement or break-glass; otherwise the
    person's own consent (etablera.access.policy.restrict gives no other way to a person)."""
    caps = capabilities(user)
    if person.municipality_id in caps.reception_municipality_ids:
        return Basis.ADMIN if person.municipality_id in caps.admin_municipality_ids else Basis.RECEPTION
    households = Household.objects.filter(
        memberships__person=person, municipality_id__in=caps.staff_municipality_ids
    )
    found = {household_basis(user, household) for household in households}
    for basis in (Basis.INVOLVED, Basis.BREAK_GLASS):
        if basis in found:
            return basis
    return Basis.CONSENT


def can_see_person(user, person: Person) -> bool:
    """Whether the user (still) sees the person — after a consent is withdrawn, say. Nothing is logged."""
    return restrict(user, Person.objects.filter(pk=person.pk)).exists()


# --- consents -----------------------------------------------------------------------------------------------------


class ConsentState:
    ACTIVE = "ACTIVE"
    EXPIRED = "EXPIRED"
    WITHDRAWN = "WITHDRAWN"
    NOT_STARTED = "NOT_STARTED"


def consent_state(consent: Consent, on: dt.date | None = None) -> str:
    """gäller (ACTIVE), har upphört (EXPIRED), återkallat (WITHDRAWN) — the same test the policy uses."""
    on = on or timezone.localdate()
    if consent.withdrawn_date is not None and consent.withdrawn_date <= on:
        return ConsentState.WITHDRAWN
    if consent.valid_until is not None and consent.valid_until < on:
        return ConsentState.EXPIRED
    if consent.given_date > on:
        return ConsentState.NOT_STARTED
    return ConsentState.ACTIVE


def with_state(consents, on: dt.date | None = None) -> list[Consent]:
    on = on or timezone.localdate()
    consents = list(consents)
    for consent in consents:
        consent.state = consent_state(consent, on)
        consent.section_labels = [
            Section(value).label for value in consent.sections if value in Section.values
        ]
    return consents


def consents_for_person(user, person: Person) -> list[Consent]:
    """The person's consents, newest first, each with `state`. The person must already have been fetched for
    the user (get_person_for_user), which logged the read."""
    return with_state(
        Consent.objects.filter(person=person)
        .select_related("recorded_by", "person")
        .prefetch_related("units")
        .order_by("-given_date", "-pk")
    )


def get_consent_for_user(user, public_id, *, person: Person | None = None) -> Consent:
    """One consent of a person the user sees (of `person`, when given), or 404."""
    consent = (
        Consent.objects.filter(public_id=public_id, person__in=restrict(user, Person.objects.all()))
        .select_related("person__municipality", "recorded_by")
        .prefetch_related("units")
        .first()
    )
    if consent is None or (person is not None and consent.person_id != person.pk):
        raise Http404
    return with_state([consent])[0]


def consent_units(person: Person) -> QuerySet[Unit]:
    """The units a consent may name: the active units of the person's municipality (public facts)."""
    return (
        Unit.objects.municipal()
        .filter(municipality_id=person.municipality_id, is_active=True)
        .order_by("kind", "name")
    )


# --- section notes ------------------------------------------------------------------------------------------------


@dataclass
class SectionNotes:
    section: str
    label: str
    notes: list[Note] = field(default_factory=list)


def notes_for_person(user, person: Person, sections: set[str] | None = None) -> list[SectionNotes]:
    """The person's notes in each section the user may see (in the order of `Section`), newest first. A section
    the user may not see is left out altogether: not even that it has notes is shown."""
    if sections is None:
        sections = visible_sections(user, [person])[person.pk]
    grouped = {
        value: SectionNotes(value, str(label)) for value, label in Section.choices if value in sections
    }
    notes = (
        Note.objects.filter(person=person, section__in=list(grouped))
        .select_related("unit", "author")
        .order_by("-created_at", "-pk")[:500]
    )
    for note in notes:
        grouped[note.section].notes.append(note)
    return list(grouped.values())


# --- break-glass --------------------------------------------------------------------------------------------------

_DOSSIER_LIKE = re.compile(r"^\d{2}-?\d{6}(/\d{1,2})?$")


def parse_identity_number(raw: str) -> identity.IdentityNumber:
    """A personnummer, samordningsnummer or dossiernummer, whichever `raw` is; ValidationError at the field."""
    raw = (raw or "").strip()
    if not raw:
        raise ValidationError(
            {"identity_number": "Ange personnummer, samordningsnummer eller dossiernummer."}
        )
    try:
        if _DOSSIER_LIKE.match(raw.replace(" ", "")):
            return identity.parse(identity.DOSSIERNUMMER, raw)
        try:
            return identity.parse(identity.PERSONNUMMER, raw)
        except identity.IdentityNumberError as as_personnummer:
            try:
                return identity.parse(identity.SAMORDNINGSNUMMER, raw)
            except identity.IdentityNumberError:
                raise as_personnummer from None
    except identity.IdentityNumberError as error:
        raise ValidationError({"identity_number": str(error)}) from error


@dataclass
class BreakGlassMatch:
    households: list[Household]  # every household of the person in the user's municipalities, newest first
    to_open: list[Household]  # those the user does not already see in full: break-glass is needed for them

    @property
    def household(self) -> Household:
        return self.households[0]


NO_MATCH = "Ingen person med det numret finns i din kommun."


def find_for_break_glass(user, raw_number: str) -> BreakGlassMatch:
    """The households of the person with exactly this (normalised) number, within the municipalities where the
    user is staff. Deliberately not restricted by the user's access — that is what break-glass is for — so the
    caller must show nothing of them until the grant is made (access.services.open_break_glass).

    Nothing found: ValidationError at `identity_number`, and the attempt is logged (without the number)."""
    number = parse_identity_number(raw_number)
    caps = capabilities(user)
    kinds = (
        [number.kind]
        if number.kind == identity.DOSSIERNUMMER
        else [identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER]
    )
    households = list(
        Household.objects.filter(
            memberships__person__identity_number=number.value,
            memberships__person__identity_number_type__in=kinds,
            municipality_id__in=caps.staff_municipality_ids,
            anonymised_at__isnull=True,
        )
        .select_related("municipality")
        .distinct()
        .order_by("-created_at", "-pk")[:10]
    )
    if not households:
        home = caps.home_municipality
        log_event(
            user,
            AuditEvent.Action.VIEW,
            object_type="BreakGlassAccess",
            summary="Nödåtkomst: ingen träff",
            municipality_code=home.code if home else "",
            break_glass=True,
        )
        raise ValidationError({"identity_number": NO_MATCH})
    visible = set(restrict(user, Household.objects.filter(pk__in=[h.pk for h in households])))
    to_open = [h for h in households if h not in visible or household_basis(user, h) == Basis.CONSENT]
    return BreakGlassMatch(households, to_open)


def active_break_glass(user, household: Household) -> BreakGlassAccess | None:
    """The user's break-glass grant to the household that lasts longest, if one is in force."""
    return (
        BreakGlassAccess.objects.filter(user=user, household=household, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )
