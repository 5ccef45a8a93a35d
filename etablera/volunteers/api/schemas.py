"""What the volunteers' API (volunteers/api/volunteers.py) returns: codes as stored (offers by their code, languages
by ISO 639), a list without notes; the background-check note and the review only in a volunteer's own answer."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema


class VolunteerOut(Schema):
    public_id: UUID
    municipality_code: str
    name: str
    email: str
    phone: str
    offers: list[str] = Field(description="LANGUAGE_FRIEND, HOMEWORK, JOB_MENTOR, SPORTS, DRIVING.")
    languages: list[str] = Field(description="Språkkoder enligt ISO 639.")
    area: str
    status: str = Field(
        description="UNCONFIRMED, CONFIRMED, APPROVED, REJECTED, WITHDRAWN eller INACTIVE (vilande)."
    )
    running_matches: int
    created_at: dt.datetime


class VolunteerDetailOut(VolunteerOut):
    availability: str
    takes_families: bool
    review_note: str
    background_check_note: str
    consent_version: int
    consent_at: dt.datetime


class MatchCriterionOut(Schema):
    key: str = Field(description="offers, languages, area, kind eller load.")
    points: int
    text: str


class VolunteerFollowUpOut(Schema):
    date: dt.date
    outcome: str = Field(description="MET, ONGOING eller ENDED.")
    note: str


class VolunteerMatchOut(Schema):
    public_id: UUID
    volunteer_id: UUID
    volunteer_name: str
    person_id: UUID = Field(description="Den nyanländes publika id.")
    offer: str
    status: str = Field(description="PROPOSED, STARTED eller ENDED.")
    score: int
    explanation: list[MatchCriterionOut]
    contact_consent_date: dt.date | None
    started_at: dt.date | None
    ended_at: dt.date | None
    end_reason: str
    follow_ups: list[VolunteerFollowUpOut]
