"""The criteria a run of the allocation model uses: the county's AllocationCriteria rows for the year, with earlier
reception counted from Etablera's own register where a row leaves it empty, and the published kommuntal beside."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from etablera.county.allocation import AllocationError, Criteria, Fixed
from etablera.county.models import Adjustment, AllocationCriteria
from etablera.minors.models import ChildCase
from etablera.organisation.models import County, Municipality
from etablera.reception.models import Assignment, MunicipalQuota
from etablera.rules.county import earlier_reception_years

FILE = "file"
REGISTER = "register"
# The kommuntal of seed 002 (figur 5), shipped with the reception app: what a run compares with when the database
# has no MunicipalQuota for the year.
PUBLISHED_FILE = Path(__file__).resolve().parent.parent / "reception" / "data" / "sodermanland_kommuntal.csv"


@dataclass(frozen=True)
class Underlag:
    """The criteria of one run, and where each municipality's earlier reception came from."""

    rows: list[Criteria]
    origins: dict[str, dict[str, str]]  # code -> {"earlier_newcomers": FILE|REGISTER, "earlier_minors": ...}
    sources: dict[str, str]  # code -> the criteria row's source
    statuses: dict[str, str]  # code -> the criteria row's status
    years: tuple[int, int]  # the calendar years counted from the register


def load_criteria(county: County, year: int) -> Underlag:
    municipalities = list(Municipality.objects.filter(county=county).order_by("code"))
    stored = {
        c.municipality_id: c
        for c in AllocationCriteria.objects.filter(municipality__county=county, year=year)
    }
    missing = [m.name for m in municipalities if m.pk not in stored]
    if missing:
        raise AllocationError(
            "criteria",
            _(
                "Underlag för %(year)s saknas för %(names)s. Importera det med etablera import_allocation_criteria."
            )
            % {"year": year, "names": ", ".join(missing)},
        )
    years = earlier_reception_years(year)
    newcomers, minors = register_counts(county, years)
    rows, origins, sources, statuses = [], {}, {}, {}
    for municipality in municipalities:
        found = stored[municipality.pk]
        origin = {
            "earlier_newcomers": FILE if found.earlier_newcomers is not None else REGISTER,
            "earlier_minors": FILE if found.earlier_minors is not None else REGISTER,
        }
        rows.append(
            Criteria(
                code=municipality.code,
                name=municipality.name,
                labour_market=found.labour_market,
                population=found.population,
                asylum_seekers=found.asylum_seekers,
                earlier_newcomers=(
                    found.earlier_newcomers
                    if found.earlier_newcomers is not None
                    else newcomers.get(municipality.pk, 0)
                ),
                earlier_minors=(
                    found.earlier_minors
                    if found.earlier_minors is not None
                    else minors.get(municipality.pk, 0)
                ),
            )
        )
        origins[municipality.code] = origin
        sources[municipality.code] = found.source
        statuses[municipality.code] = found.status
    return Underlag(rows, origins, sources, statuses, years)


def register_counts(county: County, years: tuple[int, int]) -> tuple[dict[int, int], dict[int, int]]:
    """Persons received on an anvisning, and unaccompanied minors who arrived, per municipality in the years: what
    Etablera itself knows of the earlier reception (self-settled newcomers are not in it; see docs/allocation.md)."""
    first, last = years
    received = (
        Assignment.objects.filter(
            municipality__county=county,
            status=Assignment.Status.RECEIVED,
            received_date__year__gte=first,
            received_date__year__lte=last,
        )
        .values("municipality_id")
        .annotate(persons=Sum("person_count"))
    )
    children = (
        ChildCase.objects.annotate(receiving=Coalesce("assigned_municipality_id", "municipality_id"))
        .filter(
            Q(assigned_municipality__county=county)
            | Q(assigned_municipality__isnull=True, municipality__county=county),
            arrived_on__year__gte=first,
            arrived_on__year__lte=last,
        )
        .values("receiving")
        .annotate(children=Count("pk"))
    )
    return (
        {row["municipality_id"]: row["persons"] for row in received},
        {row["receiving"]: row["children"] for row in children},
    )


def load_adjustments(county: County, year: int) -> dict[str, Fixed]:
    return {
        a.municipality.code: Fixed(a.kommuntal, a.reason)
        for a in Adjustment.objects.filter(county=county, year=year).select_related("municipality")
    }


def published_kommuntal(county: County, year: int) -> tuple[dict[str, int], str]:
    """The year's decided kommuntal per municipality code, and where they were read: the database's MunicipalQuota,
    else the seed figures shipped with the reception app, else nothing."""
    stored = {
        q.municipality.code: q.quota
        for q in MunicipalQuota.objects.filter(municipality__county=county, year=year).select_related(
            "municipality"
        )
    }
    if stored:
        return stored, "MunicipalQuota"
    found = {}
    with PUBLISHED_FILE.open(encoding="utf-8") as handle:
        for record in csv.reader(line for line in handle if not line.startswith("#")):
            if len(record) == 5 and record[0] == county.code and record[3] == str(year):
                found[record[1]] = int(record[4])
    return found, ("seed 002, figur 5" if found else "")
