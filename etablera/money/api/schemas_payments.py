"""What the payments API (etablera/money/api/payments.py) accepts and returns: payments, the import's answer and the
reconciliation of a year. Texts bounded by their columns, amounts whole kronor as JSON integers, municipalities by
code, months as ÅÅÅÅ-MM; a person only by public id and only one the reader sees — never a name or a number."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import Strict, StringConstraints

from etablera.api.bounds import BodyId, column_length
from etablera.money.models import Payment
from etablera.money.services.payments import MAX_AMOUNT
from etablera.organisation.models import Municipality

_NO_NUL = r"^[^\x00]*$"
KindCode = Literal["SCHABLON", "INITIAL_COSTS", "MINORS_DAYS", "CLAIM", "OTHER"]
KIND_HELP = (
    "SCHABLON (schablonersättning), INITIAL_COSTS (initiala kostnader), MINORS_DAYS (ensamkommande barn, per "
    "dygn), CLAIM (sökt ersättning) eller OTHER (övrigt)."
)
MonthText = Annotated[
    str,
    StringConstraints(max_length=7, pattern=r"^\d{4}-\d{2}$"),
    Field(description="ÅÅÅÅ-MM, t.ex. 2026-03."),
]
BodyDate = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2199, 12, 31))]
Amount = Annotated[
    int,
    Strict(),
    Field(
        ge=-MAX_AMOUNT,
        le=MAX_AMOUNT,
        description="Hela kronor; negativt för en återbetalning. Inte 0.",
    ),
]
MunicipalityCode = Annotated[
    str,
    StringConstraints(max_length=column_length(Municipality, "code"), pattern=_NO_NUL),
    Field(description="Kommunkod, fyra siffror (t.ex. 0480)."),
]


def _text(field: str):
    return Annotated[str, StringConstraints(max_length=column_length(Payment, field), pattern=_NO_NUL)]


class PaymentOut(Schema):
    id: int
    municipality: str = Field(description="Kommunen som fått pengarna (kommunkod).")
    kind: str = Field(description=KIND_HELP)
    month: str = Field(description="Månaden betalningen avser, ÅÅÅÅ-MM.")
    paid_on: dt.date = Field(description="Betalningsdagen.")
    amount: int = Field(description="Hela kronor; negativt för en återbetalning.")
    reference: str = Field(description="Verifikation i ekonomisystemet.")
    description: str
    source: str = Field(description="IMPORT eller MANUAL.")
    person: UUID | None = Field(
        description="Personen betalningen gäller (publikt id), bara om du ser personen; annars null."
    )
    claim: int | None = Field(description="Ansökan om ersättning som betalningen gäller (id).")


class PaymentIn(Schema):
    municipality: MunicipalityCode
    kind: KindCode = Field(description=KIND_HELP)
    month: MonthText
    paid_on: BodyDate = Field(description="Betalningsdagen, ÅÅÅÅ-MM-DD; inte i framtiden.")
    amount: Amount
    reference: _text("reference") = ""
    description: _text("description") = ""
    person: UUID | None = Field(None, description="Personen betalningen gäller (publikt id), en som du ser.")
    claim: BodyId | None = Field(
        None, description="Ansökan om ersättning betalningen gäller (id), i samma kommun."
    )


class PaymentImportErrorOut(Schema):
    row: int = Field(description="Radnummer i filen (rubrikraden = 1; 0 = filen som helhet).")
    column: str = Field(description="Kolumnen som filens rubrikrad skriver den; tom = hela raden.")
    code: str = Field(description="Felkod, se docs/import-formats.md.")
    message: str
    value: str = Field(description="Cellens värde, förkortat; aldrig ett identitetsnummer.")


class PaymentImportOut(Schema):
    ok: bool = Field(description="Sant när filen importerades (eller skulle importeras, vid provkörning).")
    dry_run: bool
    rows: int
    created: int = Field(description="Nya inbetalningar.")
    updated: int = Field(description="Alltid 0: en inbetalning ändras inte av en fil.")
    unchanged: int = Field(description="Rader som redan var importerade.")
    errors: list[PaymentImportErrorOut]


class PaymentLineOut(Schema):
    month: str = Field(description="ÅÅÅÅ-MM.")
    kind: str = Field(description=KIND_HELP)
    expected: int = Field(description="Förväntat enligt reglerna (summan av de beräknade raderna), kronor.")
    received: int = Field(description="Mottaget (summan av inbetalningarna), kronor.")
    difference: int = Field(description="Mottaget minus förväntat: negativt = saknas.")


class PaymentDifferenceOut(PaymentLineOut):
    sign: Literal["missing", "more"] = Field(description="missing = mindre än förväntat, more = mer.")


class PaymentTotalOut(Schema):
    kind: str = Field(description="Ersättningen, eller tom för hela året.")
    expected: int
    received: int
    difference: int


class PaymentPersonsOut(Schema):
    compared: int = Field(
        description="Personer som jämförts: de som en inbetalning anger, och de som det förväntades belopp för i "
        "samma månad och ersättning."
    )
    balanced: int = Field(description="Av dem: inbetalt stämmer med det förväntade för personen.")
    missing: int = Field(description="Av dem: mindre inbetalt än förväntat.")
    more: int = Field(description="Av dem: mer inbetalt än förväntat.")
    missing_amount: int = Field(description="Summan som saknas för dem, kronor.")
    more_amount: int = Field(description="Summan som kommit in utöver det förväntade för dem, kronor.")


class PaymentReconciliationOut(Schema):
    municipality: str = Field(description="Kommunkod.")
    year: int
    lines: list[PaymentLineOut] = Field(description="Per månad och ersättning, i månadsordning.")
    differences: list[PaymentDifferenceOut] = Field(description="De rader där mottaget inte är förväntat.")
    totals: list[PaymentTotalOut] = Field(description="Året per ersättning, och sist hela året (kind tom).")
    persons: PaymentPersonsOut = Field(description="Räknat per person, utan namn.")
