"""What the establishment API (etablera/establishment/api/) returns and accepts (issue #12).

Every text a client sends is bounded by its column (api/bounds.column_length: the model says it, so the two cannot
drift), every date by a range the rules can compute with, every number by Strict (a JSON number, not "5" or true).
What the answer holds is what the selectors let the user see: the mapping's health and capacity (section HEALTH) and
a child's mapping (section SCHOOL) are null for whoever lacks the section (`sections` says which the user has).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema
from pydantic import Strict, StringConstraints

from etablera.api.bounds import column_length
from etablera.api.schemas import DeadlineOut
from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    CivicOrientation,
    Education,
    HealthAssessment,
    IndividualPlan,
    Intervention,
    LanguageSkill,
    MonthlyStatus,
    PlanGoal,
    PlanMeeting,
    ProgrammePeriod,
    SfiInterruption,
    WorkExperience,
)

_NO_NUL = r"^[^\x00]*$"


def Text(model, field: str):  # noqa: N802 - reads as a type in the schemas below
    """A text that fits `model.field`'s column, without NUL (which PostgreSQL cannot store)."""
    return Annotated[str, StringConstraints(max_length=column_length(model, field), pattern=_NO_NUL)]


def Code(max_length: int):  # noqa: N802
    return Annotated[str, StringConstraints(max_length=max_length, pattern=_NO_NUL)]


# Dates the rules can compute with (24 months on, three weeks on): far enough either way for any person.
BodyDate = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2199, 12, 31))]
# A small count in a JSON body (hours, years); the service says the range that makes sense, in Swedish.
SmallCount = Annotated[int, Strict(), Field(ge=-32768, le=32767)]
# Hours per week as a JSON number (one decimal is kept); the service says the range, 0 to 60.
Hours = Annotated[float, Strict(), Field(ge=-999, le=999)]


# --- what the answer holds -----------------------------------------------------------------------------------


class EducationOut(Schema):
    level: str
    years: int | None
    field: str
    country: str
    validation_wanted: bool


class WorkExperienceOut(Schema):
    ssyk_code: str = Field(description="Yrkeskod enligt SSYK 2012.")
    major_group: str | None = Field(
        description="Kodens yrkesområde enligt SSYK 2012 (SCB), t.ex. Chefsyrken."
    )
    occupation: str
    years: int | None


class LanguageOut(Schema):
    language: str
    level: str


class HealthOut(Schema):
    health: str
    capacity: str
    capacity_hours: int | None
    adjustments: str


class ChildMappingOut(Schema):
    pedagogical: str
    social: str
    health: str
    placement_recommendation: str
    school: str
    handover_on: dt.date | None


class MappingOut(Schema):
    public_id: UUID
    status: str = Field(description="STARTED eller COMPLETED.")
    due_date: dt.date | None = Field(description="Klar senast (tre veckor efter ankomsten, lokal regel).")
    due_deadline: DeadlineOut | None = Field(description="Varför datumet är det det är.")
    literacy: str
    driving_licence: str
    goals: str
    needs: str
    completed_on: dt.date | None
    educations: list[EducationOut]
    work_experiences: list[WorkExperienceOut]
    languages: list[LanguageOut]
    health: HealthOut | None = Field(description="Hälsa och förmåga: null utan avsnittet HEALTH.")
    child: ChildMappingOut | None = Field(description="Kartläggning av barn: null utan avsnittet SCHOOL.")


class GoalOut(Schema):
    id: int
    area: str
    description: str
    target_date: dt.date | None
    status: str


class InterventionOut(Schema):
    id: int
    goal_id: int | None
    unit_id: int | None
    unit_name: str | None
    external_actor: str
    what: str
    start_date: dt.date
    end_date: dt.date | None
    hours_per_week: Decimal | None
    status: str
    outcome: str


class MeetingOut(Schema):
    id: int
    held_on: dt.date
    participants: str
    agreed_actions: str
    revise_plan: bool


class PlanOut(Schema):
    public_id: UUID
    kind: str = Field(description="PLAN eller SIP.")
    status: str = Field(description="ACTIVE, REVISE eller CLOSED.")
    consent: UUID | None = Field(description="Samtycket en SIP bygger på (dess publika id).")
    need_known_on: dt.date | None
    start_due: DeadlineOut | None = Field(description="SIP: upprättas utan dröjsmål, med förklaring.")
    started_on: dt.date
    municipality_responsibility: str
    region_responsibility: str
    responsible_unit_id: int | None
    responsible_name: str
    revision: int
    revised_on: dt.date | None
    revision_note: str
    closed_on: dt.date | None
    closed_reason: str
    closed_outcome: str = Field(
        description="Hur planen slutade: GOALS_REACHED, WORK_OR_STUDIES, MOVED, DECLINED, NOT_NEEDED, OTHER "
        "('' medan den pågår)."
    )
    next_meeting_on: dt.date | None = Field(description="Planerat uppföljningsmöte.")
    follow_up_due: DeadlineOut | None = Field(
        description="Nästa uppföljning senast (lokal rutin: tre månader efter senaste mötet, eller det planerade "
        "mötet om det kommer före), med förklaring; null för en avslutad plan."
    )
    goals: list[GoalOut]
    interventions: list[InterventionOut]
    meetings: list[MeetingOut]


class ProgrammeOut(Schema):
    public_id: UUID
    referral_date: dt.date
    plan_date: dt.date | None
    start_date: dt.date | None
    planned_end: dt.date | None
    planned_end_deadline: DeadlineOut | None = Field(description="24 månader från starten, med förklaring.")
    actual_end: dt.date | None
    end_reason: str
    end_note: str


class InterruptionOut(Schema):
    start_date: dt.date
    end_date: dt.date | None
    reason: str


class SfiOut(Schema):
    public_id: UUID
    enrolled_on: dt.date
    start_date: dt.date | None
    course: str = Field(description="A, B, C eller D.")
    study_path: int = Field(description="1, 2 eller 3.")
    hours_per_week: int | None
    status: str = Field(description="ENROLLED, STUDYING, INTERRUPTED, COMPLETED eller ENDED.")
    completed_on: dt.date | None
    interruptions: list[InterruptionOut]


class CivicOut(Schema):
    start_date: dt.date | None
    language: str
    hours: int | None
    completed_on: dt.date | None


class MonthlyStatusOut(Schema):
    month: str = Field(description="ÅÅÅÅ-MM.")
    status: str
    note: str


class EstablishmentOut(Schema):
    person: UUID = Field(description="Personens publika id.")
    sections: list[str] = Field(description="De avsnitt du ser för personen (HEALTH, SCHOOL, ...).")
    arrival: dt.date | None = Field(description="Ankomstdatum (senaste mottagandet).")
    sfi_waiting_days: int | None = Field(description="Dagar från ankomst till första SFI-start.")
    mapping: MappingOut | None
    plans: list[PlanOut] = Field(description="Planen som pågår först, sedan avslutade.")
    programmes: list[ProgrammeOut]
    sfi: list[SfiOut]
    civic_orientation: CivicOut | None
    monthly_status: list[MonthlyStatusOut] = Field(description="De senaste 36 månaderna, senaste först.")


# --- what a client sends -------------------------------------------------------------------------------------


class MappingIn(Schema):
    literacy: Code(10) = Field("", description="'' (inte bedömt), NONE, BASIC eller GOOD.")
    driving_licence: Code(10) = Field("", description="'' (inte bedömt), NONE, FOREIGN eller SWEDISH.")
    goals: Text(Assessment, "goals") = Field("", description="Mål och önskemål.")
    needs: Text(Assessment, "needs") = Field("", description="Behov av stöd, och från vem.")


class PlanIn(Schema):
    kind: Code(5) = Field("PLAN", description="PLAN eller SIP (SIP kräver personens samtycke).")
    started_on: BodyDate | None = Field(None, description="Upprättad; utelämnad: i dag.")
    consent: UUID | None = Field(None, description="SIP: samtyckets publika id.")
    need_known_on: BodyDate | None = Field(None, description="SIP: när behovet blev känt.")
    municipality_responsibility: Text(IndividualPlan, "municipality_responsibility") = Field(
        "", description="SIP: vad kommunen ansvarar för."
    )
    region_responsibility: Text(IndividualPlan, "region_responsibility") = Field(
        "", description="SIP: vad regionen ansvarar för."
    )
    responsible_unit: Annotated[int, Strict(), Field(ge=1, le=2**63 - 1)] | None = Field(
        None, description="Huvudansvarig enhet (id)."
    )
    responsible_name: Text(IndividualPlan, "responsible_name") = Field("", description="Huvudansvarig.")


class GoalIn(Schema):
    area: Code(15) = Field(description="LANGUAGE, WORK_STUDIES, HOUSING, HEALTH eller SOCIAL.")
    description: Text(PlanGoal, "description") = Field(description="Målet.")
    target_date: BodyDate | None = Field(None, description="Måldatum.")


class InterventionIn(Schema):
    what: Text(Intervention, "what") = Field(description="Insatsen.")
    start_date: BodyDate = Field(description="Från.")
    end_date: BodyDate | None = Field(None, description="Till.")
    unit: Annotated[int, Strict(), Field(ge=1, le=2**63 - 1)] | None = Field(
        None, description="Enheten som ger insatsen (id), eller"
    )
    external_actor: Text(Intervention, "external_actor") = Field(
        "", description="en extern aktör (Arbetsförmedlingen, regionen, en förening)."
    )
    hours_per_week: Hours | None = Field(None, description="Timmar per vecka, 0–60.")
    goal: Annotated[int, Strict(), Field(ge=1, le=2**63 - 1)] | None = Field(
        None, description="Målet insatsen hör till (id)."
    )
    status: Code(10) = Field("PLANNED", description="PLANNED, ONGOING, DONE eller CANCELLED.")


class MeetingIn(Schema):
    held_on: BodyDate = Field(description="Datum.")
    participants: Text(PlanMeeting, "participants") = Field("", description="Deltagare.")
    agreed_actions: Text(PlanMeeting, "agreed_actions") = Field("", description="Överenskommet.")
    revise_plan: bool = Field(False, description="Sant: planen fungerar inte och ska revideras.")


class ProgrammeIn(Schema):
    referral_date: BodyDate = Field(description="Anvisad till programmet.")
    plan_date: BodyDate | None = Field(None, description="Etableringsplan upprättad.")
    start_date: BodyDate | None = Field(None, description="Start.")
    planned_end: BodyDate | None = Field(
        None, description="Planerat slut; utelämnat: 24 månader från starten."
    )


class ProgrammeEndIn(Schema):
    actual_end: BodyDate = Field(description="Faktiskt slut.")
    end_reason: Code(15) = Field(
        description="WORK, STUDIES, TIME_OUT, PARENTAL_LEAVE, SICK, MOVED eller OTHER."
    )
    end_note: Text(ProgrammePeriod, "end_note") = Field("", description="Anteckning om slutet.")


class SfiIn(Schema):
    enrolled_on: BodyDate = Field(description="Anmäld.")
    course: Code(1) = Field(description="A, B, C eller D.")
    study_path: SmallCount = Field(description="Studieväg 1, 2 eller 3.")
    start_date: BodyDate | None = Field(None, description="Start.")
    hours_per_week: SmallCount | None = Field(None, description="Timmar per vecka, 0–40.")


class SfiInterruptionIn(Schema):
    start_date: BodyDate = Field(description="Från.")
    end_date: BodyDate | None = Field(None, description="Till; utelämnat: pågår.")
    reason: Text(SfiInterruption, "reason") = Field("", description="Skäl.")


class SfiCompletionIn(Schema):
    completed_on: BodyDate = Field(description="Avslutad.")
    completed: bool = Field(True, description="Sant: klar med SFI; falskt: avslutad utan att bli klar.")


class MonthlyStatusIn(Schema):
    month: BodyDate = Field(description="Någon dag i månaden (den första står för den).")
    status: Code(20) = Field(
        description="WORK, STUDIES, PROGRAMME, SFI, PARENTAL_LEAVE, SICK, SOCIAL_ASSISTANCE eller OTHER."
    )
    note: Text(MonthlyStatus, "note") = Field("", description="Anteckning.")


# --- the mapping's parts and civic orientation (issue #12): what a client sends ------------------------------


class EducationIn(Schema):
    level: Code(20) = Field(
        description="NONE, PRIMARY_SHORT, PRIMARY, UPPER_SECONDARY, POST_SECONDARY_SHORT eller POST_SECONDARY."
    )
    years: SmallCount | None = Field(None, description="Antal år, 0–30.")
    field: Text(Education, "field") = Field("", description="Inriktning.")
    country: Text(Education, "country") = Field("", description="Land.")
    validation_wanted: bool = Field(False, description="Sant: vill få utbildningen bedömd eller validerad.")


class WorkExperienceIn(Schema):
    ssyk_code: Code(10) = Field(description="Yrkeskod enligt SSYK 2012, fyra siffror (t.ex. 5120).")
    occupation: Text(WorkExperience, "occupation") = Field("", description="Yrke.")
    years: SmallCount | None = Field(None, description="Antal år, 0–60.")


class LanguageIn(Schema):
    language: Text(LanguageSkill, "language") = Field(description="Språk.")
    level: Code(15) = Field(description="MOTHER_TONGUE, FLUENT, GOOD, BASIC eller NONE.")


class HealthIn(Schema):
    health: Text(HealthAssessment, "health") = Field("", description="Hälsa.")
    capacity: Code(10) = Field("", description="'' (inte bedömt), FULL, PART, LIMITED eller NONE.")
    capacity_hours: SmallCount | None = Field(None, description="Timmar per vecka, 0–60.")
    adjustments: Text(HealthAssessment, "adjustments") = Field("", description="Anpassningar.")


class ChildMappingIn(Schema):
    pedagogical: Text(ChildAssessment, "pedagogical") = Field("", description="Pedagogisk kartläggning.")
    social: Text(ChildAssessment, "social") = Field("", description="Social kartläggning.")
    health: Text(ChildAssessment, "health") = Field("", description="Hälsokartläggning.")
    placement_recommendation: Text(ChildAssessment, "placement_recommendation") = Field(
        "", description="Rekommenderad placering."
    )
    school: Text(ChildAssessment, "school") = Field("", description="Skolan barnet lämnas över till.")
    handover_on: BodyDate | None = Field(None, description="Överlämnad till skolan (kräver skola).")


class MappingCompletionIn(Schema):
    completed_on: BodyDate | None = Field(None, description="Klar; utelämnat: i dag.")


class CivicIn(Schema):
    start_date: BodyDate | None = Field(None, description="Start.")
    language: Text(CivicOrientation, "language") = Field("", description="Språk.")
    hours: SmallCount | None = Field(None, description="Timmar, 0–500.")
    completed_on: BodyDate | None = Field(None, description="Klar (kräver start).")


# --- the plan's life and the caseload of plans (issue #12) -------------------------------------------------------


class ClosePlanIn(Schema):
    outcome: Code(20) = Field(
        description="GOALS_REACHED, WORK_OR_STUDIES, MOVED, DECLINED, NOT_NEEDED eller OTHER (kräver `reason`)."
    )
    reason: Text(IndividualPlan, "closed_reason") = Field("", description="Kommentar; krävs för OTHER.")
    closed_on: BodyDate | None = Field(None, description="Avslutad; utelämnat: i dag.")


class RevisePlanIn(Schema):
    note: Text(IndividualPlan, "revision_note") = Field(description="Vad som ändrades i planen.")
    revised_on: BodyDate | None = Field(None, description="Reviderad; utelämnat: i dag.")


class InterventionStatusIn(Schema):
    status: Code(10) = Field(
        description="Nästa status: från PLANNED till ONGOING, DONE eller CANCELLED; från ONGOING till DONE eller "
        "CANCELLED."
    )
    outcome: Text(Intervention, "outcome") = Field(
        "", description="Resultat; krävs för DONE (vad insatsen ledde till) och CANCELLED (varför)."
    )


class GoalStatusIn(Schema):
    status: Code(12) = Field(description="REACHED, NOT_REACHED eller CANCELLED (ett mål som pågår).")


class NextMeetingIn(Schema):
    next_meeting_on: BodyDate | None = Field(
        description="Nästa uppföljningsmöte (efter i dag); null tar bort det."
    )


class PlanRowOut(Schema):
    public_id: UUID = Field(description="Planens publika id.")
    person: UUID = Field(description="Personens publika id.")
    person_name: str
    kind: str = Field(description="PLAN eller SIP.")
    status: str = Field(description="ACTIVE eller REVISE.")
    started_on: dt.date
    responsible_unit_id: int | None
    responsible_unit_name: str | None
    responsible_name: str
    led_by_my_unit: bool = Field(description="Din enhet är huvudansvarig.")
    my_interventions: list[str] = Field(
        description="Insatser som din enhet ger och som pågår eller är planerade."
    )
    last_meeting: dt.date | None = Field(description="Senaste uppföljningsmötet.")
    next_meeting_on: dt.date | None = Field(description="Planerat uppföljningsmöte.")
    follow_up_due: DeadlineOut | None = Field(description="Nästa uppföljning senast, med förklaring.")
    follow_up_overdue: bool = Field(description="Uppföljningen är försenad.")
