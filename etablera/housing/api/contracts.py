"""Housing (issue #5), the second half: contracts and the matching. Homes, their import, the waiting list and a
household's housing need are in etablera.housing.api.units, whose output helpers this module shares. Reads go through
etablera.housing.selectors; writes through etablera.housing.services and matching_services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Query, Router, Schema

from etablera.access.policy import can_manage_housing, capabilities
from etablera.api.auth import current_user
from etablera.api.pagination import Paging, page, page_of, page_queryset
from etablera.api.schemas import Message
from etablera.housing import matching_services, selectors, services
from etablera.housing.api.schemas import (
    AcceptIn,
    ContractIn,
    ContractOut,
    EndContractIn,
    MatchRunIn,
    MatchRunOut,
    NoteIn,
    ProposalOut,
    RejectIn,
)
from etablera.housing.api.units import (
    NOT_VISIBLE,
    WRITE_ERRORS,
    ContractId,
    ProposalId,
    contract_dict,
    municipality_param,
    proposal_dict,
)
from etablera.housing.models import Contract
from etablera.housing.protection import mark_beside_households
from etablera.people.selectors import households_for_user
from etablera.transitions import StateConflict

router = Router(tags=["Boende"])
# A change of status: refused with 409 when someone else changed the status first (etablera/transitions.py).
STATUS_ERRORS = {**WRITE_ERRORS, 409: Message}


# --- contracts --------------------------------------------------------------------------------------------------


class ContractFilter(Schema):
    ending_within_days: int | None = Field(
        None, ge=0, le=3650, description="Bara gällande kontrakt vars sista dag är inom så många dagar."
    )
    temporary: bool | None = Field(
        None, description="true: bara tillfälligt boende; false: bara permanenta kontrakt i vanliga bostäder."
    )
    status: str | None = Field(None, max_length=10, description="DRAFT, ACTIVE, ENDED eller CANCELLED.")


@router.get(
    "/housing/contracts",
    response=page_of(ContractOut),
    summary="Bostadskontrakt",
    description="Kontrakt för hushåll du har tillgång till, senaste först (med `ending_within_days`: de som "
    "slutar först). Adressen maskeras för hushåll med skyddade personuppgifter. Hushållen på sidan loggas.",
)
def list_contracts(request, filters: Query[ContractFilter], paging: Query[Paging]):
    user = current_user(request)
    rows = selectors.contract_list(
        user,
        ending_within_days=filters.ending_within_days,
        temporary=filters.temporary,
        status=filters.status,
    )
    result = page_queryset(rows, paging)
    shown = selectors.shown_contracts(user, result["items"], "Bostadskontrakt (API)")
    result["items"] = [contract_dict(row.contract, row.address_masked) for row in shown]
    return result


@router.post(
    "/housing/contracts",
    response={201: ContractOut, **WRITE_ERRORS},
    summary="Registrera kontrakt",
    description="Ett utkast (ett erbjudande som håller bostaden) eller, med `sign: true`, ett undertecknat "
    "kontrakt. Sista dag för tidsbegränsade kontrakt och etableringsboende följer regeln om den utelämnas; "
    "etableringsboende högst 36 månader. En bostad som redan är upptagen under perioden ger 422.",
)
def create_contract(request, body: ContractIn):
    user = current_user(request)
    household = households_for_user(user).filter(public_id=body.household).first()
    if household is None:
        raise ValidationError({"household": NOT_VISIBLE})
    unit = selectors.units_for_user(user).filter(pk=body.unit).first()
    if unit is None:
        if not can_manage_housing(user, household.municipality_id):
            raise PermissionDenied("Du har inte behörighet att hantera bostäder i denna kommun.")
        raise ValidationError({"unit": NOT_VISIBLE})
    contract = services.create_contract(
        actor=user,
        household=household,
        unit=unit,
        kind=body.kind,
        start_date=body.start_date,
        payer=body.payer,
        end_date=body.end_date,
        monthly_cost=body.monthly_cost,
        nightly_cost=body.nightly_cost,
        note=body.note,
        sign=body.sign,
    )
    return 201, _contract_out(user, contract.public_id)


def _contract_out(user, public_id) -> dict:
    contract = selectors.get_contract_for_user(user, public_id)
    return contract_dict(contract, contract.address_masked)


@router.get(
    "/housing/contracts/{public_id}",
    response={200: ContractOut, 404: Message},
    summary="Ett bostadskontrakt",
    description="Ett kontrakt med förklaring av sista dag. Läsningen loggas.",
)
def get_contract(request, public_id: ContractId):
    return _contract_out(current_user(request), public_id)


@router.post(
    "/housing/contracts/{public_id}/sign",
    response={200: ContractOut, **STATUS_ERRORS},
    summary="Registrera kontrakt som undertecknat",
    description="Utkastet är undertecknat och blir hushållets boende från första dagen; ett tidigare kontrakt "
    "som löper längre avslutas dagen före (hushållet flyttar). Bara ett utkast kan undertecknas (annars 409).",
)
def sign_contract(request, public_id: ContractId):
    user = current_user(request)
    contract = selectors.get_contract_for_user(user, public_id)
    services.sign_contract(actor=user, contract=contract)
    return _contract_out(user, public_id)


@router.post(
    "/housing/contracts/{public_id}/end",
    response={200: ContractOut, **STATUS_ERRORS},
    summary="Avsluta kontrakt",
    description="Avslutar ett gällande kontrakt: sista dag och skäl (OTHER kräver en beskrivning). Hushållet "
    "kommer tillbaka till bostadskön om det har ett öppet bostadsbehov. Bara ett gällande kontrakt kan "
    "avslutas (annars 409).",
)
def end_contract(request, body: EndContractIn, public_id: ContractId):
    user = current_user(request)
    contract = selectors.get_contract_for_user(user, public_id)
    try:
        services.end_contract(
            actor=user, contract=contract, end_date=body.end_date, reason=body.reason, note=body.note
        )
    except StateConflict:
        raise  # 409 as it is: it names no field of the body
    except ValidationError as error:
        # The service names the body's fields by the model's (end_reason, end_note).
        renamed = {"end_reason": "reason", "end_note": "note"}
        raise ValidationError(
            {renamed.get(key, key): messages for key, messages in error.message_dict.items()}
        ) from error
    return _contract_out(user, public_id)


@router.post(
    "/housing/contracts/{public_id}/cancel",
    response={200: ContractOut, **STATUS_ERRORS},
    summary="Makulera utkast",
    description="Drar tillbaka ett erbjudande som aldrig undertecknades; bostaden blir ledig igen. Skäl krävs. "
    "Bara ett utkast kan makuleras (annars 409).",
)
def cancel_contract(request, body: NoteIn, public_id: ContractId):
    user = current_user(request)
    contract = selectors.get_contract_for_user(user, public_id)
    try:
        services.cancel_draft(actor=user, contract=contract, note=body.note)
    except StateConflict:
        raise  # 409 as it is: it names no field of the body
    except ValidationError as error:
        raise ValidationError(
            {("note" if key == "end_note" else key): messages for key, messages in error.message_dict.items()}
        ) from error
    return _contract_out(user, public_id)


# --- matching ---------------------------------------------------------------------------------------------------


@router.post(
    "/housing/matching/runs",
    response={201: MatchRunOut, **WRITE_ERRORS},
    summary="Kör matchning",
    description="Matchar kommunens väntande hushåll mot lediga bostäder optimalt (först sista dag, sedan "
    "trångboddhet, tomma sovrum och kostnad, sedan önskemål) och sparar förslagen med motivering. Tidigare "
    "öppna förslag ersätts. Kräver bostadsenheten, mottagningsenheten eller administratör i kommunen.",
)
def run_matching(request, body: MatchRunIn):
    user = current_user(request)
    municipality = municipality_param(body.municipality, where="body")
    if municipality is None:
        raise ValidationError({"municipality": "Ange kommunkod."})
    run = matching_services.run_matching(actor=user, municipality=municipality, on=body.on)
    return 201, {
        "id": run.pk,
        "municipality": municipality.code,
        "on_date": run.on_date,
        "created_at": run.created_at,
        "households": run.households,
        "units": run.units,
        "summary": run.summary,
        "proposals": run.proposals.count(),
    }


@router.get(
    "/housing/matching/proposals",
    response=page_of(ProposalOut),
    summary="Matchningsförslag",
    description="Öppna förslag från den senaste matchningen i kommunen (eller i var och en av dina kommuner), "
    "med motivering i ord. Adressen maskeras för hushåll med skyddade personuppgifter. Hushållen loggas.",
)
def list_proposals(
    request,
    paging: Query[Paging],
    municipality: str | None = Query(None, max_length=10, description="Bara denna kommun (kommunkod)."),
):
    user = current_user(request)
    place = municipality_param(municipality)
    ids = [place.pk] if place else sorted(capabilities(user).housing_municipality_ids)
    proposals = []
    for municipality_id in ids:
        proposals += selectors.open_proposals(user, selectors.latest_run(user, municipality_id))
    shown = proposals[paging.offset : paging.offset + paging.limit]
    return page([proposal_dict(p, p.address_masked) for p in shown], len(proposals), paging)


@router.post(
    "/housing/matching/proposals/{proposal_id}/accept",
    response={201: ContractOut, **STATUS_ERRORS},
    summary="Acceptera matchningsförslag",
    description="Accepterar förslaget: ett utkast till kontrakt skapas för hushållet i bostaden, från "
    "förslagets inflyttning om inget annat anges. Ett förslag som inte längre är öppet (redan accepterat, "
    "avböjt eller ersatt) ger 409; en bostad som hunnit bli upptagen ger 422.",
)
def accept_proposal(request, body: AcceptIn, proposal_id: ProposalId):
    user = current_user(request)
    proposal = selectors.get_proposal_for_user(user, proposal_id)
    accepted = matching_services.accept_proposal(
        actor=user,
        proposal=proposal,
        kind=body.kind,
        start_date=body.start_date,
        payer=body.payer,
        monthly_cost=body.monthly_cost,
    )
    # The service gives the accepted proposal (with its draft contract); a contract itself is taken as well.
    contract = accepted if isinstance(accepted, Contract) else accepted.contract
    return 201, _contract_out(user, contract.public_id)


@router.post(
    "/housing/matching/proposals/{proposal_id}/reject",
    response={200: ProposalOut, **STATUS_ERRORS},
    summary="Avböj matchningsförslag",
    description="Avböjer förslaget med skäl (krävs); bostaden och hushållet kan matchas igen. Ett förslag som "
    "inte längre är öppet ger 409.",
)
def reject_proposal(request, body: RejectIn, proposal_id: ProposalId):
    user = current_user(request)
    proposal = selectors.get_proposal_for_user(user, proposal_id)
    try:
        matching_services.reject_proposal(actor=user, proposal=proposal, reason=body.reason)
    except StateConflict:
        raise  # 409 as it is: it names no field of the body
    except ValidationError as error:
        raise ValidationError(
            {("reason" if key == "reject_reason" else key): m for key, m in error.message_dict.items()}
        ) from error
    proposal = selectors.get_proposal_for_user(user, proposal_id)
    mark_beside_households([proposal])  # the household's or the home's protection (issue #9)
    return proposal_dict(proposal, proposal.address_masked)
