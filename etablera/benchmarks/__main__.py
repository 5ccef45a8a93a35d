"""python -m etablera.benchmarks — see etablera/benchmarks/__init__.py and docs/performance.md."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m etablera.benchmarks",
        description="Measure Etablera at national scale (PostgreSQL, DATABASE_URL) and write docs/performance.md.",
    )
    parser.add_argument("--requests", type=int, default=40, help="Requests per page and runs of its floor.")
    parser.add_argument(
        "--import-rows", type=int, default=100_000, help="Rows in the import benchmark (0: skip)."
    )
    parser.add_argument(
        "--compute-year",
        type=int,
        default=None,
        help="The year of the national entitlements computation (default: last year; 0: skip).",
    )
    parser.add_argument(
        "--output", type=Path, default=Path("docs/performance.md"), help="The Markdown to write."
    )
    parser.add_argument("--json", type=Path, default=None, help="Also write the raw results here.")
    parser.add_argument(
        "--before", type=Path, default=None, help="Results (--json) of an earlier run to compare."
    )
    parser.add_argument("--only", action="append", default=None, help="Only this case (repeatable).")
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="Create the PostgreSQL database if missing, migrate, and generate the data set if it has none.",
    )
    parser.add_argument("--persons", type=int, default=None, help="With --prepare: persons to generate.")
    parser.add_argument(
        "--scale",
        type=float,
        default=None,
        help="With --prepare: the data set's size as a multiple of the national one (instead of --persons).",
    )
    parser.add_argument(
        "--board-runs", type=int, default=3, help="Runs of the board report (build and PDF; 0: skip)."
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="Make every case's requests once untimed before measuring (a data set larger than memory).",
    )
    parser.add_argument(
        "--plans",
        action="store_true",
        help="Also name each page's large reads in its query plans: a large table read whole, an index read of "
        "many rows (PostgreSQL).",
    )
    args = parser.parse_args(argv)
    if args.persons is not None and args.scale is not None:
        parser.error("--persons or --scale, not both")
    return args


def _create_database(url: str) -> None:
    """CREATE DATABASE when the one DATABASE_URL names does not exist (PostgreSQL only)."""
    from psycopg import sql

    from etablera.benchmarks.growth import maintenance_connection

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    name = parts.path.lstrip("/")
    with maintenance_connection(url) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"bench: created database {name}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "etablera.settings")
    if args.prepare and os.environ.get("DATABASE_URL"):
        _create_database(os.environ["DATABASE_URL"])
    import django
    from django.apps import apps

    if not apps.ready:
        # Not again when called from a test (or anything that has set Django up): django.setup() configures
        # logging anew, and its handlers would write to whatever sys.stderr is at that moment — pytest's capture,
        # closed after the test, so every later log line in the process failed ("I/O operation on closed file").
        django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from etablera.benchmarks import board_report, importing, machine, money_compute, report, runner
    from etablera.demo import generate

    if connection.vendor != "postgresql":
        print(
            "bench: note — DATABASE_URL does not name a PostgreSQL database; the goals are for PostgreSQL.",
            file=sys.stderr,
        )
    generated = None
    if args.prepare:
        call_command("migrate", interactive=False, verbosity=0)
        if not generate.has_generated_data():
            persons = args.persons or round(generate.DEFAULT_PERSONS * (args.scale or 1))
            generated = generate.generate(generate.Options(persons=persons, progress=sys.stderr))
        # The housing pages need homes, needs and contracts: added once to the data set (idempotent), with the
        # housing caseworker bench.bostad.
        from etablera.demo.generate import housing as generate_housing

        housed = generate_housing.generate_housing(generate_housing.HousingOptions(progress=sys.stderr))
        if not housed.skipped:
            generate_housing.analyze()
            print(
                f"bench: housing generated in {housed.seconds:.1f} s: "
                + ", ".join(f"{n:,} {label}" for label, n in housed.counts.items()),
                file=sys.stderr,
            )
        # The activity pages (issue #13): support months, the catalogue and the week, once (idempotent), with
        # bench.social and bench.arbete.
        from etablera.demo.generate import activity as generate_activity

        active = generate_activity.generate_activity(generate_activity.ActivityOptions(progress=sys.stderr))
        if not active.skipped:
            generate_activity.analyze()
            print(
                f"bench: activity requirement generated in {active.seconds:.1f} s: "
                + ", ".join(f"{n:,} {label}" for label, n in active.counts.items()),
                file=sys.stderr,
            )
        # The minors' list (issue #14): children's cases, placements and guardians, once (idempotent), seen by
        # bench.social.
        from etablera.demo.generate import minors as generate_minors

        minors = generate_minors.generate_minors(generate_minors.MinorsOptions(progress=sys.stderr))
        if not minors.skipped:
            generate_minors.analyze()
            print(
                f"bench: minors generated in {minors.seconds:.1f} s: "
                + ", ".join(f"{n:,} {label}" for label, n in minors.counts.items()),
                file=sys.stderr,
            )
        # The money pages (issue #15): moves, this year's and last year's entitlements for the whole country and
        # the payments, once (idempotent), read by bench.ekonomi.
        from etablera.demo.generate import money as generate_money

        money = generate_money.generate_money(generate_money.MoneyOptions(progress=sys.stderr))
        if not money.skipped:
            generate_money.analyze()
            print(
                f"bench: money generated in {money.seconds:.1f} s: "
                + ", ".join(f"{n:,} {label}" for label, n in money.counts.items()),
                file=sys.stderr,
            )
        if generated or not all(part.skipped for part in (housed, active, minors, money)):
            # Each generator runs in this process, one after the other: the peak is the largest of them.
            print(
                f"bench: generating took at most {generate.peak_memory_mb():.0f} MB of memory "
                f"(goal under {generate.MEMORY_GOAL_MB} MB)",
                file=sys.stderr,
            )
    description = machine.describe()
    today = timezone.localdate()
    ctx, results = runner.run(
        requests=args.requests,
        only=args.only,
        progress=sys.stderr,
        today=today,
        plans=args.plans,
        warm=args.warm,
    )
    imported = None
    if args.import_rows:
        print(f"bench: importing {args.import_rows} anvisningar …", file=sys.stderr, flush=True)
        imported = importing.run(args.import_rows, today)
        print(f"bench: import {imported.rows_per_second:,.0f} rows/s", file=sys.stderr)
    computed = None
    compute_year = today.year - 1 if args.compute_year is None else args.compute_year
    if compute_year:
        print(
            f"bench: computing the entitlements of {compute_year} for the country …",
            file=sys.stderr,
            flush=True,
        )
        computed = money_compute.run(compute_year)
        print(
            f"bench: entitlements {computed.total_lines:,} lines in {computed.seconds:.1f} s", file=sys.stderr
        )
    board = None
    if args.board_runs:
        print(
            f"bench: the board report of {ctx.municipality.code} for {today.year - 1} …",
            file=sys.stderr,
            flush=True,
        )
        board = board_report.run(ctx.municipality.code, today.year - 1, today, runs=args.board_runs)
        print(f"bench: board report {board.max_seconds:.1f} s at most", file=sys.stderr)
    before = None
    if args.before:
        before = {item["key"]: item for item in json.loads(args.before.read_text())["results"]}
    data = machine.data_size()
    text = report.render(
        machine=description,
        data=data,
        municipality=ctx.municipality.name,
        municipality_data=machine.municipality_size(ctx.municipality),
        requests=args.requests,
        results=results,
        imported=imported,
        before=before,
        generated=generated,
        computed=computed,
        board=board,
    )
    report.write(args.output, text)
    print(f"bench: wrote {args.output}", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "machine": description,
                    "data": data,
                    "generated": {"seconds": generated.seconds, "rows": generated.rows}
                    if generated
                    else None,
                    "results": [r.as_json() for r in results],
                    "import": imported.as_json() if imported else None,
                    "entitlements": computed.as_json() if computed else None,
                    "board_report": board.as_json() if board else None,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
