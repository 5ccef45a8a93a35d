"""The quota report (Migrationsverket's "Anvisningar enligt kommuntal – översikt"), from individual records.

For a year and an as-of date, per municipality:
  Tal               the kommuntal for the year
  Anvisade totalt   persons in anvisningar counted against that year's kommuntal, decided on or before the date,
                    cancelled ones included
  varav avräknade   of those, persons received (kommunmottagna) on or before the date
  Kvar att avräkna  max(0, tal − avräknade)  (rules.reception.remaining_to_count)
A county or the whole country adds its municipalities' figures; its "kvar" is the sum of the municipalities' "kvar"
(a municipality that received more than its number does not lower another's remainder). Both the 2017 tables in
shared/data agree with this. Self-settled households (EBO) are in no figure: they have no anvisning, and an
anvisning with the EBO category (registered before that was refused) is left out.

The report holds no personal data: anyone signed in may read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils import timezone

from etablera.organisation.models import County, Municipality
from etablera.people.models import Category
from etablera.reception.models import Assignment, MunicipalQuota
from etablera.rules.reception import remaining_to_count


@dataclass
class QuotaRow:
    code: str
    name: str
    quota: int = 0
    assigned_total: int = 0
    received: int = 0
    remaining: int = 0
    kind: str = "municipality"  # municipality / county / country

    @property
    def is_empty(self) -> bool:
        return not (self.quota or self.assigned_total or self.received)

    def add(self, other: QuotaRow) -> None:
        self.quota += other.quota
        self.assigned_total += other.assigned_total
        self.received += other.received
        self.remaining += other.remaining


@dataclass
class QuotaReport:
    year: int
    as_of: dt.date
    scope: str  # "country", "county" or "municipality"
    title: str
    rows: list[QuotaRow] = field(default_factory=list)  # municipalities (or counties for the country)
    total: QuotaRow | None = None


class UnknownArea(ValueError):
    pass


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_sort_key(name: str) -> str:
    """Å, Ä, Ö after Z, as in Swedish (the same on SQLite and on PostgreSQL whatever its collation)."""
    return name.casefold().translate(_SWEDISH_ORDER)


# The one of the 290 whose name does not follow the rule (checked against the list in organisation/data).
_IRREGULAR_TITLES = {"Falun": "Falu kommun"}


def municipality_title(name: str) -> str:
    """'Nyköpings kommun', 'Gnesta kommun', 'Strängnäs kommun': genitive s except after a vowel or s/x/z."""
    if name in _IRREGULAR_TITLES:
        return _IRREGULAR_TITLES[name]
    return f"{name} kommun" if name[-1].lower() in "aeiouyåäösxz" else f"{name}s kommun"


def _municipal_rows(year: int, as_of: dt.date, municipalities) -> dict[int, QuotaRow]:
    rows = {m.pk: QuotaRow(m.code, m.name) for m in municipalities}
    quotas = MunicipalQuota.objects.filter(year=year, municipality_id__in=rows).values_list(
        "municipality_id", "quota"
    )
    for municipality_id, quota in quotas:
        rows[municipality_id].quota = quota
    counted = (
        Assignment.objects.filter(quota_year=year, municipality_id__in=rows, decision_date__lte=as_of)
        # Self-settled households (EBO) never count against the kommuntal. New ones come without an anvisning
        # (services/self_settled.py); an EBO anvisning registered before that rule is left out here.
        .exclude(category=Category.SELF_SETTLED)
        .values("municipality_id")
        .annotate(
            assigned=Sum("person_count"),
            received=Sum(
                "person_count",
                filter=Q(status=Assignment.Status.RECEIVED, received_date__lte=as_of),
                default=0,
            ),
        )
    )
    for item in counted:
        row = rows[item["municipality_id"]]
        row.assigned_total = item["assigned"] or 0
        row.received = item["received"] or 0
    for row in rows.values():
        row.remaining = remaining_to_count(row.quota, row.received)
    return rows


def quota_report(
    *,
    year: int,
    county_code: str | None = None,
    municipality_code: str | None = None,
    as_of: dt.date | None = None,
) -> QuotaReport:
    """The report for one municipality, one county (its municipalities and the county total) or the country (its
    counties and the national total)."""
    as_of = as_of or timezone.localdate()
    if municipality_code:
        municipality = Municipality.objects.filter(code=municipality_code).first()
        if municipality is None:
            raise UnknownArea(f"Okänd kommunkod: {municipality_code}")
        row = _municipal_rows(year, as_of, [municipality])[municipality.pk]
        return QuotaReport(year, as_of, "municipality", municipality_title(municipality.name), [row], row)
    if county_code:
        county = County.objects.filter(code=county_code).first()
        if county is None:
            raise UnknownArea(f"Okänd länskod: {county_code}")
        municipalities = sorted(county.municipalities.all(), key=lambda m: swedish_sort_key(m.name))
        rows = list(_municipal_rows(year, as_of, municipalities).values())
        total = QuotaRow(county.code, county.name, kind="county")
        for row in rows:
            total.add(row)
        return QuotaReport(year, as_of, "county", county.name, rows, total)
    municipalities = list(Municipality.objects.select_related("county"))
    by_pk = _municipal_rows(year, as_of, municipalities)
    counties: dict[str, QuotaRow] = {}
    for municipality in municipalities:
        county = municipality.county
        counties.setdefault(county.code, QuotaRow(county.code, county.name, kind="county")).add(
            by_pk[municipality.pk]
        )
    total = QuotaRow("SE", "Riket", kind="country")
    for row in counties.values():
        total.add(row)
    return QuotaReport(
        year, as_of, "country", "Riket", sorted(counties.values(), key=lambda r: r.code), total
    )
