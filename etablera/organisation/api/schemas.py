"""The organisation API's schemas: counties, municipalities and units."""

from __future__ import annotations

from ninja import Field, Schema

from etablera.api.schemas import MunicipalityRef, UnitRef

# --- references -----------------------------------------------------------------------------------------------


class CountyOut(Schema):
    code: str = Field(description="Länskod, två siffror (t.ex. 04).")
    name: str


class MunicipalityOut(MunicipalityRef):
    county: CountyOut


class UnitOut(UnitRef):
    municipality: MunicipalityRef
    kind: str = Field(description="BOARD, DEPARTMENT, TEAM eller EXTERNAL (extern aktör).")
    function: str = Field(description="Ansvarsområde, t.ex. RECEPTION, SFI, SCHOOL, SOCIAL_SERVICES.")
    function_display: str
    parent_id: int | None = None

    @staticmethod
    def resolve_function_display(obj) -> str:
        return obj.get_function_display()
