"""The entitlements API's schemas (issue #15)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema


class MonthFiguresOut(Schema):
    month: str = Field(description="ÅÅÅÅ-MM")
    schablon: int
    initial_costs: int
    minors_days: int
    expected: int
    received: int
    difference: int = Field(description="Mottaget minus förväntat: negativt är pengar som inte har kommit.")


class TotalsOut(Schema):
    schablon: int
    initial_costs: int
    minors_days: int
    expected: int
    received: int
    difference: int


class CompensationOut(Schema):
    municipality: str
    municipality_name: str
    year: int
    computed_at: str | None
    estimated_lines: int
    months: list[MonthFiguresOut]
    total: TotalsOut


class EntitlementOut(Schema):
    id: int
    kind: str
    month: str
    amount: int
    person_id: UUID | None = Field(description="Personens publika id, bara om du ser personen (annars null).")
    instalment: int | None
    band: str
    rate: int
    share: int | None = Field(description="Andel av prisbasbeloppet i hundradels procent (1745 = 17,45 %).")
    days: int | None
    estimated: bool
    explanation: str
    source: str
    status: str


class ComputeIn(Schema):
    municipality: str = Field(max_length=4, description="Kommunkod, t.ex. 0480.")
    year: int = Field(ge=2016, le=2100)


class ComputeOut(Schema):
    year: int
    lines: dict[str, int]
    amounts: dict[str, int]
    estimated: int
    seconds: float


class RateOut(Schema):
    key: str
    effective_from: dt.date
    value: int | dict
    source: str
    status: str
    entered: bool


class RateIn(Schema):
    key: str = Field(
        max_length=40, description="money.schablon, money.prisbasbelopp eller money.minors_per_day"
    )
    effective_from: dt.date
    amount: int = Field(description="Beloppet i kronor (för schablonen: under åldersgränsen).")
    amount_over: int | None = Field(None, description="Schablonen över åldersgränsen (kr).")
    source: str = Field(max_length=300)


class RelocationIn(Schema):
    person_id: UUID
    to_municipality: str = Field(max_length=4, description="Kommunkod dit personen flyttade.")
    moved_on: dt.date


class RelocationOut(Schema):
    id: int
    person_id: UUID
    from_municipality: str
    to_municipality: str
    moved_on: dt.date
