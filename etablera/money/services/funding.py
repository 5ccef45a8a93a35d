"""Where the schablon goes (issue #15): a municipality's choice per year between a central pot that units and
associations apply to (Enköping's model) and a fixed split by share.

- `set_up_year`: the year's model and budget (one per municipality and year); the model cannot change once the year
  has applications or shares.
- The pot: `apply` (a unit of the municipality or an association, a purpose, an amount, a period that touches the
  year), `decide` (granted with at most the amount applied and within what is left of the budget, or refused with
  the reason), `report_back` (what was spent and what it gave; only for a granted application).
- The split: `add_share`, `remove_share`, `replace_shares` (0.01–100 % each, at most 100 % together); each share's
  amount is `share_amount` (the budget × the percent / 100, rounded down to whole kronor), and what rounding and
  unassigned percent leave is shown as "ej fördelat".

Every write takes the year's row lock first (etablera/transitions.py), so that two grants against the last of the
budget, or two shares against the last percent, are decided one after the other: the second sees what the first
did. A change from the wrong state is a StateConflict (409 in the API). Who writes: the controller, the integration
unit and administrators of the municipality (policy.money_manage_municipality_ids). Every write is logged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.money.models import FundingYear, PotApplication, SplitShare
from etablera.money.models.funding import SHORT, TEXT
from etablera.organisation.models import Municipality, Unit
from etablera.transitions import StateConflict, lock

Status = PotApplication.Status
Model = FundingYear.Model
MAX_BUDGET = 10_000_000_000  # kronor: far beyond any municipality's schablon, a typo's guard
FIRST_YEAR, LAST_YEAR = 2016, 2100
MIN_PERCENT, MAX_PERCENT = Decimal("0.01"), Decimal("100")
HUNDREDTH = Decimal("0.01")
MAX_SHARES = 200
GRANTED = (Status.GRANTED, Status.REPORTED)  # what counts against the budget


def kronor(amount: int) -> str:
    """12 000 (grouped as Swedish writes it), for the messages."""
    return f"{amount:,}".replace(",", " ")


def percent_text(value: Decimal) -> str:
    """12,50 — two decimals with a decimal comma, for the messages."""
    return f"{value:.2f}".replace(".", ",")


def share_amount(budget: int, percent: Decimal) -> int:
    """A share's amount: budget × percent / 100, rounded down to whole kronor (integer arithmetic, no float)."""
    return budget * int(percent * 100) // 10_000


def not_yours() -> str:
    return _("Fördelningen av schablonen sköts av controllern och integrationsenheten i kommunen.")


def require_manage(actor, municipality_id: int) -> None:
    """The actor keeps the money records of the municipality (None: the system itself)."""
    if actor is not None and municipality_id not in capabilities(actor).money_manage_municipality_ids:
        raise PermissionDenied(not_yours())


def granted_total(funding_year: FundingYear) -> int:
    total = funding_year.applications.filter(status__in=GRANTED).aggregate(total=Sum("amount_granted"))
    return total["total"] or 0


def _log(actor, action: str, funding_year: FundingYear, summary: str, changes: dict, *, subject=None) -> None:
    subject = subject or funding_year
    log_event(
        actor,
        action,
        object_type=f"money.{type(subject).__name__}",
        object_id=str(subject.pk),
        summary=summary,
        municipality_code=funding_year.municipality.code,
        changes=changes,
    )


# --- validation ------------------------------------------------------------------------------------------------------


def _refuse(field: str, message: str):
    raise ValidationError({field: message})


def _number(errors: dict, name: str, value, low: int, high: int, message: str) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors[name] = message
        return None
    return value


def _text(errors: dict, name: str, value, limit: int, required: str = "") -> str:
    if value is not None and not isinstance(value, str):
        errors[name] = _("Ange en text.")
        return ""
    text = (value or "").strip()
    if required and not text:
        errors[name] = required
    elif len(text) > limit:
        errors[name] = _("Högst %(limit)s tecken.") % {"limit": limit}
    return text


def _day(errors: dict, name: str, value, today: dt.date) -> dt.date | None:
    """A day up to today; today when none is given."""
    if value is None or value == "":
        return today
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        errors[name] = _("Ange datumet som ÅÅÅÅ-MM-DD.")
    elif value > today:
        errors[name] = _("Datumet kan inte ligga i framtiden.")
    return value


def _year(errors: dict, value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        errors["year"] = _("Ange ett år från %(first)s till %(last)s.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    return value


def _percent(errors: dict, name: str, value) -> Decimal | None:
    try:
        if isinstance(value, bool) or value is None:
            raise InvalidOperation
        percent = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
        if not percent.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors[name] = _("Ange andelen i procent, till exempel 12,5.")
        return None
    if percent != percent.quantize(HUNDREDTH):
        errors[name] = _("Ange andelen med högst två decimaler.")
    elif not MIN_PERCENT <= percent <= MAX_PERCENT:
        errors[name] = _("Andelen ska vara från 0,01 till 100 procent.")
    return percent.quantize(HUNDREDTH) if name not in errors else None


def _unit(errors: dict, name: str, value, municipality_id: int) -> Unit | None:
    """An active unit of the municipality, given as the unit or its id."""
    if value is None or value == "":
        return None
    pk = value.pk if isinstance(value, Unit) else value
    found = None
    if isinstance(pk, int) and not isinstance(pk, bool):
        found = Unit.objects.filter(pk=pk, municipality_id=municipality_id, is_active=True).first()
    if found is None:
        errors[name] = _("Välj en enhet i kommunen.")
    return found


def _party(errors: dict, funding_year: FundingYear, unit, name, prefix: str, missing: str):
    """A unit of the municipality (`<prefix>_unit`) or a name, an association's (`<prefix>_name`): one of them."""
    unit_field, name_field = f"{prefix}_unit", f"{prefix}_name"
    unit = _unit(errors, unit_field, unit, funding_year.municipality_id)
    name = _text(errors, name_field, name, SHORT)
    if unit_field in errors or name_field in errors:
        return unit, name
    if unit is not None and name:
        errors[name_field] = _("Ange antingen en enhet eller en förening, inte båda.")
    elif unit is None and not name:
        errors[name_field] = missing
    return unit, name


# --- the year --------------------------------------------------------------------------------------------------------


@transaction.atomic
def set_up_year(actor, *, municipality: Municipality, year: int, model: str, budget: int, note: str = ""):
    """The year's model and budget: created the first time, changed after. The model stays once the year has
    applications or shares; the budget cannot go below what is already granted."""
    if not isinstance(municipality, Municipality):
        _refuse("municipality", _("Välj en kommun."))
    require_manage(actor, municipality.pk)
    errors: dict[str, str] = {}
    year = _year(errors, year)
    if model not in Model.values:
        errors["model"] = _("Välj fördelningsmodell: central pott eller fast fördelning.")
    message = _("Ange budgeten i hela kronor, från 0 till 10 000 000 000.")
    budget = _number(errors, "budget", budget, 0, MAX_BUDGET, message)
    note = _text(errors, "note", note, TEXT)
    if errors:
        raise ValidationError(errors)
    existing = FundingYear.objects.filter(municipality=municipality, year=year).first()
    if existing is None:
        values = {"municipality": municipality, "year": year, "model": model, "budget": budget, "note": note}
        try:
            with transaction.atomic():  # two people setting up the same year at once: the first stands
                funding_year = FundingYear.objects.create(**values, created_by=actor)
        except IntegrityError as error:
            detail = _("Någon annan har just lagt upp %(year)s. Läs sidan igen innan du ändrar.") % {
                "year": year
            }
            raise StateConflict(detail, field="year") from error
        summary = f"Fördelning av schablonen {year}: {model}, budget {budget} kr"
        _log(actor, AuditEvent.Action.CREATE, funding_year, summary, {"model": model, "budget": budget})
        return funding_year
    funding_year = lock(existing)
    if model != funding_year.model:
        if funding_year.applications.exists():
            detail = _(
                "Fördelningsmodellen kan inte ändras: %(year)s har redan ansökningar ur potten. Budgeten och "
                "anteckningen kan ändras."
            )
            raise StateConflict(detail % {"year": year}, field="model")
        if funding_year.shares.exists():
            detail = _(
                "Fördelningsmodellen kan inte ändras: %(year)s har redan andelar. Ta bort andelarna först."
            )
            raise StateConflict(detail % {"year": year}, field="model")
    granted = granted_total(funding_year)
    if budget < granted:
        message = _("Budgeten kan inte vara lägre än det som redan är beviljat: %(granted)s kr.")
        _refuse("budget", message % {"granted": kronor(granted)})
    values = {"model": model, "budget": budget, "note": note}
    changes = {k: [getattr(funding_year, k), v] for k, v in values.items() if getattr(funding_year, k) != v}
    if changes:
        for name, (_old, new) in changes.items():
            setattr(funding_year, name, new)
        funding_year.save(update_fields=[*changes, "updated_at"])
        _log(
            actor, AuditEvent.Action.UPDATE, funding_year, f"Fördelning av schablonen {year} ändrad", changes
        )
    return funding_year


# --- the pot ---------------------------------------------------------------------------------------------------------


def _period(errors: dict, start, end, year: int) -> None:
    for field, value in (("period_start", start), ("period_end", end)):
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            errors[field] = _("Ange datumet som ÅÅÅÅ-MM-DD.")
    if "period_start" in errors or "period_end" in errors:
        return
    if end < start:
        errors["period_end"] = _("Perioden kan inte sluta före den börjar.")
    elif end < dt.date(year, 1, 1) or start > dt.date(year, 12, 31):
        errors["period_start"] = _("Perioden ska ligga inom %(year)s eller överlappa året.") % {"year": year}


def _require_pot(funding_year: FundingYear) -> None:
    if funding_year.model != Model.POT:
        detail = _("%(year)s fördelas efter fast andel: det finns ingen pott att söka ur.")
        raise StateConflict(detail % {"year": funding_year.year}, field="model")


@transaction.atomic
def apply(
    actor,
    *,
    funding_year: FundingYear,
    purpose: str,
    amount_applied: int,
    period_start: dt.date | None,
    period_end: dt.date | None,
    applicant_unit=None,
    applicant_name: str = "",
) -> PotApplication:
    """An application to the year's pot, from a unit of the municipality or an association (by its name)."""
    require_manage(actor, funding_year.municipality_id)
    _require_pot(
        funding_year
    )  # as read (and again under the lock): a split says so before the fields are read
    errors: dict[str, str] = {}
    missing = _("Ange vilken enhet eller förening som söker.")
    unit, name = _party(errors, funding_year, applicant_unit, applicant_name, "applicant", missing)
    purpose = _text(errors, "purpose", purpose, TEXT, _("Beskriv vad pengarna ska användas till."))
    message = _("Ange det sökta beloppet i hela kronor, från 1 till 10 000 000 000.")
    amount = _number(errors, "amount_applied", amount_applied, 1, MAX_BUDGET, message)
    _period(errors, period_start, period_end, funding_year.year)
    if errors:
        raise ValidationError(errors)
    lock(funding_year)
    _require_pot(funding_year)
    application = PotApplication.objects.create(
        funding_year=funding_year,
        applicant_unit=unit,
        applicant_name=name,
        purpose=purpose,
        amount_applied=amount,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
    )
    changes = {"amount_applied": amount, "period": [period_start.isoformat(), period_end.isoformat()]}
    summary = f"Ansökan ur potten {funding_year.year}: {amount} kr"
    _log(actor, AuditEvent.Action.CREATE, funding_year, summary, changes, subject=application)
    return application


def _seen(application: PotApplication, expected_status: str | None, seen: str) -> None:
    """The application is still in the status the caller saw (the page's form sends it), or StateConflict."""
    if application.status != (expected_status or seen):
        detail = _(
            "Någon annan har ändrat ansökan under tiden: den har nu status ”%(status)s”. Läs den igen innan du "
            "ändrar."
        )
        raise StateConflict(detail % {"status": application.get_status_display()})


@transaction.atomic
def decide(
    actor,
    application: PotApplication,
    *,
    status: str,
    amount_granted: int | None = None,
    decision_note: str = "",
    decided_on: dt.date | None = None,
    expected_status: str | None = None,
) -> PotApplication:
    """Grant (at most the amount applied, within what is left of the year's budget) or refuse (with the reason)."""
    require_manage(actor, application.funding_year.municipality_id)
    errors: dict[str, str] = {}
    if status not in (Status.GRANTED, Status.REFUSED):
        errors["status"] = _("Välj om ansökan beviljas eller avslås.")
    decided_on = _day(errors, "decided_on", decided_on, timezone.localdate())
    why = _("Skriv varför ansökan avslås.") if status == Status.REFUSED else ""
    note = _text(errors, "decision_note", decision_note, TEXT, why)
    amount = None
    if status == Status.GRANTED:
        message = _("Ange det beviljade beloppet i hela kronor, minst 1.")
        amount = _number(errors, "amount_granted", amount_granted, 1, MAX_BUDGET, message)
        if amount is not None and amount > application.amount_applied:
            message = _("Det beviljade beloppet kan inte vara mer än det sökta, %(applied)s kr.")
            errors["amount_granted"] = message % {"applied": kronor(application.amount_applied)}
    elif status == Status.REFUSED and amount_granted not in (None, ""):
        errors["amount_granted"] = _("Ett avslag har inget beviljat belopp. Lämna fältet tomt.")
    if errors:
        raise ValidationError(errors)
    seen = application.status
    # The year first: a year's grants are decided one by one, each seeing what the one before granted.
    funding_year = lock(application.funding_year)
    lock(application)
    _seen(application, expected_status, seen)
    if application.status != Status.APPLIED:
        detail = _("Ansökan är redan beslutad: %(status)s %(day)s. Ett beslut fattas bara en gång.")
        status_now = application.get_status_display().lower()
        raise StateConflict(detail % {"status": status_now, "day": application.decided_on or ""})
    granted = granted_total(funding_year)
    remaining = max(funding_year.budget - granted, 0)
    if amount is not None and amount > remaining:
        message = _(
            "Beloppet ryms inte i budgeten: det finns %(remaining)s kr kvar av %(budget)s kr (%(granted)s kr är "
            "redan beviljat)."
        )
        figures = {
            "remaining": kronor(remaining),
            "budget": kronor(funding_year.budget),
            "granted": kronor(granted),
        }
        _refuse("amount_granted", message % figures)
    application.status, application.amount_granted, application.decision_note = status, amount, note
    application.decided_on, application.decided_by = decided_on, actor
    fields = ["status", "amount_granted", "decided_on", "decided_by", "decision_note", "updated_at"]
    application.save(update_fields=fields)
    changes = {
        "status": [Status.APPLIED, status],
        "amount_granted": amount,
        "decided_on": decided_on.isoformat(),
    }
    summary = f"Ansökan ur potten {funding_year.year}: {Status(status).label}, {amount or 0} kr"
    _log(actor, AuditEvent.Action.UPDATE, funding_year, summary, changes, subject=application)
    return application


@transaction.atomic
def report_back(
    actor,
    application: PotApplication,
    *,
    spent: int,
    report: str,
    reported_on: dt.date | None = None,
    expected_status: str | None = None,
) -> PotApplication:
    """What a granted application spent (at most the amount granted) and what it gave."""
    require_manage(actor, application.funding_year.municipality_id)
    errors: dict[str, str] = {}
    message = _("Ange det använda beloppet i hela kronor, från 0 och uppåt.")
    spent = _number(errors, "spent", spent, 0, MAX_BUDGET, message)
    report = _text(errors, "report", report, TEXT, _("Beskriv vad pengarna användes till och vad det gav."))
    reported_on = _day(errors, "reported_on", reported_on, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    seen = application.status
    lock(application)
    _seen(application, expected_status, seen)
    if application.status == Status.APPLIED:
        raise StateConflict(_("Ansökan är inte beslutad ännu: återrapporten kommer efter ett beviljande."))
    if application.status == Status.REFUSED:
        raise StateConflict(_("Ansökan är avslagen: det finns inget att återrapportera."))
    if application.status == Status.REPORTED:
        detail = _("Ansökan är redan återrapporterad %(day)s.")
        raise StateConflict(detail % {"day": application.reported_on})
    if spent > application.amount_granted:
        message = _("Det använda beloppet kan inte vara mer än det beviljade, %(granted)s kr.")
        errors["spent"] = message % {"granted": kronor(application.amount_granted)}
    if application.decided_on and reported_on < application.decided_on:
        message = _("Återrapporten kan inte vara före beslutet %(day)s.")
        errors["reported_on"] = message % {"day": application.decided_on}
    if errors:
        raise ValidationError(errors)
    application.status = Status.REPORTED
    application.spent, application.report, application.reported_on = spent, report, reported_on
    application.save(update_fields=["status", "spent", "report", "reported_on", "updated_at"])
    funding_year = application.funding_year
    changes = {
        "status": [Status.GRANTED, Status.REPORTED],
        "spent": spent,
        "reported_on": reported_on.isoformat(),
    }
    summary = f"Ansökan ur potten {funding_year.year}: återrapporterad, {spent} kr använt"
    _log(actor, AuditEvent.Action.UPDATE, funding_year, summary, changes, subject=application)
    return application


# --- the split -------------------------------------------------------------------------------------------------------


def _require_split(funding_year: FundingYear) -> None:
    if funding_year.model != Model.SPLIT:
        detail = _("%(year)s är en central pott: andelar används bara vid fast fördelning.")
        raise StateConflict(detail % {"year": funding_year.year}, field="model")


def _key(unit: Unit | None, name: str) -> tuple:
    return ("unit", unit.pk) if unit is not None else ("name", name.casefold())


def _recipient_missing() -> str:
    return _("Ange vilken enhet eller förening som får andelen.")


@transaction.atomic
def add_share(
    actor, *, funding_year: FundingYear, percent, recipient_unit=None, recipient_name: str = ""
) -> SplitShare:
    """One recipient's share of the year's budget; the shares together at most 100 %."""
    require_manage(actor, funding_year.municipality_id)
    _require_split(funding_year)  # as read, and again under the lock
    errors: dict[str, str] = {}
    unit, name = _party(
        errors, funding_year, recipient_unit, recipient_name, "recipient", _recipient_missing()
    )
    percent = _percent(errors, "percent", percent)
    if errors:
        raise ValidationError(errors)
    lock(funding_year)
    _require_split(funding_year)
    existing = list(funding_year.shares.all())
    if _key(unit, name) in {_key(s.recipient_unit, s.recipient_name) for s in existing}:
        _refuse(
            "recipient_name", _("Mottagaren har redan en andel. Ta bort den först om andelen ska ändras.")
        )
    current = sum((s.percent for s in existing), Decimal(0))
    if current + percent > MAX_PERCENT:
        message = _(
            "Andelarna blir då %(total)s procent tillsammans; de får vara högst 100 procent. Det finns %(left)s "
            "procent kvar att fördela."
        )
        left = max(MAX_PERCENT - current, Decimal(0))
        _refuse("percent", message % {"total": percent_text(current + percent), "left": percent_text(left)})
    share = SplitShare.objects.create(
        funding_year=funding_year, recipient_unit=unit, recipient_name=name, percent=percent
    )
    changes = {"percent": str(percent), "recipient_unit": unit.pk if unit else None}
    summary = f"Andel av schablonen {funding_year.year}: {percent} %"
    _log(actor, AuditEvent.Action.CREATE, funding_year, summary, changes, subject=share)
    return share


@transaction.atomic
def remove_share(actor, share: SplitShare) -> None:
    funding_year = share.funding_year
    require_manage(actor, funding_year.municipality_id)
    lock(funding_year)
    found = SplitShare.objects.select_for_update().filter(pk=share.pk).first()
    if found is None:
        raise StateConflict(_("Andelen är redan borttagen."), field="share")
    changes = {"percent": str(found.percent), "recipient_unit": found.recipient_unit_id}
    summary = f"Andel av schablonen {funding_year.year} borttagen: {found.percent} %"
    _log(actor, AuditEvent.Action.DELETE, funding_year, summary, changes, subject=found)
    found.delete()


@transaction.atomic
def replace_shares(actor, *, funding_year: FundingYear, shares: list[dict]) -> list[SplitShare]:
    """All the year's shares at once (the API's PUT): each {recipient_unit | recipient_name, percent}; errors at
    "shares.<index>.<field>", counted from 0 as the JSON list is."""
    require_manage(actor, funding_year.municipality_id)
    _require_split(funding_year)
    if len(shares) > MAX_SHARES:
        _refuse("shares", _("Högst %(n)s andelar.") % {"n": MAX_SHARES})
    errors: dict[str, str] = {}
    cleaned, seen, missing = [], set(), _recipient_missing()
    for index, item in enumerate(shares):
        row: dict[str, str] = {}
        unit, name = _party(
            row,
            funding_year,
            item.get("recipient_unit"),
            item.get("recipient_name", ""),
            "recipient",
            missing,
        )
        percent = _percent(row, "percent", item.get("percent"))
        if not row and _key(unit, name) in seen:
            row["recipient_name"] = _("Mottagaren finns redan i listan.")
        seen.add(_key(unit, name))
        errors.update({f"shares.{index}.{field}": message for field, message in row.items()})
        cleaned.append((unit, name, percent))
    total = sum((p for _u, _n, p in cleaned if p is not None), Decimal(0))
    if not errors and total > MAX_PERCENT:
        message = _("Andelarna är tillsammans %(total)s procent; de får vara högst 100 procent.")
        errors["shares"] = message % {"total": percent_text(total)}
    if errors:
        raise ValidationError(errors)
    lock(funding_year)
    _require_split(funding_year)
    before = [[s.recipient_unit_id, s.recipient_name, str(s.percent)] for s in funding_year.shares.all()]
    funding_year.shares.all().delete()
    SplitShare.objects.bulk_create(
        SplitShare(funding_year=funding_year, recipient_unit=unit, recipient_name=name, percent=percent)
        for unit, name, percent in cleaned
    )
    after = [[unit.pk if unit else None, name, str(percent)] for unit, name, percent in cleaned]
    summary = f"Andelar av schablonen {funding_year.year}: {len(cleaned)} mottagare"
    _log(actor, AuditEvent.Action.UPDATE, funding_year, summary, {"shares": [before, after]})
    return list(funding_year.shares.select_related("recipient_unit"))
