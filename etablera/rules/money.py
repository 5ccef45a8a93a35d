"""State compensation to the municipality (issue #15; förordning 2010:1122 and 2017:193; RULES.md "State
compensation"): the schablon's instalments and age bands, the initial costs as shares of the prisbasbelopp, the
unaccompanied minors' amount per day, and the deadlines of the compensations that need an application.

These are the rules for one person or one placement, in plain Python. money/services/entitlements.py computes the
same amounts for a whole country at once in SQL; its tests hold the two to the same answers, and these functions
are what an amount's explanation is written from.

Months are counted as integers (`month_number`: year × 12 + month − 1), which is what lets SQL compute the same
age band without date arithmetic: a person has turned N by the end of month m exactly when the month of their Nth
birthday is m or earlier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from etablera.rules.dates import add_months, age_on
from etablera.rules.deadlines import Deadline, gettext_noop
from etablera.rules.parameters import parameter, parameter_value

UNDER = "UNDER"  # the schablon's higher amount: under the band age
OVER = "OVER"  # the lower amount: the band age or older

# How a person came, as the initial costs tell it (förordning 2010:1122): assigned (anvisade, incl. resettled) or
# self-settled. Other categories (family reunification, temporary protection) get no initial costs here.
ASSIGNED = "ASSIGNED"
SELF_SETTLED = "SELF_SETTLED"
INITIAL_COSTS_GROUPS = {
    "RESETTLED": ASSIGNED,
    "ASSIGNED_FROM_FACILITY": ASSIGNED,
    "SELF_SETTLED": SELF_SETTLED,
}
# The categories the schablon is paid for (received persons with a residence permit). Unaccompanied minors are
# compensated per day while placed, temporary protection under its own rules: neither is in this schablon.
SCHABLON_CATEGORIES = ("RESETTLED", "ASSIGNED_FROM_FACILITY", "SELF_SETTLED", "FAMILY_REUNIFICATION")


def month_number(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_of(number: int) -> dt.date:
    return dt.date(number // 12, number % 12 + 1, 1)


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def instalments(reception_date: dt.date) -> int:
    return parameter_value("money.schablon_instalments", reception_date)


def band_age(reception_date: dt.date) -> int:
    return parameter_value("money.schablon_band_age", reception_date)


def payment_months(reception_date: dt.date) -> list[dt.date]:
    """The months the schablon's instalments are paid: from the month after reception, one a month."""
    first = add_months(first_of_month(reception_date), 1)
    return [add_months(first, k) for k in range(instalments(reception_date))]


def band(birth_date: dt.date, payment_month: dt.date, age: int) -> str:
    """The schablon's age band for an instalment: by the age at the end of the month before the payment month."""
    turned = month_number(birth_date) + 12 * age  # the month of the birthday that makes the person `age`
    return OVER if turned <= month_number(payment_month) - 1 else UNDER


def instalment_amount(yearly: int, k: int, n: int) -> int:
    """The kth of n instalments of `yearly` in whole kronor: the kronor that don't divide evenly fall on the
    instalments where the running total passes a krona, so n instalments of one band sum to exactly `yearly`."""
    return yearly * k // n - yearly * (k - 1) // n


@dataclass(frozen=True)
class Instalment:
    number: int
    month: dt.date
    band: str
    amount: int


def schablon_instalments(birth_date: dt.date, reception_date: dt.date, amounts: dict) -> list[Instalment]:
    """Every instalment of a person's schablon, given the year's amounts ({"under": kr, "over": kr})."""
    n = instalments(reception_date)
    age = band_age(reception_date)
    result = []
    for k, month in enumerate(payment_months(reception_date), start=1):
        b = band(birth_date, month, age)
        result.append(
            Instalment(k, month, b, instalment_amount(amounts["under" if b == UNDER else "over"], k, n))
        )
    return result


def recipient(
    reception_date: dt.date, payment_month: dt.date, moves: list[tuple[dt.date, object]], received_in
):
    """Who gets an instalment: the receiving municipality, or the one the person moved to within the share period
    (`money.move_share_months` from reception), from the month after the move. `moves`: (moved_on, municipality),
    oldest first."""
    limit = add_months(reception_date, parameter_value("money.move_share_months", reception_date))
    current = received_in
    for moved_on, to in moves:
        if moved_on < limit and month_number(moved_on) < month_number(payment_month):
            current = to
    return current


def initial_costs_share(category: str, birth_date: dt.date, reception_date: dt.date) -> int | None:
    """The share of the prisbasbelopp in basis points (1745 = 17,45 %), or None where no initial costs apply:
    received before `money.initial_costs_from`, a category without them, or an age band without a share."""
    if reception_date < parameter_value("money.initial_costs_from", reception_date):
        return None
    group = INITIAL_COSTS_GROUPS.get(category)
    if group is None:
        return None
    age = age_on(birth_date, reception_date)
    share = None
    for lower, basis_points in parameter_value("money.initial_costs_shares", reception_date)[group]:
        if age >= lower:
            share = basis_points
    return share or None


def share_of(base: int, basis_points: int) -> int:
    """`basis_points` of `base`, rounded half up to whole kronor (57 300 × 17,45 % = 9 998,85 → 9 999)."""
    return (base * basis_points + 5000) // 10000


def minors_rate(day: dt.date) -> int:
    return parameter_value("money.minors_per_day", day)


# Explanations: what an amount's line says, as catalogue messages (rendered in the reader's language).
SCHABLON_EXPLANATION = gettext_noop(
    "Schablonersättning för en person mottagen %(received)s: årsbeloppet %(rate)s kr för åldersgruppen "
    "%(band)s, delbetalning %(number)s av %(count)s (utbetalningsmånad %(month)s). Åldern räknas vid utgången av "
    "månaden före utbetalningen."
)
BAND_UNDER = gettext_noop("under %(age)s år")
BAND_OVER = gettext_noop("%(age)s år och äldre")
MOVED_EXPLANATION = gettext_noop(
    "Personen flyttade hit från %(from)s inom 24 månader: delbetalningarna efter flyttmånaden går hit."
)
INITIAL_EXPLANATION = gettext_noop(
    "Initiala kostnader för en person mottagen %(received)s (%(group)s, %(age)s år vid mottagandet): %(share)s %% "
    "av prisbasbeloppet %(base)s kr, avrundat till hela kronor."
)
MINORS_EXPLANATION = gettext_noop(
    "Ensamkommande barn: %(days)s dygn i placering under %(month)s, %(rate)s kr per dygn."
)
ESTIMATED = gettext_noop(
    "Beloppet för året saknas i reglerna: uppskattat med det senast kända. En administratör anger årets belopp."
)
GROUP_LABELS = {ASSIGNED: gettext_noop("anvisad"), SELF_SETTLED: gettext_noop("egenbosatt")}


def explanation_source(key: str, on: dt.date) -> tuple[str, str]:
    p = parameter(key, on)
    return p.source, p.status


# Claims that need an application, and the day to apply by. The dates a deadline is based on are named by catalogue
# messages, shown in the reader's language.
QUARTER_START = gettext_noop("Kvartalets första dag")
QUARTER_END = gettext_noop("Kvartalets sista dag")
RECEIVED = gettext_noop("Mottagningsdatum")


def minors_quarter_deadline(quarter_start: dt.date) -> Deadline:
    """The application for a quarter's compensation for unaccompanied minors: by a day of the month after the
    quarter (`money.minors_claim_days_after_quarter` = [months after, day])."""
    p = parameter("money.minors_claim_days_after_quarter", quarter_start)
    months, day = p.value
    quarter_end = add_months(quarter_start, 3) - dt.timedelta(days=1)
    date = add_months(quarter_start, 2 + months).replace(day=day)
    return Deadline.make(
        date=date,
        rule="money.minors_quarter",
        title=[gettext_noop("Ansök om ersättning för kvartalet senast"), {}],
        explanation=[
            [
                gettext_noop(
                    "Kvartalet %(start)s–%(end)s: ansökan ska komma in senast den %(day)s:e i månaden "
                    "efter kvartalet."
                ),
                {"start": quarter_start.isoformat(), "end": quarter_end.isoformat(), "day": day},
            ]
        ],
        source=[p.source, {}],
        status=p.status,
        based_on={QUARTER_START: quarter_start, QUARTER_END: quarter_end},
    )


def resettled_initial_deadline(reception_date: dt.date) -> Deadline:
    """The application for a resettled household's initial costs: within a year of reception."""
    p = parameter("money.resettled_initial_claim_months", reception_date)
    date = add_months(reception_date, p.value)
    return Deadline.make(
        date=date,
        rule="money.resettled_initial",
        title=[gettext_noop("Ansök om initiala kostnader senast"), {}],
        explanation=[
            [
                gettext_noop(
                    "Hushållet togs emot %(received)s; ansökan ska komma in inom %(months)s månader."
                ),
                {"received": reception_date.isoformat(), "months": p.value},
            ]
        ],
        source=[p.source, {}],
        status=p.status,
        based_on={RECEIVED: reception_date},
    )


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
