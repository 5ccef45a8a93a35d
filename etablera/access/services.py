"""Writes about access: consent, break-glass, revealing a protected address, section notes.

Each function validates first (Swedish messages keyed by field), checks the actor's right through the policy, writes
atomically and leaves an audit event.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent, BreakGlassAccess, Consent
from etablera.access.policy import (
    capabilities,
    may_view_protected_address,
    owned_sections,
    restrict,
    visible_sections,
)
from etablera.access.sections import Section, section_for_function
from etablera.organisation.models import Unit
from etablera.people.models import Household, Note, Person
from etablera.rules.dates import age_on
from etablera.rules.parameters import parameter, parameter_value
from etablera.transitions import StateConflict, lock


def _require_visible(actor, person: Person) -> None:
    if actor is None or not restrict(actor, Person.objects.filter(pk=person.pk)).exists():
        raise PermissionDenied("Du har inte tillgång till personen.")


# --- consent ----------------------------------------------------------------------------------------------------


# A consent that opens a section is the owning unit's decision to share its own information (OSL 26 kap.): a unit
# that registers one naming itself would grant itself another board's data (issue #9). Registration by the owner
# is the mechanism; there is no approval step.
OWNER_ONLY = {
    Section.SOCIAL: "Samtycke som gäller socialtjänstens uppgifter kan bara registreras av socialtjänsten i "
    "personens kommun.",
    Section.SCHOOL: "Samtycke som gäller skolans uppgifter kan bara registreras av skolan i personens kommun.",
    Section.HEALTH: "Samtycke som gäller uppgifter om hälsa kan bara registreras av regionens hälso- och sjukvård "
    "i personens kommun.",
}


def _sections_not_owned(actor, person: Person, sections: list[str]) -> list[str]:
    """The sections beyond BASIC asked for that the actor's units do not own in the person's municipality."""
    owned = owned_sections(actor, person.municipality_id)
    return [s for s in Section.values if s in sections and s != Section.BASIC and s not in owned]


@transaction.atomic
def record_consent(
    *,
    actor,
    person: Person,
    units: list[Unit],
    sections: list[str],
    purpose: str,
    given_date: dt.date,
    method: str,
    valid_until: dt.date | None = None,
    given_by: str = Consent.GivenBy.PERSON,
    guardian_name: str = "",
    method_note: str = "",
    document_reference: str = "",
) -> Consent:
    """Register a consent to share the person's data with named units. Sharing follows it at once."""
    _require_visible(actor, person)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not units:
        errors["units"] = "Välj minst en enhet som samtycket gäller."
    elif any(unit.municipality_id != person.municipality_id for unit in units):
        errors["units"] = "Samtycket kan bara gälla enheter i personens kommun."
    if not sections or any(section not in Section.values for section in sections):
        errors["sections"] = "Välj vilka delar av uppgifterna samtycket gäller."
    elif refused := _sections_not_owned(actor, person, sections):
        errors["sections"] = [OWNER_ONLY[section] for section in refused]
    if not (purpose or "").strip():
        errors["purpose"] = "Ange syftet med samtycket."
    if given_date is None:
        errors["given_date"] = "Ange när samtycket lämnades."
    elif given_date > today:
        errors["given_date"] = "Datumet kan inte ligga i framtiden."
    if valid_until and given_date and valid_until < given_date:
        errors["valid_until"] = "Slutdatum kan inte vara före datumet då samtycket lämnades."
    if method not in Consent.Method.values:
        errors["method"] = "Ange om samtycket lämnades skriftligt eller muntligt."
    elif method == Consent.Method.ORAL and not (method_note or "").strip():
        errors["method_note"] = "Anteckna vem som tog emot det muntliga samtycket och hur."
    if given_by not in Consent.GivenBy.values:
        errors["given_by"] = "Ange vem som lämnade samtycket."
    is_child = person.birth_date is not None and age_on(person.birth_date, today) < parameter_value(
        "adulthood.age", today
    )
    if is_child and given_by != Consent.GivenBy.GUARDIAN:
        errors["given_by"] = "För ett barn lämnas samtycket av vårdnadshavare eller god man."
    if given_by == Consent.GivenBy.GUARDIAN and not (guardian_name or "").strip():
        errors["guardian_name"] = "Ange namnet på vårdnadshavaren eller den gode mannen."
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        given_by=given_by,
        guardian_name=guardian_name.strip(),
        sections=sorted(set(sections)),
        purpose=purpose.strip(),
        given_date=given_date,
        valid_until=valid_until,
        method=method,
        method_note=method_note.strip(),
        document_reference=document_reference.strip(),
        recorded_by=actor,
    )
    consent.units.set(units)
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        person,
        "Samtycke registrerat",
        {"consent": str(consent.public_id), "units": [u.name for u in units], "sections": consent.sections},
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *, actor, consent: Consent, note: str = "", withdrawn_date: dt.date | None = None
) -> Consent:
    """The person takes the consent back; from `withdrawn_date` (today by default) it gives no access."""
    _require_visible(actor, consent.person)
    lock(consent)
    today = timezone.localdate()
    withdrawn_date = withdrawn_date or today
    if consent.withdrawn_date is not None:
        raise StateConflict(
            f"Samtycket är redan återkallat från och med {consent.withdrawn_date.isoformat()}.",
            field="withdrawn_date",
        )
    if withdrawn_date < consent.given_date or withdrawn_date > today:
        raise ValidationError({"withdrawn_date": "Ange ett datum mellan då samtycket lämnades och i dag."})
    consent.withdrawn_date = withdrawn_date
    consent.withdrawn_note = (note or "").strip()[:300]
    consent.save(update_fields=["withdrawn_date", "withdrawn_note"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        consent.person,
        "Samtycke återkallat",
        {"consent": str(consent.public_id), "withdrawn_date": withdrawn_date.isoformat()},
    )
    return consent


# --- break-glass ------------------------------------------------------------------------------------------------


MIN_REASON_LENGTH = 15


@transaction.atomic
def open_break_glass(*, actor, household: Household, reason: str) -> BreakGlassAccess:
    """Nödåtkomst: time-limited access to a household outside the user's access, for a stated reason."""
    caps = capabilities(actor)
    if household.municipality_id not in caps.staff_municipality_ids:
        raise PermissionDenied("Nödåtkomst gäller bara hushåll i din egen kommun.")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": "Beskriv varför du behöver nödåtkomst (minst 15 tecken)."})
    now = timezone.now()
    rule = parameter("access.break_glass_minutes", timezone.localdate())
    grant = BreakGlassAccess.objects.create(
        user=actor,
        household=household,
        municipality_id=household.municipality_id,
        reason=reason,
        started_at=now,
        expires_at=now + dt.timedelta(minutes=rule.value),
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        household,
        f"Nödåtkomst i {rule.value} minuter. Skäl: {reason}",
        {"break_glass": grant.pk, "expires_at": grant.expires_at.isoformat()},
        basis="BREAK_GLASS",
    )
    return grant


# --- protected identity -----------------------------------------------------------------------------------------


def reveal_protected_address(*, actor, person: Person, reason: str) -> dict[str, str]:
    """The address of a person with protected identity, for an authorised user who states why. Logged."""
    _require_visible(actor, person)
    if not may_view_protected_address(actor, person):
        raise PermissionDenied("Du har inte behörighet att se skyddade adresser.")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": "Ange skälet till att du behöver se adressen (minst 15 tecken)."})
    log_change(
        actor,
        AuditEvent.Action.VIEW,
        person,
        f"Skyddad adress visad. Skäl: {reason}",
        {"protected": True},
        protected=True,  # also for a member who is masked only because someone in the household is protected
    )
    return {
        "street": person.address_street,
        "postal_code": person.address_postal_code,
        "city": person.address_city,
    }


# --- section notes ----------------------------------------------------------------------------------------------


@transaction.atomic
def add_note(*, actor, person: Person, section: str, text: str) -> Note:
    """A journal note in a section the actor may see; written in the actor's unit in that municipality."""
    _require_visible(actor, person)
    errors = {}
    if section not in Section.values:
        errors["section"] = "Välj del."
    elif section not in visible_sections(actor, [person])[person.pk]:
        raise PermissionDenied("Din enhet ansvarar inte för den delen och har inget samtycke för den.")
    if not (text or "").strip():
        errors["text"] = "Skriv en anteckning."
    if errors:
        raise ValidationError(errors)
    units = [u for u in capabilities(actor).units if u.municipality_id == person.municipality_id]
    if not units:
        raise PermissionDenied("Du arbetar inte i personens kommun.")
    # The note is written in the unit that owns the section, when the actor works there.
    owning = [u for u in units if section_for_function(u.function) == section]
    note = Note.objects.create(
        person=person, section=section, unit=(owning or units)[0], author=actor, text=text.strip()
    )
    log_change(actor, AuditEvent.Action.CREATE, person, f"Anteckning ({Section(section).label})")
    return note


# --- log review: break-glass follow-up (issue #3, uppföljning av åtkomstloggen) -----------------------------------


@transaction.atomic
def review_break_glass(*, actor, access: BreakGlassAccess, note: str) -> BreakGlassAccess:
    """The unit manager (or an administrator) of the municipality marks a nödåtkomst as reviewed, with a note.
    Nobody reviews their own."""
    from etablera.access.review import reviewer_municipality_ids

    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Skriv en kort anteckning om granskningen."})
    if len(note) > 300:
        raise ValidationError({"note": "Anteckningen får vara högst 300 tecken."})
    if actor is None or access.municipality_id not in reviewer_municipality_ids(actor):
        raise PermissionDenied("Nödåtkomst granskas av enhetschef eller administratör i kommunen.")
    if access.user_id == actor.pk:
        raise PermissionDenied("Du kan inte granska din egen nödåtkomst.")
    access = (
        BreakGlassAccess.objects.select_for_update()
        .select_related("household", "municipality")
        .get(pk=access.pk)
    )
    if access.reviewed_at is not None:
        raise ValidationError({"note": "Nödåtkomsten är redan granskad."})
    access.reviewed_by = actor
    access.reviewed_at = timezone.now()
    access.review_note = note
    access.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    log_change(actor, AuditEvent.Action.UPDATE, access, "Nödåtkomst granskad", {"break_glass": access.pk})
    return access
