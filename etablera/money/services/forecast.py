"""The forecast's parameters (issue #15, KEFU's method): the share of those leaving the establishment programme who
have no work or studies, the average försörjningsstöd per person and month, how many months it lasts, and where the
figures come from. One row per municipality (money.ForecastSetting), written here only.

Who: the money records' keepers of the municipality (policy.money_manage_municipality_ids). Everything is checked
first — each error in Swedish at its field, nothing saved — then the row is created if missing, locked
(etablera/transitions.py) and written, and the change is logged with the values before and after."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.money.models import ForecastSetting
from etablera.transitions import lock

MAX_COST = 1_000_000  # kronor per person and month: far beyond any försörjningsstöd, a typo's guard
MIN_MONTHS, MAX_MONTHS = 1, 60
SOURCE_LENGTH = ForecastSetting._meta.get_field("source").max_length  # 300
NOT_YOURS = gettext_noop("Prognosens värden ändras av controllern och integrationsenheten i kommunen.")


def require_manage(actor, municipality_id: int) -> None:
    if municipality_id not in capabilities(actor).money_manage_municipality_ids:
        raise PermissionDenied(_(NOT_YOURS))


def _share(value, errors: dict) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        errors["share_without_work"] = _("Ange andelen i procent, från 0 till 100.")
        return None
    try:
        share = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        errors["share_without_work"] = _("Ange andelen som ett tal, till exempel 55 eller 47,5.")
        return None
    if not share.is_finite() or not 0 <= share <= 100:
        errors["share_without_work"] = _("Andelen ska vara från 0 till 100 procent.")
        return None
    if share != share.quantize(Decimal("0.01")):
        errors["share_without_work"] = _("Ange andelen med högst två decimaler.")
        return None
    return share.quantize(Decimal("0.01"))


def _whole(value, low: int, high: int) -> int | None:
    """A whole number from `low` to `high`, or None (a bool is no number, and text is not read here)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def clean_settings(*, share_without_work, average_monthly_cost, months_on_support, source) -> dict:
    """The values as they will be stored, or a ValidationError with every problem in Swedish by field."""
    errors: dict[str, str] = {}
    share = _share(share_without_work, errors)
    cost = _whole(average_monthly_cost, 0, MAX_COST)
    if cost is None:
        errors["average_monthly_cost"] = _(
            "Ange kostnaden i hela kronor per person och månad, från 0 till 1 000 000."
        )
    months = _whole(months_on_support, MIN_MONTHS, MAX_MONTHS)
    if months is None:
        errors["months_on_support"] = _("Ange antalet månader som ett heltal från 1 till 60.")
    if source is None:
        source = ""
    if not isinstance(source, str):
        errors["source"] = _("Ange underlaget som text.")
        source = ""
    source = source.strip()
    if len(source) > SOURCE_LENGTH:
        errors["source"] = _("Underlaget får vara högst 300 tecken.")
    elif "\x00" in source:
        errors["source"] = _("Underlaget innehåller ett tecken som inte kan sparas.")
    if errors:
        raise ValidationError(errors)
    return {
        "share_without_work": share,
        "average_monthly_cost": cost,
        "months_on_support": months,
        "source": source,
    }


def _jsonable(value):
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def save_settings(
    actor,
    municipality,
    *,
    share_without_work,
    average_monthly_cost,
    months_on_support,
    source="",
) -> ForecastSetting:
    """Save the forecast's parameters of `municipality`; returns the stored row."""
    values = clean_settings(
        share_without_work=share_without_work,
        average_monthly_cost=average_monthly_cost,
        months_on_support=months_on_support,
        source=source,
    )
    require_manage(actor, municipality.pk)
    setting, created = ForecastSetting.objects.get_or_create(municipality=municipality)
    lock(setting)
    changed = {
        name: [_jsonable(getattr(setting, name)), _jsonable(value)]
        for name, value in values.items()
        if (Decimal(str(getattr(setting, name))) if name == "share_without_work" else getattr(setting, name))
        != value
    }
    if not changed and not created:
        return setting
    for name, value in values.items():
        setattr(setting, name, value)
    setting.updated_by = actor
    setting.save()
    setting.municipality = municipality
    log_change(
        actor,
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        setting,
        f"Prognosens värden: {values['share_without_work']} % utan arbete, "
        f"{values['average_monthly_cost']} kr i månaden, {values['months_on_support']} månader",
        changed,
    )
    return setting
