"""What the payments pages and API read (issue #15): the municipality's payments, and the reconciliation of a year —
expected (the entitlement lines) against received (the payments) per month and kind, the differences, and for
payments that name a person, how many persons' payments match what was expected for them.

No names: the reconciliation is sums, counted per person without saying who, in a fixed handful of aggregate
queries whatever the size of the municipality (a test counts them). Who may read a municipality's figures is the
caller's question (policy.money_municipality_ids, or the command line).

`payments_for_user` reads the rows by the money capability, as the money visibility rule does
(access/visibility/money.py): restrict() gives a user who sees no persons (the statistics role) no rows at all,
and these rows are the municipality's accounts, shown without names. Which persons a payment names is read only
through restrict() on the persons (`seen_persons`) and logged where they are returned."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum

from etablera.access.audit import log_list
from etablera.access.policy import capabilities, restrict
from etablera.money.models import Entitlement, Kind, Payment
from etablera.people.models import Person

MISSING = "missing"  # received less than expected
MORE = "more"  # received more than expected
KIND_ORDER = list(Kind.values)


def payments_for_user(user, *, municipality_id: int | None = None) -> QuerySet[Payment]:
    """The payments of the user's money municipalities (one of them with `municipality_id`), newest first."""
    ids = capabilities(user).money_municipality_ids
    payments = Payment.objects.filter(municipality_id__in=ids)
    if municipality_id is not None:
        payments = payments.filter(municipality_id=municipality_id)
    return payments.select_related("municipality").order_by("-paid_on", "-pk")


def filtered(
    payments: QuerySet[Payment], *, year: int | None = None, month: dt.date | None = None, kind: str = ""
) -> QuerySet[Payment]:
    """The payments for months of `year`, for `month`, of `kind` (each optional): the page's and the API's filter."""
    if year is not None:
        payments = payments.filter(month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1))
    if month is not None:
        payments = payments.filter(month=month.replace(day=1))
    if kind:
        payments = payments.filter(kind=kind)
    return payments


def seen_persons(user, payments: list[Payment], summary: str) -> dict[int, Person]:
    """The persons the listed payments name that the user sees (restrict()), by id, logged as listed. One query
    and one insert, whatever the number of payments."""
    ids = {p.person_id for p in payments if p.person_id is not None}
    if not ids:
        return {}
    persons = {
        p.pk: p for p in restrict(user, Person.objects.filter(pk__in=ids)).select_related("municipality")
    }
    log_list(user, persons.values(), summary)
    return persons


def get_payment_for_user(user, payment_id: int) -> Payment | None:
    """One payment of the user's money municipalities, or None (missing and not seen alike)."""
    return payments_for_user(user).filter(pk=payment_id).first()


# --- the reconciliation ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    month: dt.date
    kind: str
    expected: int
    received: int

    @property
    def difference(self) -> int:
        """Received minus expected: negative is money that has not come."""
        return self.received - self.expected

    @property
    def sign(self) -> str:
        if self.difference < 0:
            return MISSING
        return MORE if self.difference > 0 else ""

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label) if self.kind else ""


@dataclass(frozen=True)
class PersonCounts:
    """Where payments name persons (Migrationsverket's specification does, per person and month): each person
    compared in those months and kinds — named by a payment, or expected for them there — counted by how what was
    paid for them compares with what was expected for them. Counts and sums only: nobody is named. A person may
    count both as missing (one month) and as more (another)."""

    compared: int = 0
    balanced: int = 0
    missing: int = 0
    more: int = 0
    missing_amount: int = 0
    more_amount: int = 0


@dataclass
class Reconciliation:
    municipality_id: int
    year: int
    lines: list[Line] = field(default_factory=list)
    persons: PersonCounts = field(default_factory=PersonCounts)

    @property
    def differences(self) -> list[Line]:
        """The months and kinds where received is not what was expected, in the table's order."""
        return [line for line in self.lines if line.difference]

    @property
    def totals(self) -> list[Line]:
        """The year per kind (month: the year's first day), in the order of the kinds."""
        sums: dict[str, list[int]] = {}
        for line in self.lines:
            total = sums.setdefault(line.kind, [0, 0])
            total[0] += line.expected
            total[1] += line.received
        first = dt.date(self.year, 1, 1)
        return [Line(first, kind, *sums[kind]) for kind in KIND_ORDER if kind in sums]

    @property
    def total(self) -> Line:
        return Line(
            dt.date(self.year, 1, 1),
            "",
            sum(line.expected for line in self.lines),
            sum(line.received for line in self.lines),
        )

    @property
    def missing_total(self) -> int:
        return -sum(line.difference for line in self.lines if line.difference < 0)

    @property
    def more_total(self) -> int:
        return sum(line.difference for line in self.lines if line.difference > 0)


def _year(queryset: QuerySet, municipality_id: int, year: int) -> QuerySet:
    return queryset.filter(
        municipality_id=municipality_id, month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1)
    )


def _persons(municipality_id: int, year: int) -> PersonCounts:
    """Two aggregate queries: received per person, month and kind (the payments that name a person), and expected
    per person, month and kind in the months and kinds those payments are for."""
    received: dict[tuple[int, dt.date, str], int] = {}
    for row in (
        _year(Payment.objects.filter(person__isnull=False), municipality_id, year)
        .values("person_id", "month", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        received[row["person_id"], row["month"], row["kind"]] = row["total"] or 0
    if not received:
        return PersonCounts()
    named = {(month, kind) for _person, month, kind in received}
    expected: dict[tuple[int, dt.date, str], int] = {}
    for row in (
        _year(Entitlement.objects.filter(person__isnull=False), municipality_id, year)
        .filter(month__in={month for month, _kind in named}, kind__in={kind for _month, kind in named})
        .values("person_id", "month", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        if (row["month"], row["kind"]) in named:
            expected[row["person_id"], row["month"], row["kind"]] = row["total"] or 0
    short: dict[int, int] = defaultdict(int)
    over: dict[int, int] = defaultdict(int)
    for key in received.keys() | expected.keys():
        difference = received.get(key, 0) - expected.get(key, 0)
        short[key[0]] += max(0, -difference)
        over[key[0]] += max(0, difference)
    persons = short.keys() | over.keys()
    return PersonCounts(
        compared=len(persons),
        balanced=sum(1 for p in persons if not short[p] and not over[p]),
        missing=sum(1 for p in persons if short[p]),
        more=sum(1 for p in persons if over[p]),
        missing_amount=sum(short.values()),
        more_amount=sum(over.values()),
    )


def reconciliation(municipality_id: int, year: int) -> Reconciliation:
    """Expected against received per month and kind for the municipality's `year` (four aggregate queries, two
    when no payment names a person)."""
    cells: dict[tuple[dt.date, str], list[int]] = {}
    for row in (
        _year(Entitlement.objects.all(), municipality_id, year)
        .values("month", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        cells.setdefault((row["month"], row["kind"]), [0, 0])[0] = row["total"] or 0
    for row in (
        _year(Payment.objects.all(), municipality_id, year)
        .values("month", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        cells.setdefault((row["month"], row["kind"]), [0, 0])[1] = row["total"] or 0
    lines = [
        Line(month, kind, expected, received)
        for (month, kind), (expected, received) in sorted(
            cells.items(), key=lambda item: (item[0][0], KIND_ORDER.index(item[0][1]))
        )
        if expected or received
    ]
    return Reconciliation(municipality_id, year, lines, _persons(municipality_id, year))
