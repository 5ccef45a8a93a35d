"""The reception of a generated data set, household by household: the anvisning (decided, registered, then
received, still pending — some past their latest reception date — or cancelled), the household's timeline entries
for it, and how many persons each year brings (the 2016–2017 peak, the 2022 temporary protection).

`Reception.household` is the unit of a run: it calls the people domain for the family (people.py), the access
domain for the audit events (access.py) and, for a received household, the reception case and its tasks
(cases.py). `state_counts` says how many generated anvisningar, cases and tasks are in each state.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import models

from etablera.access.models import AuditEvent
from etablera.demo.generate.common import REFERENCE_PREFIX, Rows, _Place
from etablera.people.models import Category
from etablera.reception import event_texts
from etablera.reception.models import Assignment, ReceptionCase, Task
from etablera.rules import reception as reception_rules
from etablera.rules.dates import age_on

C = Category

# Relative number of persons received per calendar year (the 2016–2017 peak, the 2022 temporary protection).
YEAR_WEIGHTS = {
    2016: 1.7,
    2017: 1.5,
    2018: 1.0,
    2019: 0.75,
    2020: 0.55,
    2021: 0.5,
    2022: 1.0,
    2023: 0.8,
    2024: 0.6,
    2025: 0.5,
    2026: 0.45,
}

CANCEL_SHARE = 0.03
LATE_SHARE = 0.02
CANCEL_REASONS = (
    "Hushållet har fått anvisning till en annan kommun.",
    "Personen har ordnat eget boende i en annan kommun.",
    "Migrationsverket har återkallat anvisningen.",
)


def state_counts(today: dt.date) -> dict[str, int]:
    """How many generated anvisningar, cases and tasks are in each state (for the command's summary and tests)."""
    assignments = Assignment.objects.filter(reference__startswith=REFERENCE_PREFIX)
    cases = ReceptionCase.objects.filter(assignment__reference__startswith=REFERENCE_PREFIX)
    tasks = Task.objects.filter(case__assignment__reference__startswith=REFERENCE_PREFIX)
    S, T = Assignment.Status, Task.Status
    counts = assignments.aggregate(
        received=models.Count("pk", filter=models.Q(status=S.RECEIVED)),
        pending=models.Count("pk", filter=models.Q(status=S.ASSIGNED)),
        pending_late=models.Count("pk", filter=models.Q(status=S.ASSIGNED, latest_reception_date__lt=today)),
        cancelled=models.Count("pk", filter=models.Q(status=S.CANCELLED)),
    )
    counts.update(
        cases.aggregate(
            cases_open=models.Count("pk", filter=models.Q(status=ReceptionCase.Status.OPEN)),
            cases_closed=models.Count("pk", filter=models.Q(status=ReceptionCase.Status.CLOSED)),
        )
    )
    counts.update(
        tasks.aggregate(
            open=models.Count("pk", filter=models.Q(status=T.OPEN, due_date__gte=today)),
            overdue=models.Count("pk", filter=models.Q(status=T.OPEN, due_date__lt=today)),
            done=models.Count("pk", filter=models.Q(status=T.DONE)),
            not_applicable=models.Count("pk", filter=models.Q(status=T.NOT_APPLICABLE)),
        )
    )
    return counts


class Reception(Rows):
    """Anvisningar, one per household, and what the reception does with them until the arrival."""

    TABLES = (
        (
            "assignments",
            "anvisningar",
            Assignment,
            "id reference municipality_id household_id category person_count quota_year decision_date "
            "latest_reception_date latest_reception_rule status received_date cancelled_date cancel_reason "
            "created_at updated_at",
        ),
    )

    def _prepare(self) -> None:
        super()._prepare()
        self._latest_cache: dict[tuple[dt.date, bool], tuple[dt.date, str]] = {}

    def _latest(self, decision: dt.date, category: str) -> tuple[dt.date, str]:
        key = (decision, category == reception_rules.RESETTLED)
        cached = self._latest_cache.get(key)
        if cached is None:
            deadline = reception_rules.latest_reception_date(decision, category)
            cached = (deadline.date, json.dumps(deadline.as_json(), ensure_ascii=False))
            self._latest_cache[key] = cached
        return cached

    def year_targets(self) -> dict[int, int]:
        years = list(range(self.first_year, self.last_year + 1))
        weights = {}
        for year in years:
            weight = YEAR_WEIGHTS.get(year, 0.8)
            if year == self.last_year:
                start = dt.date(year, 1, 1)
                weight *= ((self.today - start).days + 1) / (dt.date(year, 12, 31) - start).days
            if year == self.first_day.year and self.first_day > dt.date(year, 1, 1):
                weight *= (dt.date(year, 12, 31) - self.first_day).days / 365
            weights[year] = weight
        total = sum(weights.values())
        targets = {year: int(round(self.options.persons * w / total)) for year, w in weights.items()}
        targets[self.last_year] += self.options.persons - sum(targets.values())
        return targets

    def household(self, place: _Place, category: str, size: int, decision: dt.date, choose_origin) -> int:
        """One household, from Migrationsverket's decision to today: its members, its anvisning and what became of
        it, and for a received household the reception case. Returns the number of persons."""
        rng = self.rng
        today = self.today
        m = place.municipality
        origin, members = self._family(category, size, choose_origin)
        size = len(members)
        registrar = rng.choice(place.registrars) if place.registrars else None

        # What happens to the anvisning.
        latest, latest_rule = self._latest(decision, category)
        registered = min(decision + dt.timedelta(days=rng.randint(0, 3)), today)
        registered_at = self._at(registered)
        status = Assignment.Status.ASSIGNED
        received = cancelled = None
        if rng.random() < CANCEL_SHARE:
            day = decision + dt.timedelta(days=rng.randint(5, 45))
            if day <= today:
                status, cancelled = Assignment.Status.CANCELLED, day
        else:
            if category == C.TEMPORARY_PROTECTION:
                delay = rng.randint(2, 25)  # most already live in the municipality
            elif rng.random() < LATE_SHARE:
                delay = (latest - decision).days + rng.randint(1, 30)
            else:
                delay = int(rng.triangular(5, (latest - decision).days, 30))
            day = decision + dt.timedelta(days=delay)
            if day <= today:
                status, received = Assignment.Status.RECEIVED, day
        settled = received is not None and (today - received).days > 45

        household_id, household_uuid, persons, is_protected = self._register_household(
            place, category, origin, members, decision, registrar, registered_at, received, settled
        )

        year = decision.year
        serial = place.counter.get(year, 0) + 1
        place.counter[year] = serial
        place.persons[year] = place.persons.get(year, 0) + size
        reference = f"{REFERENCE_PREFIX}{m.code}-{year}-{serial:06d}"
        assignment_id = self.assignments.take_ids()
        self._audit(
            registered_at,
            registrar,
            AuditEvent.Action.CREATE,
            "Assignment",
            str(assignment_id),
            m.code,
            f"Anvisning {reference} registrerad",
            household=household_uuid,
        )
        self._case_event(
            household_id,
            registered_at,
            registrar,
            "ASSIGNED",
            event_texts.ASSIGNMENT_REGISTERED % {"reference": reference, "date": str(latest)},
        )
        updated_at = registered_at
        cancel_reason = ""
        if cancelled is not None:
            cancel_reason = rng.choice(CANCEL_REASONS)
            when = self._at(cancelled)
            updated_at = when
            self._case_event(household_id, when, registrar, "CANCELLED", cancel_reason)
            self._audit(
                when,
                registrar,
                AuditEvent.Action.UPDATE,
                "Assignment",
                str(assignment_id),
                m.code,
                "Anvisningen avbruten",
                household=household_uuid,
                changes={"reason": cancel_reason},
            )
        if received is not None:
            arrival_at = self._at(received, 9, 11)
            updated_at = arrival_at
            self._receive(
                place,
                household_id,
                household_uuid,
                assignment_id,
                category,
                decision,
                received,
                arrival_at,
                latest,
                persons,
                registrar,
                is_protected,
            )
            for person_id, _public_id, person, _relation, _sex in persons:
                if person.birth_date and age_on(person.birth_date, received) >= 18:
                    place.adults.append(person_id)
        self.assignments.rows.append(
            (
                assignment_id,
                reference,
                m.pk,
                household_id,
                category,
                size,
                year,
                decision,
                latest,
                latest_rule,
                status,
                received,
                cancelled,
                cancel_reason,
                registered_at,
                updated_at,
            ),
        )
        self.households_done += 1
        self.persons_done += size
        return size
