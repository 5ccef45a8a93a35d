"""The API's shapes for grants (issue #17): a programme and an application with its decision, payment and report
back. The contact person's name, e-mail and phone are in an application's detail only."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema


class GrantExtraFieldOut(Schema):
    name: str = Field(description="Frågans namn (nyckeln i svaren).")
    label: str = Field(description="Frågan som den visas i formuläret.")
    max_length: int = Field(description="Högsta antal tecken i svaret.")
    required: bool = Field(description="Om frågan måste besvaras.")


class GrantProgrammeOut(Schema):
    id: UUID = Field(description="Programmets id (public_id).")
    municipality: str = Field(description="Kommunkod.")
    name: str = Field(description="Programmets namn.")
    status: str = Field(description="DRAFT, OPEN eller CLOSED.")
    criteria: str = Field(description="Kriterierna.")
    budget: int = Field(description="Budget i kronor.")
    granted: int = Field(
        description="Beviljat hittills i kronor (beviljade, utbetalda och återrapporterade)."
    )
    opens_on: dt.date = Field(description="Ansökan öppnar.")
    closes_on: dt.date = Field(description="Sista ansökningsdag.")
    funding_year: int | None = Field(description="Året för den centrala pott programmet drar ur, om något.")
    extra_fields: list[GrantExtraFieldOut] = Field(description="Formulärets extra frågor.")


class GrantApplicationOut(Schema):
    id: UUID = Field(description="Ansökans id (public_id).")
    programme: UUID = Field(description="Programmets id.")
    reference: str = Field(description="Diarienummer, t.ex. BID-2026-0001.")
    association_name: str = Field(description="Föreningens namn som den sökande angav.")
    organisation_number: str = Field(description="Föreningens organisationsnummer (NNNNNN-NNNN).")
    association: UUID | None = Field(description="Föreningens id i registret, om den finns där.")
    status: str = Field(
        description="SUBMITTED, UNDER_ASSESSMENT, GRANTED, REJECTED, WITHDRAWN, PAID eller REPORTED."
    )
    amount_applied: int = Field(description="Sökt belopp i kronor.")
    amount_granted: int | None = Field(description="Beviljat belopp i kronor.")
    decided_at: dt.datetime | None = Field(description="När beslutet fattades.")
    paid_on: dt.date | None = Field(description="Utbetalningsdag.")
    paid_amount: int | None = Field(description="Utbetalt belopp i kronor.")
    report_deadline: dt.date | None = Field(description="Återrapporten ska vara inne senast.")
    report_submitted_at: dt.datetime | None = Field(description="När återrapporten kom in.")
    late: bool = Field(description="Återrapporten är sen (eller kom in efter sista dagen).")


class GrantApplicationDetailOut(GrantApplicationOut):
    contact_name: str = Field(description="Kontaktperson (tom efter gallring).")
    contact_email: str = Field(description="Kontaktpersonens e-post (tom efter gallring).")
    contact_phone: str = Field(description="Kontaktpersonens telefon (tom efter gallring).")
    description: str = Field(description="Projektbeskrivningen.")
    answers: dict[str, str] = Field(description="Svaren på de extra frågorna, efter frågans namn.")
    decision_reasons: str = Field(description="Beslutets motivering.")
    conditions: str = Field(description="Beslutets villkor.")
    report_text: str = Field(description="Återrapporten: vad som gjordes.")
    report_participants: dict[str, dict[str, int]] = Field(
        description="Deltagare per kön (women, men, other) och åldersgrupp."
    )
    report_money_used: int | None = Field(description="Använt belopp i kronor.")
