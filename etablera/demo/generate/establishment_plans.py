"""The individual plans of a generated data set (issue #12), for `establishment.Establishment`: a plan led by the
reception or the labour-market unit, one to three goals, one to three interventions by the municipality's units
or Arbetsförmedlingen, and follow-up meetings every three to six months; plans older than three years closed, a
few marked for revision ("the plan is not working")."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from etablera.demo.generate.common import Rows, _Place
from etablera.establishment.models import IndividualPlan, Intervention, PlanGoal, PlanMeeting
from etablera.rules import establishment as rules

REVISE_SHARE = 0.05
CLOSE_AFTER_DAYS = 3 * 365

GOALS = (
    (PlanGoal.Area.LANGUAGE, "Klara SFI kurs C"),
    (PlanGoal.Area.WORK_STUDIES, "Anställning inom sitt yrke"),
    (PlanGoal.Area.WORK_STUDIES, "Börja yrkesutbildning på komvux"),
    (PlanGoal.Area.HOUSING, "Eget förstahandskontrakt"),
    (PlanGoal.Area.HEALTH, "Regelbunden kontakt med vårdcentralen"),
    (PlanGoal.Area.SOCIAL, "Barnen i fritidsaktivitet"),
)
INTERVENTIONS = (
    ("sfi", "SFI med förstärkt stöd"),
    ("arbete", "Språkpraktik"),
    ("arbete", "Yrkesvägledning"),
    ("forsorjning", "Försörjningsstöd i väntan på etableringsersättning"),
    ("", "Etableringsprogrammet"),
)


class EstablishmentPlans(Rows):
    """The plans' tables and rows; the random generator and the dating are the establishment's (`est_rng`,
    `_est_when`, `_est_uuid`)."""

    TABLES = (
        (
            "plans",
            "individuella planer",
            IndividualPlan,
            "id public_id person_id municipality_id kind status need_known_on start_due start_due_rule "
            "started_on municipality_responsibility region_responsibility responsible_unit_id responsible_name "
            "revision revised_on revision_note closed_on closed_reason closed_outcome follow_up_due follow_up_rule "
            "created_by_id created_at",
        ),
        ("plan_goals", "mål i planer", PlanGoal, "id plan_id area description target_date status created_at"),
        (
            "interventions",
            "insatser",
            Intervention,
            "id plan_id goal_id unit_id external_actor what start_date end_date hours_per_week status outcome",
        ),
        (
            "plan_meetings",
            "uppföljningsmöten",
            PlanMeeting,
            "id plan_id held_on participants agreed_actions revise_plan recorded_by_id recorded_at",
        ),
    )

    def _est_plan(self, place: _Place, person_id: int, arrival: dt.date, registrar) -> None:
        rng, today = self.est_rng, self.today
        started = arrival + dt.timedelta(days=rng.randint(14, 60))
        if started > today:
            return
        age = (today - started).days
        status, closed_on, closed_reason = IndividualPlan.Status.ACTIVE, None, ""
        if age > CLOSE_AFTER_DAYS:
            status, closed_on = (
                IndividualPlan.Status.CLOSED,
                started + dt.timedelta(days=rng.randint(700, 1000)),
            )
            closed_reason = "Målen är uppnådda eller etableringstiden är slut."
        elif rng.random() < REVISE_SHARE:
            status = IndividualPlan.Status.REVISE
        meetings, held = [], started + dt.timedelta(days=rng.randint(60, 120))
        while held <= (closed_on or today):
            meetings.append(held)
            held += dt.timedelta(days=rng.randint(90, 200))
        follow_up, follow_up_rule = None, "{}"  # a closed plan has no next follow-up
        if closed_on is None:
            deadline = rules.plan_follow_up(started, meetings[-1] if meetings else None)
            follow_up, follow_up_rule = deadline.date, json.dumps(deadline.as_json(), ensure_ascii=False)
        lead = place.units.get(rng.choice(("mottagning", "arbete")))
        plan_id = self.plans.take_ids()
        self.plans.rows.append(
            (
                plan_id,
                self._est_uuid(),
                person_id,
                place.municipality.pk,
                IndividualPlan.Kind.PLAN,
                status,
                None,
                None,
                "{}",
                started,
                "",
                "",
                lead.pk if lead else None,
                "",
                1,
                None,
                "",
                closed_on,
                closed_reason,
                IndividualPlan.Outcome.WORK_OR_STUDIES if closed_on else "",
                follow_up,
                follow_up_rule,
                registrar.pk if registrar else None,
                self._est_when(started),
            )
        )
        goal_ids = []
        for area, description in rng.sample(GOALS, rng.randint(1, 3)):
            goal_id = self.plan_goals.take_ids()
            goal_ids.append(goal_id)
            self.plan_goals.rows.append(
                (
                    goal_id,
                    plan_id,
                    area,
                    description,
                    started + dt.timedelta(days=rng.randint(90, 720)),
                    PlanGoal.Status.REACHED if closed_on else PlanGoal.Status.OPEN,
                    self._est_when(started),
                )
            )
        for key, what in rng.sample(INTERVENTIONS, rng.randint(1, 3)):
            unit = place.units.get(key) if key else None
            start = started + dt.timedelta(days=rng.randint(0, 60))
            end = start + dt.timedelta(days=rng.randint(60, 540))
            self.interventions.rows.append(
                (
                    self.interventions.take_ids(),
                    plan_id,
                    rng.choice(goal_ids),
                    unit.pk if unit else None,
                    "" if unit else "Arbetsförmedlingen",
                    what,
                    start,
                    end,
                    Decimal(rng.choice((4, 8, 10, 15, 20))),
                    Intervention.Status.DONE
                    if end <= today
                    else Intervention.Status.ONGOING
                    if start <= today
                    else Intervention.Status.PLANNED,
                    "",
                )
            )
        for held in meetings:
            self.plan_meetings.rows.append(
                (
                    self.plan_meetings.take_ids(),
                    plan_id,
                    held,
                    "Personen, mottagningen, Arbetsförmedlingen",
                    "Planen följdes upp; insatserna fortsätter.",
                    False,
                    registrar.pk if registrar else None,
                    self._est_when(held),
                )
            )
