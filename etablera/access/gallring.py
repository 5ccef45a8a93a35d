"""Gallring: find the records whose retention period has run out (a dry run), and anonymise or remove them.

The rules are in etablera/rules/retention.py; this module collects the dates they need from the database.

Record types
  household   the household's reception record — its anvisningar, reception case, tasks and their notes, timeline,
              the break-glass accesses to it, and its members. The last entry is the latest of: the household's
              creation, timeline events, task changes and task notes, members' notes and member changes,
              anvisning changes, and the reception case's dates. A household with an open reception case or an
              anvisning still waiting for arrival is ongoing and kept.
  notes       per person and section (BASIC, SOCIAL, SCHOOL, HEALTH): the last entry is the latest note of that
              section; each section has its own period.
A person without a household follows the household rule on their own dates.

What execution does to a household that is due
  household name → "Avidentifierad"; timeline texts, task notes, reasons and break-glass reasons cleared; a task
  title that names a member loses the name; anvisningar, reception cases, tasks and memberships are kept (with their
  dates, categories and counts) so that the quota report and every statistic stay the same.
  Each member who belongs to no other living household: names (and their search key) → "Avidentifierad", identity
  number, address, phone, e-mail and languages cleared, birth date, date of death and residence-permit dates (the
  decisions' too) → the year only (1 January), notes, consents, former identity numbers and birth-date changes
  deleted, a merged duplicate's trace reduced to "there was one", the establishment records' texts cleared (their
  health part and a child's mapping go by their own periods; establishment/gallring.py) and so are the activity
  requirement's (activity/gallring.py) and the child's case (minors/gallring.py); sex, category, citizenship and
  residence permit kept. The household's own history of changes keeps its kinds and dates, its texts cleared. `anonymised_at` is set on persons and households.
The audit log is never gallrad: it names persons and households by public id only. Each execution writes one audit
event per municipality with the counts and the public ids of the households.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Subquery
from django.db.models.functions import TruncYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent, BreakGlassAccess, Consent
from etablera.access.sections import Section
from etablera.activity import gallring as activity_gallring
from etablera.civil import gallring as civil_gallring
from etablera.establishment import gallring as establishment_gallring
from etablera.grants import gallring as grants_gallring
from etablera.housing.models import Contract, HousingNeed, MatchProposal
from etablera.minors import gallring as minors_gallring
from etablera.organisation.models import Municipality
from etablera.people.models import (
    BirthDateChange,
    Category,
    FormerIdentityNumber,
    Household,
    HouseholdChange,
    HouseholdMember,
    Note,
    Person,
    PersonMerge,
    ResidencePermitDecision,
)
from etablera.people.names import person_name_key
from etablera.reception.models import Assignment, CaseEvent, ReceptionCase, Task, TaskEvent
from etablera.reminders import gallring as reminders_gallring
from etablera.rules import identity
from etablera.rules.retention import (
    CHILD_PLACEMENT,
    HOUSEHOLD,
    RESEARCH_BIRTH_DAY,
    RetentionOutcome,
    assess,
    note_record_type,
)
from etablera.volunteers import gallring as volunteers_gallring

ANONYMISED = "Avidentifierad"
CLEARED_REASON = "Gallrad"  # where the database requires a reason (a task marked not applicable)
ONGOING = "ongoing"

KEPT_LABELS = {
    ONGOING: _("Pågående ärende"),
    RESEARCH_BIRTH_DAY: _("Forskning (född den 5, 15 eller 25)"),
    CHILD_PLACEMENT: _("Placering av barn"),
}


def _day(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    return value


def _latest(*values) -> dt.date:
    return max(day for day in map(_day, values) if day is not None)


@dataclass
class HouseholdRecord:
    pk: int
    public_id: uuid.UUID
    municipality_id: int
    municipality_code: str
    outcome: RetentionOutcome
    ongoing: bool

    @property
    def kept_reason(self) -> str:
        return ONGOING if self.ongoing else self.outcome.exemption

    @property
    def kept_label(self) -> str:
        return str(KEPT_LABELS.get(self.kept_reason, ""))

    def as_json(self) -> dict:
        return {
            "public_id": str(self.public_id),
            "municipality": self.municipality_code,
            "last_entry": self.outcome.last_entry.isoformat(),
            "period_ends": self.outcome.period_ends.isoformat(),
            "complete_by": self.outcome.complete_by.isoformat(),
            "kept": self.kept_reason,
        }


@dataclass
class NoteGroup:
    person_id: int
    person_public_id: uuid.UUID
    municipality_id: int
    municipality_code: str
    section: str
    count: int
    last_created: dt.datetime
    outcome: RetentionOutcome


@dataclass
class Plan:
    today: dt.date
    households: list[HouseholdRecord] = field(default_factory=list)  # due: to be anonymised
    kept: list[HouseholdRecord] = field(default_factory=list)  # period run out, but kept
    persons: dict[int, int] = field(default_factory=dict)  # person id -> municipality id, to be anonymised
    person_notes: dict[tuple[int, str], int] = field(
        default_factory=dict
    )  # (municipality id, section) -> notes
    note_groups: list[NoteGroup] = field(default_factory=list)  # sections due of other persons
    task_notes: dict[int, int] = field(default_factory=dict)  # municipality id -> task notes to clear
    # The mapping's health parts and child mappings whose own period has run out: record type -> ids
    establishment_parts: dict[str, list[int]] = field(default_factory=dict)
    # Grant applications (issue #17, grants/gallring.py): unconfirmed deleted, contact persons cleared
    grants: dict[str, int] = field(default_factory=dict)
    # Volunteers (issue #17, volunteers/gallring.py): unconfirmed deleted, withdrawn and inactive erased, notes
    volunteers: dict[str, int] = field(default_factory=dict)
    # Associations' contact persons (issue #17, civil/gallring.py): deleted after the association left the network
    civil: dict[str, int] = field(default_factory=dict)
    # Reminders' outbox (issue #18, reminders/gallring.py): addresses and texts cleared after their period
    reminders: dict[str, int] = field(default_factory=dict)

    def notes_by_section(self) -> dict[str, int]:
        counts = dict.fromkeys(Section.values, 0)
        for (_municipality_id, section), count in self.person_notes.items():
            counts[section] += count
        for group in self.note_groups:
            counts[group.section] += group.count
        return counts

    def counts(self) -> dict:
        kept: dict[str, int] = defaultdict(int)
        for record in self.kept:
            kept[record.kept_reason] += 1
        return {
            "households": len(self.households),
            "persons": len(self.persons),
            "notes": self.notes_by_section(),
            "task_notes": sum(self.task_notes.values()),
            "establishment_parts": {kind: len(ids) for kind, ids in sorted(self.establishment_parts.items())},
            "kept_households": dict(sorted(kept.items())),
            "grants": self.grants,
            "volunteers": self.volunteers,
            "civil": self.civil,
            "reminders": self.reminders,
        }

    @property
    def is_empty(self) -> bool:
        return not (
            self.households or self.persons or self.note_groups or any(self.establishment_parts.values())
        )

    def as_json(self) -> dict:
        return {
            "date": self.today.isoformat(),
            "counts": self.counts(),
            "households": [record.as_json() for record in self.households],
            "kept": [record.as_json() for record in self.kept],
        }


def _latest_of(queryset, field_name: str) -> Subquery:
    return Subquery(queryset.order_by(f"-{field_name}").values(field_name)[:1])


def _households(today: dt.date, municipality_ids) -> tuple[list[HouseholdRecord], list[HouseholdRecord]]:
    households = Household.objects.filter(anonymised_at__isnull=True)
    if municipality_ids is not None:
        households = households.filter(municipality_id__in=municipality_ids)
    here = OuterRef("pk")
    rows = households.annotate(
        last_event=_latest_of(CaseEvent.objects.filter(household=here), "at"),
        last_task=_latest_of(Task.objects.filter(household=here), "updated_at"),
        last_task_event=_latest_of(TaskEvent.objects.filter(task__household=here), "at"),
        last_note=_latest_of(
            Note.objects.filter(person__household_memberships__household=here), "created_at"
        ),
        last_member=_latest_of(Person.objects.filter(household_memberships__household=here), "updated_at"),
        last_assignment=_latest_of(Assignment.objects.filter(household=here), "updated_at"),
        last_arrival=_latest_of(ReceptionCase.objects.filter(household=here), "arrival_date"),
        last_closed=_latest_of(ReceptionCase.objects.filter(household=here), "closed_date"),
        open_case=Exists(ReceptionCase.objects.filter(household=here, status=ReceptionCase.Status.OPEN)),
        waiting=Exists(Assignment.objects.filter(household=here, status=Assignment.Status.ASSIGNED)),
        last_contract=_latest_of(Contract.objects.filter(household=here), "updated_at"),
        last_housing_need=_latest_of(HousingNeed.objects.filter(household=here), "updated_at"),
        last_change=_latest_of(HouseholdChange.objects.filter(household=here), "at"),
        # The members' establishment records: their entries, and a plan, programme or SFI that runs.
        **establishment_gallring.household_dates(here),
        # The activity requirement's records (issue #13): support, the plan, the week.
        **activity_gallring.household_dates(here),
        # The child's case (issue #14): the case, placements, representatives, visits, tracing, relatives.
        **minors_gallring.household_dates(here),
        # A household still waiting for a home, or living under a contract, has an ongoing matter.
        housing_open=Exists(HousingNeed.objects.filter(household=here, status__in=HousingNeed.OPEN_STATUSES))
        | Exists(
            Contract.objects.filter(
                household=here, status__in=[Contract.Status.DRAFT, Contract.Status.ACTIVE]
            )
        ),
    ).values(
        "pk",
        "public_id",
        "municipality_id",
        "municipality__code",
        "created_at",
        "last_event",
        "last_task",
        "last_task_event",
        "last_note",
        "last_member",
        "last_assignment",
        "last_arrival",
        "last_closed",
        "open_case",
        "waiting",
        "last_contract",
        "last_housing_need",
        "last_change",
        "housing_open",
        *establishment_gallring.DATE_KEYS,
        "establishment_open",
        *activity_gallring.DATE_KEYS,
        "activity_open",
        *minors_gallring.DATE_KEYS,
        "minors_open",
    )
    rows = list(rows)
    births: dict[int, list[dt.date | None]] = defaultdict(list)
    placed: set[int] = set()
    for household_id, birth_date, category in HouseholdMember.objects.filter(
        household_id__in=[row["pk"] for row in rows]
    ).values_list("household_id", "person__birth_date", "person__category"):
        births[household_id].append(birth_date)
        # An unaccompanied minor is placed by the board (HVB, familjehem, stödboende), so the household's record is
        # a record about a placement of a child — whether or not the placement is recorded in the child's case.
        if category == Category.UNACCOMPANIED_MINOR:
            placed.add(household_id)
    placed |= minors_gallring.placed_households(births)  # issue #14: a member with a placement on their case
    due, kept = [], []
    for row in rows:
        last_entry = _latest(
            row["created_at"],
            row["last_event"],
            row["last_task"],
            row["last_task_event"],
            row["last_note"],
            row["last_member"],
            row["last_assignment"],
            row["last_arrival"],
            row["last_closed"],
            row["last_contract"],
            row["last_housing_need"],
            row["last_change"],
            *(row[key] for key in establishment_gallring.DATE_KEYS),
            *(row[key] for key in activity_gallring.DATE_KEYS),
            *(row[key] for key in minors_gallring.DATE_KEYS),
        )
        outcome = assess(
            HOUSEHOLD, last_entry, today, birth_dates=births[row["pk"]], child_placement=row["pk"] in placed
        )
        if not outcome.expired:
            continue
        record = HouseholdRecord(
            pk=row["pk"],
            public_id=row["public_id"],
            municipality_id=row["municipality_id"],
            municipality_code=row["municipality__code"],
            outcome=outcome,
            ongoing=row["open_case"]
            or row["waiting"]
            or row["housing_open"]
            or row["establishment_open"]
            or row["activity_open"]
            or row["minors_open"],
        )
        (due if outcome.due and not record.ongoing else kept).append(record)
    return due, kept


def _persons(today: dt.date, due: list[HouseholdRecord], municipality_ids) -> dict[int, int]:
    """Persons to anonymise: members of due households who belong to no other living household and are not the
    anchor person of one, and persons without any household whose own period has run out."""
    due_ids = {record.pk for record in due}
    living = Household.objects.filter(anonymised_at__isnull=True).exclude(pk__in=due_ids)
    candidates = Person.objects.filter(
        anonymised_at__isnull=True, household_memberships__household_id__in=due_ids
    )
    persons = dict(
        candidates.exclude(household_memberships__household__in=living)
        .exclude(reunified_households__in=living)
        .distinct()
        .values_list("pk", "municipality_id")
    )
    alone = Person.objects.filter(anonymised_at__isnull=True, household_memberships__isnull=True).exclude(
        reunified_households__in=living
    )
    if municipality_ids is not None:
        alone = alone.filter(municipality_id__in=municipality_ids)
    placed = minors_gallring.placed_persons(alone.values("pk"))  # issue #14: a placement on the child's case
    alone = alone.annotate(last_note=Max("notes__created_at")).values_list(
        "pk", "municipality_id", "created_at", "updated_at", "last_note", "birth_date", "category"
    )
    for pk, municipality_id, created, updated, last_note, birth_date, category in alone:
        outcome = assess(
            HOUSEHOLD,
            _latest(created, updated, last_note),
            today,
            birth_dates=[birth_date],
            child_placement=category == Category.UNACCOMPANIED_MINOR or pk in placed,
        )
        if outcome.due:
            persons[pk] = municipality_id
    return persons


def _note_groups(today: dt.date, skip: set[int], municipality_ids) -> list[NoteGroup]:
    notes = Note.objects.filter(person__anonymised_at__isnull=True).exclude(person_id__in=skip)
    if municipality_ids is not None:
        notes = notes.filter(person__municipality_id__in=municipality_ids)
    groups = []
    placed = minors_gallring.placed_persons(notes.values("person_id"))  # issue #14
    for row in notes.values(
        "person_id",
        "person__public_id",
        "person__municipality_id",
        "person__municipality__code",
        "person__birth_date",
        "person__category",
        "section",
    ).annotate(last=Max("created_at"), count=Count("pk")):
        outcome = assess(
            note_record_type(row["section"]),
            _day(row["last"]),
            today,
            birth_dates=[row["person__birth_date"]],
            child_placement=row["person__category"] == Category.UNACCOMPANIED_MINOR
            or row["person_id"] in placed,
        )
        if outcome.due:
            groups.append(
                NoteGroup(
                    person_id=row["person_id"],
                    person_public_id=row["person__public_id"],
                    municipality_id=row["person__municipality_id"],
                    municipality_code=row["person__municipality__code"],
                    section=row["section"],
                    count=row["count"],
                    last_created=row["last"],
                    outcome=outcome,
                )
            )
    return groups


def plan(*, today: dt.date | None = None, municipality_ids=None) -> Plan:
    """The dry run: what gallring would do on `today` (default today), for the given municipalities (default all).
    Reads no names and writes nothing."""
    today = today or timezone.localdate()
    due, kept = _households(today, municipality_ids)
    persons = _persons(today, due, municipality_ids)
    person_notes = {
        (municipality_id, section): count
        for municipality_id, section, count in Note.objects.filter(person_id__in=persons)
        .values("person__municipality_id", "section")
        .annotate(n=Count("pk"))
        .values_list("person__municipality_id", "section", "n")
    }
    return Plan(
        today=today,
        households=due,
        kept=kept,
        persons=persons,
        person_notes=person_notes,
        note_groups=_note_groups(today, set(persons), municipality_ids),
        establishment_parts=establishment_gallring.due_parts(today, municipality_ids),
        grants=grants_gallring.plan(today, municipality_ids),
        volunteers=volunteers_gallring.plan(today, municipality_ids),
        civil=civil_gallring.plan(today, municipality_ids),
        reminders=reminders_gallring.plan(today, municipality_ids),
        task_notes=dict(
            TaskEvent.objects.filter(task__household_id__in=[r.pk for r in due], kind=TaskEvent.Kind.NOTE)
            .exclude(text="")
            .values("task__municipality_id")
            .annotate(n=Count("pk"))
            .values_list("task__municipality_id", "n")
        ),
    )


@transaction.atomic
def execute(*, actor=None, today: dt.date | None = None, municipality_ids=None) -> Plan:
    """Carry out the plan for `today` in one transaction and log it. Returns what was done."""
    done = plan(today=today, municipality_ids=municipality_ids)
    now = timezone.now()
    due_ids = [record.pk for record in done.households]
    person_ids = list(done.persons)

    # The household records: kept with their dates and counts, free texts cleared.
    Household.objects.filter(pk__in=due_ids).update(name=ANONYMISED, anonymised_at=now)
    CaseEvent.objects.filter(household_id__in=due_ids).update(text="")
    HouseholdChange.objects.filter(household_id__in=due_ids).update(text="")
    TaskEvent.objects.filter(task__household_id__in=due_ids).update(text="")
    Task.objects.filter(household_id__in=due_ids).exclude(not_applicable_reason="").update(
        not_applicable_reason=CLEARED_REASON
    )
    Assignment.objects.filter(household_id__in=due_ids).update(cancel_reason="")
    BreakGlassAccess.objects.filter(household_id__in=due_ids).update(reason="", review_note="")
    # Housing: the contracts' periods, homes and costs stay (figures); what was written about the household goes.
    Contract.objects.filter(household_id__in=due_ids).update(note="", end_note="")
    HousingNeed.objects.filter(household_id__in=due_ids).update(
        note="", preferred_area="", bedrooms_override_reason=""
    )
    MatchProposal.objects.filter(household_id__in=due_ids).exclude(reject_reason="").update(
        reject_reason=CLEARED_REASON
    )

    # The persons: a task title made for one member ends with the member's first name.
    renamed = []
    for task in Task.objects.filter(person_id__in=person_ids).select_related("person"):
        suffix = f": {task.person.first_name}"
        if task.title.endswith(suffix):
            task.title = task.title[: -len(suffix)] + f": {ANONYMISED}"
            renamed.append(task)
    Task.objects.bulk_update(renamed, ["title"])
    Note.objects.filter(person_id__in=person_ids).delete()
    # Establishment: the records stay for the outcome figures, the texts go (establishment/gallring.py); a consent
    # a plan stands on stays as its basis, its texts cleared.
    establishment_gallring.clear_persons(person_ids, cleared=CLEARED_REASON)
    activity_gallring.clear_persons(person_ids, cleared=CLEARED_REASON)  # issue #13: the texts go
    minors_gallring.clear_persons(person_ids, cleared=CLEARED_REASON)  # issue #14: the texts go
    volunteers_gallring.clear_persons(person_ids, cleared=CLEARED_REASON)  # issue #17: wishes' texts go
    reminders_gallring.clear_persons(person_ids)  # issue #18: outbox addresses and texts, consents
    in_use = establishment_gallring.consents_in_use(person_ids)
    Consent.objects.filter(pk__in=in_use).update(
        guardian_name="", purpose=CLEARED_REASON, method_note="", document_reference="", withdrawn_note=""
    )
    Consent.objects.filter(person_id__in=person_ids).exclude(pk__in=in_use).delete()
    # The mapping's health parts and child mappings whose own sections' periods have run out, anonymised or not.
    establishment_gallring.delete_parts(done.establishment_parts)
    # The register's history of the person: former numbers and birth dates go with the current ones; a merged
    # duplicate's trace keeps only that there was one; permit decisions keep their kind and years.
    FormerIdentityNumber.objects.filter(person_id__in=person_ids).delete()
    BirthDateChange.objects.filter(person_id__in=person_ids).delete()
    PersonMerge.objects.filter(kept_id__in=person_ids).update(
        removed_name=ANONYMISED,
        removed_number_masked="",
        reason="",
        removed_birth_date=TruncYear("removed_birth_date"),
    )
    ResidencePermitDecision.objects.filter(person_id__in=person_ids).update(
        decided_on=TruncYear("decided_on"),
        valid_from=TruncYear("valid_from"),
        valid_until=TruncYear("valid_until"),
    )
    Person.objects.filter(pk__in=person_ids).update(
        first_name=ANONYMISED,
        last_name="",
        name_key=person_name_key(ANONYMISED, ""),
        phone="",
        email="",
        deceased_on=TruncYear("deceased_on"),
        identity_number="",
        identity_number_type=identity.NONE,
        address_street="",
        address_postal_code="",
        address_city="",
        languages="",
        interpreter_language="",
        birth_date=TruncYear("birth_date"),
        residence_permit_date=TruncYear("residence_permit_date"),
        anonymised_at=now,
    )

    # Notes of other persons whose section's period has run out.
    for group in done.note_groups:
        Note.objects.filter(
            person_id=group.person_id, section=group.section, created_at__lte=group.last_created
        ).delete()

    grants_gallring.execute(done.today, municipality_ids, actor)  # issue #17: counted in done.grants
    volunteers_gallring.execute(done.today, municipality_ids, actor)  # issue #17: counted in done.volunteers
    civil_gallring.execute(done.today, municipality_ids, actor)  # issue #17: counted in done.civil
    reminders_gallring.execute(done.today, municipality_ids, actor)  # issue #18: counted in done.reminders
    _log(actor, done)
    return done


def _log(actor, done: Plan) -> None:
    by_municipality: dict[int, dict] = defaultdict(
        lambda: {"households": [], "persons": 0, "notes": dict.fromkeys(Section.values, 0), "task_notes": 0}
    )
    for record in done.households:
        by_municipality[record.municipality_id]["households"].append(str(record.public_id))
    for municipality_id in done.persons.values():
        by_municipality[municipality_id]["persons"] += 1
    for group in done.note_groups:
        by_municipality[group.municipality_id]["notes"][group.section] += group.count
    for (municipality_id, section), count in done.person_notes.items():
        by_municipality[municipality_id]["notes"][section] += count
    codes = dict(Municipality.objects.filter(pk__in=by_municipality).values_list("pk", "code"))
    for municipality_id, counts in by_municipality.items():
        counts["task_notes"] = done.task_notes.get(municipality_id, 0)
        notes = sum(counts["notes"].values())
        log_event(
            actor,
            AuditEvent.Action.DELETE,
            object_type="Gallring",
            summary=(
                f"Gallring {done.today.isoformat()}: {len(counts['households'])} hushåll och {counts['persons']} "
                f"personer avidentifierade, {notes} anteckningar raderade"
            ),
            municipality_code=codes[municipality_id],
            changes={"date": done.today.isoformat(), **counts},
        )
