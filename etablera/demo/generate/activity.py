"""The activity requirement on top of a generated national data set (`etablera generate --activity-only`;
docs/performance.md): försörjningsstöd month by month, exemptions, capacity, plans and deviations, the catalogue,
employers and placements, and the week — participations, attendance, job coaches — for every municipality, so that
the activity pages can be measured at scale.

All fictional and deterministic for a seed (each municipality draws from its own generator). Only adults of the
households received in the last three years can have support: about a quarter of those households have a run of
months, most reaching this month, so some are covered, some about to be, some exempt. Written in bulk
(etablera.bulk.insert: COPY on PostgreSQL), not through the services, and without audit events — as housing.py.
"""

# ruff: noqa: S608 — SQL below is built from model table and column names (quoted), never from input.

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.db import connection, transaction
from django.utils import timezone

from etablera import bulk
from etablera.activity.models import (
    Activity,
    Attendance,
    CapacityAssessment,
    Deviation,
    Employer,
    Exemption,
    JobCoachAssignment,
    Participation,
    Placement,
    RequirementPlan,
    SupportMonth,
)
from etablera.demo.generate.common import (
    BENCH_MUNICIPALITY,
    DEFAULT_SEED,
    REFERENCE_PREFIX,
    BenchLogin,
    has_generated_data,
)
from etablera.demo.generate.organisation import UNITS, _unit_name
from etablera.demo.generate.writing import _c, _t
from etablera.organisation.models import Membership, Municipality, Role, Unit
from etablera.people.models import HouseholdMember
from etablera.reception.models import Assignment
from etablera.rules import activity as rules
from etablera.rules.dates import add_months, age_on

MARK = "Genererad (GENA-"  # Activity.description of generated activities: "Genererad (GENA-<code>-<n>)"
RECENT_DAYS = 1095  # households received within three years can have support
SUPPORT_SHARE = 0.25  # of those households
WEEKS_OF_ATTENDANCE = 4
BENCH_SOCIAL_LOGIN = BenchLogin(
    "bench.social", "Sofia", "Berg", "forsorjning", Role.CASEWORKER, "handläggare, försörjningsstöd"
)
BENCH_ACTIVITY_LOGIN = BenchLogin(
    "bench.arbete", "Amir", "Lund", "arbete", Role.CASEWORKER, "handläggare, arbetsmarknadsenheten"
)
BENCH_LOGINS = (BENCH_SOCIAL_LOGIN, BENCH_ACTIVITY_LOGIN)

ACTIVITY_NAMES = (
    (Activity.Kind.LANGUAGE_CAFE, "Språkcafé"),
    (Activity.Kind.WORK_TRAINING, "Arbetsträning i kommunens verkstad"),
    (Activity.Kind.STUDY_CIRCLE, "Studiecirkel: svenska på jobbet"),
    (Activity.Kind.SFI_EXTRA, "SFI kvällstid"),
    (Activity.Kind.JOB_SEEKING, "Jobbsökarverkstad"),
    (Activity.Kind.ASSOCIATION, "Föreningens friluftsgrupp"),
)
EMPLOYER_NAMES = ("Bygg", "Omsorg", "Lager", "Restaurang", "Städ", "Trädgård", "Transport", "Handel")
SSYK_BY_TRADE = {
    "Bygg": "7111",
    "Omsorg": "5321",
    "Lager": "4321",
    "Restaurang": "9412",
    "Städ": "9111",
    "Trädgård": "6113",
    "Transport": "8332",
    "Handel": "5223",
}


@dataclass
class ActivityOptions:
    seed: int = DEFAULT_SEED
    today: dt.date | None = None
    progress: TextIO | None = None


@dataclass
class ActivitySummary:
    counts: dict[str, int] = field(default_factory=dict)
    municipalities: int = 0
    seconds: float = 0.0
    skipped: bool = False

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class ActivityRefused(Exception):
    pass


def has_generated_activity() -> bool:
    return Activity.objects.filter(description__startswith=MARK).exists()


def organisation_number(rng: random.Random) -> str:
    """A valid Swedish organisation number (Luhn, third digit 2 or more), fictional: group 5 (aktiebolag)."""
    digits = [5, rng.randint(5, 9), rng.randint(2, 9)] + [rng.randint(0, 9) for _ in range(6)]
    total = 0
    for i, d in enumerate(digits):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    check = (10 - total % 10) % 10
    text = "".join(map(str, [*digits, check]))
    return f"{text[:6]}-{text[6:]}"


def ensure_bench_logins() -> int:
    """bench.social (försörjningsstöd) and bench.arbete (arbetsmarknadsenheten) in the benchmark municipality."""
    municipality = Municipality.objects.filter(code=BENCH_MUNICIPALITY).first()
    if municipality is None:
        return 0
    made = 0
    for login in BENCH_LOGINS:
        spec = next(s for s in UNITS if s.key == login.unit)
        unit = Unit.objects.filter(municipality=municipality, name=_unit_name(spec, municipality)).first()
        if unit is None:
            continue
        user, created = login.ensure(unit)
        made += int(created)
    return made


@dataclass
class _Rows:
    activities: list = field(default_factory=list)
    employers: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    months: list = field(default_factory=list)
    month_persons: list = field(default_factory=list)  # (SupportMonth, person id)
    exemptions: list = field(default_factory=list)
    capacities: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    deviations: list = field(default_factory=list)
    participations: list = field(default_factory=list)
    attendance: list = field(default_factory=list)  # (Participation, Attendance)
    coaches: list = field(default_factory=list)


def _units(m: Municipality) -> dict[str, Unit]:
    by_name = {u.name: u for u in Unit.objects.filter(municipality=m)}
    return {spec.key: by_name.get(_unit_name(spec, m)) for spec in UNITS}


def _municipality(
    m: Municipality, households, members, staff, seed: int, today: dt.date, rows: _Rows
) -> None:
    """households: [(household id, received date)]; members: {household id: [(person id, birth date)]};
    staff: {unit id: [user id]}."""
    rng = random.Random(f"{seed}-activity-{m.code}")  # noqa: S311 — reproducible fiction
    units = _units(m)
    social, work = units.get("forsorjning"), units.get("arbete")
    if social is None or work is None:
        return
    owners = [u for u in (work, units.get("kultur"), units.get("sfi")) if u is not None]
    current = rules.month_start(today)
    monday = today - dt.timedelta(days=today.weekday())
    supported = [h for h in households if rng.random() < SUPPORT_SHARE]

    activities = []
    for n in range(max(3, len(supported) // 25)):
        kind, name = ACTIVITY_NAMES[n % len(ACTIVITY_NAMES)]
        activity = Activity(
            municipality=m,
            unit=owners[n % len(owners)],  # the labour-market unit owns the first, and every third
            name=f"{name} {n // len(ACTIVITY_NAMES) + 1}",
            kind=kind,
            description=f"{MARK}{m.code}-{n})",
            place=rng.choice(("Folkets hus", "Stadsbiblioteket", "Kommunens verkstad", "Medborgarhuset")),
            schedule=rng.choice(("mån och ons 9–12", "tis och tors 13–16", "mån–fre 8–12", "ons 18–20")),
            hours_per_week=Decimal(rng.choice((2, 4, 6, 10, 15, 20))),
            places=rng.randint(8, 30),
            languages=rng.sample(["sv", "ar", "ti", "so", "fa", "uk"], 2),
            language_support=rng.random() < 0.5,
            starts_on=today - dt.timedelta(days=rng.randint(30, 400)),
        )
        activities.append(activity)
    rows.activities += activities

    placements = []
    for n in range(max(2, len(supported) // 40)):
        trade = EMPLOYER_NAMES[n % len(EMPLOYER_NAMES)]
        employer = Employer(
            municipality=m,
            name=f"{trade}företaget {m.name} {n + 1} AB",
            organisation_number=organisation_number(rng),
            industry=trade,
        )
        rows.employers.append(employer)
        for k in range(2):
            start = today + dt.timedelta(days=rng.randint(-120, 60))
            placement = Placement(
                employer=employer,
                municipality=m,
                unit=work,
                title=f"Praktik: {trade.lower()} {k + 1}",
                ssyk=SSYK_BY_TRADE[trade],
                tasks="Arbetsuppgifter enligt handledarens plan.",
                swedish_level=rng.choice(Placement.SwedishLevel.values),
                driving_licence=trade == "Transport",
                starts_on=start,
                ends_on=start + dt.timedelta(days=rng.choice((56, 84, 112))),
                hours_per_week=Decimal(rng.choice((20, 30, 40))),
            )
            placements.append(placement)
    rows.placements += placements  # all open: the bench measures the lists, not the placements' lives

    coaches = staff.get(work.pk, [])
    in_turn = 0
    for household_id, received in supported:
        adults = [
            (pid, born)
            for pid, born in members.get(household_id, [])
            if born and 18 <= age_on(born, today) < 67
        ]
        if not adults:
            continue
        length = rng.randint(1, 14)
        last = current if rng.random() < 0.6 else add_months(current, -rng.choice((1, 1, 2, 5)))
        first = max(add_months(last, -(length - 1)), rules.month_start(received))
        month = first
        while month <= last:
            sm = SupportMonth(
                household_id=household_id,
                municipality=m,
                month=month,
                amount=rng.randint(8, 25) * 1000,
                source=SupportMonth.Source.IMPORT,
            )
            rows.months.append(sm)
            rows.month_persons += [(sm, pid) for pid, _born in adults]
            month = add_months(month, 1)
        for pid, _born in adults:
            roll = rng.random()
            if roll < 0.08:
                rows.exemptions.append(
                    Exemption(
                        person_id=pid,
                        municipality=m,
                        ground=rng.choice((rules.FULL_TIME_STUDIES, rules.SICKNESS, rules.AF_PROGRAMME)),
                        valid_from=first,
                        valid_until=today + dt.timedelta(days=rng.randint(10, 200)),
                    )
                )
                continue
            if rng.random() < 0.15:
                rows.capacities.append(
                    CapacityAssessment(
                        person_id=pid,
                        municipality=m,
                        hours_per_week=Decimal(rng.choice((10, 20, 25, 30))),
                        valid_from=first,
                        assessor="Arbetsterapeut",
                        reason="Bedömd förmåga efter samtal och arbetsprövning.",
                    )
                )
            if last < add_months(current, -1):
                continue  # no support now: no plan or week
            covered = (current - first).days >= 85  # about three months in a row
            if covered and rng.random() < 0.7:
                rows.plans.append(
                    RequirementPlan(
                        person_id=pid,
                        municipality=m,
                        unit=social,
                        drawn_up_on=current,
                        hours_per_week=Decimal(40),
                        job_seeking_hours=Decimal(5),
                        content="Aktiviteter enligt veckoplanen och jobbsökande fem timmar i veckan.",
                        follow_up_on=add_months(current, 1),
                    )
                )
            # The week is planned for those covered and, often, before the requirement starts.
            if rng.random() < (0.6 if covered else 0.4) and activities:
                activity = activities[in_turn % len(activities)]  # in turn: every activity gets participants
                in_turn += 1
                participation = Participation(
                    person_id=pid,
                    municipality=m,
                    kind=Participation.Kind.ACTIVITY,
                    activity=activity,
                    hours_per_week=activity.hours_per_week,
                    starts_on=monday - dt.timedelta(weeks=WEEKS_OF_ATTENDANCE),
                    unit=activity.unit,
                )
                rows.participations.append(participation)
                for w in range(1, WEEKS_OF_ATTENDANCE + 1):
                    planned = activity.hours_per_week
                    absent = Decimal(rng.choice((0, 0, 0, 2))) if planned > 2 else Decimal(0)
                    reason = ""
                    if absent:
                        reason = rng.choice(Attendance.AbsenceReason.values[1:])
                    rows.attendance.append(
                        (
                            participation,
                            Attendance(
                                week=monday - dt.timedelta(weeks=w),
                                hours_attended=planned - absent,
                                hours_absent=absent,
                                absence_reason=reason,
                                source=Attendance.Source.IMPORT,
                            ),
                        )
                    )
                if rng.random() < 0.04:
                    rows.deviations.append(
                        Deviation(
                            person_id=pid,
                            municipality=m,
                            kind=Deviation.Kind.ABSENCE,
                            occurred_on=monday - dt.timedelta(days=7),
                            description="Kom inte till aktiviteten och hörde inte av sig.",
                            participation=participation,
                            reported_unit=activity.unit,
                        )
                    )
            if coaches and rng.random() < 0.5:
                assigned = today - dt.timedelta(days=rng.randint(0, 60))
                deadline = rules.job_coach_first_contact(assigned)
                contacted = assigned + dt.timedelta(days=rng.randint(1, 5))
                rows.coaches.append(
                    JobCoachAssignment(
                        person_id=pid,
                        municipality=m,
                        coach_id=rng.choice(coaches),
                        unit=work,
                        assigned_on=assigned,
                        first_contact_due=deadline.date,
                        first_contact_rule=deadline.as_json(),
                        first_contact_on=contacted if contacted <= today else None,
                    )
                )


def _recent(today: dt.date):
    """{municipality id: [(household id, received date)]} of generated anvisningar received within three years."""
    since = today - dt.timedelta(days=RECENT_DAYS)
    rows = (
        Assignment.objects.filter(
            reference__startswith=REFERENCE_PREFIX,
            household__isnull=False,
            status=Assignment.Status.RECEIVED,
            received_date__gte=since,
            received_date__lte=today,
        )
        .order_by("municipality_id", "household_id")
        .values_list("municipality_id", "household_id", "received_date")
    )
    by_municipality: dict[int, list] = defaultdict(list)
    seen = set()
    for municipality_id, household_id, received in rows.iterator(chunk_size=10_000):
        if household_id not in seen:
            seen.add(household_id)
            by_municipality[municipality_id].append((household_id, received))
    return by_municipality


def _members(household_ids: set[int]) -> dict[int, list]:
    members: dict[int, list] = defaultdict(list)
    rows = HouseholdMember.objects.filter(household_id__in=household_ids).values_list(
        "household_id", "person_id", "person__birth_date"
    )
    for household_id, person_id, born in rows.iterator(chunk_size=20_000):
        members[household_id].append((person_id, born))
    return members


def _staff() -> dict[int, list[int]]:
    staff: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(role=Role.CASEWORKER, unit__function=Unit.Function.LABOUR_MARKET)
    for unit_id, user_id in rows.order_by("user_id").values_list("unit_id", "user_id"):
        staff[unit_id].append(user_id)
    return staff


def generate_activity(options: ActivityOptions) -> ActivitySummary:
    """Add the activity requirement to the generated data set; nothing when it is there already (idempotent)."""
    started = time.perf_counter()
    today = options.today or timezone.localdate()
    summary = ActivitySummary()
    if not has_generated_data():
        raise ActivityRefused(
            "Inga genererade data att lägga aktivitetskravet till: kör etablera generate först."
        )
    with transaction.atomic():
        summary.counts["användare"] = ensure_bench_logins()
        if has_generated_activity():
            summary.skipped = True
            summary.seconds = time.perf_counter() - started
            return summary
        recent = _recent(today)
        members = _members({h for rows in recent.values() for h, _ in rows})
        staff = _staff()
        rows = _Rows()
        for m in Municipality.objects.filter(pk__in=list(recent)).order_by("code"):
            _municipality(m, recent[m.pk], members, staff, options.seed, today, rows)
            summary.municipalities += 1
        if options.progress is not None:
            options.progress.write(
                f"activity: {len(rows.months):,} månader med försörjningsstöd, {len(rows.participations):,} "
                f"planerade aktiviteter i {summary.municipalities} kommuner — skriver …\n"
            )
        _write(rows)
    summary.counts.update(
        aktiviteter=len(rows.activities),
        arbetsgivare=len(rows.employers),
        praktikplatser=len(rows.placements),
        stödmånader=len(rows.months),
        personer_per_månad=len(rows.month_persons),
        undantag=len(rows.exemptions),
        förmåga=len(rows.capacities),
        planer=len(rows.plans),
        avvikelser=len(rows.deviations),
        deltaganden=len(rows.participations),
        närvaro=len(rows.attendance),
        jobbcoacher=len(rows.coaches),
    )
    summary.seconds = time.perf_counter() - started
    return summary


def _write(rows: _Rows) -> None:
    bulk.insert(Activity, rows.activities, batch_size=2000)
    bulk.insert(Employer, rows.employers, batch_size=2000)
    for placement in rows.placements:
        placement.employer_id = placement.employer.pk
    bulk.insert(Placement, rows.placements, batch_size=2000)
    bulk.insert(SupportMonth, rows.months, batch_size=5000)
    through = SupportMonth.persons.through
    bulk.insert(
        through,
        [through(supportmonth_id=sm.pk, person_id=pid) for sm, pid in rows.month_persons],
        batch_size=5000,
    )
    bulk.insert(Exemption, rows.exemptions, batch_size=5000)
    bulk.insert(CapacityAssessment, rows.capacities, batch_size=5000)
    bulk.insert(RequirementPlan, rows.plans, batch_size=5000)
    for participation in rows.participations:
        participation.activity_id = participation.activity.pk
    bulk.insert(Participation, rows.participations, batch_size=5000)
    attendance = []
    for participation, record in rows.attendance:
        record.participation_id = participation.pk
        attendance.append(record)
    bulk.insert(Attendance, attendance, batch_size=5000)
    for deviation in rows.deviations:
        deviation.participation_id = deviation.participation.pk
    bulk.insert(Deviation, rows.deviations, batch_size=5000)
    bulk.insert(JobCoachAssignment, rows.coaches, batch_size=5000)


def analyze() -> None:
    """Fresh planner statistics for the activity tables after a bulk load (PostgreSQL; outside a transaction)."""
    if connection.vendor != "postgresql":
        return
    models = (
        Activity,
        Employer,
        Placement,
        SupportMonth,
        SupportMonth.persons.through,
        Exemption,
        CapacityAssessment,
        RequirementPlan,
        Participation,
        Attendance,
        Deviation,
        JobCoachAssignment,
    )
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def reset_activity(run, persons: str, households: str) -> None:
    """The activity requirement's rows of the generated persons and households, and the generated catalogue and
    praktikplatsbank (`etablera generate --reset`, etablera/demo/generate/reset.py): before the persons. `run(label,
    sql, params)` executes and counts; `persons` and `households` are subqueries of their ids."""
    t, c = _t, _c
    through = SupportMonth.persons.through
    generated = f"(SELECT id FROM {t(Activity)} WHERE {c(Activity, 'description')} LIKE %s)"
    like = [MARK + "%"]
    run(
        "närvaro",
        f"DELETE FROM {t(Attendance)} WHERE {c(Attendance, 'participation')} IN (SELECT id FROM "
        f"{t(Participation)} WHERE {c(Participation, 'person')} IN {persons} OR {c(Participation, 'activity')} IN "
        f"{generated})",
        like,
    )
    run("avvikelser", f"DELETE FROM {t(Deviation)} WHERE {c(Deviation, 'person')} IN {persons}")
    run(
        "planerade aktiviteter",
        f"DELETE FROM {t(Participation)} WHERE {c(Participation, 'person')} IN {persons} OR "
        f"{c(Participation, 'activity')} IN {generated}",
        like,
    )
    for model, label in (
        (JobCoachAssignment, "jobbcoacher"),
        (RequirementPlan, "planer för aktivitetskravet"),
        (CapacityAssessment, "bedömningar av förmåga"),
        (Exemption, "undantag"),
    ):
        run(label, f"DELETE FROM {t(model)} WHERE {c(model, 'person')} IN {persons}")
    run(
        "personer per stödmånad",
        f"DELETE FROM {t(through)} WHERE {c(through, 'supportmonth')} IN (SELECT id FROM {t(SupportMonth)} "
        f"WHERE {c(SupportMonth, 'household')} IN {households})",
    )
    run("stödmånader", f"DELETE FROM {t(SupportMonth)} WHERE {c(SupportMonth, 'household')} IN {households}")
    run("aktiviteter", f"DELETE FROM {t(Activity)} WHERE id IN {generated}", like)
    # The generated employers are those of no placement left after their placements go (all generated ones are
    # open and unfilled): an employer made by hand keeps its own.
    generated_employers = f"(SELECT id FROM {t(Employer)} WHERE {c(Employer, 'name')} LIKE %s)"
    run(
        "praktikplatser",
        f"DELETE FROM {t(Placement)} WHERE {c(Placement, 'employer')} IN {generated_employers}",
        ["%företaget % AB"],
    )
    run("arbetsgivare", f"DELETE FROM {t(Employer)} WHERE id IN {generated_employers}", ["%företaget % AB"])
