"""A housing need opened in time before the municipality's responsibility for a young person's housing ends
(issue #14): at 21 when the municipality keeps the young person, at 18 when nothing is decided yet, earlier when a
supported or exit housing placement ends first (rules.minors.housing_need_opening, with the local lead time
`minors.housing_need_lead_months`).

The housing need is the housing domain's (housing.HousingNeed, one per household): it is opened through housing's
own service (`set_housing_need`), for the young person's household, with the reason "leaving a placement" and a note
saying who asked and by when a home is needed. Social services ask for it; the housing unit keeps it from there.
Social services do not keep housing (access.policy.can_manage_housing), so the housing service is called as the
system once this service has checked the actor — staff of social services in the responsible municipality — and the
audit log names the actor in an event of its own. The need gets no "house by" date: housing's service would explain
a given date as the housing officer's; the date is in the note, and the housing officer sets it.

Once only: the child's case row is locked first, so a second click — or a second social worker at the same moment —
waits, then finds the need and is refused with a message naming it (StateConflict, 409 in the API). A household whose
need is open (waiting, temporary housing) or already housed for good has nothing to open; a closed need is opened
again. The reads the child's page and the lists share are here too (`housing_need_for`, `persons_with_housing_need`,
`housing_need_date`), so the shared selectors module takes only calls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import can_manage_housing, restrict
from etablera.housing import services as housing_services
from etablera.housing.models import HousingNeed
from etablera.minors.models import ChildCase, Placement
from etablera.minors.services.case import require_social_services
from etablera.people.models import Household, HouseholdMember, Person
from etablera.rules import minors as rules
from etablera.rules.deadlines import Deadline
from etablera.transitions import StateConflict, lock

# A need in these statuses is there: waiting or in temporary housing (open), or housed for good.
THERE = (HousingNeed.Status.WAITING, HousingNeed.Status.TEMPORARY, HousingNeed.Status.PERMANENT)
PERMIT_STATUSES = (ChildCase.AsylumStatus.TEMPORARY_PERMIT, ChildCase.AsylumStatus.PERMANENT_PERMIT)
FIELD = "housing_need"


def _facts(case: ChildCase, running: Placement | None) -> dict:
    return {
        "after_18": case.after_18,
        "has_permit": case.asylum_status in PERMIT_STATUSES,
        "placement_kind": running.kind if running else None,
        "placement_ends_on": running.ends_on if running else None,
    }


def housing_need_date(
    case: ChildCase, birth_date: dt.date, running: Placement | None, as_of: dt.date
) -> Deadline | None:
    """The day to open the young person's housing need by, while the responsibility it counts to still runs on
    `as_of` (a passed opening day stays: it is what must be done first). None when the municipality does not house
    the young person after 18, or that day has come."""
    facts = _facts(case, running)
    found = rules.housing_responsibility_end(birth_date, **facts)
    if found is None or found[0] <= as_of:
        return None
    return rules.housing_need_opening(birth_date, **facts)


def persons_with_housing_need(person_ids) -> set[int]:
    """Of `person_ids`, those whose household has a housing need that is there (open, or housed for good): one
    query for a whole list. Who may read the need is not asked — only whether a date is shown for a case the user
    already sees."""
    return set(
        HouseholdMember.objects.filter(
            person_id__in=list(person_ids), household__housing_need__status__in=THERE
        ).values_list("person_id", flat=True)
    )


def person_household(person: Person) -> Household | None:
    """The young person's household (their first, as the housing lists take it)."""
    member = person.household_memberships.select_related("household__municipality").first()
    return member.household if member else None


def _running(case: ChildCase, on: dt.date) -> Placement | None:
    return (
        case.placements.filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-starts_on", "-pk")
        .first()
    )


def _already(need: HousingNeed) -> str:
    return (
        f"Hushållet har redan ett bostadsbehov ({need.get_status_display().lower()}, anmält "
        f"{need.registered_date.isoformat()}). Bostadsenheten har det."
    )


@transaction.atomic
def open_housing_need(actor, case: ChildCase, *, today: dt.date | None = None) -> HousingNeed:
    """Open the young person's housing need (see the module's docstring): the need, new or opened again."""
    person = case.person
    require_social_services(actor, person, case.municipality_id)
    today = today or timezone.localdate()
    lock(case)
    if case.status != ChildCase.Status.OPEN:
        raise StateConflict("Barnärendet är avslutat.", field=FIELD)
    household = person_household(person)
    if household is None:
        raise ValidationError(
            {FIELD: "Personen hör inte till något hushåll. Mottagningsenheten registrerar hushållet först."}
        )
    existing = HousingNeed.objects.select_for_update().filter(household=household).first()
    if existing is not None and existing.status in THERE:
        raise StateConflict(_already(existing), field=FIELD)
    running = _running(case, today)
    found = (
        rules.housing_responsibility_end(person.birth_date, **_facts(case, running))
        if person.birth_date
        else None
    )
    note = f"Anmält av socialtjänsten {today.isoformat()}."
    if found is not None and found[0] > today:
        note += (
            f" Kommunens ansvar för den unges boende upphör {found[0].isoformat()}: bostad behövs senast då."
        )
    kept = (
        {
            "needs_accessible": existing.needs_accessible,
            "wishes": existing.wishes,
            "preferred_area": existing.preferred_area,
            "max_monthly_cost": existing.max_monthly_cost,
        }
        if existing is not None
        else {}
    )
    # Housing's service checks its own staff; social services are checked above, so it runs as the system.
    housing_actor = (
        actor if actor is not None and can_manage_housing(actor, household.municipality_id) else None
    )
    try:
        with transaction.atomic():
            need = housing_services.set_housing_need(
                actor=housing_actor,
                household=household,
                reason=HousingNeed.Reason.LEAVING_PLACEMENT
                if running is not None and running.kind != rules.OWN_FLAT
                else HousingNeed.Reason.OTHER,
                note=note[: HousingNeed._meta.get_field("note").max_length],
                **kept,
            )
    except IntegrityError as error:  # the housing unit registered one at the same moment (no case lock there)
        raise StateConflict(
            "Hushållet fick ett bostadsbehov samtidigt. Ladda om sidan.", field=FIELD
        ) from error
    log_change(
        actor,
        AuditEvent.Action.UPDATE if existing is not None else AuditEvent.Action.CREATE,
        need,
        "Bostadsbehov öppnat från barnärendet (socialtjänsten)"
        + (" – öppnat igen" if existing is not None else ""),
        {"status": [existing.status if existing else None, need.status]},
    )
    need.reopened = existing is not None  # for the answer: a closed need opened again, or a new one
    return need


@dataclass
class HousingNeedView:
    """The young person's housing need as the child's page shows it."""

    household: Household | None
    need: HousingNeed | None  # the household's need the user sees, whatever its status
    may_open_page: bool  # the user keeps housing in the household's municipality: the need's page is theirs

    @property
    def there(self) -> bool:
        return self.need is not None and self.need.status in THERE


def housing_need_for(user, person: Person) -> HousingNeedView:
    """The person's household and its housing need, if the user sees it (restrict(): with the household), and
    whether the housing page of it is theirs (the housing unit, the reception unit, administrators)."""
    household = person_household(person)
    if household is None:
        return HousingNeedView(None, None, False)
    need = restrict(user, HousingNeed.objects.filter(household=household)).first()
    return HousingNeedView(
        household, need, need is not None and can_manage_housing(user, household.municipality_id)
    )
