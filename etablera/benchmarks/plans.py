"""The query plans behind a page: what PostgreSQL reads in bulk to answer it.

A per-user page stays flat as the data grows only if every statement it sends reaches its rows through an index that
narrows them to the user's; a sequential scan of a table that grows with the country costs more at every size, and
so does an index read of the whole country's open cases (found so: the household search's EXISTS, planned as a
hashed subplan over 79 000 open reception cases). `large_scans` asks PostgreSQL for the plan (EXPLAIN, not ANALYZE:
nothing is run twice, and a statement that writes is left alone) of each SELECT a request sent, and names
- a table of at least `LARGE_ROWS` rows (the planner's own statistics) read by a Seq Scan, by its name;
- an index read that the planner expects to return at least `LARGE_READ_ROWS` rows, as "index: rows".
Small tables (units, users, the rules' parameters) are read whole by design and are not named.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

# A table at or above this many rows (pg_class.reltuples, as ANALYZE left it) is one that grows with the data: the
# bench municipality alone has some thousands of households, so anything smaller is a catalogue, not the country.
LARGE_ROWS = 20_000
# An index read expected to return this many rows at the national size is more than one municipality's share of any
# table (the bench municipality has some 4 000 persons): the country, or a county, read through an index.
LARGE_READ_ROWS = 10_000


def _walk(plan: dict, whole: set[str], reads: dict[str, int]) -> None:
    """Collect the relations a Seq Scan reads (`whole`) and the index reads with their expected rows (`reads`)."""
    kind = plan.get("Node Type")
    if kind == "Seq Scan" and plan.get("Relation Name"):
        whole.add(plan["Relation Name"])
    elif kind in ("Index Scan", "Index Only Scan", "Bitmap Index Scan") and plan.get("Index Name"):
        rows = int(plan.get("Plan Rows", 0))
        reads[plan["Index Name"]] = max(reads.get(plan["Index Name"], 0), rows)
    for child in plan.get("Plans", ()):
        _walk(child, whole, reads)


def _sizes(cursor, relations: set[str]) -> dict[str, int]:
    if not relations:
        return {}
    cursor.execute(
        # reltuples is -1 for a table never analyzed (PostgreSQL 14+): its size unknown, counted as none.
        "SELECT relname, GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
        [sorted(relations)],
    )
    return dict(cursor.fetchall())


def large_scans(
    statements: Iterable[str], min_rows: int = LARGE_ROWS, min_read_rows: int = LARGE_READ_ROWS
) -> list[str]:
    """The large tables read by a sequential scan, then the large index reads ("index: rows"), in the plans of these
    statements (the SQL Django captured, its parameters already in it), each once, in name order. Empty on any
    database but PostgreSQL."""
    if connection.vendor != "postgresql":
        return []
    relations: set[str] = set()
    reads: dict[str, int] = {}
    with connection.cursor() as cursor:
        for sql in statements:
            # Only reads: the session's UPDATE and the audit INSERT are planned by their primary key anyway, and
            # EXPLAIN of a statement with a RETURNING or a savepoint is not what this asks.
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            (plan,) = cursor.fetchone()
            for entry in plan:
                _walk(entry["Plan"], relations, reads)
        sizes = _sizes(cursor, relations)
    whole = sorted(name for name in relations if sizes.get(name, 0) >= min_rows)
    by_index = [
        f"{name}: {rows:,} rows".replace(",", "\u00a0")
        for name, rows in sorted(reads.items())
        if rows >= min_read_rows
    ]
    return whole + by_index
