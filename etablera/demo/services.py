"""Loading the demo (issue #2, section 6): Nyköping's units and staff, this year's kommuntal, households in
every state with their tasks, and — when the module exists — the published Södermanland 2017 figures.

Idempotent: units and users are looked up by name, a kommuntal is set only when the year has none, and a
household is created only when its Migrationsverket reference is unknown. Everything else a household goes
through (the anvisning, the arrival, the work on its tasks) happens only right after it is created, so a
second run writes nothing — not even an audit event.

Every write goes through the services the pages use (people.services, reception.services), so the audit log,
the tasks generated from the process template and the household timelines are real. Only the timeline's dates
are then moved back to the simulated day (CaseEvent/TaskEvent `at`, Task `completed_at`), so that the demo
reads like four months of work; the audit log keeps the true time of loading.

Issue #3 adds, each only when missing: the received households' addresses (written by the loader, since
addresses come from the population register and have no page), the unit manager's authorisation to see
protected addresses, one written consent (access.services.record_consent) and one social-services note
(access.services.add_note).

Issue #12 adds the establishment phase (demo/establishment.py): the households above at every stage of it, and the
earlier arrivals whose programmes end soon or have ended, with the cohorts' outcomes (demo/cohort.py).
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import random
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from etablera.access import services as access
from etablera.access.audit import log_change
from etablera.access.models import AuditEvent, Consent
from etablera.demo import data
from etablera.demo.activity import load_activity
from etablera.demo.civil import load_civil
from etablera.demo.common import _identity, _on
from etablera.demo.county import load_county
from etablera.demo.establishment import load_establishment
from etablera.demo.grants import load_grants
from etablera.demo.housing import load_housing
from etablera.demo.letters import load_letters
from etablera.demo.minors import load_minors
from etablera.demo.money import load_money
from etablera.demo.reminders import load_reminders
from etablera.demo.volunteers import load_volunteers
from etablera.establishment.models import Assessment, IndividualPlan, MonthlyStatus, ProgrammePeriod
from etablera.housing.models import Contract, HousingUnit
from etablera.organisation.models import Membership, Municipality, Unit, User
from etablera.people import services as people
from etablera.people.models import Household, Note, Person
from etablera.people.services import PersonInput, create_household
from etablera.reception import services as reception
from etablera.reception.models import Assignment, CaseEvent, MunicipalQuota, ReceptionCase, Task

SODERMANLAND_MODULE = "etablera.reception.sodermanland2017"

# What the summary counts, in the order it is printed.
COUNTED = (
    ("enheter", Unit),
    ("användare", User),
    ("kommuntal", MunicipalQuota),
    ("hushåll", Household),
    ("personer", Person),
    ("anvisningar", Assignment),
    ("mottaganden", ReceptionCase),
    ("uppgifter", Task),
    ("händelser i tidslinjer", CaseEvent),
    ("samtycken", Consent),
    ("anteckningar", Note),
    ("bostäder", HousingUnit),
    ("bostadskontrakt", Contract),
    ("kartläggningar", Assessment),
    ("individuella planer", IndividualPlan),
    ("etableringsprogram", ProgrammePeriod),
    ("status per månad", MonthlyStatus),
    ("loggposter", AuditEvent),
)


@dataclass
class Login:
    username: str
    full_name: str
    role: str
    unit: str
    municipality: str


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)  # label -> rows added by this run (only non-zero)
    logins: list[Login] = field(default_factory=list)
    status: dict[str, int] = field(default_factory=dict)  # the demo municipality's current state
    year: int = 0
    sodermanland_status: str = ""  # "loaded", "missing" (no such module) or "skipped"
    sodermanland: dict | None = None  # what sodermanland2017.load() returned

    @property
    def changed(self) -> bool:
        return bool(self.created)


def _counts() -> dict[str, int]:
    return {label: model.objects.count() for label, model in COUNTED}


# --- organisation -------------------------------------------------------------------------------------------


def _ensure_units() -> dict[tuple[str, str], Unit]:
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in={u.municipality for u in data.UNITS})
    }
    units: dict[tuple[str, str], Unit] = {}
    for spec in data.UNITS:
        parent = units[(spec.municipality, spec.parent)] if spec.parent else None
        unit, created = Unit.objects.get_or_create(
            municipality=municipalities[spec.municipality],
            name=spec.name,
            defaults={"kind": spec.kind, "function": spec.function, "parent": parent, "email": spec.email},
        )
        if created:
            log_change(None, AuditEvent.Action.CREATE, unit, f"Enhet {unit.name} skapad (demodata)")
        units[(spec.municipality, spec.name)] = unit
    return units


def _ensure_users(units: dict[tuple[str, str], Unit]) -> dict[str, User]:
    users: dict[str, User] = {}
    for spec in data.USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@example.org",
            },
        )
        if user.is_staff or user.is_superuser:
            # An earlier demo made its administrator a superuser, who saw every municipality in the Django admin.
            User.objects.filter(pk=user.pk).update(is_staff=False, is_superuser=False)
            log_change(
                None, AuditEvent.Action.UPDATE, user, f"Django-admin borttagen för {user.username} (demodata)"
            )
        if created:
            # The password is set only when the user is made, so a changed password survives a second run.
            user.set_password(data.PASSWORD)
            user.save(update_fields=["password"])
            log_change(None, AuditEvent.Action.CREATE, user, f"Användare {user.username} skapad (demodata)")
        unit = units[(spec.municipality, spec.unit)]
        _, membership_created = Membership.objects.get_or_create(user=user, unit=unit, role=spec.role)
        if membership_created and not created:
            log_change(None, AuditEvent.Action.UPDATE, user, f"Roll i {unit.name} tillagd (demodata)")
        users[spec.username] = user
    return users


def _ensure_quotas(today: dt.date, users: dict[str, User]) -> None:
    """This year's kommuntal (and last year's, if a demo decision falls in it), unless the year has one."""
    earliest = min(today - dt.timedelta(days=spec.decided_days_ago) for spec in data.HOUSEHOLDS)
    for code, (quota, months) in data.QUOTAS.items():
        municipality = Municipality.objects.get(code=code)
        wanted = [(today.year, quota, months)]
        if earliest.year < today.year:
            wanted.append((earliest.year, data.PREVIOUS_YEAR_QUOTA[code], None))
        for year, number, split in wanted:
            if MunicipalQuota.objects.filter(municipality=municipality, year=year).exists():
                continue
            reception.set_quota(
                actor=users[data.QUOTA_SET_BY[code]],
                municipality=municipality,
                year=year,
                quota=number,
                months=split,
                note="Demodata (påhittat kommuntal)",
            )


# --- identity numbers ---------------------------------------------------------------------------------------


def _birth_date(
    member: data.MemberSpec, today: dt.date, arrived_days_ago: int, rng: random.Random
) -> dt.date:
    """Born so that the person is `member.age` today and was the same age on arrival."""
    if member.turns_next_in_days is not None:
        return today + dt.timedelta(days=member.turns_next_in_days) - relativedelta(years=member.age + 1)
    days = rng.randint(arrived_days_ago + 10, 355)
    return today - relativedelta(years=member.age) - dt.timedelta(days=days)


def _clamp(day: dt.date, first: dt.date, last: dt.date) -> dt.date:
    return max(first, min(day, last))


# --- households ---------------------------------------------------------------------------------------------


def _members(spec: data.HouseholdSpec, today: dt.date, rng: random.Random) -> list[PersonInput]:
    decision = today - dt.timedelta(days=spec.decided_days_ago)
    taken: set[str] = set()
    members = []
    for member in spec.members:
        birth = _birth_date(member, today, spec.arrived_days_ago or 0, rng)
        interpreter = spec.interpreter if member.age >= 16 else ""
        members.append(
            PersonInput(
                first_name=member.first_name,
                last_name=member.last_name or spec.surname,
                category=spec.category,
                relation=member.relation,
                identity_number_type=spec.id_type,
                identity_number=_identity(spec.id_type, birth, member.sex, rng, taken),
                birth_date=birth,
                sex=member.sex,
                languages=spec.languages,
                interpreter_language=interpreter,
                needs_interpreter=bool(interpreter),
                citizenship=spec.citizenship,
                residence_permit=spec.permit,
                residence_permit_date=decision - dt.timedelta(days=rng.randint(14, 45)),
                protected_identity=member.protected,
            )
        )
    return members


def _anchor(spec: data.HouseholdSpec) -> Person | None:
    if spec.anchor is None:
        return None
    reference, first_name = spec.anchor
    return Person.objects.filter(
        household_memberships__household__assignments__reference=reference, first_name=first_name
    ).first()


def _create_household(
    spec: data.HouseholdSpec, today: dt.date, users: dict[str, User], units: dict, rng: random.Random
) -> None:
    municipality = Municipality.objects.get(code=spec.municipality)
    actor = users[spec.registered_by]
    decision = today - dt.timedelta(days=spec.decided_days_ago)
    registered = _clamp(decision + dt.timedelta(days=rng.randint(1, 3)), decision, today)
    with _on(registered, rng):
        household = create_household(
            actor=actor,
            municipality=municipality,
            name=spec.name,
            members=_members(spec, today, rng),
            anchor_person=_anchor(spec),
        )
        assignment = reception.create_assignment(
            actor=actor,
            municipality=municipality,
            reference=spec.reference,
            category=spec.category,
            decision_date=decision,
            latest_reception_date=(
                decision + dt.timedelta(days=spec.latest_days_after_decision)
                if spec.latest_days_after_decision
                else None
            ),
            household=household,
        )
    if spec.cancelled_days_ago is not None:
        with _on(today - dt.timedelta(days=spec.cancelled_days_ago), rng):
            reception.cancel_assignment(
                actor=actor,
                assignment=assignment,
                cancelled_date=today - dt.timedelta(days=spec.cancelled_days_ago),
                reason=spec.cancel_reason,
            )
    if spec.arrived_days_ago is not None:
        arrival = today - dt.timedelta(days=spec.arrived_days_ago)
        with _on(arrival, rng, hour=10):
            case = reception.receive_household(
                actor=actor, assignment=assignment, arrival_date=arrival, recorded_on=arrival
            )
        _work_on_tasks(spec, case, arrival, today, users, units, rng)


def _find_task(tasks: list[Task], action: data.TaskAction) -> Task | None:
    for task in tasks:
        if not task.title.startswith(action.task):
            continue
        if not action.person or (task.person is not None and task.person.first_name == action.person):
            return task
    return None


def _action_day(action: data.TaskAction, task: Task, arrival: dt.date, today: dt.date) -> dt.date:
    if action.kind in ("assign", "move"):
        day = arrival + dt.timedelta(days=1)
    elif action.kind == "note":
        day = arrival + dt.timedelta(days=2)
    else:
        day = task.due_date - dt.timedelta(days=1)
    return _clamp(day, arrival, today)


def _work_on_tasks(
    spec: data.HouseholdSpec,
    case: ReceptionCase,
    arrival: dt.date,
    today: dt.date,
    users: dict[str, User],
    units: dict,
    rng: random.Random,
) -> None:
    """First what the spec says staff did. Then staff finish the other tasks that were due by the arrival day
    and those more than a week overdue — except a share (1 − the household's `progress`) of the kinds of task
    that really do linger — half of those due lately and a fifth of those due within ten days."""
    tasks = list(
        Task.objects.filter(case=case)
        .select_related("unit", "person", "household", "municipality", "assignee")
        .order_by("due_date", "title", "pk")
    )
    touched: set[int] = set()
    for action in spec.actions:
        task = _find_task(tasks, action)
        if task is None:  # the process template has changed; the demo goes on without this step
            continue
        touched.add(task.pk)
        actor = users[action.by]
        day = _action_day(action, task, arrival, today)
        with _on(day, rng, after=11 if day == arrival else 8):
            if action.kind == "done":
                reception.complete_task(actor=actor, task=task, note=action.text)
            elif action.kind == "na":
                reception.mark_not_applicable(actor=actor, task=task, reason=action.text)
            elif action.kind == "note":
                reception.add_task_note(actor=actor, task=task, text=action.text)
            elif action.kind == "assign":
                reception.reassign_task(actor=actor, task=task, unit=task.unit, assignee=users[action.user])
            elif action.kind == "move":
                reception.reassign_task(
                    actor=actor,
                    task=task,
                    unit=units[(spec.municipality, action.unit)],
                    assignee=users[action.user] if action.user else None,
                )
            else:
                raise ValueError(f"Okänd demohandling: {action.kind}")
    for task in tasks:
        if task.pk in touched or task.status != Task.Status.OPEN:
            continue
        days_late = (today - task.due_date).days
        if task.due_date <= arrival or task.title.startswith(data.DONE_BY_ARRIVAL):
            chance = 1.0  # what had to be ready by the arrival day was, since the household came
        elif days_late >= 7:
            chance = spec.progress if task.title.startswith(data.LINGERING) else 1.0
        else:
            chance = 0.5 if days_late >= 0 else 0.2 if days_late >= -10 else 0.0
        if rng.random() >= chance:
            continue
        worker = users[data.WORKER_BY_UNIT.get(task.unit.name, data.DEFAULT_WORKER)]
        done_on = _clamp(task.due_date - dt.timedelta(days=rng.randint(0, 5)), arrival, today)
        if task.title.startswith(data.DONE_BY_ARRIVAL):
            done_on = arrival
        with _on(done_on, rng, after=11 if done_on == arrival else 8):
            reception.complete_task(actor=worker, task=task)


# --- access: addresses, authorisation, consent, notes (issue #3) ---------------------------------------------


def _demo_person(reference: str, first_name: str) -> Person | None:
    return Person.objects.filter(
        household_memberships__household__assignments__reference=reference, first_name=first_name
    ).first()


def _ensure_addresses() -> None:
    """Each received household's address on its members, for those who have none yet. There is no page for
    addresses yet (they come from the population register), so the loader writes them and logs it."""
    for reference, (street, postal_code, city) in data.ADDRESSES.items():
        persons = Person.objects.filter(
            household_memberships__household__assignments__reference=reference,
            address_street="",
            address_city="",
        )
        for person in persons:
            Person.objects.filter(pk=person.pk).update(
                address_street=street, address_postal_code=postal_code, address_city=city
            )
            log_change(None, AuditEvent.Action.UPDATE, person, "Adress registrerad (demodata)")


def _ensure_protected_address_authorisation(users: dict[str, User]) -> None:
    for username in data.PROTECTED_ADDRESS_USERS:
        memberships = Membership.objects.filter(user=users[username], may_view_protected_address=False)
        for membership in memberships:
            Membership.objects.filter(pk=membership.pk).update(may_view_protected_address=True)
            log_change(
                None,
                AuditEvent.Action.UPDATE,
                users[username],
                f"Behörighet att se skyddade adresser i {membership.unit.name} (demodata)",
            )


def _ensure_register_extract_authorisation(users: dict[str, User]) -> None:
    for username in data.REGISTER_EXTRACT_USERS:
        memberships = Membership.objects.filter(user=users[username], may_produce_register_extract=False)
        for membership in memberships:
            Membership.objects.filter(pk=membership.pk).update(may_produce_register_extract=True)
            log_change(
                None,
                AuditEvent.Action.UPDATE,
                users[username],
                f"Behörighet att ta fram registerutdrag i {membership.unit.name} (demodata)",
            )


def _ensure_consents(today: dt.date, users: dict[str, User], units: dict) -> None:
    for spec in data.CONSENTS:
        if Consent.objects.filter(document_reference=spec.document_reference).exists():
            continue
        person = _demo_person(spec.reference, spec.person)
        if person is None:
            continue
        given = today - dt.timedelta(days=spec.given_days_ago)
        access.record_consent(
            actor=users[spec.recorded_by],
            person=person,
            units=[units[(person.municipality.code, name)] for name in spec.units],
            sections=list(spec.sections),
            purpose=spec.purpose,
            given_date=given,
            valid_until=given + dt.timedelta(days=spec.valid_days) if spec.valid_days else None,
            method=spec.method,
            document_reference=spec.document_reference,
        )


def _ensure_register_history() -> None:
    """Issue #11: a former dossiernummer and a residence permit decision, through the services the pages use."""
    for spec in data.REGISTER_HISTORY:
        person = _demo_person(spec.reference, spec.person)
        if person and person.residence_permit_date and not person.residence_permit_decisions.exists():
            people.record_former_identity_number(actor=None, person=person, **spec.former_number)
            people.record_residence_permit(
                actor=None, person=person, **spec.permit(person.residence_permit_date)
            )


def _ensure_notes(today: dt.date, users: dict[str, User]) -> None:
    for spec in data.NOTES:
        person = _demo_person(spec.reference, spec.person)
        if (
            person is None
            or Note.objects.filter(person=person, section=spec.section, text=spec.text).exists()
        ):
            continue
        note = access.add_note(actor=users[spec.by], person=person, section=spec.section, text=spec.text)
        arrival = (
            ReceptionCase.objects.filter(household__memberships__person=person)
            .order_by("-arrival_date")
            .values_list("arrival_date", flat=True)
            .first()
        )
        if arrival:
            day = _clamp(arrival + dt.timedelta(days=spec.days_after_arrival), arrival, today)
            when = timezone.make_aware(dt.datetime.combine(day, dt.time(13, 20)))
            Note.objects.filter(pk=note.pk).update(created_at=min(when, timezone.now()))


# --- Södermanland 2017 --------------------------------------------------------------------------------------


def sodermanland_available() -> bool:
    try:
        return importlib.util.find_spec(SODERMANLAND_MODULE) is not None
    except ModuleNotFoundError:
        return False


def _load_sodermanland() -> dict:
    module = importlib.import_module(SODERMANLAND_MODULE)
    return module.load(actor=None)


# --- summary ------------------------------------------------------------------------------------------------


def _logins() -> list[Login]:
    wanted = {spec.username: spec for spec in data.USERS}
    users = {u.username: u for u in User.objects.filter(username__in=wanted)}
    memberships = Membership.objects.filter(user__in=users.values()).select_related("unit__municipality")
    by_user: dict[int, Membership] = {}
    for membership in memberships.order_by("pk"):
        by_user.setdefault(membership.user_id, membership)
    logins = []
    for username in wanted:
        user = users.get(username)
        membership = by_user.get(user.pk) if user else None
        if user is None or membership is None:
            continue
        logins.append(
            Login(
                username=username,
                full_name=user.get_full_name(),
                role=membership.get_role_display(),
                unit=membership.unit.name,
                municipality=membership.unit.municipality.name,
            )
        )
    return logins


def _status(today: dt.date) -> dict[str, int]:
    municipality = Municipality.objects.get(code=data.NYKOPING)
    quota = MunicipalQuota.objects.filter(municipality=municipality, year=today.year).first()
    assignments = Assignment.objects.filter(municipality=municipality, quota_year=today.year).aggregate(
        received=Count("pk", filter=Q(status=Assignment.Status.RECEIVED)),
        assigned=Count("pk", filter=Q(status=Assignment.Status.ASSIGNED)),
        cancelled=Count("pk", filter=Q(status=Assignment.Status.CANCELLED)),
    )
    tasks = Task.objects.filter(municipality=municipality).aggregate(
        open=Count("pk", filter=Q(status=Task.Status.OPEN)),
        overdue=Count("pk", filter=Q(status=Task.Status.OPEN, due_date__lt=today)),
        done=Count("pk", filter=Q(status=Task.Status.DONE)),
        not_applicable=Count("pk", filter=Q(status=Task.Status.NOT_APPLICABLE)),
    )
    return {"quota": quota.quota if quota else 0, **assignments, **tasks}


def load_demo(*, today: dt.date | None = None, sodermanland: bool = True) -> DemoResult:
    """Create whatever of the demo is missing; return what was created and the logins. `sodermanland=False`
    leaves out the 2017 figures (thousands of anvisningar across the country), for quicker tests."""
    today = today or timezone.localdate()
    before = _counts()
    with transaction.atomic():
        units = _ensure_units()
        users = _ensure_users(units)
        _ensure_quotas(today, users)
        for spec in data.HOUSEHOLDS:
            if Assignment.objects.filter(reference=spec.reference).exists():
                continue
            # Each household draws from its own generator, so adding a household does not change the others.
            rng = random.Random(f"{data.SEED}-{spec.reference}")  # noqa: S311 — fictional data, not secrets
            _create_household(spec, today, users, units, rng)
        _ensure_addresses()
        _ensure_protected_address_authorisation(users)
        _ensure_register_extract_authorisation(users)
        _ensure_consents(today, users, units)
        _ensure_notes(today, users)
        _ensure_register_history()
        load_housing(today, users)
        load_establishment(today, users, units)
        load_activity(today, users, units)
        load_minors(today, users, units, _create_household)
        load_money(today, users, units)
        load_county()
        load_civil(today, users, units)  # issue #17: the register; volunteers' and grants' read it
        load_volunteers(today, users, units)  # issue #17: volunteers at each step, a language-friend match
        load_grants(today, users, units)  # issue #17: a grant round, one late report back (needs civil's)
        load_letters(today, users, units)  # issue #18: DEMO-ANV-001's first meetings, for its letters
        load_reminders(today, users, units)  # issue #18: consents, the unit's number, a sent reminder
    result = DemoResult(year=today.year)
    if not sodermanland:
        result.sodermanland_status = "skipped"
    elif not sodermanland_available():
        result.sodermanland_status = "missing"
    else:
        result.sodermanland_status = "loaded"
        result.sodermanland = _load_sodermanland()
    after = _counts()
    result.created = {label: after[label] - before[label] for label in after if after[label] != before[label]}
    result.logins = _logins()
    result.status = _status(today)
    return result
