"""Counties, municipalities and units: public facts, but the API answers only signed-in callers."""

from __future__ import annotations

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from etablera.api.auth import current_user
from etablera.api.bounds import column_length
from etablera.api.pagination import Paging, page_of, page_queryset
from etablera.organisation import selectors
from etablera.organisation.api.schemas import CountyOut, MunicipalityOut, UnitOut
from etablera.organisation.models import County, Municipality, Unit

router = Router(tags=["Organisation"])
MUNICIPALITY_CODE = column_length(Municipality, "code")


class MunicipalityFilter(Schema):
    county: str | None = Field(
        None,
        max_length=column_length(County, "code"),
        description="Bara kommuner i detta län (länskod, t.ex. 04).",
    )


class UnitFilter(Schema):
    municipality: str | None = Field(
        None, max_length=MUNICIPALITY_CODE, description="Bara enheter i denna kommun (kommunkod, t.ex. 0480)."
    )
    function: str | None = Field(
        None,
        max_length=column_length(Unit, "function"),
        description="Bara enheter med detta ansvarsområde, t.ex. RECEPTION, SFI, SCHOOL.",
    )


@router.get(
    "/counties",
    response=page_of(CountyOut),
    summary="Län",
    description="Sveriges 21 län med länskod.",
)
def list_counties(request, paging: Query[Paging]):
    return page_queryset(selectors.counties(), paging)


@router.get(
    "/municipalities",
    response=page_of(MunicipalityOut),
    summary="Kommuner",
    description="Sveriges 290 kommuner med kommunkod och län, i kodordning.",
)
def list_municipalities(request, filters: Query[MunicipalityFilter], paging: Query[Paging]):
    return page_queryset(selectors.municipalities(county_code=filters.county), paging)


@router.get(
    "/municipalities/{code}",
    response=MunicipalityOut,
    summary="En kommun",
    description="En kommun med sitt län, efter kommunkod.",
)
def get_municipality(
    request,
    code: str = Path(..., max_length=MUNICIPALITY_CODE, description="Kommunkod, fyra siffror (t.ex. 0480)."),
):
    municipality = selectors.get_municipality(code)
    if municipality is None:
        raise Http404
    return municipality


@router.get(
    "/units",
    response=page_of(UnitOut),
    summary="Enheter",
    description="Aktiva enheter (nämnder, förvaltningar, team och externa aktörer) i de kommuner du arbetar i.",
)
def list_units(request, filters: Query[UnitFilter], paging: Query[Paging]):
    units = selectors.units_for_user(current_user(request))
    if filters.municipality:
        units = units.filter(municipality__code=filters.municipality)
    if filters.function:
        units = units.filter(function=filters.function)
    return page_queryset(units, paging)
