"""Consent, section notes, protected addresses and break-glass — the access model of issue #3 over the API.

The same selectors and services as the person page: a person you do not see is 404; a consent counts only while
it is in force, so a withdrawal cuts access at once; notes only in the sections your unit owns or a consent names;
a protected address only with an explicit authorisation and a stated reason (logged); break-glass by the person's
full number in the body, never in the address.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from ninja import Path, Router

from etablera.access import selectors as access
from etablera.access import services
from etablera.access.api.schemas import (
    BreakGlassIn,
    BreakGlassOut,
    ConsentIn,
    ConsentOut,
    NoteOut,
    RevealAddressIn,
    SectionNoteIn,
    WithdrawConsentIn,
)
from etablera.api.auth import current_user
from etablera.api.schemas import AddressOut, Message, ValidationErrorOut
from etablera.organisation.models import Unit
from etablera.people import selectors as people

router = Router(tags=["Samtycke och åtkomst"])

PersonId = Annotated[UUID, Path(description="Personens publika id (UUID).")]
ConsentId = Annotated[UUID, Path(description="Samtyckets publika id (UUID).")]
READ_ERRORS = {404: Message}
WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
# A change of status: refused with 409 when someone else changed the status first (etablera/transitions.py).
STATUS_ERRORS = {**WRITE_ERRORS, 409: Message}


@router.get(
    "/persons/{public_id}/consents",
    response={200: list[ConsentOut], **READ_ERRORS},
    summary="Personens samtycken",
    description="Alla samtycken personen har lämnat, senaste först, med status (gäller, har upphört, återkallat). "
    "Läsningen av personen loggas.",
    tags=["Samtycken"],
)
def list_consents(request, public_id: PersonId):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    return access.consents_for_person(user, person)


@router.post(
    "/persons/{public_id}/consents",
    response={201: ConsentOut, **WRITE_ERRORS},
    summary="Registrera samtycke",
    description="Registrerar personens samtycke till att enheter i kommunen får ta del av vissa delar av "
    "uppgifterna. Delningen gäller direkt. För ett barn lämnas samtycket av vårdnadshavare eller god man "
    "(given_by GUARDIAN med namn), annars 422. Ett samtycke som gäller SOCIAL, SCHOOL eller HEALTH registreras "
    "bara av den enhet som äger delen (socialtjänsten, skolan, regionen i personens kommun), annars 422 vid "
    "sections.",
    tags=["Samtycken"],
)
def create_consent(request, public_id: PersonId, body: ConsentIn):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    units = list(Unit.objects.filter(pk__in=body.units))
    if len(units) != len(set(body.units)):
        raise ValidationError({"units": "Okänd enhet."})
    consent = services.record_consent(
        actor=user,
        person=person,
        units=units,
        sections=body.sections,
        purpose=body.purpose,
        given_date=body.given_date,
        valid_until=body.valid_until,
        method=body.method,
        given_by=body.given_by,
        guardian_name=body.guardian_name,
        method_note=body.method_note,
        document_reference=body.document_reference,
    )
    return 201, access.get_consent_for_user(user, consent.public_id)


@router.post(
    "/consents/{public_id}/withdraw",
    response={200: ConsentOut, **STATUS_ERRORS},
    summary="Återkalla samtycke",
    description="Personen tar tillbaka sitt samtycke. Från och med återkallelsedagen ger det ingen åtkomst: "
    "enheter som bara såg personen genom samtycket får 404 vid nästa anrop. Ett samtycke som redan är "
    "återkallat ger 409.",
    tags=["Samtycken"],
)
def withdraw_consent(request, public_id: ConsentId, body: WithdrawConsentIn):
    user = current_user(request)
    consent = access.get_consent_for_user(user, public_id)
    consent = services.withdraw_consent(
        actor=user, consent=consent, note=body.note, withdrawn_date=body.withdrawn_date
    )
    return access.with_state([consent])[0]


@router.get(
    "/persons/{public_id}/notes",
    response={200: list[NoteOut], **READ_ERRORS},
    summary="Personens anteckningar",
    description="Anteckningar om personen i de delar du har tillgång till (din enhets ansvarsområde eller "
    "personens samtycke), senaste först. Delar du inte har tillgång till utelämnas helt.",
    tags=["Anteckningar"],
)
def list_notes(request, public_id: PersonId):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    return [note for group in access.notes_for_person(user, person) for note in group.notes]


@router.post(
    "/persons/{public_id}/notes",
    response={201: NoteOut, **WRITE_ERRORS},
    summary="Skriv anteckning",
    description="En anteckning om personen i en del du har tillgång till; en annan del ger 403.",
    tags=["Anteckningar"],
)
def create_note(request, public_id: PersonId, body: SectionNoteIn):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    return 201, services.add_note(actor=user, person=person, section=body.section, text=body.text)


@router.post(
    "/persons/{public_id}/address",
    response={200: AddressOut, **WRITE_ERRORS},
    summary="Visa skyddad adress",
    description="Adressen för en person med skyddade personuppgifter (eller i hushåll med en sådan), för den "
    "som har uttrycklig behörighet och anger skäl. Visningen och skälet loggas. Utan behörighet 403. "
    "Svaret får inte sparas.",
    tags=["Skyddade personuppgifter"],
)
def reveal_address(request, response: HttpResponse, public_id: PersonId, body: RevealAddressIn):
    add_never_cache_headers(response)  # the address is for this answer only
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    return services.reveal_protected_address(actor=user, person=person, reason=body.reason)


@router.post(
    "/break-glass",
    response={200: BreakGlassOut, 201: BreakGlassOut, 403: Message, 422: ValidationErrorOut},
    summary="Nödåtkomst",
    description="Öppnar i nödfall tidsbegränsad åtkomst till hushållen för personen med detta nummer i din "
    "kommun. Skälet loggas och varje läsning markeras som nödåtkomst; enhetschefen granskar. 201 när "
    "nödåtkomst öppnades, 200 när du redan hade tillgång. Inget hushåll med numret: 422 vid identity_number "
    "(försöket loggas, utan numret).",
    tags=["Nödåtkomst"],
)
def break_glass(request, body: BreakGlassIn):
    user = current_user(request)
    match = access.find_for_break_glass(user, body.identity_number)
    grants = [
        services.open_break_glass(actor=user, household=household, reason=body.reason)
        for household in match.to_open
    ]
    result = {
        "household": match.household.public_id,
        "households": [household.public_id for household in match.households],
        "granted": bool(grants),
        "expires_at": grants[0].expires_at if grants else None,
    }
    return (201 if grants else 200), result
