"""Writes of the allocation (issue #16): the county board's adjustments, and a run saved as the year's kommuntal.

Who may: allocation is the county board's (Länsstyrelsen's) work, and Etablera has no county role yet. Until it
comes, `require_allocate` — the one place that decides — lets an administrator of a municipality in the county, and
the command line (actor None). The county role will replace the body of that function and nothing else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.county.allocation import Result
from etablera.county.models import Adjustment
from etablera.organisation.models import County, Municipality
from etablera.reception.services import set_quota

NOT_YOURS = gettext_lazy("Fördelningen av kommuntal görs av länsstyrelsen för länets kommuner.")
YEARS = (2016, 2100)
MAX_KOMMUNTAL = 100_000  # beyond any länstal so far: a typo's guard


def require_allocate(actor, county: County) -> None:
    """The actor may allocate the county's länstal and adjust it: the county board of the county
    (policy.Capabilities.county_ids), or the system itself (None, the command line)."""
    if actor is None:
        return
    if county.pk not in capabilities(actor).county_ids:
        raise PermissionDenied(NOT_YOURS)


def clean_adjustment(*, county: County, year, municipality: Municipality, kommuntal, reason) -> str:
    """Every field checked before anything is written; the reason comes back stripped."""
    errors = {}
    if not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
        errors["year"] = _("Ange ett år från %(first)s till %(last)s.") % {
            "first": YEARS[0],
            "last": YEARS[1],
        }
    if municipality.county_id != county.pk:
        errors["municipality"] = _("%(name)s ligger inte i %(county)s.") % {
            "name": municipality.name,
            "county": county.name,
        }
    if not isinstance(kommuntal, int) or isinstance(kommuntal, bool) or not 0 <= kommuntal <= MAX_KOMMUNTAL:
        errors["kommuntal"] = _("Ange kommuntalet som ett heltal från 0 till %(max)s.") % {
            "max": MAX_KOMMUNTAL
        }
    text = reason.strip() if isinstance(reason, str) else ""
    limit = Adjustment._meta.get_field("reason").max_length
    if not text:
        errors["reason"] = _("Ange skälet till justeringen.")
    elif len(text) > limit:
        errors["reason"] = _("Högst %(limit)s tecken.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)
    return text


@transaction.atomic
def record_adjustment(
    *, actor, county: County, year: int, municipality: Municipality, kommuntal: int, reason: str
) -> tuple[Adjustment, str]:
    """The county's fixed kommuntal for a municipality and year, with its reason; a second one for the same
    municipality and year replaces the first. Returns the adjustment and 'created', 'updated' or 'unchanged'."""
    text = clean_adjustment(
        county=county, year=year, municipality=municipality, kommuntal=kommuntal, reason=reason
    )
    require_allocate(actor, county)
    existing = Adjustment.objects.select_for_update().filter(municipality=municipality, year=year).first()
    if existing and existing.kommuntal == kommuntal and existing.reason == text:
        return existing, "unchanged"
    before = {"kommuntal": existing.kommuntal, "reason": existing.reason} if existing else {}
    adjustment = existing or Adjustment(county=county, year=year, municipality=municipality)
    adjustment.kommuntal, adjustment.reason = kommuntal, text
    adjustment.created_by = actor if getattr(actor, "is_authenticated", False) else None
    adjustment.created_at = timezone.now()
    adjustment.save()
    log_change(
        actor,
        AuditEvent.Action.UPDATE if existing else AuditEvent.Action.CREATE,
        adjustment,
        f"Justering av kommuntal {year}: {kommuntal}",
        {"before": before, "after": {"kommuntal": kommuntal, "reason": text}},
    )
    return adjustment, "updated" if existing else "created"


@transaction.atomic
def remove_adjustment(*, actor, adjustment: Adjustment) -> None:
    require_allocate(actor, adjustment.county)
    log_change(
        actor,
        AuditEvent.Action.DELETE,
        adjustment,
        f"Justering av kommuntal {adjustment.year} borttagen",
        {"before": {"kommuntal": adjustment.kommuntal, "reason": adjustment.reason}},
    )
    adjustment.delete()


@transaction.atomic
def save_as_kommuntal(*, actor, county: County, year: int, result: Result) -> dict[str, int]:
    """A run's adjusted kommuntal written as the year's MunicipalQuota rows through reception's own service (which
    logs each). Counts per outcome. Only the command line for now: set_quota asks for reception staff of each
    municipality, which a county board's user is not."""
    require_allocate(actor, county)
    municipalities = {m.code: m for m in Municipality.objects.filter(county=county)}
    outcomes = {"created": 0, "updated": 0, "unchanged": 0}
    for line in result.lines:
        _quota, outcome = set_quota(
            actor=actor,
            municipality=municipalities[line.code],
            year=year,
            quota=line.adjusted,
            note=_("Fördelningsmodellen, länstal %(lanstal)s") % {"lanstal": result.lanstal},
        )
        outcomes[outcome] += 1
    return outcomes
