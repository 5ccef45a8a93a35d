"""The county board's login on the generated data set (issue #16): `bench.lan`, a caseworker of Länsstyrelsen in the
benchmark municipality's county (a unit of function COUNTY_BOARD placed at the benchmark municipality, as the demo's
lansstyrelsen), for the county page's bench case (benchmarks/cases/county.py). It sees the figures of the county's
municipalities and never a person (policy.Capabilities.county_ids).

Idempotent and cheap: the bench case makes it when it is missing, so that a data set generated before the county
existed needs no new generation."""

from __future__ import annotations

from etablera.demo.generate.common import BENCH_MUNICIPALITY, BenchLogin
from etablera.organisation.models import Municipality, Role, Unit, User

BENCH_COUNTY_LOGIN = BenchLogin(
    "bench.lan",
    "Lars",
    "Länström",
    "lansstyrelsen",
    Role.CASEWORKER,
    "handläggare, Länsstyrelsen (länets kommuner sida vid sida)",
)


def ensure_bench_login() -> User | None:
    """bench.lan and its county board unit; None when the benchmark municipality is missing (no data set)."""
    municipality = Municipality.objects.filter(code=BENCH_MUNICIPALITY).select_related("county").first()
    if municipality is None:
        return None
    unit, _created = Unit.objects.get_or_create(
        municipality=municipality,
        name=f"Länsstyrelsen i {municipality.county.name}",
        defaults={"kind": Unit.Kind.EXTERNAL, "function": Unit.Function.COUNTY_BOARD},
    )
    login = BENCH_COUNTY_LOGIN
    user, _created = login.ensure(unit)
    return user
