"""Kommuntal: the checks (shared with the quotas import) and set_quota."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality
from etablera.reception.models import MonthlyQuota, MunicipalQuota
from etablera.reception.services.common import _require_reception_staff

# Far beyond any real figure, well within the database's columns (a larger number would be a server error).
MAX_QUOTA = 1_000_000


def clean_quota(*, year: int, quota: int, months: dict[int, int] | None = None) -> None:
    errors: dict[str, str] = {}
    if quota is None or quota < 0:
        errors["quota"] = "Kommuntalet kan inte vara negativt."
    elif quota > MAX_QUOTA:
        errors["quota"] = f"Kommuntalet kan vara högst {MAX_QUOTA:_}.".replace("_", " ")
    if not 2016 <= year <= 2100:
        errors["year"] = "Året ska vara 2016 eller senare (bosättningslagen gäller från 2016)."
    if months:
        if any(m not in range(1, 13) for m in months):
            errors["months"] = "Månad ska vara 1–12."
        elif any(c < 0 for c in months.values()):
            errors["months"] = "Antal per månad kan inte vara negativt."
        elif any(c > MAX_QUOTA for c in months.values()):
            errors["months"] = f"Antal per månad kan vara högst {MAX_QUOTA:_}.".replace("_", " ")
        elif quota is not None and sum(months.values()) > quota:
            errors["months"] = (
                f"Månadsfördelningen ({sum(months.values())}) är större än kommuntalet ({quota})."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_quota(
    *,
    actor,
    municipality: Municipality,
    year: int,
    quota: int,
    months: dict[int, int] | None = None,
    note: str = "",
) -> tuple[MunicipalQuota, str]:
    """Create or update a kommuntal. Returns the quota and 'created', 'updated' or 'unchanged'."""
    _require_reception_staff(actor, municipality)
    clean_quota(year=year, quota=quota, months=months)
    existing = MunicipalQuota.objects.filter(municipality=municipality, year=year).first()
    current_months = {m.month: m.count for m in existing.months.all()} if existing else {}
    if existing and existing.quota == quota and (months is None or months == current_months):
        return existing, "unchanged"
    if existing:
        before = {"quota": existing.quota, "months": current_months}
        existing.quota = quota
        existing.note = note or existing.note
        existing.save(update_fields=["quota", "note"])
        outcome, record = "updated", existing
    else:
        before = {}
        record = MunicipalQuota.objects.create(municipality=municipality, year=year, quota=quota, note=note)
        outcome = "created"
    if months is not None:
        record.months.all().delete()
        MonthlyQuota.objects.bulk_create(
            MonthlyQuota(quota=record, month=m, count=c) for m, c in sorted(months.items())
        )
    log_change(
        actor,
        AuditEvent.Action.UPDATE if outcome == "updated" else AuditEvent.Action.CREATE,
        record,
        f"Kommuntal {year}: {quota}",
        {"before": before, "after": {"quota": quota, "months": months or {}}},
    )
    return record, outcome
