"""`make bench-growth` (python -m etablera.benchmarks.growth): the bench's pages at 1×, 2× and 3× the national data set.

Issue #19 asks that per-user pages stay flat as the data grows, and that the query plans use the indexes they should
at every size. Each size is a PostgreSQL database of its own — `make bench`'s database for 1×, the same name with
`_2x`, `_3x` … for the others — made and filled by the bench itself (`python -m etablera.benchmarks --prepare
--scale N`, one process per size, since a Django process is bound to one database), measured as `make bench` measures
every page and endpoint (in-process, median and p95, after a warm-up pass), with the large reads in each page's
plans (`plans.large_scans`). A size's database is dropped once measured (a 3× data set takes some 55 GB) unless
`--keep`, except 1×, which is `make bench`'s own.

The results of every size measured are kept in docs/performance-growth.json, so that one size can be measured at a
time (`--sizes 3`) and the table still shows them all; the table goes into docs/performance.md between its own
markers, which `make bench` and `make load` leave alone.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from etablera.benchmarks.sections import write_section

BEGIN = "<!-- Begin of the growth bench: written by `make bench-growth` (python -m etablera.benchmarks.growth). -->"
END = "<!-- End of the growth bench. -->"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/etablera_bench"
RESULTS = Path("docs/performance-growth.json")
# A page is flat when its median at the largest size measured is at most this many times its median at 1×: the
# same page measured twice on one size moves by up to a fifth on these machines, so 1.5 is growth, not noise.
FLAT_LIMIT = 1.5
# What the national data set takes on disk with its indexes and the bench's additions (18–19 GB measured),
# and the margin asked for before a size is generated: a disk that fills mid-COPY stops PostgreSQL for everyone.
GB_PER_SIZE = 20.0
DISK_MARGIN = 1.15


def database_url(base: str, size: int) -> str:
    """The database of a size: the base itself for 1×, `<name>_<size>x` beside it otherwise."""
    if size == 1:
        return base
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "etablera_bench"
    return urlunsplit(parts._replace(path=f"/{name}_{size}x"))


def maintenance_connection(url: str):
    """An autocommit connection to the server's `postgres` database, with the host, port and user of `url`: where a
    database is created, looked for or dropped (the bench's --prepare and the growth bench)."""
    import psycopg

    parts = urlsplit(url)
    params = {"host": parts.hostname, "port": parts.port, "user": parts.username, "password": parts.password}
    return psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v})


def _exists(url: str) -> bool:
    name = urlsplit(url).path.lstrip("/")
    with maintenance_connection(url) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _free_gb(url: str) -> float:
    """Free space where PostgreSQL keeps its data (the server is on this machine in every setup the bench knows);
    the root file system when the server will not say."""
    import psycopg

    path = "/"
    # Not a superuser (data_directory is theirs to see): the root is the next best guess.
    with contextlib.suppress(psycopg.Error), maintenance_connection(url) as conn:
        path = conn.execute("SHOW data_directory").fetchone()[0]
    return shutil.disk_usage(path if os.path.exists(path) else "/").free / 1024**3


def drop_database(url: str) -> None:
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with maintenance_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def measure_size(size: int, url: str, requests: int) -> dict:
    """Make (if need be), fill and measure one size in a process of its own; its results as the growth keeps them."""
    with tempfile.TemporaryDirectory(prefix="etablera-growth-") as folder:
        raw = Path(folder) / "results.json"
        command = [
            sys.executable,
            "-m",
            "etablera.benchmarks",
            "--prepare",
            "--scale",
            str(size),
            "--plans",
            "--warm",
            "--requests",
            str(requests),
            "--import-rows",
            "0",
            "--compute-year",
            "0",
            "--board-runs",
            "0",
            "--output",
            str(Path(folder) / "performance.md"),
            "--json",
            str(raw),
        ]
        subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, check=True)  # noqa: S603 — our own command
        measured = json.loads(raw.read_text())
    return {
        "size": size,
        "database": urlsplit(url).path.lstrip("/"),
        "date": measured["machine"].get("Date", ""),
        # Sizes are compared with 1×: the table says which machine measured each, so that two machines' figures
        # are not read as growth.
        "machine": measured["machine"].get("CPU", ""),
        "load": measured["machine"].get("Load average when the run started (1, 5, 15 min)", ""),
        "database_size": measured["machine"].get("Database size", ""),
        "data": measured.get("data") or {},
        "generated_seconds": (measured.get("generated") or {}).get("seconds"),
        "requests": requests,
        "warm": True,  # every page's requests made once untimed first (--warm)
        "results": [
            {
                "key": r["key"],
                "title": r["title"],
                "median_ms": r["median_ms"],
                "p95_ms": r["p95_ms"],
                "queries": r["queries"],
                "large_scans": r.get("large_scans") or [],
            }
            for r in measured["results"]
        ],
    }


def load_results(path: Path) -> dict[str, dict]:
    return json.loads(path.read_text(encoding="utf-8"))["sizes"] if path.exists() else {}


def save_results(path: Path, sizes: dict[str, dict]) -> None:
    ordered = {key: sizes[key] for key in sorted(sizes, key=int)}
    path.write_text(json.dumps({"sizes": ordered}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _n(number: float) -> str:
    return f"{number:,.0f}".replace(",", "\u00a0")


def _read(name: str) -> str:
    """A table read whole ("people_person") or an index read with its expected rows ("idx: 79 169 rows")."""
    index, _, rows = name.partition(": ")
    return f"`{index}` ({rows})" if rows else f"`{index}` (whole)"


def growth_of(sizes: dict[str, dict]) -> list[dict]:
    """Per page: its median and p95 at every size, the largest size's median over 1×'s, and whether it is flat."""
    ordered = sorted(sizes, key=int)
    pages: dict[str, dict] = {}
    for key in ordered:
        for result in sizes[key]["results"]:
            page = pages.setdefault(result["key"], {"key": result["key"], "title": result["title"], "at": {}})
            page["at"][key] = result
    for page in pages.values():
        measured = [key for key in ordered if key in page["at"]]
        first, last = page["at"].get("1"), page["at"][measured[-1]]
        page["growth"] = last["median_ms"] / first["median_ms"] if first and len(measured) > 1 else None
        page["flat"] = None if page["growth"] is None else page["growth"] <= FLAT_LIMIT
        # Each table or index once, with what the planner expected at each size it was read ("79 169 / 159 841").
        reads: dict[str, list[str]] = {}
        for key in measured:
            for name in page["at"][key]["large_scans"]:
                index, _, rows = name.partition(": ")
                reads.setdefault(index, [])
                if rows:
                    reads[index].append(rows.removesuffix(" rows"))
        page["large_scans"] = [
            f"{index}: {' / '.join(rows)} rows" if rows else index for index, rows in sorted(reads.items())
        ]
    return list(pages.values())


def render(sizes: dict[str, dict], wanted: tuple[int, ...] = (1, 2, 3)) -> str:
    columns = sorted({*wanted, *(int(k) for k in sizes)})
    pages = growth_of(sizes)
    lines = [
        BEGIN,
        "",
        "## Growth: the pages at 1×, 2× and 3× the national data set",
        "",
        'Regenerate with `make bench-growth` (`BENCH_GROWTH_ARGS="--sizes 3"` measures one size and keeps the '
        "others' results, which are in docs/performance-growth.json). Each size is a database of its own, generated "
        "with the same seed and the housing, activity requirement, minors and money that `make bench` adds, and "
        "measured as `make bench` measures (in-process, median and p95 in ms), after a warm-up pass where the "
        "table says so (every page's requests once, untimed: a data set larger than memory starts on disk); a size "
        "other than 1× is dropped once measured unless `--keep`. A page is **flat** when its median at the largest size measured is within "
        f"{FLAT_LIMIT}× of its median at 1×. *Large reads* names, from the plans of the page's statements at any "
        "size (EXPLAIN), the tables of 20\u00a0000 rows or more that a sequential scan reads whole, and the index "
        "reads the planner expects to return 10\u00a0000 rows or more — more than one municipality's share of any "
        "table. None is what a page whose statements are narrowed by their indexes shows.",
        "",
        "| Size | Machine | Persons | Rows in the main tables | Database | Generated in | Measured | Load average "
        "| Warm-up pass |",
        "|---|---|---:|---:|---:|---:|---|---|---|",
    ]
    for size in columns:
        entry = sizes.get(str(size))
        if entry is None:
            lines.append(f"| {size}× | not measured yet | | | | | | | |")
            continue
        data = entry["data"]
        generated = entry.get("generated_seconds")
        lines.append(
            f"| {size}× | {entry.get('machine') or 'not recorded'} | {_n(data.get('persons', 0))} | {_n(sum(data.values()))} | {entry['database_size']} | "
            f"{f'{generated / 60:.0f} min' if generated else 'earlier'} | {entry['date']} | {entry['load']} | "
            f"{'yes' if entry.get('warm') else 'no'} |"
        )
    lines += [
        "",
        "| Page | " + " | ".join(f"{size}× median / p95" for size in columns) + " | Largest ÷ 1× | Flat | "
        "Large reads |",
        "|---|" + "---:|" * len(columns) + "---:|---|---|",
    ]
    for page in pages:
        cells = []
        for size in columns:
            at = page["at"].get(str(size))
            cells.append(f"{at['median_ms']:.1f} / {at['p95_ms']:.1f}" if at else "–")
        growth = "–" if page["growth"] is None else f"{page['growth']:.2f}×"
        flat = "–" if page["flat"] is None else ("yes" if page["flat"] else "**no**")
        scans = ", ".join(_read(name) for name in page["large_scans"]) or "none"
        lines.append(f"| {page['title']} | " + " | ".join(cells) + f" | {growth} | {flat} | {scans} |")
    judged = [page for page in pages if page["flat"] is not None]
    if judged:
        flat = sum(1 for page in judged if page["flat"])
        lines += ["", f"Flat: {flat} of {len(judged)} pages and endpoints."]
    lines += ["", END]
    return "\n".join(lines) + "\n"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m etablera.benchmarks.growth",
        description="Measure the bench's pages at several sizes of the national data set (PostgreSQL).",
    )
    parser.add_argument(
        "--sizes", default="1,2,3", help="Sizes to measure, as multiples of the national data set (1,2,3)."
    )
    parser.add_argument("--requests", type=int, default=40, help="Requests per page and size.")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL,
        help="The 1× database (make bench's); the others are named after it.",
    )
    parser.add_argument("--keep", action="store_true", help="Keep the databases of sizes other than 1×.")
    parser.add_argument("--output", type=Path, default=Path("docs/performance.md"))
    parser.add_argument("--results", type=Path, default=RESULTS, help="Where every size's results are kept.")
    parser.add_argument(
        "--render-only", action="store_true", help="Write the table from the kept results, measuring nothing."
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = tuple(sorted({int(size) for size in args.sizes.split(",") if size.strip()}))
    except ValueError:
        parser.error("--sizes: whole numbers separated by commas, e.g. 1,2,3")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes: 1 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    sizes = load_results(args.results)
    if not args.render_only:
        for size in args.sizes:
            url = database_url(args.database_url, size)
            if not _exists(url):
                needed = size * GB_PER_SIZE * DISK_MARGIN
                free = _free_gb(args.database_url)
                if free < needed:
                    print(
                        f"growth: {size}× needs about {needed:.0f} GB free and there are {free:.0f} GB: "
                        "not generated (free space, or measure one size at a time with --sizes)",
                        file=sys.stderr,
                    )
                    return 1
            print(f"growth: {size}× in {urlsplit(url).path.lstrip('/')} …", file=sys.stderr, flush=True)
            try:
                sizes[str(size)] = measure_size(size, url, args.requests)
            finally:
                if size != 1 and not args.keep:
                    drop_database(url)
            save_results(args.results, sizes)
    write_section(args.output, render(sizes), BEGIN, END)
    print(f"growth: wrote {args.output} and {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
