"""What the pot-and-split API (etablera/money/api/funding.py) accepts and returns. Texts bounded by their columns (the
free texts by the model's TEXT), amounts as whole kronor and percentages as JSON numbers (the service says in
Swedish what range makes sense), units by id. Units and associations only: no person's name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from pydantic import Strict, StringConstraints

from etablera.api.bounds import BodyCount, BodyId, column_length
from etablera.money.models import FundingYear, PotApplication, SplitShare
from etablera.money.models.funding import TEXT
from etablera.money.services.funding import MAX_SHARES

_NO_NUL = r"^[^\x00]*$"
BodyDate = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2199, 12, 31))]
Kronor = Annotated[BodyCount, Field(description="Hela kronor.")]
Percent = Annotated[
    float,
    Strict(),
    Field(ge=-(10**6), le=10**6, description="Procent, 0,01–100 med högst två decimaler, t.ex. 12.5."),
]
LongText = Annotated[str, StringConstraints(max_length=TEXT, pattern=_NO_NUL)]
MODELS = "POT (central pott som enheter och föreningar söker ur) eller SPLIT (fast fördelning efter andel)"
STATUSES = "APPLIED (inkommen), GRANTED (beviljad), REFUSED (avslagen) eller REPORTED (återrapporterad)"


def _text(model, field: str):
    return Annotated[str, StringConstraints(max_length=column_length(model, field), pattern=_NO_NUL)]


class PotApplicantOut(Schema):
    name: str = Field(description="Enhetens eller föreningens namn.")
    unit_id: int | None = Field(description="Enhetens id, om en enhet i kommunen söker.")
    applications: int
    applied: int = Field(description="Sökt, kronor.")
    granted: int = Field(description="Beviljat, kronor.")
    spent: int = Field(description="Använt enligt återrapporterna, kronor.")


class FundingShareOut(Schema):
    id: int
    recipient_unit: int | None = Field(description="Enhetens id, om mottagaren är en enhet i kommunen.")
    recipient_name: str = Field(description="Enhetens eller mottagarens namn.")
    percent: float = Field(description="Andel i procent.")
    amount: int = Field(description="Budgeten × andelen / 100, avrundat nedåt till hela kronor.")


class FundingOut(Schema):
    municipality: str = Field(description="Kommunkod.")
    year: int
    model: str = Field(description=MODELS)
    budget: int = Field(description="Budget för året, kronor.")
    note: str
    applied: int = Field(description="Sökt ur potten, kronor.")
    granted: int = Field(description="Beviljat (beviljade och återrapporterade ansökningar), kronor.")
    spent: int = Field(description="Använt enligt återrapporterna, kronor.")
    remaining: int = Field(description="Kvar att bevilja: budget − beviljat, kronor.")
    applicants: list[PotApplicantOut] = Field(description="Per sökande (potten).")
    shares: list[FundingShareOut] = Field(description="Per mottagare (fast fördelning).")
    percent_total: float = Field(description="Andelarna tillsammans, procent.")
    distributed: int = Field(description="Andelarnas belopp tillsammans, kronor.")
    undistributed: int = Field(description="Ej fördelat: budget − andelarnas belopp, kronor.")


class FundingYearIn(Schema):
    model: _text(FundingYear, "model") = Field(description=MODELS)  # type: ignore[valid-type]
    budget: Kronor = Field(description="Budget för året i hela kronor, 0–10 000 000 000.")
    note: LongText = Field("", description="Anteckning, t.ex. beslutet om budgeten. Inga namn.")


class PotApplicationOut(Schema):
    id: int = Field(description="Ansökans id.")
    municipality: str = Field(description="Kommunkod.")
    year: int
    applicant_unit: int | None = Field(description="Sökande enhets id, om en enhet i kommunen söker.")
    applicant_name: str = Field(description="Sökande enhets eller förenings namn.")
    purpose: str
    amount_applied: int = Field(description="Sökt belopp, kronor.")
    period_start: dt.date
    period_end: dt.date
    status: str = Field(description=STATUSES)
    amount_granted: int | None = Field(description="Beviljat belopp, kronor.")
    decided_on: dt.date | None
    decision_note: str
    spent: int | None = Field(description="Använt belopp enligt återrapporten, kronor.")
    report: str
    reported_on: dt.date | None


class PotApplicationIn(Schema):
    applicant_unit: BodyId | None = Field(
        None, description="En enhet i kommunen som söker (dess id); annars `applicant_name`."
    )
    applicant_name: _text(PotApplication, "applicant_name") = Field(  # type: ignore[valid-type]
        "", description="Föreningen eller organisationen som söker, om ingen enhet anges."
    )
    purpose: LongText = Field(description="Vad pengarna ska användas till. Inga namn.")
    amount_applied: Kronor = Field(description="Sökt belopp i hela kronor, 1–10 000 000 000.")
    period_start: BodyDate
    period_end: BodyDate = Field(description="Perioden ska ligga inom året eller överlappa det.")


class PotDecisionIn(Schema):
    status: _text(PotApplication, "status") = Field(  # type: ignore[valid-type]
        description="GRANTED (beviljad) eller REFUSED (avslagen)."
    )
    amount_granted: Kronor | None = Field(
        None, description="Krävs för GRANTED: högst det sökta och det som finns kvar av budgeten."
    )
    decision_note: LongText = Field("", description="Motivering; krävs för REFUSED.")
    decided_on: BodyDate | None = Field(None, description="Beslut den; i dag om det inte anges.")
    expected_status: _text(PotApplication, "status") | None = Field(  # type: ignore[valid-type]
        None, description="Den status du senast läste; 409 om ansökan har en annan nu."
    )


class PotReportIn(Schema):
    spent: Kronor = Field(description="Använt belopp i hela kronor, högst det beviljade.")
    report: LongText = Field(description="Vad pengarna användes till och vad det gav.")
    reported_on: BodyDate | None = Field(None, description="Återrapporterad den; i dag om det inte anges.")
    expected_status: _text(PotApplication, "status") | None = Field(  # type: ignore[valid-type]
        None, description="Den status du senast läste; 409 om ansökan har en annan nu."
    )


class FundingShareIn(Schema):
    recipient_unit: BodyId | None = Field(None, description="En enhet i kommunen (dess id); annars namnet.")
    recipient_name: _text(SplitShare, "recipient_name") = Field(  # type: ignore[valid-type]
        "", description="Föreningen eller annan mottagare, om ingen enhet anges."
    )
    percent: Percent


class FundingSharesIn(Schema):
    shares: list[FundingShareIn] = Field(
        max_length=MAX_SHARES,
        description="Alla andelar för året (ersätter de som finns). Tillsammans högst 100 procent; en tom lista "
        "tar bort alla.",
    )
