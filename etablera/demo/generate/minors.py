"""Unaccompanied minors and young adults on top of a generated national data set (`etablera generate --minors-only`;
issue #14): a child's case for every received person of category UNACCOMPANIED_MINOR who is under 21, with a history
of one to three placements of the kinds their ages allow, a god man for the under-18s (a specially appointed
custodian for some with a permit), follow-up visits of the running placement, tracing requests for a few, the report
of continued responsibility sent for some 17-year-old asylum seekers, and the decision at 18 for the young adults —
so that the minors' lists can be measured at scale.

All fictional and deterministic for a seed (each municipality draws from its own generator). Written in bulk
(etablera.bulk.insert: COPY on PostgreSQL), not through the services, and without audit events — as activity.py.
Skipped when generated persons have cases already.
"""

# ruff: noqa: S608 — SQL below is built from model table and column names (quoted), never from input.

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.db import connection, transaction
from django.utils import timezone

from etablera import bulk
from etablera.demo.generate.activity import ensure_bench_logins
from etablera.demo.generate.common import DEFAULT_SEED, REFERENCE_PREFIX, has_generated_data
from etablera.demo.generate.writing import _c, _t
from etablera.minors.models import ChildCase, FollowUpVisit, Guardian, Placement, RelativeLink, TracingRequest
from etablera.organisation.models import Municipality
from etablera.people.models import Category, HouseholdMember
from etablera.reception.models import Assignment
from etablera.rules import minors as rules
from etablera.rules.dates import age_on

S = ChildCase.AsylumStatus
K = Placement.Kind
# Cost per day (kronor) by kind: an HVB home costs most, the young adults' own housing least (1 500–4 500 in all).
COST = {
    K.HVB: (3000, 4500),
    K.EMERGENCY_HOME: (2200, 3200),
    K.FAMILY_HOME: (1500, 2600),
    K.SUPPORTED_HOUSING: (1500, 2400),
    K.EXIT_HOUSING: (1500, 2000),
    K.OWN_FLAT: (1500, 1800),
}
PROVIDERS = {
    K.HVB: ("HVB Solbacken", "HVB Ekhagen", "HVB Björkudden", "HVB Tallmon"),
    K.EMERGENCY_HOME: ("Jourhemmet Andersson", "Jourhemmet Nilsson", "Jourhemmet Ek"),
    K.FAMILY_HOME: ("Familjehemmet Berg", "Familjehemmet Lind", "Familjehemmet Holm", "Familjehemmet Sjö"),
    K.SUPPORTED_HOUSING: ("Stödboendet Linden", "Stödboendet Kvarnen"),
    K.EXIT_HOUSING: ("Utslussboendet Ängen", "Utslussboendet Torget"),
    K.OWN_FLAT: ("Egen lägenhet, kommunens kontrakt",),
}
GOOD_MEN = ("Anna Ek", "Bo Lindgren", "Karin Ström", "Lars Hed", "Maja Dahl", "Per Åkesson", "Eva Rask")
SPECIAL_REASONS = "Mogen för sin ålder och vill bo nära skolan; bedömt i utredningen."
VISIT_NOTE = "Uppföljningsbesök: trivs och går i skolan."
PLAN = "Bor kvar med stöd till 21 år; gymnasiestudier och eget boende planeras med bostadsenheten."


@dataclass
class MinorsOptions:
    seed: int = DEFAULT_SEED
    today: dt.date | None = None
    progress: TextIO | None = None


@dataclass
class MinorsSummary:
    counts: dict[str, int] = field(default_factory=dict)
    municipalities: int = 0
    seconds: float = 0.0
    skipped: bool = False

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class MinorsRefused(Exception):
    pass


@dataclass
class _Rows:
    cases: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    guardians: list = field(default_factory=list)
    visits: list = field(default_factory=list)  # (Placement, FollowUpVisit)
    tracing: list = field(default_factory=list)


def _generated_cases():
    return ChildCase.objects.filter(
        person__household_memberships__household__assignments__reference__startswith=REFERENCE_PREFIX
    )


def has_generated_minors() -> bool:
    return _generated_cases().exists()


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _kind(rng: random.Random, age: int, first: bool, more: bool) -> str:
    """A placement kind the child's age allows at its start (supported housing from 16, rules.placement_problem)."""
    if age < 16:
        if first and more and rng.random() < 0.4:
            return K.EMERGENCY_HOME
        return K.HVB if rng.random() < 0.6 else K.FAMILY_HOME
    if age < 18:
        return rng.choices((K.HVB, K.FAMILY_HOME, K.SUPPORTED_HOUSING), weights=(5, 3, 2))[0]
    return rng.choices(
        (K.SUPPORTED_HOUSING, K.EXIT_HOUSING, K.FAMILY_HOME, K.OWN_FLAT), weights=(4, 3, 2, 1)
    )[0]


def _placements(rng: random.Random, case: ChildCase, born: dt.date, arrived: dt.date, today: dt.date):
    """One to three placements one after the other from the arrival; the last runs (nine in ten)."""
    span = (today - arrived).days
    wanted = 1 if span < 60 else rng.choice((1, 2, 2, 3, 3))
    starts = [arrived] + sorted(
        arrived + dt.timedelta(days=d) for d in rng.sample(range(30, span - 14), wanted - 1)
    )
    running_last = rng.random() < 0.9
    made = []
    for n, start in enumerate(starts):
        if n < len(starts) - 1:
            ends = starts[n + 1] - dt.timedelta(days=1)
        else:  # the last placement runs, or has ended lately (the child waits for the next, or has moved)
            ends = None if running_last else max(start, today - dt.timedelta(days=rng.randint(1, 30)))
        age = age_on(born, start)
        kind = _kind(rng, age, n == 0, len(starts) > 1)
        low, high = COST[kind]
        made.append(
            Placement(
                public_id=_uuid(rng),
                case=case,
                kind=kind,
                provider=rng.choice(PROVIDERS[kind]),
                decided_on=start - dt.timedelta(days=0 if n == 0 else rng.randint(0, 14)),
                starts_on=start,
                ends_on=ends,
                end_reason=rng.choice((Placement.EndReason.PLANNED, Placement.EndReason.BREAKDOWN))
                if ends
                else "",
                cost_per_day=Decimal(rng.randint(low // 50, high // 50) * 50),
                special_reasons=SPECIAL_REASONS if kind == K.SUPPORTED_HOUSING and age < 18 else "",
            )
        )
    return made


def _child(rng: random.Random, m: Municipality, person_id: int, born: dt.date, arrived: dt.date, today, rows):
    age = age_on(born, today)
    adult = rules.turns_adult(born)
    if age < 18:
        status = rng.choices((S.SEEKING, S.TEMPORARY_PERMIT, S.PERMANENT_PERMIT), weights=(4, 5, 1))[0]
    else:
        status = rng.choices(
            (S.TEMPORARY_PERMIT, S.PERMANENT_PERMIT, S.SEEKING, S.REFUSED), weights=(6, 3, 1, 1)
        )[0]
    permit = None
    if status in (S.TEMPORARY_PERMIT, S.PERMANENT_PERMIT):
        permit = min(arrived + dt.timedelta(days=rng.randint(60, 400)), today)
    decided = arrived + dt.timedelta(days=rng.randint(30, 120))
    case = ChildCase(
        public_id=_uuid(rng),
        person_id=person_id,
        municipality=m,
        arrival_municipality=m,
        assigned_municipality=m,
        residing_municipality=m,
        arrived_on=arrived,
        asylum_status=status,
        permit_decided_on=permit,
        investigation_started_on=arrived,
        investigation_decided_on=decided if decided <= today else None,
    )
    report_due = rules.continued_responsibility_report(born).date
    due_soon = report_due <= today + dt.timedelta(days=21)
    # Some 17-year-old asylum seekers' reports are sent (mostly in time); the rest are due soon or overdue.
    if age == 17 and status in (S.SEEKING, S.REFUSED) and due_soon and rng.random() < 0.6:
        case.report_sent_on = max(arrived, min(today, report_due - dt.timedelta(days=rng.randint(-3, 14))))
    if age >= 18:
        keep = status in (S.SEEKING, S.REFUSED) or rng.random() < 0.7
        case.after_18 = ChildCase.After18.KEEP if keep else ChildCase.After18.NOT_NEEDED
        case.after_18_decided_on = max(arrived, adult - dt.timedelta(days=rng.randint(7, 40)))
        case.young_adult_plan = PLAN if keep else ""
        if status in (S.SEEKING, S.REFUSED) or rng.random() < 0.5:
            case.report_sent_on = max(arrived, report_due - dt.timedelta(days=rng.randint(0, 10)))
    rows.cases.append(case)

    placements = _placements(rng, case, born, arrived, today)
    rows.placements += placements
    good_man = Guardian(
        public_id=_uuid(rng),
        case=case,
        kind=Guardian.Kind.GOOD_MAN,
        name=rng.choice(GOOD_MEN),
        applied_on=arrived,
        appointed_on=min(today, arrived + dt.timedelta(days=rng.randint(5, 30))),
    )
    rows.guardians.append(good_man)
    if age >= 18:  # the appointment ended at 18 (or the day it began, for one who came just before)
        good_man.ended_on, good_man.end_reason = max(adult, good_man.appointed_on), Guardian.EndReason.ADULT
    elif age < 18 and permit is not None and rng.random() < 0.25:
        appointed = permit + dt.timedelta(days=rng.randint(30, 120))
        if good_man.appointed_on <= appointed <= today:
            good_man.ended_on, good_man.end_reason = appointed, Guardian.EndReason.CUSTODIAN
            rows.guardians.append(
                Guardian(
                    public_id=_uuid(rng),
                    case=case,
                    kind=Guardian.Kind.APPOINTED_CUSTODIAN,
                    name=rng.choice(GOOD_MEN),
                    applied_on=permit,
                    appointed_on=appointed,
                )
            )
    running = placements[-1] if placements[-1].ends_on is None else None
    if running is not None:
        visited = running.starts_on
        for _ in range(rng.randint(0, 3)):
            visited += dt.timedelta(days=rng.randint(25, 50))
            if visited > today:
                break
            rows.visits.append(
                (running, FollowUpVisit(public_id=_uuid(rng), case=case, visited_on=visited, note=VISIT_NOTE))
            )
    if age < 18 and rng.random() < 0.15:
        requested = min(today, arrived + dt.timedelta(days=rng.randint(10, 60)))
        found = rng.random() < 0.3 and (today - requested).days > 90
        rows.tracing.append(
            TracingRequest(
                public_id=_uuid(rng),
                case=case,
                requested_on=requested,
                via="Röda korset",
                outcome=TracingRequest.Outcome.NOT_FOUND if found else TracingRequest.Outcome.PENDING,
                closed_on=requested + dt.timedelta(days=90) if found else None,
            )
        )


def _children(today: dt.date) -> dict[int, list]:
    """{municipality id: [(person id, birth date, received date)]}: the members of received generated anvisningar
    of unaccompanied minors who are under 21 today, in the household's municipality."""
    responsibility = rules.responsibility_age(today)
    assignments = (
        Assignment.objects.filter(
            reference__startswith=REFERENCE_PREFIX,
            category=Category.UNACCOMPANIED_MINOR,
            status=Assignment.Status.RECEIVED,
            household__isnull=False,
            received_date__lte=today,
        )
        .order_by("household_id", "received_date")
        .values_list("household_id", "household__municipality_id", "received_date")
    )
    received = {}
    for household_id, municipality_id, on in assignments.iterator(chunk_size=10_000):
        received.setdefault(household_id, (municipality_id, on))
    members = (
        HouseholdMember.objects.filter(household_id__in=list(received), person__birth_date__isnull=False)
        .order_by("household_id", "person_id")
        .values_list("household_id", "person_id", "person__birth_date", "person__municipality_id")
    )
    children: dict[int, list] = defaultdict(list)
    seen = set()
    for household_id, person_id, born, person_municipality in members.iterator(chunk_size=10_000):
        municipality_id, on = received[household_id]
        if person_id in seen or person_municipality != municipality_id or born > on:
            continue
        if age_on(born, today) < responsibility:
            seen.add(person_id)
            children[municipality_id].append((person_id, born, on))
    return children


def generate_minors(options: MinorsOptions) -> MinorsSummary:
    """Add the children's cases to the generated data set; nothing when they are there already (idempotent)."""
    started = time.perf_counter()
    today = options.today or timezone.localdate()
    summary = MinorsSummary()
    if not has_generated_data():
        raise MinorsRefused("Inga genererade data att lägga barnärenden till: kör etablera generate först.")
    with transaction.atomic():
        summary.counts["användare"] = (
            ensure_bench_logins()
        )  # bench.social: social services of the bench municipality
        if has_generated_minors():
            summary.skipped = True
            summary.seconds = time.perf_counter() - started
            return summary
        children = _children(today)
        rows = _Rows()
        for m in Municipality.objects.filter(pk__in=list(children)).order_by("code"):
            rng = random.Random(f"{options.seed}-minors-{m.code}")  # noqa: S311 — reproducible fiction
            for person_id, born, arrived in children[m.pk]:
                _child(rng, m, person_id, born, arrived, today, rows)
            summary.municipalities += 1
        if options.progress is not None:
            options.progress.write(
                f"minors: {len(rows.cases):,} barnärenden i {summary.municipalities} kommuner — skriver …\n"
            )
        _write(rows)
    summary.counts.update(
        barnärenden=len(rows.cases),
        placeringar=len(rows.placements),
        företrädare=len(rows.guardians),
        uppföljningsbesök=len(rows.visits),
        efterforskningar=len(rows.tracing),
    )
    summary.seconds = time.perf_counter() - started
    return summary


def _write(rows: _Rows) -> None:
    bulk.insert(ChildCase, rows.cases, batch_size=5000)
    for model, objects in (
        (Placement, rows.placements),
        (Guardian, rows.guardians),
        (TracingRequest, rows.tracing),
    ):
        for obj in objects:
            obj.case_id = obj.case.pk
        bulk.insert(model, objects, batch_size=5000)
    visits = []
    for placement, visit in rows.visits:
        visit.case_id, visit.placement_id = visit.case.pk, placement.pk
        visits.append(visit)
    bulk.insert(FollowUpVisit, visits, batch_size=5000)


def analyze() -> None:
    """Fresh planner statistics for the minors' tables after a bulk load (PostgreSQL; outside a transaction)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (ChildCase, Placement, Guardian, FollowUpVisit, TracingRequest):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def reset_minors(run, persons: str, households: str) -> None:
    """The children's cases of the generated persons, and what hangs on them (`etablera generate --reset`,
    etablera/demo/generate/reset.py): before the persons and households. `run(label, sql, params)` executes and
    counts; `persons` and `households` are subqueries of their ids."""
    t, c = _t, _c
    cases = f"(SELECT id FROM {t(ChildCase)} WHERE {c(ChildCase, 'person')} IN {persons})"
    run(
        "anhöriga till barn",
        f"DELETE FROM {t(RelativeLink)} WHERE {c(RelativeLink, 'case')} IN {cases} OR "
        f"{c(RelativeLink, 'household')} IN {households}",
    )
    for model, label in (
        (FollowUpVisit, "uppföljningsbesök"),
        (TracingRequest, "efterforskningar"),
        (Guardian, "företrädare"),
        (Placement, "placeringar av barn"),
    ):
        run(label, f"DELETE FROM {t(model)} WHERE {c(model, 'case')} IN {cases}")
    run("barnärenden", f"DELETE FROM {t(ChildCase)} WHERE {c(ChildCase, 'person')} IN {persons}")
