"""The query plans behind a page: which large tables PostgreSQL reads whole to answer it.

A per-user page stays flat as the data grows only if every statement it sends reaches its rows through an index; a
sequential scan of a table that grows with the country costs more at every size. `large_scans` asks PostgreSQL for
the plan (EXPLAIN, not ANALYZE: nothing is run twice, and a statement that writes is left alone) of each SELECT a
request sent, and names the relations read by a Seq Scan that hold at least `LARGE_ROWS` rows by the planner's own
statistics. Small tables (units, users, the rules' parameters) are read whole by design and are not named.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

# A table at or above this many rows (pg_class.reltuples, as ANALYZE left it) is one that grows with the data: the
# bench municipality alone has some thousands of households, so anything smaller is a catalogue, not the country.
LARGE_ROWS = 20_000


def _scanned(plan: dict) -> Iterable[str]:
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name"):
        yield plan["Relation Name"]
    for child in plan.get("Plans", ()):
        yield from _scanned(child)


def _sizes(cursor, relations: set[str]) -> dict[str, int]:
    if not relations:
        return {}
    cursor.execute(
        "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
        [sorted(relations)],
    )
    return dict(cursor.fetchall())


def large_scans(statements: Iterable[str], min_rows: int = LARGE_ROWS) -> list[str]:
    """The large tables read by a sequential scan in the plans of these statements (the SQL Django captured, its
    parameters already in it), each once, in name order. Empty on any database but PostgreSQL."""
    if connection.vendor != "postgresql":
        return []
    relations: set[str] = set()
    with connection.cursor() as cursor:
        for sql in statements:
            # Only reads: the session's UPDATE and the audit INSERT are planned by their primary key anyway, and
            # EXPLAIN of a statement with a RETURNING or a savepoint is not what this asks.
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            (plan,) = cursor.fetchone()
            for entry in plan:
                relations.update(_scanned(entry["Plan"]))
        sizes = _sizes(cursor, relations)
    return sorted(name for name in relations if sizes.get(name, 0) >= min_rows)
