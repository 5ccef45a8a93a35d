"""The household members of an anvisning registered without them (an imported one, or one registered with a person
count only): added by hand on the anvisning's page, by the members import or through the API.

Until it has members an anvisning cannot be received (receive_household refuses), so this is the way out of that
dead end. A member whose identity number Etablera already knows is the same person, linked rather than registered a
second time; adding the same members again changes nothing (the import is idempotent).

Persons and household memberships are written through the people services (`register_person`, `add_member` as a
founding member), so the household's own history and the people signals follow as for any member added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.housing import services as housing
from etablera.people import services as people
from etablera.people.models import Household, HouseholdMember, Person
from etablera.people.services import PersonInput, clean_person_input
from etablera.reception import event_texts
from etablera.reception.models import Assignment, CaseEvent
from etablera.reception.services.common import _require_reception_staff
from etablera.rules import identity
from etablera.transitions import StateConflict

HOUSEHOLD_NAME_LENGTH = Household._meta.get_field("name").max_length


@dataclass
class MemberPlan:
    """What one given member is: a person already in the household (nothing to do), a known person to link, or a
    new person with the fields to register."""

    data: PersonInput
    person: Person | None = None
    fields: dict | None = None
    in_household: bool = False


@dataclass
class MembersOutcome:
    household: Household | None
    created: int = 0  # new persons registered
    linked: int = 0  # persons Etablera already had, now members
    unchanged: int = 0  # already members of the household
    plans: list[MemberPlan] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.linked)


def _same(person: Person, data: PersonInput, birth_date: dt.date | None) -> bool:
    return (
        person.first_name.casefold() == data.first_name.strip().casefold()
        and person.last_name.casefold() == data.last_name.strip().casefold()
        and person.birth_date == birth_date
    )


def plan_members(
    *, assignment: Assignment, members: list[PersonInput], today: dt.date | None = None
) -> list[MemberPlan]:
    """Check every member before anything is written. Errors are keyed `members.<n>.<field>` (n from 1) and
    `members`, Swedish; no message repeats an identity number."""
    today = today or timezone.localdate()
    errors: dict[str, list[ValidationError]] = {}

    def add(key: str, message: str, code: str = "invalid") -> None:
        errors.setdefault(key, []).append(ValidationError(message, code=code))

    current = (
        list(HouseholdMember.objects.filter(household_id=assignment.household_id).select_related("person"))
        if assignment.household_id
        else []
    )
    current_ids = {m.person_id for m in current}
    plans: list[MemberPlan] = []
    seen_numbers: dict[tuple[str, str], int] = {}
    relations = set(HouseholdMember.Relation.values)
    if not members:
        add("members", "Ange minst en person.", "missing_value")
    for index, data in enumerate(members, start=1):
        key = f"members.{index}"
        plan = MemberPlan(data=data)
        number = None
        if data.identity_number_type != identity.NONE and data.identity_number.strip():
            try:
                number = identity.parse(data.identity_number_type, data.identity_number, today=today)
            except identity.IdentityNumberError as error:
                add(f"{key}.identity_number", str(error), "invalid_identity_number")
        if number is not None:
            first = seen_numbers.setdefault((number.kind, number.value), index)
            if first != index:
                add(
                    f"{key}.identity_number",
                    f"Samma identitetsnummer som person {first} i listan.",
                    "duplicate_person",
                )
                plans.append(plan)
                continue
            known = Person.objects.filter(
                identity_number_type=number.kind, identity_number=number.value
            ).first()
            if known is not None:
                if data.relation not in relations:
                    add(
                        f"{key}.relation",
                        "Välj relation i hushållet (vuxen, barn eller vårdnadshavare).",
                        "unknown_relation",
                    )
                if known.pk in current_ids:
                    plan.person, plan.in_household = known, True
                elif known.municipality_id != assignment.municipality_id:
                    add(
                        f"{key}.identity_number",
                        "Personen med detta nummer är registrerad i en annan kommun.",
                        "identity_number_in_use",
                    )
                elif known.household_memberships.exists():
                    add(
                        f"{key}.identity_number",
                        "Personen med detta nummer finns redan i ett annat hushåll i Etablera. Ta först bort "
                        "personen ur det hushållet.",
                        "identity_number_in_use",
                    )
                else:
                    plan.person = known
                plans.append(plan)
                continue
        if number is None and f"{key}.identity_number" not in errors:
            # Without a number, a member already in the household is recognised by name and birth date.
            twin = next((m.person for m in current if _same(m.person, data, data.birth_date)), None)
            if twin is not None:
                plan.person, plan.in_household = twin, True
                plans.append(plan)
                continue
        try:
            plan.fields = clean_person_input(data, today=today)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                if field_name == "identity_number" and f"{key}.identity_number" in errors:
                    continue  # the number's own error is there already
                for message in messages:
                    add(f"{key}.{field_name}", message)
        plans.append(plan)
    if not errors:
        total = len(current_ids) + sum(1 for p in plans if not p.in_household)
        if total > assignment.person_count:
            add(
                "members",
                f"Anvisningen gäller {assignment.person_count} personer; hushållet skulle få {total}. "
                "Kontrollera personerna eller rätta anvisningens antal.",
                "too_many_members",
            )
    if errors:
        raise ValidationError(errors)
    return plans


def _require_waiting(assignment: Assignment) -> None:
    if assignment.status == Assignment.Status.ASSIGNED:
        return
    with translation.override("sv"):
        status = assignment.get_status_display().lower()
    raise StateConflict(
        f"Anvisningen är redan {status}: medlemmar läggs bara till en anvisning som väntar på ankomst.",
        field="members",
    )


@transaction.atomic
def add_members(
    *,
    actor,
    assignment: Assignment,
    members: list[PersonInput],
    household_name: str = "",
    today: dt.date | None = None,
) -> MembersOutcome:
    """Add the household's members to an anvisning that waits for its arrival. Without a household yet, one is
    registered (named `household_name`, else the first member's last name) and tied to the anvisning. All or
    nothing; members already in the household are left as they are."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("municipality", "household")
        .get(pk=assignment.pk)
    )
    _require_reception_staff(actor, assignment.municipality)
    _require_waiting(assignment)
    household_name = (household_name or "").strip()
    if len(household_name) > HOUSEHOLD_NAME_LENGTH:
        raise ValidationError({"household_name": f"Högst {HOUSEHOLD_NAME_LENGTH} tecken."})
    plans = plan_members(assignment=assignment, members=members, today=today)
    outcome = MembersOutcome(household=assignment.household, plans=plans)
    outcome.unchanged = sum(1 for p in plans if p.in_household)
    if all(p.in_household for p in plans):
        return outcome
    household = assignment.household
    if household is None:
        first = next(p for p in plans if not p.in_household)
        name = household_name or (first.person.last_name if first.person else first.fields["last_name"])
        household = Household.objects.create(
            municipality=assignment.municipality, name=name[:HOUSEHOLD_NAME_LENGTH]
        )
        assignment.household = household
        assignment.save(update_fields=["household", "updated_at"])
        log_change(
            actor,
            AuditEvent.Action.CREATE,
            household,
            f"Hushåll registrerat för anvisning {assignment.reference}",
        )
        log_change(actor, AuditEvent.Action.UPDATE, assignment, "Hushållet kopplat till anvisningen")
        CaseEvent.objects.create(
            household=household,
            actor=actor,
            kind=CaseEvent.Kind.ASSIGNED,
            text=event_texts.ASSIGNMENT_REGISTERED
            % {"reference": assignment.reference, "date": str(assignment.latest_reception_date)},
        )
        outcome.household = household
    for plan in plans:
        if plan.in_household:
            continue
        if plan.person is None:
            plan.person = people.register_person(
                actor=actor, municipality=assignment.municipality, data=plan.data, today=today
            )
            outcome.created += 1
        else:
            log_change(actor, AuditEvent.Action.UPDATE, plan.person, "Person tillagd i hushåll (fanns redan)")
            outcome.linked += 1
        people.add_member(
            actor=actor, household=household, person=plan.person, relation=plan.data.relation, founding=True
        )
    added = outcome.created + outcome.linked
    CaseEvent.objects.create(
        household=household,
        actor=actor,
        kind=CaseEvent.Kind.NOTE,
        text=f"{added} {'person' if added == 1 else 'personer'} tillagda för anvisning {assignment.reference}",
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        household,
        f"Medlemmar tillagda: {outcome.created} nya, {outcome.linked} fanns redan i Etablera",
    )
    housing.open_need_for_assignment(actor=actor, assignment=assignment)
    return outcome
