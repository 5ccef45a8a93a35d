# ruff: noqa: S608 — the SQL of reset_establishment is built from model table and column names (quoted), never from input.

"""The establishment phase of a generated data set (issue #12): for every received adult the mapping, and in
plausible shares the individual plan (goals, interventions by the municipality's units or Arbetsförmedlingen,
follow-up meetings), Arbetsförmedlingen's programme (ages 20 up to 66 by rules.establishment, not for temporary
protection), SFI (some with a break), civic orientation and a status per month.

`Establishment._receive` runs after the reception's (`cases.Cases._receive`, reached through super(): the class
stands before Cases in the runner's DOMAINS), for the household just received. It draws from a random generator of
its own, so the rows of the other domains are the same for a seed with or without it. Rows go into the run's tables
and are written as the others (COPY on PostgreSQL) when the writer flushes: memory stays bounded. No audit events:
the services that would log them were not called, as in housing.py.

Shares (fictional but plausible, after Arbetsförmedlingen's and SCB's published figures): 85 % of those of
programme age take part; the programme runs its 24 months for most, ends early in work or studies for some; 85 % of
adults are enrolled in SFI, 10 % of them with a break; 70 % take civic orientation; 40 % of programme participants
have an individual plan; half of the programme participants' months are recorded, from the arrival to half a year
after the programme (at most four years).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid

from dateutil.relativedelta import relativedelta

from etablera.demo.generate.common import _P, _Place, _Staff
from etablera.demo.generate.establishment_plans import EstablishmentPlans
from etablera.demo.generate.writing import _c, _t
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
    SfiEnrolment,
    SfiInterruption,
    WorkExperience,
)
from etablera.people.models import Category
from etablera.rules import establishment as rules
from etablera.rules.dates import age_on

ADULT_AGE = 18
PROGRAMME_SHARE = 0.85
EARLY_END_SHARE = 0.3
SFI_SHARE = 0.85
SFI_BREAK_SHARE = 0.1
CIVIC_SHARE = 0.7
PLAN_SHARE = 0.4
STATUS_SHARE = 0.5
STATUS_MONTHS_AFTER = 6
STATUS_MONTHS_MAX = 48

MS, End, Sfi = MonthlyStatus.Status, ProgrammePeriod.EndReason, SfiEnrolment.Status
EARLY_ENDS = ((End.WORK, 0.65), (End.STUDIES, 0.25), (End.PARENTAL_LEAVE, 0.05), (End.MOVED, 0.05))
AFTER = {
    End.WORK: MS.WORK,
    End.STUDIES: MS.STUDIES,
    End.PARENTAL_LEAVE: MS.PARENTAL_LEAVE,
    End.MOVED: MS.OTHER,
}
AFTER_TIME_OUT = ((MS.WORK, 0.45), (MS.STUDIES, 0.15), (MS.SOCIAL_ASSISTANCE, 0.3), (MS.SICK, 0.1))
LANGUAGES = ("arabiska", "tigrinja", "dari", "somaliska", "persiska", "ukrainska", "kurdiska", "pashto")
LEVELS = tuple(Education.Level.values)
OCCUPATIONS = (
    ("5120", "Kock"),
    ("7114", "Betongarbetare"),
    ("9331", "Lagerarbetare"),
    ("5321", "Undersköterska"),
    ("8332", "Lastbilsförare"),
    ("7411", "Elektriker"),
    ("2341", "Lärare"),
    ("5223", "Butikssäljare"),
)


def _pick(rng: random.Random, weighted) -> str:
    x = rng.random()
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


class Establishment(EstablishmentPlans):
    """The establishment records of every received adult."""

    TABLES = (
        (
            "assessments",
            "kartläggningar",
            Assessment,
            "id public_id person_id municipality_id status due_date due_rule literacy driving_licence goals "
            "needs completed_on completed_by_id created_at updated_at",
        ),
        (
            "educations",
            "utbildningar",
            Education,
            "id assessment_id level years field country validation_wanted",
        ),
        ("languages", "språkkunskaper", LanguageSkill, "id assessment_id language level"),
        (
            "work_experiences",
            "arbetslivserfarenheter",
            WorkExperience,
            "id assessment_id ssyk_code occupation years",
        ),
        (
            "programmes",
            "etableringsprogram",
            ProgrammePeriod,
            "id public_id person_id municipality_id referral_date plan_date start_date planned_end "
            "planned_end_rule actual_end end_reason end_note updated_by_id updated_at",
        ),
        (
            "sfi_enrolments",
            "SFI-anmälningar",
            SfiEnrolment,
            "id public_id person_id municipality_id enrolled_on start_date course study_path hours_per_week "
            "status completed_on updated_by_id updated_at",
        ),
        (
            "sfi_interruptions",
            "uppehåll i SFI",
            SfiInterruption,
            "id enrolment_id start_date end_date reason",
        ),
        (
            "civic_orientations",
            "samhällsorienteringar",
            CivicOrientation,
            "id person_id municipality_id start_date language hours completed_on updated_by_id updated_at",
        ),
        (
            "monthly_statuses",
            "status per månad",
            MonthlyStatus,
            "id person_id municipality_id month status note recorded_by_id recorded_at",
        ),
    )

    def _prepare(self) -> None:
        super()._prepare()
        self.est_rng = random.Random(f"etablera-generate-establishment-{self.options.seed}")  # noqa: S311
        self._assessment_rules: dict[dt.date, tuple[dt.date, str]] = {}
        self._programme_rules: dict[dt.date, tuple[dt.date, str]] = {}

    def _receive(
        self,
        place: _Place,
        household_id: int,
        household_uuid: uuid.UUID,
        assignment_id: int,
        category: str,
        decision: dt.date,
        arrival: dt.date,
        arrival_at: dt.datetime,
        latest: dt.date,
        persons: list[tuple[int, uuid.UUID, _P, str, str]],
        registrar: _Staff | None,
        is_protected: bool,
    ) -> None:
        """The reception's rows for the household (cases.Cases._receive), then each adult's establishment."""
        super()._receive(
            place,
            household_id,
            household_uuid,
            assignment_id,
            category,
            decision,
            arrival,
            arrival_at,
            latest,
            persons,
            registrar,
            is_protected,
        )
        for person_id, _public_id, person, _relation, _sex in persons:
            if person.birth_date is None or age_on(person.birth_date, arrival) < ADULT_AGE:
                continue
            self._est_adult(place, person_id, person, category, arrival, registrar)

    # --- one adult ----------------------------------------------------------------------------------------------

    def _est_when(self, day: dt.date) -> dt.datetime:
        when = dt.datetime.combine(day, dt.time(9 + int(self.est_rng.random() * 7)), tzinfo=self.tz)
        return min(when, self.now)

    def _est_adult(
        self, place: _Place, person_id: int, person: _P, category: str, arrival: dt.date, registrar
    ) -> None:
        rng, today, m_pk = self.est_rng, self.today, place.municipality.pk
        self._est_assessment(place, person_id, arrival, registrar)
        programme = None
        if (
            category != Category.TEMPORARY_PROTECTION
            and rules.in_programme_age(person.birth_date, arrival)
            and rng.random() < PROGRAMME_SHARE
        ):
            programme = self._est_programme(place, person_id, arrival)
        sfi_start = None
        if age_on(person.birth_date, arrival) < 66 and rng.random() < SFI_SHARE:
            sfi_start = self._est_sfi(place, person_id, arrival)
        if rng.random() < CIVIC_SHARE:
            start = arrival + dt.timedelta(days=rng.randint(30, 120))
            if start <= today:
                done = start + dt.timedelta(days=rng.randint(90, 150))
                self.civic_orientations.rows.append(
                    (
                        self.civic_orientations.take_ids(),
                        person_id,
                        m_pk,
                        start,
                        rng.choice(LANGUAGES),
                        100,
                        done if done <= today else None,
                        None,
                        self._est_when(min(done, today)),
                    )
                )
        if programme is not None and rng.random() < PLAN_SHARE:
            self._est_plan(place, person_id, arrival, registrar)
        if programme is not None and rng.random() < STATUS_SHARE:
            self._est_statuses(place, person_id, arrival, programme, sfi_start)

    def _est_assessment(self, place: _Place, person_id: int, arrival: dt.date, registrar) -> None:
        rng, today = self.est_rng, self.today
        cached = self._assessment_rules.get(arrival)
        if cached is None:
            deadline = rules.assessment_deadline(arrival)
            cached = self._assessment_rules[arrival] = (
                deadline.date,
                json.dumps(deadline.as_json(), ensure_ascii=False),
            )
        started = min(arrival + dt.timedelta(days=rng.randint(1, 7)), today)
        completed = arrival + dt.timedelta(days=rng.randint(7, 35))
        done = completed <= today
        assessment_id = self.assessments.take_ids()
        self.assessments.rows.append(
            (
                assessment_id,
                self._est_uuid(),
                person_id,
                place.municipality.pk,
                Assessment.Status.COMPLETED if done else Assessment.Status.STARTED,
                cached[0],
                cached[1],
                rng.choice(Assessment.Literacy.values[1:]),
                rng.choice(Assessment.DrivingLicence.values[1:]),
                "",
                "",
                completed if done else None,
                registrar.pk if done and registrar else None,
                self._est_when(started),
                self._est_when(completed if done else started),
            )
        )
        level = rng.choice(LEVELS)
        self.educations.rows.append(
            (self.educations.take_ids(), assessment_id, level, rng.randint(0, 16), "", "", rng.random() < 0.1)
        )
        self.languages.rows.append(
            (self.languages.take_ids(), assessment_id, rng.choice(LANGUAGES), "MOTHER_TONGUE")
        )
        self.languages.rows.append(
            (self.languages.take_ids(), assessment_id, "svenska", rng.choice(("NONE", "NONE", "BASIC")))
        )
        if rng.random() < 0.5:
            code, occupation = rng.choice(OCCUPATIONS)
            self.work_experiences.rows.append(
                (self.work_experiences.take_ids(), assessment_id, code, occupation, rng.randint(1, 20))
            )

    def _est_programme(self, place: _Place, person_id: int, arrival: dt.date) -> tuple | None:
        """(start, end, reason) of the programme, or None when the referral is still ahead."""
        rng, today = self.est_rng, self.today
        referral = arrival + dt.timedelta(days=rng.randint(7, 40))
        if referral > today:
            return None
        plan_date = referral + dt.timedelta(days=rng.randint(10, 40))
        start = plan_date + dt.timedelta(days=rng.randint(0, 30))
        cached = self._programme_rules.get(start)
        if cached is None:
            deadline = rules.programme_planned_end(start)
            cached = self._programme_rules[start] = (
                deadline.date,
                json.dumps(deadline.as_json(), ensure_ascii=False),
            )
        planned_end = cached[0]
        end, reason = None, ""
        if rng.random() < EARLY_END_SHARE:
            early = start + relativedelta(months=rng.randint(6, 22))
            if early <= today:
                end, reason = early, _pick(rng, EARLY_ENDS)
        if end is None and planned_end <= today:
            end, reason = planned_end - dt.timedelta(days=1), End.TIME_OUT
        self.programmes.rows.append(
            (
                self.programmes.take_ids(),
                self._est_uuid(),
                person_id,
                place.municipality.pk,
                referral,
                plan_date if plan_date <= today else None,
                start,
                planned_end,
                cached[1],
                end,
                reason,
                "",
                None,
                self._est_when(min(end or referral, today)),
            )
        )
        return start, end, reason

    def _est_sfi(self, place: _Place, person_id: int, arrival: dt.date) -> dt.date | None:
        rng, today = self.est_rng, self.today
        enrolled = arrival + dt.timedelta(days=rng.randint(5, 60))
        if enrolled > today:
            return None
        start = enrolled + dt.timedelta(days=rng.randint(14, 90))
        path = rng.choice((1, 2, 2, 3))
        course = {1: "A", 2: "B", 3: "C"}[path]
        finish = start + relativedelta(months=rng.randint(8, 30))
        status, completed = Sfi.ENROLLED, None
        if finish <= today:
            status, completed = (Sfi.COMPLETED if rng.random() < 0.8 else Sfi.ENDED), finish
        elif start <= today:
            status = Sfi.STUDYING
        enrolment_id = self.sfi_enrolments.take_ids()
        if start <= today and rng.random() < SFI_BREAK_SHARE:
            pause = start + dt.timedelta(days=rng.randint(30, 200))
            back = pause + dt.timedelta(days=rng.randint(14, 120))
            if pause <= today:
                ongoing = back > today and completed is None
                self.sfi_interruptions.rows.append(
                    (
                        self.sfi_interruptions.take_ids(),
                        enrolment_id,
                        pause,
                        None if ongoing else back,
                        rng.choice(("Föräldraledig", "Sjukdom", "Arbete på heltid en period")),
                    )
                )
                if ongoing:
                    status = Sfi.INTERRUPTED
        self.sfi_enrolments.rows.append(
            (
                enrolment_id,
                self._est_uuid(),
                person_id,
                place.municipality.pk,
                enrolled,
                start,
                course,
                path,
                rng.choice((10, 15, 15, 20)),
                status,
                completed,
                None,
                self._est_when(min(completed or enrolled, today)),
            )
        )
        return start

    def _est_statuses(self, place: _Place, person_id: int, arrival: dt.date, programme, sfi_start) -> None:
        rng = self.est_rng
        start, end, reason = programme
        after = AFTER.get(reason) or _pick(rng, AFTER_TIME_OUT)
        last_month = (self.today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        if end is not None:
            last_month = min(last_month, end.replace(day=1) + relativedelta(months=STATUS_MONTHS_AFTER))
        month = arrival.replace(day=1)
        start_month = start.replace(day=1)
        end_month = end.replace(day=1) if end else None
        for _ in range(STATUS_MONTHS_MAX):
            if month > last_month:
                break
            if month < start_month:
                status = MS.SFI if sfi_start and sfi_start.replace(day=1) <= month else MS.SOCIAL_ASSISTANCE
            elif end_month is None or month <= end_month:
                status = MS.PROGRAMME
            else:
                status = after
            following = month + relativedelta(months=1)  # recorded on the first of the next month
            self.monthly_statuses.rows.append(
                (
                    self.monthly_statuses.take_ids(),
                    person_id,
                    place.municipality.pk,
                    month,
                    status,
                    "",
                    None,
                    min(dt.datetime.combine(following, dt.time(9), tzinfo=self.tz), self.now),
                )
            )
            month = following

    def _est_uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.est_rng.getrandbits(128), version=4)


def reset_establishment(run, persons: str) -> None:
    """Delete the establishment records of the generated persons (`persons`: a subquery of their ids), children
    first; called by reset.reset_generated with its `run(label, sql)` before the persons go."""

    def of(model, path: str, parent, parent_path: str = "person") -> str:
        return (
            f"DELETE FROM {_t(model)} WHERE {_c(model, path)} IN "
            f"(SELECT id FROM {_t(parent)} WHERE {_c(parent, parent_path)} IN {persons})"
        )

    run("uppehåll i SFI", of(SfiInterruption, "enrolment", SfiEnrolment))
    for model, label in ((PlanMeeting, "uppföljningsmöten"), (Intervention, "insatser"), (PlanGoal, "mål")):
        run(label, of(model, "plan", IndividualPlan))
    for model, label in (
        (Education, "utbildningar"),
        (LanguageSkill, "språkkunskaper"),
        (WorkExperience, "arbetslivserfarenheter"),
        (HealthAssessment, "hälsa och förmåga"),
        (ChildAssessment, "kartläggningar av barn"),
    ):
        run(label, of(model, "assessment", Assessment))
    for model, label in (
        (Assessment, "kartläggningar"),
        (IndividualPlan, "individuella planer"),
        (ProgrammePeriod, "etableringsprogram"),
        (SfiEnrolment, "SFI-anmälningar"),
        (CivicOrientation, "samhällsorienteringar"),
        (MonthlyStatus, "status per månad"),
    ):
        run(label, f"DELETE FROM {_t(model)} WHERE {_c(model, 'person')} IN {persons}")
