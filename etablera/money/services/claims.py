"""The claim register (issue #15): compensation the municipality gets only if it applies, each with the day to apply
by, and its way from "to apply" to paid or refused.

- `open_claim`: a claim staff register by hand (the deadline they were given, explained as entered by hand).
- `change_status`: to apply → applied → granted → paid, or applied → refused; the same status again edits the
  amounts, the reference and the note. The row is locked (etablera/transitions.py): of two people who change the
  same claim at once, the second is refused with the status the first left it in.
- `open_foreseen_claims`: the claims Etablera can foresee from what it holds — a quarter's compensation for the
  unaccompanied minors' placement days, and a resettled household's initial costs — opened once each (`auto_key`),
  with the deadline from rules/money.py, so that nothing expires unseen.

Who writes: staff of the functions administration and reception, and administrators, in their municipality
(policy.money_manage_municipality_ids). Every write is logged.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.access.audit import log_change, log_changes, log_event
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.minors.models import Placement
from etablera.money.models import Claim, Entitlement, Kind
from etablera.organisation.models import Municipality
from etablera.people.models import Category, Household
from etablera.reception.models import ReceptionCase
from etablera.rules import money as rules
from etablera.rules.dates import add_months, birthday
from etablera.rules.deadlines import Deadline, gettext_noop
from etablera.transitions import StateConflict, lock

Status = Claim.Status
MAX_AMOUNT = 100_000_000  # kronor: beyond any claim a municipality makes, a typo's guard
# Where a claim may go from each status; the same status again is an edit of its amounts, reference and note.
TRANSITIONS = {
    Status.TO_APPLY: (Status.APPLIED,),
    Status.APPLIED: (Status.GRANTED, Status.REFUSED),
    Status.GRANTED: (Status.PAID,),
    Status.PAID: (),
    Status.REFUSED: (),
}
# The dates of the claim's steps, and the statuses in which each is set (and must be).
STEP_DATES = {
    "applied_on": (Status.APPLIED, Status.GRANTED, Status.PAID, Status.REFUSED),
    "decided_on": (Status.GRANTED, Status.PAID, Status.REFUSED),
    "paid_on": (Status.PAID,),
}
MISSING_DATE = {
    "applied_on": gettext_lazy("Ange när ansökan skickades."),
    "decided_on": gettext_lazy("Ange dagen för beslutet."),
    "paid_on": gettext_lazy("Ange när pengarna betalades ut."),
}
TOO_EARLY_DATE = gettext_lazy("Datumet anges först när ansökan har kommit så långt.")
AMOUNTS = ("amount_claimed", "amount_granted")
TEXTS = ("reference", "note")
FIELDS = (*STEP_DATES, *AMOUNTS, *TEXTS)
NOT_YOURS = gettext_lazy(
    "Ansökningar om ersättning hanteras av controllern och integrationsenheten i kommunen."
)

# The foreseeable claims are opened from 2024 (the minors' per-day amount of förordning 2017:193 as from 2024, the
# year Etablera's money records start), and a resettled household's from reception up to two years back: the
# application is due within a year, so a household received longer ago than that still shows, as overdue.
FORESEEN_FROM = dt.date(2024, 1, 1)
RESETTLED_LOOKBACK_MONTHS = 24

MANUAL_TITLE = gettext_noop("Sök senast")
MANUAL_EXPLANATION = gettext_noop(
    "Sista dagen angavs för hand när ansökan registrerades, efter beslutet eller föreskriften som gäller "
    "ersättningen."
)
MANUAL_SOURCE = gettext_noop("Angiven av den som registrerade ansökan")


def require_manage(actor, municipality_id: int) -> None:
    """The actor keeps the money records of the municipality (None: the system itself)."""
    if actor is None:
        return
    if municipality_id not in capabilities(actor).money_manage_municipality_ids:
        raise PermissionDenied(NOT_YOURS)


def manual_deadline(day: dt.date) -> Deadline:
    """A deadline entered by hand, saying so."""
    return Deadline.make(
        date=day,
        rule="money.manual",
        title=[MANUAL_TITLE, {}],
        explanation=[[MANUAL_EXPLANATION, {}]],
        source=[MANUAL_SOURCE, {}],
        status="local",
    )


# --- validation ------------------------------------------------------------------------------------------------------


def _limit(name: str) -> int:
    return Claim._meta.get_field(name).max_length


def _clean_text(errors: dict, name: str, value, *, required: str = "") -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        errors[name] = _("Ange en text.")
        return ""
    if required and not text:
        errors[name] = required
    elif len(text) > _limit(name):
        errors[name] = _("Högst %(limit)s tecken.") % {"limit": _limit(name)}
    return text


def _clean_amount(errors: dict, name: str, value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors[name] = _("Ange beloppet i hela kronor, till exempel 125000.")
        return None
    if not 0 <= value <= MAX_AMOUNT:
        errors[name] = _("Beloppet ska vara från 0 till 100 000 000 kronor.")
        return None
    return value


def _clean_date(errors: dict, name: str, value, *, today: dt.date | None = None) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        errors[name] = _("Ange datumet som ÅÅÅÅ-MM-DD.")
        return None
    if today is not None and value > today:
        errors[name] = _("Datumet kan inte ligga i framtiden.")
    return value


def _clean_period(errors: dict, start: dt.date | None, end: dt.date | None) -> None:
    if end is not None and start is None and "period_start" not in errors:
        errors["period_start"] = _("Ange när perioden börjar.")
    elif start is not None and end is not None and end < start:
        errors["period_end"] = _("Perioden kan inte sluta före den börjar.")


def _jsonable(value):
    return value.isoformat() if isinstance(value, dt.date) else value


# --- a claim by hand -------------------------------------------------------------------------------------------------


@transaction.atomic
def open_claim(
    actor,
    municipality: Municipality,
    kind: str,
    title: str,
    deadline: dt.date | None,
    *,
    household: Household | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    amount_claimed: int | None = None,
    reference: str = "",
    note: str = "",
) -> Claim:
    """A claim to apply for, registered by hand with the deadline its decision or regulation gives."""
    if not isinstance(municipality, Municipality):
        raise ValidationError({"municipality": _("Välj en kommun.")})
    require_manage(actor, municipality.pk)
    errors: dict[str, str] = {}
    if kind not in Claim.Kind.values:
        errors["kind"] = _("Välj vilken ersättning ansökan gäller.")
    title = _clean_text(
        errors, "title", title, required=_("Ange en benämning, till exempel vad och vilken period.")
    )
    deadline = _clean_date(errors, "deadline", deadline)
    if deadline is None and "deadline" not in errors:
        errors["deadline"] = _("Ange sista dag för ansökan.")
    period_start = _clean_date(errors, "period_start", period_start)
    period_end = _clean_date(errors, "period_end", period_end)
    _clean_period(errors, period_start, period_end)
    amount_claimed = _clean_amount(errors, "amount_claimed", amount_claimed)
    reference = _clean_text(errors, "reference", reference)
    note = _clean_text(errors, "note", note)
    if household is not None and household.municipality_id != municipality.pk:
        errors["household"] = _("Hushållet hör till en annan kommun.")
    if errors:
        raise ValidationError(errors)
    rule = manual_deadline(deadline)
    claim = Claim.objects.create(
        municipality=municipality,
        kind=kind,
        title=title,
        household=household,
        period_start=period_start,
        period_end=period_end,
        deadline=rule.date,
        deadline_rule=rule.as_json(),
        amount_claimed=amount_claimed,
        reference=reference,
        note=note,
        created_by=actor,
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        claim,
        f"Ansökan om ersättning registrerad: {claim.get_kind_display()}, sök senast {deadline}",
        {"kind": kind, "deadline": deadline.isoformat(), "amount_claimed": amount_claimed},
    )
    return claim


# --- its way to a decision -------------------------------------------------------------------------------------------


def allowed_statuses(claim: Claim) -> list[str]:
    """The statuses a claim may be given now: its own (an edit) and the next steps."""
    return [claim.status, *TRANSITIONS[claim.status]]


def _conflict(claim: Claim, status: str) -> str:
    return _(
        "Ansökan har status ”%(status)s” och kan inte ändras till ”%(target)s”. "
        "Den kan bara gå vidare steg för steg: att söka, sökt, beviljad eller avslagen, utbetald."
    ) % {"status": claim.get_status_display(), "target": Status(status).label}


def _clean_changes(fields: dict, today: dt.date) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    values: dict = {}
    for name, value in fields.items():
        if name in STEP_DATES:
            values[name] = _clean_date(errors, name, value, today=today)
        elif name in AMOUNTS:
            values[name] = _clean_amount(errors, name, value)
        else:
            values[name] = _clean_text(errors, name, value)
    return values, errors


@transaction.atomic
def change_status(actor, claim: Claim, status: str, *, expected_status: str | None = None, **fields) -> Claim:
    """Give `claim` the status `status` with the step's date (applied_on, decided_on, paid_on) and any of the
    amounts, reference and note; the same status again changes only those. `expected_status`: the status the
    caller saw (the page's form sends it); by default the one `claim` holds. If the row says otherwise when it is
    locked, someone else changed it first and the change is refused (StateConflict)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"change_status() got unexpected fields: {sorted(unknown)}")
    require_manage(actor, claim.municipality_id)
    today = timezone.localdate()
    values, errors = _clean_changes(fields, today)
    if status not in Status.values:
        errors["status"] = _("Välj status.")
    if expected_status is not None and expected_status not in Status.values:
        errors["expected_status"] = _("Okänd status.")
    if errors:
        raise ValidationError(errors)
    seen = expected_status or claim.status
    lock(claim)
    if claim.status != seen:
        raise StateConflict(
            _(
                "Någon annan har ändrat ansökan under tiden: den har nu status ”%(status)s”. "
                "Läs den igen innan du ändrar."
            )
            % {"status": claim.get_status_display()}
        )
    if status != claim.status and status not in TRANSITIONS[claim.status]:
        raise StateConflict(_conflict(claim, status))
    merged = {name: getattr(claim, name) for name in FIELDS} | values
    for name, statuses in STEP_DATES.items():
        if status in statuses and merged[name] is None:
            errors[name] = MISSING_DATE[name]
        elif status not in statuses and merged[name] is not None:
            errors[name] = TOO_EARLY_DATE
    if status in (Status.GRANTED, Status.PAID) and merged["amount_granted"] is None:
        errors["amount_granted"] = _("Ange det beviljade beloppet.")
    applied, decided, paid = merged["applied_on"], merged["decided_on"], merged["paid_on"]
    if applied and decided and decided < applied and "decided_on" not in errors:
        errors["decided_on"] = _("Beslutet kan inte vara före ansökan.")
    if decided and paid and paid < decided and "paid_on" not in errors:
        errors["paid_on"] = _("Utbetalningen kan inte vara före beslutet.")
    if errors:
        raise ValidationError(errors)
    changed = {
        name: [_jsonable(getattr(claim, name)), _jsonable(value)]
        for name, value in merged.items()
        if getattr(claim, name) != value
    }
    if status != claim.status:
        changed["status"] = [claim.status, status]
    if not changed:
        return claim
    for name, (_old, _new) in changed.items():
        setattr(claim, name, status if name == "status" else merged[name])
    claim.save(update_fields=[*changed, "updated_at"])
    if "status" in changed:
        summary = (
            f"Ansökan om ersättning: {Status(changed['status'][0]).label} → {claim.get_status_display()}"
        )
    else:
        summary = "Ansökan om ersättning ändrad"
    log_change(actor, AuditEvent.Action.UPDATE, claim, summary, changed)
    return claim


# --- the claims Etablera foresees ------------------------------------------------------------------------------------


def _quarters_with_placement_days(municipality: Municipality, until: dt.date) -> list[dt.date]:
    """The first days of the quarters from FORESEEN_FROM that ended before `until` (a quarter's first day) in which
    the municipality's unaccompanied minors had placement days — before their 18th birthday, as the per-day
    compensation counts them (money/services/entitlements.py)."""
    quarters: set[dt.date] = set()
    placements = Placement.objects.filter(case__municipality=municipality, starts_on__lt=until).exclude(
        ends_on__lt=FORESEEN_FROM
    )
    for p in placements.values("starts_on", "ends_on", "case__person__birth_date"):
        start = max(p["starts_on"], FORESEEN_FROM)
        end = min(p["ends_on"] or until, until - dt.timedelta(days=1))
        if p["case__person__birth_date"] is not None:
            end = min(end, birthday(p["case__person__birth_date"], 18) - dt.timedelta(days=1))
        quarter = rules.quarter_start(start)
        while quarter <= end:
            quarters.add(quarter)
            quarter = add_months(quarter, 3)
    return sorted(quarters)


def _minors_amounts(municipality: Municipality, quarters: list[dt.date]) -> dict[dt.date, int]:
    """The MINORS_DAYS entitlement lines of each quarter, summed (a quarter without lines is left out)."""
    if not quarters:
        return {}
    months = (
        Entitlement.objects.filter(
            municipality=municipality,
            kind=Kind.MINORS_DAYS,
            month__gte=quarters[0],
            month__lt=add_months(quarters[-1], 3),
        )
        .values("month")
        .annotate(total=Sum("amount"))
    )
    sums: dict[dt.date, int] = {}
    for row in months:
        quarter = rules.quarter_start(row["month"])
        sums[quarter] = sums.get(quarter, 0) + row["total"]
    return sums


def _minors_claims(municipality: Municipality, as_of: dt.date) -> list[Claim]:
    quarters = _quarters_with_placement_days(municipality, rules.quarter_start(as_of))
    amounts = _minors_amounts(municipality, quarters)
    claims = []
    for quarter in quarters:
        deadline = rules.minors_quarter_deadline(quarter)
        number = (quarter.month - 1) // 3 + 1
        claims.append(
            Claim(
                municipality=municipality,
                kind=Claim.Kind.MINORS_QUARTER,
                title=f"{quarter.year} Q{number}",
                period_start=quarter,
                period_end=add_months(quarter, 3) - dt.timedelta(days=1),
                deadline=deadline.date,
                deadline_rule=deadline.as_json(),
                amount_claimed=amounts.get(quarter),
                auto_key=f"minors:{quarter.year}Q{number}",
            )
        )
    return claims


def _resettled_claims(municipality: Municipality, as_of: dt.date) -> list[Claim]:
    """A claim per household with resettled members received in the municipality within the lookback, its deadline
    counted from the household's (first) reception there."""
    received = (
        ReceptionCase.objects.filter(
            municipality=municipality,
            arrival_date__gte=add_months(as_of, -RESETTLED_LOOKBACK_MONTHS),
            arrival_date__lte=as_of,
            household__memberships__person__category=Category.RESETTLED,
        )
        .values("household_id", "household__public_id")
        .annotate(received=Min("arrival_date"))
        .order_by("received", "household_id")
    )
    rows = list(received)
    amounts = dict(
        Entitlement.objects.filter(
            municipality=municipality,
            kind=Kind.INITIAL_COSTS,
            person__category=Category.RESETTLED,
            person__household_memberships__household_id__in=[r["household_id"] for r in rows],
        )
        .values_list("person__household_memberships__household_id")
        .annotate(total=Sum("amount"))
    )
    claims = []
    for row in rows:
        deadline = rules.resettled_initial_deadline(row["received"])
        claims.append(
            Claim(
                municipality=municipality,
                kind=Claim.Kind.RESETTLED_INITIAL,
                title=f"{row['received'].isoformat()}",
                household_id=row["household_id"],
                deadline=deadline.date,
                deadline_rule=deadline.as_json(),
                amount_claimed=amounts.get(row["household_id"]),
                auto_key=f"resettled:{row['household__public_id']}",
            )
        )
    return claims


@transaction.atomic
def open_foreseen_claims(municipality: Municipality, as_of: dt.date, actor=None) -> list[Claim]:
    """Open the claims Etablera can foresee for `municipality` on `as_of` that are not open yet, and return them.

    Running it again opens nothing new (each has its `auto_key`); a claim already there is left as it is, except
    that a minors' quarter opened before its amount was computed gets the amount once it is."""
    require_manage(actor, municipality.pk)
    foreseen = _minors_claims(municipality, as_of) + _resettled_claims(municipality, as_of)
    existing = {
        claim.auto_key: claim
        for claim in Claim.objects.filter(
            municipality=municipality, auto_key__in=[c.auto_key for c in foreseen]
        ).select_related("municipality", "household")
    }
    created, filled = [], []
    for claim in foreseen:
        old = existing.get(claim.auto_key)
        if old is not None:
            if (
                old.amount_claimed is None
                and claim.amount_claimed is not None
                and old.status == Status.TO_APPLY
            ):
                old.amount_claimed = claim.amount_claimed
                old.save(update_fields=["amount_claimed", "updated_at"])
                filled.append(old)
            continue
        claim.created_by = actor
        try:
            with transaction.atomic():  # another run opening the same claim at this moment: theirs stands
                claim.save()
        except IntegrityError:
            continue
        created.append(claim)
    changes = [
        (
            AuditEvent.Action.CREATE,
            claim,
            f"Förutsedd ansökan öppnad: {claim.get_kind_display()}, sök senast {claim.deadline}",
            {"auto_key": claim.auto_key, "deadline": claim.deadline.isoformat()},
        )
        for claim in created
    ] + [
        (
            AuditEvent.Action.UPDATE,
            claim,
            "Förutsedd ansökan: sökt belopp från beräknad ersättning",
            {"amount_claimed": [None, claim.amount_claimed]},
        )
        for claim in filled
    ]
    if changes:
        log_changes(actor, changes)
    log_event(
        actor,
        AuditEvent.Action.UPDATE,
        object_type="Claim",
        summary=f"Förutsedda ansökningar {as_of}: {len(created)} öppnade, {len(foreseen) - len(created)} fanns",
        municipality_code=municipality.code,
    )
    return created
