"""What `make bench` measures: the pages and endpoints caseworkers use most, each with its SQL floor.

A case requests a page or endpoint through Django's test client, in-process, as a signed-in user of the benchmark
municipality (etablera.demo.generate.BENCH_MUNICIPALITY). Its *floor* is the best hand-written SQL that returns the
same result, written knowing the user and the access rules (so without the general policy's branches that cannot
apply), with the same audit INSERT the page must write for the persons or households it shows: what a page costs
beyond its floor is the price of the framework, the policy's generality and the HTML. Before anything is timed,
each floor's result is compared with what the application's selectors return, so a floor cannot be cheaper by being
wrong.

The SQL is portable (PostgreSQL and SQLite), so that the tests can run the benchmark at a tiny scale.

One module per domain, each with a `cases()` that lists its cases in the order of the report: `reception` and
`housing`. They build on `common` (the `Case` and `Context` types, the SQL helpers, the audit INSERT) and `access`
(who sees what, as SQL), and import no other domain's cases. This module is the registry: it alone imports the
domains, and `DOMAINS` gives their order in the report — a new domain adds its module and one line there.
"""

from __future__ import annotations

from etablera.benchmarks.cases import activity, county, establishment, housing, minors, money, reception
from etablera.benchmarks.cases.common import Case, Context

DOMAINS = (
    reception.cases,
    housing.cases,
    establishment.cases,
    activity.cases,
    minors.cases,
    money.cases,
    county.cases,
)

__all__ = ["DOMAINS", "Case", "Context", "cases"]


def cases() -> list[Case]:
    """Every case, domain after domain, in the order of the report."""
    return [case for domain in DOMAINS for case in domain()]
