"""What the forecast API (etablera/money/api/forecast.py) accepts and returns. Counts of persons and sums in kronor,
no names; the parameters' ranges are the service's (money/services/forecast.py), which says in Swedish what is
wrong at each field."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from pydantic import Strict, StringConstraints

from etablera.api.bounds import BodyCount
from etablera.money.services.forecast import SOURCE_LENGTH

_NO_NUL = r"^[^\x00]*$"


class ForecastSettingOut(Schema):
    municipality: str = Field(description="Kommunkod.")
    share_without_work: float = Field(
        description="Andel av dem som lämnar programmet utan arbete eller studier (%)."
    )
    average_monthly_cost: int = Field(
        description="Genomsnittligt försörjningsstöd per person och månad (kr)."
    )
    months_on_support: int = Field(description="Månader med försörjningsstöd från månaden efter programmet.")
    source: str = Field(description="Var siffrorna kommer från.")
    saved: bool = Field(description="false: kommunen har inga egna värden, standardvärdena gäller.")
    updated_at: str | None = Field(
        description="När värdena senast ändrades (ISO 8601), null om de inte sparats."
    )


class ForecastSettingIn(Schema):
    share_without_work: Annotated[float, Strict(), Field(allow_inf_nan=False)] = Field(
        description="Andel utan arbete eller studier i procent, 0–100, högst två decimaler."
    )
    average_monthly_cost: BodyCount = Field(description="Hela kronor per person och månad, 0–1 000 000.")
    months_on_support: BodyCount = Field(description="Antal månader, 1–60.")
    source: Annotated[str, StringConstraints(max_length=SOURCE_LENGTH, pattern=_NO_NUL)] = Field(
        "", description="Underlaget, högst 300 tecken."
    )


class ForecastMonthOut(Schema):
    month: str = Field(description="ÅÅÅÅ-MM")
    leaving: int = Field(description="Personer vars etableringsprogram slutar månaden.")
    without_work: float = Field(description="Av dem, väntat antal utan arbete eller studier (två decimaler).")
    on_support: float = Field(description="Väntat antal med försörjningsstöd månaden (två decimaler).")
    cost: int = Field(description="Försörjningsstöd enligt prognosen (kr).")
    schablon: int = Field(description="Förväntad schablonersättning enligt de beräknade raderna (kr).")
    initial_costs: int = Field(description="Förväntade initiala kostnader enligt de beräknade raderna (kr).")
    income: int = Field(description="schablon + initial_costs (kr).")
    net: int = Field(description="income − cost (kr): negativt när försörjningsstödet kostar mer.")


class ForecastTotalsOut(Schema):
    leaving: int
    without_work: float
    cost: int
    schablon: int
    initial_costs: int
    income: int
    net: int


class ForecastOut(Schema):
    municipality: str
    municipality_name: str
    start: str = Field(description="Första månaden, ÅÅÅÅ-MM.")
    end: str = Field(description="Sista månaden, ÅÅÅÅ-MM.")
    setting: ForecastSettingOut
    missing_years: list[int] = Field(description="År i perioden vars ersättningar inte är beräknade.")
    months: list[ForecastMonthOut]
    total: ForecastTotalsOut
