"""The demo's money (issue #15), in Nyköping, kept by `ekonomi` (Olof Strand, the controller at Ekonomienheten):

- last year's and this year's entitlements, computed from the demo's received households (the schablon's
  instalments, the initial costs of those received from 1 July 2024, the unaccompanied minors' placement days);
- the payments received month by month up to last month, as Migrationsverket's specification would have them —
  except the schablon two months ago, which never came: the reconciliation shows it as missing;
- the claims Etablera foresees (the minors' quarters, the resettled households' initial costs) — those already due
  applied for in time and, once decided, paid, all but the latest, which was missed: the list shows it overdue —
  and one claim for special health-care costs whose deadline is in twelve days: the list shows it as due soon;
- this year's central pot (Nyköping's choice): a budget, the language café of Röda korset granted and reported
  on, and the labour-market unit's application waiting for its decision.

Everything is written through the money services, as `ekonomi`. Idempotent: a part that exists is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from etablera.money.models import Claim, Entitlement, FundingYear, Kind, Payment
from etablera.money.services import claims, funding, payments
from etablera.money.services.entitlements import compute
from etablera.rules.dates import add_months

MISSING_MONTHS_AGO = 2  # the schablon of this month never came
DECIDED_AFTER_DAYS = 45  # Migrationsverket's decision on a claim, a while after the application
SPECIAL_CLAIM = "Särskilda kostnader för hälso- och sjukvård, Familjen Haddad"


def load_money(today: dt.date, users: dict, units: dict) -> None:
    ekonomi = users["ekonomi"]
    nykoping = units[("0480", "Ekonomienheten")].municipality
    if not Entitlement.objects.filter(municipality=nykoping).exists():
        for year in (today.year - 1, today.year):
            compute(year, [nykoping.pk], actor=ekonomi)
    if not Payment.objects.filter(municipality=nykoping).exists():
        _payments(today, ekonomi, nykoping)
    if not Claim.objects.filter(municipality=nykoping, auto_key__isnull=False).exists():
        claims.open_foreseen_claims(nykoping, today, actor=ekonomi)
        _handled_in_time(today, ekonomi, nykoping)
    if not Claim.objects.filter(municipality=nykoping, title=SPECIAL_CLAIM).exists():
        claims.open_claim(
            ekonomi,
            nykoping,
            Claim.Kind.HEALTH_CARE,
            SPECIAL_CLAIM,
            today + dt.timedelta(days=12),
            period_start=add_months(today, -6).replace(day=1),
            period_end=today.replace(day=1) - dt.timedelta(days=1),
            amount_claimed=48_500,
            note="Vårdkostnader över gränsbeloppet; kvitton från regionen samlade.",
        )
    if not FundingYear.objects.filter(municipality=nykoping, year=today.year).exists():
        _pot(today, ekonomi, nykoping, units)


def _handled_in_time(today: dt.date, actor, municipality) -> None:
    """The foreseen claims whose deadline has passed, as a municipality that keeps up would have them: applied for
    a few days before the deadline, and those decided (more than DECIDED_AFTER_DAYS ago) granted in full and paid —
    all but the latest, still to apply for: the claims list shows it as overdue."""
    past = list(
        Claim.objects.filter(municipality=municipality, auto_key__isnull=False, deadline__lt=today).order_by(
            "deadline", "pk"
        )
    )
    for claim in past[:-1]:
        applied = claim.deadline - dt.timedelta(days=3)
        claims.change_status(actor, claim, Claim.Status.APPLIED, applied_on=applied)
        decided = applied + dt.timedelta(days=DECIDED_AFTER_DAYS)
        if decided < today and claim.amount_claimed:
            claims.change_status(
                actor, claim, Claim.Status.GRANTED, decided_on=decided, amount_granted=claim.amount_claimed
            )
            paid = min(today, decided + dt.timedelta(days=14))
            claims.change_status(actor, claim, Claim.Status.PAID, paid_on=paid)


def _payments(today: dt.date, actor, municipality) -> None:
    """What came in: each month's expected amount per kind, paid on the 25th, up to last month — but not the
    schablon of MISSING_MONTHS_AGO months ago."""
    this_month = today.replace(day=1)
    missing = add_months(this_month, -MISSING_MONTHS_AGO)
    expected = (
        Entitlement.objects.filter(municipality=municipality, month__lt=this_month)
        .values("month", "kind")
        .annotate(total=Sum("amount"))
        .order_by("month", "kind")
    )
    for row in expected:
        if row["kind"] == Kind.SCHABLON and row["month"] == missing:
            continue
        payments.record_payment(
            actor=actor,
            municipality=municipality,
            kind=row["kind"],
            month=row["month"],
            paid_on=row["month"].replace(day=25),
            amount=row["total"],
            reference=f"MV-{row['month']:%Y%m}-{row['kind'][:3]}",
            description="Migrationsverket, utbetalningsspecifikation",
        )


def _pot(today: dt.date, actor, municipality, units) -> None:
    schablon = (
        Entitlement.objects.filter(
            municipality=municipality, month__year=today.year, kind=Kind.SCHABLON
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    year = funding.set_up_year(
        actor,
        municipality=municipality,
        year=today.year,
        model=FundingYear.Model.POT,
        budget=max(500_000, schablon // 2 // 1000 * 1000),
        note="Hälften av årets schablon till en central pott, enligt kommunstyrelsens beslut.",
    )
    first = today.replace(month=1, day=1)
    last = today.replace(month=12, day=31)
    cafe = funding.apply(
        actor,
        funding_year=year,
        applicant_name="Röda korset Nyköping",
        purpose="Språkcafé två kvällar i veckan på biblioteket, med läxhjälp för barnen.",
        amount_applied=120_000,
        period_start=first,
        period_end=last,
    )
    decided = min(today, first + dt.timedelta(days=40))
    funding.decide(
        actor,
        cafe,
        status="GRANTED",
        amount_granted=100_000,
        decided_on=decided,
        decision_note="Beviljas för ett år; återrapport efter halvåret.",
    )
    if today >= first + dt.timedelta(days=60):
        funding.report_back(
            actor,
            cafe,
            spent=46_000,
            report="Drygt 30 deltagare i veckan; tolv barn får läxhjälp.",
            reported_on=min(today, first + dt.timedelta(days=190)),
        )
    funding.apply(
        actor,
        funding_year=year,
        applicant_unit=units[("0480", "Arbetsmarknadsenheten")],
        purpose="Jobbcoach med arabiska och tigrinja för dem som lämnar etableringsprogrammet i år.",
        amount_applied=250_000,
        period_start=max(first, today.replace(day=1)),
        period_end=last,
    )
