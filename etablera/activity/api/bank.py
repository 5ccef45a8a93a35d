"""The activities catalogue and the praktikplatsbank over the API (issue #13): activities (list, create, change),
employers (list, create, contacts), placements (list by state, create) and their transitions — offer, accept,
decline, withdraw the offer, withdraw the placement, end with the outcome, the employer's follow-up. The same
selectors and services as the pages (activity.selectors.bank, activity.services): a change of state someone else
made first is 409, a value the service refuses 422 at its field, a write the user may not make 403."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema

from etablera.access.guards import municipalities_where
from etablera.access.policy import capabilities
from etablera.activity.api.bank_schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    AnswerIn,
    ContactIn,
    ContactOut,
    DeclineIn,
    EmployerIn,
    EmployerOut,
    EndIn,
    FollowUpIn,
    OfferIn,
    OfferOut,
    PlacementIn,
    PlacementOut,
)
from etablera.activity.models import Activity, EmployerContact, Placement, PlacementOffer
from etablera.activity.selectors import bank as selectors
from etablera.activity.services import catalogue, employers, placements
from etablera.api.auth import current_user
from etablera.api.errors import LocatedValidationError
from etablera.api.pagination import Paging, page_of, page_queryset
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.organisation.models import Unit

router = Router(tags=["Aktivitetskrav och arbete"])

WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
STATE_ERRORS = {**WRITE_ERRORS, 409: Message}
ActivityId = Annotated[UUID, Path(description="Aktivitetens publika id (UUID).")]
EmployerId = Annotated[UUID, Path(description="Arbetsgivarens publika id (UUID).")]
PlacementId = Annotated[UUID, Path(description="Praktikplatsens publika id (UUID).")]
OfferId = Annotated[UUID, Path(description="Erbjudandets publika id (UUID).")]


def _hours(value: float | None):
    return None if value is None else Decimal(str(value))


def _activity_dict(activity: Activity) -> dict:
    return {
        **{name: getattr(activity, name) for name in catalogue.ACTIVITY_FIELDS},
        "public_id": activity.public_id,
        "free_places": selectors.free_places(activity),
        "active": activity.active,
        "unit_id": activity.unit_id,
        "unit_name": activity.unit.name,
    }


def _employer_dict(employer) -> dict:
    return {
        **{name: getattr(employer, name) for name in employers.EMPLOYER_FIELDS},
        "public_id": employer.public_id,
        "active": employer.active,
        "contacts": list(employer.contacts.all()),
    }


def _placement_dict(placement: Placement, seen: set[int]) -> dict:
    return {
        **{name: getattr(placement, name) for name in placements.PLACEMENT_FIELDS if name != "supervisor"},
        "public_id": placement.public_id,
        "employer": placement.employer.public_id,
        "employer_name": placement.employer.name,
        "supervisor_id": placement.supervisor_id,
        "state": placement.state,
        "participant": placement.participant.public_id if placement.participant_id in seen else None,
        "ended_on": placement.ended_on,
        "outcome": placement.outcome,
        "employer_follow_up": placement.employer_follow_up,
        "followed_up_on": placement.followed_up_on,
        "unit_id": placement.unit_id,
    }


def _placement_answer(user, placement: Placement) -> dict:
    placement = selectors.get_placement(user, placement.public_id)
    seen = selectors.visible_person_ids(user, [placement.participant_id])
    return _placement_dict(placement, seen)


def _offer_dict(offer: PlacementOffer, seen: bool) -> dict:
    return {
        "public_id": offer.public_id,
        "placement": offer.placement.public_id,
        "person": offer.person.public_id if seen else None,
        "status": offer.status,
        "offered_on": offer.offered_on,
        "answered_on": offer.answered_on,
        "decline_reason": offer.decline_reason if seen else "",
        "explanation": offer.explanation if seen else [],
    }


# --- activities -----------------------------------------------------------------------------------------------


class ActivityFilter(Schema):
    kind: Literal["", *Activity.Kind.values] = Field("", description="Slag; tomt: alla.")  # type: ignore[valid-type]
    language: str = Field("", max_length=3, description="En språkkod (ISO 639-1); tomt: alla.")
    active: bool | None = Field(True, description="true: aktiva (standard); false: inaktiva.")


@router.get(
    "/activities",
    response={200: page_of(ActivityOut), 422: ValidationErrorOut},
    summary="Aktiviteter i katalogen",
    description="Kommunens aktiviteter med lediga platser (platser minus deltagare som inte har slutat), efter namn. "
    "Samma lista som sidan Aktiviteter.",
)
def list_activities(request, filters: Query[ActivityFilter], paging: Query[Paging]):
    user = current_user(request)
    queryset = selectors.catalogue(
        user,
        selectors.CatalogueFilters(
            kind=filters.kind, language=filters.language.lower(), active=filters.active
        ),
    )
    answer = page_queryset(queryset, paging)
    answer["items"] = [_activity_dict(a) for a in answer["items"]]
    return answer


def _unit(pk: int | None) -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).select_related("municipality").first()
    if unit is None:
        raise LocatedValidationError({"unit": "Enheten finns inte."})
    return unit


@router.post(
    "/activities",
    response={201: ActivityOut, **WRITE_ERRORS},
    summary="Lägg till aktivitet",
    description="En aktivitet i katalogen, ägd av en av dina enheter (en administratör får välja vilken enhet som "
    "helst i kommunen). Timmar mer än 0 och högst 40, platser fler än 0, postnummer fem siffror, språk som "
    "ISO 639-1-koder.",
)
def create_activity(request, body: ActivityIn):
    user = current_user(request)
    unit = _unit(body.unit)
    municipality = unit.municipality if unit else capabilities(user).home_municipality
    if municipality is None:
        raise LocatedValidationError({"unit": "Välj ansvarig enhet."})
    values = body.dict(exclude={"unit"})
    values["hours_per_week"] = _hours(body.hours_per_week)
    activity = catalogue.create_activity(actor=user, municipality=municipality, unit=unit, **values)
    return 201, _activity_dict(selectors.get_activity(user, activity.public_id))


@router.patch(
    "/activities/{public_id}",
    response={200: ActivityOut, **STATE_ERRORS},
    summary="Ändra aktivitet",
    description="Ändra de värden som skickas; `active: false` inaktiverar aktiviteten. Den ansvariga enheten och "
    "kommunens administratörer ändrar. 409 om aktiviteten redan är inaktiv.",
)
def update_activity(request, public_id: ActivityId, body: ActivityPatch):
    user = current_user(request)
    activity = selectors.get_activity(user, public_id)
    values = body.dict(exclude_unset=True, exclude={"active"})
    values = {k: v for k, v in values.items() if v is not None or k == "ends_on"}
    if "hours_per_week" in values:
        values["hours_per_week"] = _hours(values["hours_per_week"])
    if values:
        catalogue.update_activity(actor=user, activity=activity, **values)
    if body.active is False:
        catalogue.deactivate_activity(actor=user, activity=activity)
    return _activity_dict(selectors.get_activity(user, public_id))


# --- employers ------------------------------------------------------------------------------------------------


@router.get(
    "/employers",
    response={200: page_of(EmployerOut), 422: ValidationErrorOut},
    summary="Arbetsgivare i praktikplatsbanken",
    description="Kommunens aktiva arbetsgivare med kontaktpersoner och handledare, efter namn.",
)
def list_employers(request, paging: Query[Paging]):
    user = current_user(request)
    queryset = selectors.employers(user).prefetch_related("contacts")
    answer = page_queryset(queryset, paging)
    answer["items"] = [_employer_dict(e) for e in answer["items"]]
    return answer


@router.post(
    "/employers",
    response={201: EmployerOut, **WRITE_ERRORS},
    summary="Lägg till arbetsgivare",
    description="Organisationsnumret kontrolleras (kontrollsiffran) och sparas som NNNNNN-NNNN. En arbetsgivare "
    "som redan finns i kommunen avvisas (422 vid `organisation_number`, med namnet). Arbetsmarknadsenheten och "
    "administratörer.",
)
def create_employer(request, body: EmployerIn):
    user = current_user(request)
    municipality = employers_municipality(user)
    employer = employers.create_employer(actor=user, municipality=municipality, **body.dict())
    return 201, _employer_dict(employer)


def employers_municipality(user):
    keeps = municipalities_where(user, capabilities(user).employer_municipality_ids)
    if not keeps:
        raise PermissionDenied(
            "Arbetsgivare och praktikplatser hanteras av arbetsmarknadsenheten och kommunens administratörer."
        )
    return keeps[0]


@router.post(
    "/employers/{public_id}/contacts",
    response={201: ContactOut, **WRITE_ERRORS},
    summary="Lägg till kontaktperson",
    description="En kontaktperson eller handledare (`is_supervisor`) hos arbetsgivaren, med telefon (kontrolleras, "
    "sparas som +46…) eller e-post.",
)
def add_employer_contact(request, public_id: EmployerId, body: ContactIn):
    user = current_user(request)
    employer = selectors.get_employer(user, public_id)
    return 201, employers.add_contact(actor=user, employer=employer, **body.dict())


# --- placements -----------------------------------------------------------------------------------------------


class PlacementFilter(Schema):
    state: Literal["", *Placement.State.values] = Field(  # type: ignore[valid-type]
        "", description="Status; tomt: lediga, erbjudna och tillsatta."
    )
    ssyk: str = Field("", max_length=4, pattern=r"^\d{0,4}$", description="SSYK-kod eller dess början.")


@router.get(
    "/placements",
    response={200: page_of(PlacementOut), 422: ValidationErrorOut},
    summary="Praktikplatser",
    description="Praktikplatserna, den som börjar först först. Deltagaren anges bara om du har tillgång till "
    "personen.",
)
def list_placements(request, filters: Query[PlacementFilter], paging: Query[Paging]):
    user = current_user(request)
    queryset = selectors.placements(user, selectors.PlacementFilters(state=filters.state, ssyk=filters.ssyk))
    answer = page_queryset(queryset, paging)
    rows = selectors.show_participants(user, answer["items"], "Praktikplatser")
    seen = {p.participant_id for p in rows if p.participant_shown is not None}
    answer["items"] = [_placement_dict(p, seen) for p in rows]
    return answer


@router.post(
    "/placements",
    response={201: PlacementOut, **WRITE_ERRORS},
    summary="Lägg till praktikplats",
    description="En ledig praktikplats hos arbetsgivaren: SSYK-kod (fyra siffror), start före slut, timmar mer än "
    "0 och högst 40. Arbetsmarknadsenheten och administratörer.",
)
def create_placement(request, body: PlacementIn):
    user = current_user(request)
    employer = selectors.get_employer(user, body.employer)
    supervisor = None
    if body.supervisor is not None:
        supervisor = EmployerContact.objects.filter(pk=body.supervisor, employer=employer).first()
        if supervisor is None:
            raise LocatedValidationError(
                {"supervisor": "Handledaren ska vara en kontaktperson hos arbetsgivaren."}
            )
    values = body.dict(exclude={"employer", "supervisor"})
    values["hours_per_week"] = _hours(body.hours_per_week)
    placement = placements.create_placement(actor=user, employer=employer, supervisor=supervisor, **values)
    return 201, _placement_answer(user, placement)


@router.post(
    "/placements/{public_id}/offers",
    response={201: OfferOut, **STATE_ERRORS},
    summary="Erbjud praktikplatsen",
    description="Erbjud en ledig praktikplats till en person du har tillgång till, med förslagets förklaring. "
    "409 om platsen redan är erbjuden (av två samtidiga erbjudanden vinner ett) eller inte är ledig.",
)
def offer_placement(request, public_id: PlacementId, body: OfferIn):
    user = current_user(request)
    placement = selectors.get_placement(user, public_id)
    person = selectors.offerable_person(user, body.person)
    if person is None:
        raise LocatedValidationError({"person": "Personen finns inte eller du har inte tillgång till den."})
    made = placements.offer_placement(
        user, placement, person, explanation=body.explanation, offered_on=body.offered_on
    )
    return 201, _offer_dict(made, True)


def _offer(user, public_id) -> PlacementOffer:
    return selectors.get_offer(user, public_id)


@router.post(
    "/placement-offers/{public_id}/accept",
    response={200: OfferOut, **STATE_ERRORS},
    summary="Personen tackade ja",
    description="Praktikplatsen blir tillsatt med personen, och praktiken läggs in i personens veckoplan med "
    "platsens timmar och datum. 409 om erbjudandet redan är besvarat.",
)
def accept_placement_offer(request, public_id: OfferId, body: AnswerIn):
    user = current_user(request)
    answered = placements.accept_offer(
        actor=user, offer=_offer(user, public_id), answered_on=body.answered_on
    )
    return _offer_dict(answered, True)


@router.post(
    "/placement-offers/{public_id}/decline",
    response={200: OfferOut, **STATE_ERRORS},
    summary="Personen tackade nej",
    description="Med skälet (krävs); praktikplatsen blir ledig igen. 409 om erbjudandet redan är besvarat.",
)
def decline_placement_offer(request, public_id: OfferId, body: DeclineIn):
    user = current_user(request)
    answered = placements.decline_offer(
        actor=user, offer=_offer(user, public_id), reason=body.reason, answered_on=body.answered_on
    )
    return _offer_dict(answered, True)


@router.post(
    "/placement-offers/{public_id}/withdraw",
    response={200: OfferOut, **STATE_ERRORS},
    summary="Ta tillbaka erbjudandet",
    description="Erbjudandet tas tillbaka innan det är besvarat; praktikplatsen blir ledig igen. 409 om det redan "
    "är besvarat.",
)
def withdraw_placement_offer(request, public_id: OfferId):
    user = current_user(request)
    return _offer_dict(placements.withdraw_offer(actor=user, offer=_offer(user, public_id)), True)


@router.post(
    "/placements/{public_id}/withdraw",
    response={200: PlacementOut, **STATE_ERRORS},
    summary="Arbetsgivaren återtar praktikplatsen",
    description="En ledig eller erbjuden praktikplats återtas (ett obesvarat erbjudande också). 409 om den är "
    "tillsatt, avslutad eller redan återtagen.",
)
def withdraw_placement(request, public_id: PlacementId):
    user = current_user(request)
    placement = selectors.get_placement(user, public_id)
    placements.withdraw_placement(actor=user, placement=placement)
    return _placement_answer(user, placement)


@router.post(
    "/placements/{public_id}/end",
    response={200: PlacementOut, **STATE_ERRORS},
    summary="Avsluta praktiken",
    description="En tillsatt praktik avslutas med utfallet (EMPLOYMENT, STUDIES eller NONE); personens planerade "
    "timmar där slutar samma dag. 409 om platsen inte är tillsatt.",
)
def end_placement(request, public_id: PlacementId, body: EndIn):
    user = current_user(request)
    placement = selectors.get_placement(user, public_id)
    placements.end_placement(actor=user, placement=placement, outcome=body.outcome, ended_on=body.ended_on)
    return _placement_answer(user, placement)


@router.put(
    "/placements/{public_id}/follow-up",
    response={200: PlacementOut, **STATE_ERRORS},
    summary="Arbetsgivarens uppföljning",
    description="Vad arbetsgivaren sa, och när, för en tillsatt eller avslutad praktik. 409 annars.",
)
def record_placement_follow_up(request, public_id: PlacementId, body: FollowUpIn):
    user = current_user(request)
    placement = selectors.get_placement(user, public_id)
    placements.record_follow_up(actor=user, placement=placement, text=body.text, on=body.on)
    return _placement_answer(user, placement)
