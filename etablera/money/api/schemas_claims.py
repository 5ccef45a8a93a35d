"""What the claims API (etablera/money/api/claims.py) accepts and returns. Texts bounded by their columns, amounts
as whole kronor (the service says in Swedish what range makes sense), a municipality by its code, a household by
its public id — and only to a user who sees the household. No person's name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema
from pydantic import StringConstraints

from etablera.api.bounds import BodyCount, column_length
from etablera.api.schemas import DeadlineOut
from etablera.money.models import Claim
from etablera.money.models.claims import TEXT
from etablera.money.selectors_claims import MAX_DAYS
from etablera.organisation.models import Municipality

_NO_NUL = r"^[^\x00]*$"
BodyDate = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2199, 12, 31))]
Kronor = Annotated[BodyCount, Field(description="Hela kronor, 0–100 000 000.")]
STATUSES = "TO_APPLY (att söka), APPLIED (sökt), GRANTED (beviljad), PAID (utbetald) eller REFUSED (avslagen)"
KINDS = "RESETTLED_INITIAL, MINORS_QUARTER, HEALTH_CARE, SPECIAL_COSTS eller OTHER"


def _text(field: str, limit: int | None = None):
    return Annotated[str, StringConstraints(max_length=limit or column_length(Claim, field), pattern=_NO_NUL)]


MunicipalityCode = Annotated[
    str, StringConstraints(max_length=column_length(Municipality, "code"), pattern=_NO_NUL)
]


class ClaimFilter(Schema):
    status: str | None = Field(
        None,
        max_length=column_length(Claim, "status"),
        description=f"Bara ansökningar med status {STATUSES}.",
    )
    kind: str | None = Field(
        None,
        max_length=column_length(Claim, "kind"),
        description=f"Bara ansökningar om ersättningen {KINDS}.",
    )
    due_within_days: int | None = Field(
        None,
        ge=0,
        le=MAX_DAYS,
        description="Bara ansökningar att söka (TO_APPLY) vars sista dag är i dag eller inom så många dagar.",
    )
    overdue: bool | None = Field(
        None,
        description="true: bara försenade (att söka och sista dagen har passerat); false: alla utom de försenade.",
    )
    municipality: str | None = Field(
        None,
        max_length=column_length(Municipality, "code"),
        description="Bara ansökningar i kommunen med denna kommunkod (t.ex. 0480), bland dina kommuner.",
    )


class ClaimOut(Schema):
    id: int = Field(description="Ansökans id.")
    municipality: str = Field(description="Kommunkod.")
    kind: str = Field(description=KINDS)
    title: str
    household: UUID | None = Field(
        description="Hushållets publika id, bara om du har behörighet till hushållet (annars null)."
    )
    period_start: dt.date | None
    period_end: dt.date | None
    deadline: DeadlineOut = Field(description="Sista dag för ansökan, med förklaring (i läsarens språk).")
    overdue: bool = Field(description="Att söka och sista dagen har passerat.")
    status: str = Field(description=STATUSES)
    amount_claimed: int | None = Field(description="Sökt belopp, kronor.")
    amount_granted: int | None = Field(description="Beviljat belopp, kronor.")
    applied_on: dt.date | None
    decided_on: dt.date | None
    paid_on: dt.date | None
    reference: str = Field(description="Migrationsverkets ärendenummer.")
    note: str
    automatic: bool = Field(
        description="Öppnad av Etablera som förutsedd ansökan, inte registrerad för hand."
    )


class ClaimIn(Schema):
    municipality: MunicipalityCode = Field(
        description="Kommunkod, t.ex. 0480: en kommun där du hanterar ersättningarna."
    )
    kind: _text("kind") = Field(description=KINDS)  # type: ignore[valid-type]
    title: _text("title") = Field(  # type: ignore[valid-type]
        description="Vad ansökan gäller, t.ex. 'Särskilda kostnader, hösten 2025'. Inga namn."
    )
    deadline: BodyDate = Field(description="Sista dag för ansökan.")
    period_start: BodyDate | None = None
    period_end: BodyDate | None = None
    amount_claimed: Kronor | None = None
    reference: _text("reference") = Field("", description="Migrationsverkets ärendenummer.")  # type: ignore[valid-type]
    note: _text("note", TEXT) = ""  # type: ignore[valid-type]
    household: UUID | None = Field(
        None, description="Hushållets publika id, om ansökan gäller ett hushåll som du har behörighet till."
    )


class ClaimStatusIn(Schema):
    status: _text("status") = Field(  # type: ignore[valid-type]
        description=f"Nästa steg: {STATUSES}. Samma status som nu ändrar bara de fält som skickas."
    )
    expected_status: _text("status") | None = Field(  # type: ignore[valid-type]
        None, description="Den status du senast läste; 409 om ansökan har en annan nu."
    )
    applied_on: BodyDate | None = Field(None, description="Sökt den (krävs för APPLIED).")
    decided_on: BodyDate | None = Field(None, description="Beslut den (krävs för GRANTED och REFUSED).")
    paid_on: BodyDate | None = Field(None, description="Utbetald den (krävs för PAID).")
    amount_claimed: Kronor | None = None
    amount_granted: Kronor | None = Field(None, description="Beviljat belopp, kronor (krävs för GRANTED).")
    reference: _text("reference") | None = None  # type: ignore[valid-type]
    note: _text("note", TEXT) | None = None  # type: ignore[valid-type]
