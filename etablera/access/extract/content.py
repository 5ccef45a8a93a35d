"""Registerutdrag (GDPR art. 15): everything Etablera holds about a person, as the JSON the PDF is written from.

The extract is for the person themself, handed out on request after their identity has been checked, by someone
authorised to produce register extracts in the person's municipality, for a stated reason (register_extract.py: the
permission, the reason and the log entry). It is complete: the identity number in full and the
address are in it, also for a protected identity. Other persons appear only as far as they are part of the person's
own record (the names and relations of their household members; a member with protected identity is not named).

COVERED names, for every model that refers to a person or a household, where in the extract it appears. A test
walks the app registry and fails when a model with a foreign key to Person or Household is missing here, so a new
model cannot be forgotten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation

from etablera.access.models import AuditEvent, BreakGlassAccess, Consent
from etablera.access.review.page import OBJECT_LABELS
from etablera.access.review.reviewers import about_person_q
from etablera.access.sections import Section
from etablera.activity.extract import COVERED as ACTIVITY_COVERED
from etablera.activity.extract import activity_extract
from etablera.establishment.extract import COVERED as ESTABLISHMENT_COVERED
from etablera.establishment.extract import establishment_extract
from etablera.housing.matching import reason_texts
from etablera.housing.models import Contract, HousingNeed, MatchProposal
from etablera.letters.extract import COVERED as LETTERS_COVERED
from etablera.letters.extract import letters_extract
from etablera.minors.extract import COVERED as MINORS_COVERED
from etablera.minors.extract import minors_extract
from etablera.money.extract import COVERED as MONEY_COVERED
from etablera.money.extract import money_extract
from etablera.organisation.models import Membership
from etablera.people.models import Household, HouseholdChange, HouseholdMember, Note, Person
from etablera.reception.models import Assignment, CaseEvent, ReceptionCase, Task
from etablera.reception.reports import municipality_title
from etablera.reminders.extract import COVERED as REMINDERS_COVERED
from etablera.reminders.extract import reminders_extract
from etablera.volunteers.extract import COVERED as VOLUNTEERS_COVERED
from etablera.volunteers.extract import volunteers_extract

FORMAT_VERSION = 1

# model label -> the key of the extract where its rows appear
COVERED: dict[str, str] = {
    "people.Person": "person",
    "people.Household": "households",
    "people.HouseholdMember": "households",
    "people.Note": "notes",
    "people.FormerIdentityNumber": "person",
    "people.ResidencePermitDecision": "person",
    # Issue #11's histories of the person: birth-date changes, households left, the household events about them,
    # duplicates merged into them (in the person part, each a list).
    "people.BirthDateChange": "person",
    "people.FormerHouseholdMember": "person",
    "people.HouseholdChange": "person",
    "people.PersonMerge": "person",
    "access.Consent": "consents",
    "access.BreakGlassAccess": "break_glass",
    "access.AuditEvent": "access_log",
    "reception.Assignment": "assignments",
    "reception.ReceptionCase": "reception_cases",
    "reception.Task": "tasks",
    "reception.TaskEvent": "tasks",
    "reception.CaseEvent": "household_events",
    "housing.HousingNeed": "housing",
    "housing.Contract": "housing",
    "housing.MatchProposal": "housing",
    # Issue #12: the establishment phase (etablera/establishment/extract.py)
    **dict.fromkeys(ESTABLISHMENT_COVERED, "establishment"),
    # Issue #13: the activity requirement (etablera/activity/extract.py)
    **dict.fromkeys(ACTIVITY_COVERED, "activity"),
    # Issue #14: unaccompanied minors (etablera/minors/extract.py)
    **dict.fromkeys(MINORS_COVERED, "minors"),
    # Issue #15: state compensation (etablera/money/extract.py)
    **dict.fromkeys(MONEY_COVERED, "money"),
    # Issue #17: a newcomer's wishes for a volunteer and their matches (etablera/volunteers/extract.py)
    **dict.fromkeys(VOLUNTEERS_COVERED, "volunteers"),
    # Issue #18: the household's appointments (etablera/letters/extract.py)
    **dict.fromkeys(LETTERS_COVERED, "appointments"),
    # Issue #18: reminders by SMS and e-mail, and the consents to them (etablera/reminders/extract.py)
    **dict.fromkeys(REMINDERS_COVERED, "reminders"),
}

PROTECTED_MEMBER = "Person med skyddade personuppgifter"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _choice(obj, name: str) -> dict[str, str]:
    return {"code": getattr(obj, name), "label": str(getattr(obj, f"get_{name}_display")())}


def _user(user) -> str:
    if user is None:
        return "Systemet"
    return user.get_full_name() or user.get_username()


def _person(person: Person) -> dict[str, Any]:
    return {
        "public_id": str(person.public_id),
        "municipality": {"code": person.municipality.code, "name": person.municipality.name},
        "first_name": person.first_name,
        "last_name": person.last_name,
        "identity_number_type": _choice(person, "identity_number_type"),
        "identity_number": person.identity_number_display,
        "birth_date": _date(person.birth_date),
        "sex": _choice(person, "sex"),
        "languages": person.languages,
        "needs_interpreter": person.needs_interpreter,
        "interpreter_language": person.interpreter_language,
        "citizenship": person.citizenship,
        "residence_permit": _choice(person, "residence_permit"),
        "residence_permit_date": _date(person.residence_permit_date),
        # Issue #11: every decision on the residence permit and every number the person has had, in full (the
        # extract is the person's own).
        "residence_permits": [
            {
                "kind": _choice(decision, "kind"),
                "decided_on": _date(decision.decided_on),
                "valid_from": _date(decision.valid_from),
                "valid_until": _date(decision.valid_until),
                "recorded_at": _time(decision.created_at),
            }
            for decision in person.residence_permit_decisions.order_by("decided_on", "created_at", "pk")
        ],
        "former_identity_numbers": [
            {
                "identity_number_type": _choice(former, "number_type"),
                "identity_number": former.number_display,
                "replaced_at": _time(former.replaced_at),
            }
            for former in person.former_identity_numbers.order_by("replaced_at", "pk")
        ],
        "birth_date_changes": [
            {
                "kind": _choice(change, "kind"),
                "old_date": _date(change.old_date),
                "new_date": _date(change.new_date),
                "decided_on": _date(change.decided_on),
                "reason": change.reason,
                "recorded_at": _time(change.created_at),
            }
            for change in person.birth_date_changes.order_by("created_at", "pk")
        ],
        "former_households": [
            {
                "household": former.household.name,
                "relation": _choice(former, "relation"),
                "joined_on": _date(former.joined_on),
                "left_on": _date(former.left_on),
                "reason": _choice(former, "reason"),
            }
            for former in person.former_household_memberships.select_related("household").order_by(
                "left_on", "pk"
            )
        ],
        # The household events about the person themself (another member's are that member's).
        "household_changes": [
            {
                "household": change.household.name,
                "kind": _choice(change, "kind"),
                "on_date": _date(change.on_date),
                "text": change.text,
            }
            for change in HouseholdChange.objects.filter(person=person)
            .select_related("household")
            .order_by("at", "pk")
        ],
        "merged_duplicates": [
            {
                "name": merge.removed_name,
                "birth_date": _date(merge.removed_birth_date),
                "identity_number": merge.removed_number_masked,
                "reason": merge.reason,
                "at": _time(merge.at),
            }
            for merge in person.merges.order_by("at", "pk")
        ],
        "phone": person.phone,
        "email": person.email,
        "category": _choice(person, "category"),
        "address": {
            "street": person.address_street,
            "postal_code": person.address_postal_code,
            "city": person.address_city,
        },
        "protected_identity": _choice(person, "protected_identity"),
        "created_at": _time(person.created_at),
        "updated_at": _time(person.updated_at),
        "anonymised_at": _time(person.anonymised_at),
    }


def _households(person: Person) -> tuple[list[Household], list[dict[str, Any]]]:
    memberships = {
        m.household_id: m.relation
        for m in HouseholdMember.objects.filter(person=person).only("household", "relation")
    }
    households = list(
        Household.objects.filter(Q(pk__in=memberships) | Q(anchor_person=person))
        .select_related("municipality", "anchor_person")
        .prefetch_related("memberships__person")
        .order_by("created_at", "pk")
    )
    out = []
    for household in households:
        members = []
        for member in household.memberships.all():
            if member.person_id == person.pk:
                continue
            other = member.person
            name = PROTECTED_MEMBER if other.is_protected else other.full_name
            members.append({"name": name, "relation": _choice(member, "relation")})
        relation = memberships.get(household.pk)
        out.append(
            {
                "public_id": str(household.public_id),
                "name": household.name,
                "municipality": household.municipality.name,
                "relation": (
                    {"code": relation, "label": str(HouseholdMember.Relation(relation).label)}
                    if relation
                    else None
                ),
                "is_anchor_person": household.anchor_person_id == person.pk,
                "other_members": members,
                "created_at": _time(household.created_at),
                "anonymised_at": _time(household.anonymised_at),
            }
        )
    return households, out


def build_extract(person: Person, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The extract as a JSON-ready dict (Swedish labels beside the codes)."""
    now = now or timezone.now()
    with translation.override("sv"):
        households, household_rows = _households(person)
        # The records of the households the person belongs to; a household the person is only the anchor person
        # of (family reunification) is named, but its own records are about the family that joins them.
        household_ids = list(
            HouseholdMember.objects.filter(person=person).values_list("household_id", flat=True)
        )
        names = {h.pk: h.name for h in households}
        assignments = Assignment.objects.filter(household_id__in=household_ids).order_by(
            "decision_date", "pk"
        )
        cases = ReceptionCase.objects.filter(household_id__in=household_ids).order_by("arrival_date", "pk")
        tasks = (
            Task.objects.filter(Q(person=person) | Q(household_id__in=household_ids, person__isnull=True))
            .select_related("unit", "assignee", "completed_by")
            .prefetch_related("events__actor")
            .order_by("due_date", "pk")
        )
        events = (
            CaseEvent.objects.filter(household_id__in=household_ids).select_related("actor").order_by("at")
        )
        notes = (
            Note.objects.filter(person=person).select_related("unit", "author").order_by("created_at", "pk")
        )
        consents = (
            Consent.objects.filter(person=person).prefetch_related("units").order_by("given_date", "pk")
        )
        glass = (
            BreakGlassAccess.objects.filter(household_id__in=household_ids)
            .select_related("user", "reviewed_by")
            .order_by("started_at", "pk")
        )
        housing = _housing(household_ids, names)
        log = list(
            AuditEvent.objects.filter(about_person_q(person)).select_related("actor").order_by("at", "pk")
        )
        units = _units_of([e.actor_id for e in log], person.municipality_id)
        return {
            "extract": {
                "title": "Registerutdrag från Etablera",
                "format_version": FORMAT_VERSION,
                "created_at": _time(now),
                "controller": municipality_title(person.municipality.name),
                "about": str(person.public_id),
            },
            "person": _person(person),
            "households": household_rows,
            "assignments": [
                {
                    "household": names.get(a.household_id),
                    "reference": a.reference,
                    "category": _choice(a, "category"),
                    "person_count": a.person_count,
                    "quota_year": a.quota_year,
                    "decision_date": _date(a.decision_date),
                    "latest_reception_date": _date(a.latest_reception_date),
                    "status": _choice(a, "status"),
                    "received_date": _date(a.received_date),
                    "cancelled_date": _date(a.cancelled_date),
                    "cancel_reason": a.cancel_reason,
                }
                for a in assignments
            ],
            "reception_cases": [
                {
                    "household": names.get(c.household_id),
                    "arrival_date": _date(c.arrival_date),
                    "status": _choice(c, "status"),
                    "closed_date": _date(c.closed_date),
                    "process_template": c.template_name,
                }
                for c in cases
            ],
            "tasks": [
                {
                    "title": t.title,
                    "description": t.description,
                    "concerns": "person" if t.person_id else "household",
                    "household": names.get(t.household_id),
                    "unit": t.unit.name,
                    "section": _choice(t, "section"),
                    "due_date": _date(t.due_date),
                    "status": _choice(t, "status"),
                    "not_applicable_reason": t.not_applicable_reason,
                    "caseworker": _user(t.assignee) if t.assignee_id else None,
                    "completed_at": _time(t.completed_at),
                    "events": [
                        {"at": _time(e.at), "kind": _choice(e, "kind"), "by": _user(e.actor), "text": e.text}
                        for e in t.events.all()
                    ],
                }
                for t in tasks
            ],
            "household_events": [
                {
                    "household": names.get(e.household_id),
                    "at": _time(e.at),
                    "kind": _choice(e, "kind"),
                    "by": _user(e.actor),
                    "text": e.text,
                }
                for e in events
            ],
            "notes": [
                {
                    "section": _choice(n, "section"),
                    "unit": n.unit.name,
                    "written_by": _user(n.author),
                    "created_at": _time(n.created_at),
                    "text": n.text,
                }
                for n in notes
            ],
            "consents": [
                {
                    "given_by": _choice(c, "given_by"),
                    "guardian_name": c.guardian_name,
                    "units": sorted(u.name for u in c.units.all()),
                    "sections": [
                        {"code": s, "label": str(Section(s).label)} for s in c.sections if s in Section.values
                    ],
                    "purpose": c.purpose,
                    "given_date": _date(c.given_date),
                    "valid_until": _date(c.valid_until),
                    "method": _choice(c, "method"),
                    "method_note": c.method_note,
                    "document_reference": c.document_reference,
                    "withdrawn_date": _date(c.withdrawn_date),
                    "withdrawn_note": c.withdrawn_note,
                }
                for c in consents
            ],
            "break_glass": [
                {
                    "household": names.get(g.household_id),
                    "user": _user(g.user),
                    "reason": g.reason,
                    "started_at": _time(g.started_at),
                    "expires_at": _time(g.expires_at),
                    "reviewed_at": _time(g.reviewed_at),
                    "reviewed_by": _user(g.reviewed_by) if g.reviewed_by_id else None,
                    "review_note": g.review_note,
                }
                for g in glass
            ],
            "housing": housing,
            "establishment": establishment_extract(person),
            "activity": activity_extract(person),
            "minors": minors_extract(person),
            "money": money_extract(person),
            "volunteers": volunteers_extract(person),
            "appointments": letters_extract(person),
            "reminders": reminders_extract(person),
            "access_log": [
                {
                    "at": _time(e.at),
                    "user": (e.actor_display or "Systemet") if e.actor_id else "Systemet",  # the name then
                    "units": units.get(e.actor_id, []),
                    "action": _choice(e, "action"),
                    "record": {
                        "code": e.object_type,
                        "label": str(OBJECT_LABELS.get(e.object_type, e.object_type)),
                    },
                    "channel": _choice(e, "channel"),
                    "basis": e.basis,
                    "break_glass": e.break_glass,
                }
                for e in log
            ],
        }


def _housing(household_ids: list[int], names: dict[int, str]) -> list[dict[str, Any]]:
    """The households' housing needs, contracts (the home's address is the person's own) and match proposals."""
    rows: list[dict[str, Any]] = []
    for need in HousingNeed.objects.filter(household_id__in=household_ids).order_by("pk"):
        rows.append(
            {
                "record": "Bostadsbehov",
                "household": names.get(need.household_id),
                "status": _choice(need, "status"),
                "reason": _choice(need, "reason"),
                "registered_date": _date(need.registered_date),
                "house_by": _date(need.house_by),
                "needs_accessible": need.needs_accessible,
                "wishes": need.wishes,
                "preferred_area": need.preferred_area,
                "bedrooms_override": need.bedrooms_override,
                "bedrooms_override_reason": need.bedrooms_override_reason,
                "note": need.note,
            }
        )
    contracts = Contract.objects.filter(household_id__in=household_ids).select_related("unit")
    for c in contracts.order_by("start_date", "pk"):
        rows.append(
            {
                "record": "Bostadskontrakt",
                "household": names.get(c.household_id),
                "address": c.unit.address,
                "kind": _choice(c, "kind"),
                "status": _choice(c, "status"),
                "start_date": _date(c.start_date),
                "end_date": _date(c.end_date),
                "payer": _choice(c, "payer"),
                "monthly_cost": c.monthly_cost,
                "end_reason": _choice(c, "end_reason") if c.end_reason else None,
                "end_note": c.end_note,
                "note": c.note,
            }
        )
    proposals = MatchProposal.objects.filter(household_id__in=household_ids).select_related("unit")
    for p in proposals.order_by("pk"):
        rows.append(
            {
                "record": "Matchningsförslag",
                "household": names.get(p.household_id),
                "address": p.unit.address,
                "move_in": _date(p.move_in),
                "status": _choice(p, "status"),
                "explanation": reason_texts(p.explanation),
                "reject_reason": p.reject_reason,
            }
        )
    return rows


def _units_of(actor_ids, municipality_id: int) -> dict[int, list[str]]:
    units: dict[int, list[str]] = {}
    for user_id, name in (
        Membership.objects.filter(
            user_id__in=set(filter(None, actor_ids)), unit__municipality_id=municipality_id
        )
        .order_by("unit__name")
        .values_list("user_id", "unit__name")
    ):
        if name not in units.setdefault(user_id, []):
            units[user_id].append(name)
    return units
