"""The demo's county board (issue #16): `lansstyrelsen` (Eva Granberg, Länsstyrelsen i Södermanlands län) reads
the county's municipalities side by side and the allocation model, which needs its criteria: the shipped file of
unverified approximations for 2017 and 2018 (etablera/county/data/sodermanland_criteria.csv), imported through the
real importer — once; a second load leaves them alone."""

from __future__ import annotations

from pathlib import Path

from etablera.county.importers import import_criteria
from etablera.county.models import AllocationCriteria

CRITERIA = Path(__file__).resolve().parents[1] / "county" / "data" / "sodermanland_criteria.csv"


def load_county() -> None:
    if not AllocationCriteria.objects.filter(municipality__county__code="04").exists():
        import_criteria(CRITERIA.read_bytes())
