"""Försörjningsstöd per household and month (issue #13): what the activity requirement needs to know of it — the
month, the amount and the persons it covers — recorded by hand or imported from the social-services system
(activity/importers/support.py). The decision itself lives in that system.

A month is the household's once: recording it again replaces the amount and the persons (the same values again
change nothing), and a month entered by mistake is deleted. Only social services of the household's municipality
write it (section SOCIAL); the command line and imports without a user write as the system."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.activity.models import SupportMonth
from etablera.activity.services.requirement import require_social_services_household
from etablera.people.models import Household, Person
from etablera.rules.dates import add_months

MAX_AMOUNT = 1_000_000  # kronor a month: far beyond any household's support, a typo's guard


def normalise_month(month: dt.date | None) -> dt.date | None:
    return month.replace(day=1) if month is not None else None


def _members(household: Household) -> set[int]:
    return set(household.memberships.values_list("person_id", flat=True))


def clean_support_month(*, household: Household, month, amount, persons) -> tuple[dt.date, int, list[Person]]:
    errors: dict[str, str] = {}
    month = normalise_month(month)
    if month is None:
        errors["month"] = "Ange månaden."
    elif month > add_months(timezone.localdate().replace(day=1), 1):
        errors["month"] = "Försörjningsstöd kan registreras högst en månad framåt."
    elif month.year < 2000:
        errors["month"] = "Ange en månad från år 2000 och framåt."
    if amount is None or isinstance(amount, bool) or not isinstance(amount, int):
        errors["amount"] = "Ange beloppet i hela kronor."
    elif not 1 <= amount <= MAX_AMOUNT:
        errors["amount"] = "Ange ett belopp från 1 till 1 000 000 kronor."
    persons = list(persons or [])
    if not persons:
        errors["persons"] = "Välj minst en person som stödet omfattar."
    elif not {p.pk for p in persons} <= _members(household):
        errors["persons"] = "Alla personer som stödet omfattar ska höra till hushållet."
    if errors:
        raise ValidationError(errors)
    return month, amount, persons


def _same(existing: SupportMonth, amount: int, persons: list[Person]) -> bool:
    return existing.amount == amount and set(existing.persons.values_list("pk", flat=True)) == {
        p.pk for p in persons
    }


@transaction.atomic
def record_support_month(
    *,
    actor,
    household: Household,
    month: dt.date,
    amount: int,
    persons,
    source: str = SupportMonth.Source.MANUAL,
) -> tuple[SupportMonth, str]:
    """The household's support for a month (any day of it: kept as the 1st), with the amount and the persons it
    covers, who must be members of the household. Returns the month and what happened: created, updated or
    unchanged (the same values again)."""
    month, amount, persons = clean_support_month(
        household=household, month=month, amount=amount, persons=persons
    )
    require_social_services_household(actor, household)
    existing = SupportMonth.objects.select_for_update().filter(household=household, month=month).first()
    if existing is not None:
        if _same(existing, amount, persons):
            return existing, "unchanged"
        before = {"amount": existing.amount, "persons": sorted(existing.persons.values_list("pk", flat=True))}
        existing.amount = amount
        existing.source = source
        existing.save(update_fields=["amount", "source", "updated_at"])
        existing.persons.set(persons)
        log_change(
            actor,
            AuditEvent.Action.UPDATE,
            household,
            f"Försörjningsstöd {month:%Y-%m} ändrat",
            {
                "month": month.isoformat(),
                "amount": {"before": before["amount"], "after": amount},
                "persons": {"before": before["persons"], "after": sorted(p.pk for p in persons)},
            },
        )
        return existing, "updated"
    try:
        with transaction.atomic():
            support = SupportMonth.objects.create(
                household=household,
                municipality_id=household.municipality_id,
                month=month,
                amount=amount,
                source=source,
                created_by=actor,
            )
    except IntegrityError as error:  # the same month saved by someone else at the same moment
        raise ValidationError(
            {"month": "Månaden registrerades nyss av någon annan. Ladda om sidan och försök igen."}
        ) from error
    support.persons.set(persons)
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        household,
        f"Försörjningsstöd {month:%Y-%m} registrerat",
        {"month": month.isoformat(), "amount": amount, "persons": sorted(p.pk for p in persons)},
    )
    return support, "created"


@transaction.atomic
def delete_support_month(*, actor, support: SupportMonth) -> None:
    """A month entered by mistake goes (the next import brings it back if the system says it was paid)."""
    household = support.household
    require_social_services_household(actor, household)
    month = support.month
    persons = sorted(support.persons.values_list("pk", flat=True))
    amount = support.amount
    deleted, _rows = SupportMonth.objects.filter(pk=support.pk).delete()
    if not deleted:
        raise ValidationError({"month": "Månaden är redan borttagen."})
    log_change(
        actor,
        AuditEvent.Action.DELETE,
        household,
        f"Försörjningsstöd {month:%Y-%m} borttaget",
        {"month": month.isoformat(), "amount": amount, "persons": persons},
    )
