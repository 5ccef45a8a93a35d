"""The reception cases (mottaganden) of a generated data set: for every received household the case, the tasks
`receive_household` would create — the same template, conditions, owning units and due dates with their Deadline
JSON, computed in bulk — their histories and the household's timeline, and then what staff did over the
following months (tasks done, not applicable, open, overdue; cases older than two years closed).

`Cases._receive` is called by the reception (reception.py) on the arrival; it asks the access domain
(access.py) for the audit events and, for a case still open, the consents.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from etablera.access.models import AuditEvent
from etablera.access.sections import section_for_function
from etablera.demo.generate.common import _DAY, _M, _P, Rows, _Place, _Staff
from etablera.reception import event_texts, tasks_generation
from etablera.reception.models import CaseEvent, ReceptionCase, Task, TaskEvent, TemplateStep
from etablera.rules.dates import age_on
from etablera.rules.parameters import parameter
from etablera.rules.tasks import not_overdue, task_deadline

CLOSE_AFTER_DAYS = 730  # reception cases are closed about two years after the arrival …
STILL_OPEN_SHARE = 0.1  # … except this share, still open

# Reasons staff give when a task is not applicable, by the start of the step's title.
NOT_APPLICABLE = {
    "Anmälan till SFI": ("Har redan godkända betyg i svenska.", "Studerar på gymnasiet i stället."),
    "Bankkonto": ("Hushållet har redan bankkonto.",),
    "Skolplacering": ("Barnet går redan i skola i kommunen.",),
    "Förskoleplats": ("Vårdnadshavarna tackade nej till förskoleplats.",),
    "Hälsoundersökning": ("Tackade nej till hälsoundersökning.",),
    "Inskrivning hos Arbetsförmedlingen": ("Har redan arbete.", "Studerar på heltid."),
    "Bostadskontrakt": ("Hushållet ordnade egen bostad.",),
    "Planera hämtning": ("Hushållet tog sig själv till kommunen.",),
}
NOT_APPLICABLE_DEFAULT = ("Redan ordnat före ankomsten.", "Tackade nej.")
LINGERING = (
    "Hälsoundersökning",
    "Samhällsorientering",
    "Kontakt med bibliotek",
    "Anmälan till SFI",
    "Anmälan till Försäkringskassan",
    "Skolplacering",
    "Förskoleplats",
)


@dataclass
class _Step:
    """A template step and what build_tasks decides for it once per municipality."""

    step: TemplateStep
    pk: int
    title: str
    description: str
    per_member: bool
    on_decision: bool
    unit_id: int
    unit_name: str
    workers: list[_Staff]
    lingering: bool
    reasons: tuple[str, ...]
    section: str


def _na_reasons(title: str) -> tuple[str, ...]:
    for prefix, reasons in NOT_APPLICABLE.items():
        if title.startswith(prefix):
            return reasons
    return NOT_APPLICABLE_DEFAULT


class Cases(Rows):
    """Reception cases, their tasks and task histories, and the households' timelines."""

    TABLES = (
        (
            "cases",
            "mottaganden",
            ReceptionCase,
            "id assignment_id household_id municipality_id arrival_date status closed_date template_name "
            "created_at",
        ),
        (
            "tasks",
            "uppgifter",
            Task,
            "id case_id household_id person_id step_id municipality_id title description unit_id "
            "assignee_id section due_date due_rule status not_applicable_reason completed_at "
            "completed_by_id created_at updated_at",
        ),
        ("task_events", "uppgiftshändelser", TaskEvent, "id task_id at actor_id kind text"),
        ("case_events", "tidslinjehändelser", CaseEvent, "id household_id at actor_id kind text"),
    )

    def _prepare(self) -> None:
        super()._prepare()
        self._due_cache: dict[tuple[int, dt.date], tuple[dt.date, str]] = {}
        self._match_cache: dict[tuple, bool] = {}
        self._epoch_cache: dict[dt.date, tuple] = {}

    def _epoch(self, on: dt.date) -> tuple:
        """The versions of the age rules in force on `on`: two dates with the same epoch decide ages alike."""
        epoch = self._epoch_cache.get(on)
        if epoch is None:
            epoch = tuple(
                parameter(key, on).effective_from
                for key in ("establishment.min_age", "establishment.max_age_exclusive", "adulthood.age")
            )
            self._epoch_cache[on] = epoch
        return epoch

    def _person_matches(
        self, step: _Step, person: _P, age: int | None, category: str, epoch: tuple, on: dt.date
    ) -> bool:
        """tasks_generation.person_matches, remembered: its answer depends only on the step, the categories, the
        age on `on` and the age rules in force then (`epoch`)."""
        key = (step.pk, category, person.category, age, epoch)
        matched = self._match_cache.get(key)
        if matched is None:
            matched = tasks_generation.person_matches(step.step, person, category, on)
            self._match_cache[key] = matched
        return matched

    def _due(
        self, step: _Step, template_name: str, anchor_date: dt.date, created_on: dt.date
    ) -> tuple[dt.date, str]:
        """rules.tasks.task_deadline for the step, with its Deadline JSON, remembered per anchor date — as
        build_tasks makes it for a household received on `created_on` (its arrival day): a step before arrival
        counts from the arrival (the anvisning had none made at registration), and no date is already passed."""
        key = (step.pk, anchor_date, created_on)
        cached = self._due_cache.get(key)
        if cached is None:
            template_step = step.step
            anchor = template_step.anchor
            if anchor == TemplateStep.Anchor.PLANNED:
                anchor = TemplateStep.Anchor.ARRIVAL
            deadline = not_overdue(
                task_deadline(
                    title=template_step.title,
                    anchor=anchor,
                    anchor_date=anchor_date,
                    offset_days=template_step.offset_days,
                    rule_key=template_step.rule,
                    template_name=template_name,
                ),
                created_on,
            )
            cached = (deadline.date, json.dumps(deadline.as_json(), ensure_ascii=False))
            self._due_cache[key] = cached
        return cached

    def _case_event(
        self, household_id: int, at: dt.datetime, actor: _Staff | None, kind: str, text: str
    ) -> None:
        self.case_events.rows.append(
            (self.case_events.take_ids(), household_id, at, actor.pk if actor else None, kind, text[:300]),
        )

    def _plan(self, place: _Place) -> list[_Step]:
        """The template's steps with what build_tasks decides once per municipality (the owning unit)."""
        if place.plan is None:
            place.plan = []
            for step in place.steps:
                unit = tasks_generation.owning_unit(
                    place.units_by_function, step.responsible_function, place.reception_unit
                )
                place.plan.append(
                    _Step(
                        step=step,
                        pk=step.pk,
                        title=step.title,
                        description=step.description,
                        per_member=step.scope == TemplateStep.Scope.MEMBER,
                        on_decision=step.anchor == TemplateStep.Anchor.DECISION,
                        unit_id=unit.pk,
                        unit_name=unit.name,
                        workers=place.workers.get(unit.pk) or place.registrars,
                        lingering=step.title.startswith(LINGERING),
                        reasons=_na_reasons(step.title),
                        section=section_for_function(step.responsible_function),  # as build_tasks
                    )
                )
        return place.plan

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
        """What receive_household writes: the case, the template's tasks with their due dates and histories, the
        timeline and the audit event — and then what staff did over the following months."""
        rng = self.rng
        random_ = rng.random
        today = self.today
        m = place.municipality
        m_pk = m.pk
        case_id = self.cases.take_ids()
        closed = (today - arrival).days > CLOSE_AFTER_DAYS and random_() >= STILL_OPEN_SHARE
        closed_date = None
        if closed:
            closed_date = min(arrival + dt.timedelta(days=CLOSE_AFTER_DAYS - int(random_() * 31)), today)
        self.cases.rows.append(
            (
                case_id,
                assignment_id,
                household_id,
                m.pk,
                arrival,
                ReceptionCase.Status.CLOSED if closed else ReceptionCase.Status.OPEN,
                closed_date,
                place.template_name,
                arrival_at,
            )
        )

        # The tasks, exactly as tasks_generation.build_tasks makes them (the parity test compares the two).
        members = [_M(person, relation) for _pk, _uuid, person, relation, _sex in persons]
        epoch = self._epoch(arrival)
        aged = [
            (person_id, person, age_on(person.birth_date, arrival) if person.birth_date else None)
            for person_id, _uuid, person, _relation, _sex in persons
        ]
        planned: list[tuple[_Step, int | None, str, dt.date, str]] = []
        for step in self._plan(place):
            due, rule = self._due(
                step, place.template_name, decision if step.on_decision else arrival, arrival
            )
            if step.per_member:
                for person_id, person, age in aged:
                    if self._person_matches(step, person, age, category, epoch, arrival):
                        planned.append((step, person_id, f"{step.title}: {person.first_name}", due, rule))
            elif tasks_generation.household_matches(step.step, members, category, arrival):
                planned.append((step, None, step.title, due, rule))

        late = arrival > latest
        registrar_id = registrar.pk if registrar else None
        case_events = self.case_events.rows
        task_events = self.task_events.rows
        tasks = self.tasks.rows
        case_events.append(
            (
                self.case_events.take_ids(),
                household_id,
                arrival_at,
                registrar_id,
                "RECEIVED",
                f"Mottaget {arrival}; {len(planned)} uppgifter skapade"
                + (f" (efter sista mottagningsdag {latest})" if late else ""),
            )
        )
        self._audit(
            arrival_at,
            registrar,
            AuditEvent.Action.UPDATE,
            "Assignment",
            str(assignment_id),
            m.code,
            f"Hushållet mottaget {arrival}",
            household=household_uuid,
            changes={"status": ["ASSIGNED", "RECEIVED"], "received_date": str(arrival)},
        )
        read_at = min(arrival_at + dt.timedelta(minutes=5 + int(random_() * 235)), self.now)
        self._audit(
            read_at,
            registrar,
            AuditEvent.Action.VIEW,
            "Household",
            str(household_uuid),
            m.code,
            "Hushållssida",
            household=household_uuid,
            basis="RECEPTION",
            protected=is_protected,
        )

        tables = self.tasks, self.task_events, self.case_events
        task_id = tables[0].take_ids(len(planned))
        event_id = tables[1].next_id
        case_event_id = tables[2].next_id
        coordinator = place.coordinator or registrar
        coordinator_id = coordinator.pk if coordinator else None
        next_day_at = self._at(min(arrival + _DAY, today))
        last_done = arrival_at
        end = closed_date or today
        for step, person_id, title, due, rule in planned:
            workers = step.workers
            assignee = None
            if not closed and workers and random_() < 0.5:
                assignee = workers[int(random_() * len(workers))]
            days_late = (today - due).days
            draw = random_()
            if closed:
                status = "DONE" if draw < 0.93 else "NOT_APPLICABLE"
            elif days_late > 14:
                # What waits on others lingers; after four months most of it is done too.
                open_share = (
                    (0.15 if step.lingering else 0.04)
                    if days_late <= 120
                    else (0.03 if step.lingering else 0.005)
                )
                status = (
                    "OPEN"
                    if draw < open_share
                    else ("NOT_APPLICABLE" if draw < open_share + 0.06 else "DONE")
                )
            elif days_late >= 0:
                status = "DONE" if draw < 0.45 else ("NOT_APPLICABLE" if draw < 0.48 else "OPEN")
            else:
                status = "DONE" if draw < 0.12 else "OPEN"
            task_events.append((event_id, task_id, arrival_at, registrar_id, "CREATED", event_texts.CREATED))
            event_id += 1
            updated_at = arrival_at
            if assignee is not None:
                text = event_texts.TASK_HANDED_OVER % {
                    "title": title,
                    "before": step.unit_name,
                    "after": f"{step.unit_name} / {assignee.full_name}",
                }
                task_events.append((event_id, task_id, next_day_at, coordinator_id, "REASSIGNED", text))
                event_id += 1
                case_events.append(
                    (case_event_id, household_id, next_day_at, coordinator_id, "TASK_REASSIGNED", text[:300])
                )
                case_event_id += 1
                updated_at = next_day_at
            reason = ""
            completed_at = None
            completed_by = None
            if status != "OPEN":
                if days_late <= 0 or random_() < 0.75:
                    day = due - dt.timedelta(days=int(random_() * 6))
                else:
                    day = due + dt.timedelta(days=1 + int(random_() * 20))
                if day > end:
                    day = end
                if day < arrival:
                    day = arrival
                completed_at = self._at(day)
                if completed_at < arrival_at:
                    completed_at = arrival_at
                doer = assignee or (workers[int(random_() * len(workers))] if workers else registrar)
                completed_by = doer.pk if doer else None
                if status == "DONE":
                    text = event_texts.TASK_DONE % {"title": title}
                    kind, case_kind = "DONE", "TASK_DONE"
                else:
                    reasons = step.reasons
                    reason = reasons[int(random_() * len(reasons))]
                    text = event_texts.TASK_NOT_APPLICABLE % {"title": title} + event_texts.WRITTEN + reason
                    kind, case_kind = "NOT_APPLICABLE", "TASK_NOT_APPLICABLE"
                task_events.append((event_id, task_id, completed_at, completed_by, kind, text))
                event_id += 1
                case_events.append(
                    (case_event_id, household_id, completed_at, completed_by, case_kind, text[:300])
                )
                case_event_id += 1
                if completed_at > updated_at:
                    updated_at = completed_at
                if completed_at > last_done:
                    last_done = completed_at
            tasks.append(
                (
                    task_id,
                    case_id,
                    household_id,
                    person_id,
                    step.pk,
                    m_pk,
                    title,
                    step.description,
                    step.unit_id,
                    assignee.pk if assignee else None,
                    step.section,
                    due,
                    rule,
                    status,
                    reason,
                    completed_at,
                    completed_by,
                    arrival_at,
                    updated_at,
                )
            )
            task_id += 1
        tables[1].next_id = event_id
        tables[2].next_id = case_event_id

        if closed:
            when = max(self._at(closed_date), last_done)
            self._case_event(
                household_id, when, coordinator, "NOTE", event_texts.CASE_CLOSED % {"date": str(closed_date)}
            )
            self._audit(
                when,
                coordinator,
                AuditEvent.Action.UPDATE,
                "ReceptionCase",
                str(case_id),
                m.code,
                f"Mottagandet avslutat {closed_date}",
                household=household_uuid,
                changes={"status": ["OPEN", "CLOSED"], "closed_date": str(closed_date)},
            )
        else:
            self._consents(place, persons, arrival, registrar)
