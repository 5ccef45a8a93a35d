"""One `make load` run, start to end (`main`): the benchmark logins and an API key from the database
(`prepare_settings`), gunicorn started, locust headless with the locustfile for the run time, gunicorn stopped and
the key revoked (`revoke`), then the statistics written into docs/performance.md and var/load/latest.json.

Django is imported only inside the functions, so that importing the package (as the locustfile does) stays free
of it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from etablera.benchmarks.load.mix import Settings
from etablera.benchmarks.load.results import render, summarise, write_section
from etablera.benchmarks.load.server import (
    GUNICORN_CONFIG,
    free_port,
    server_environment,
    stop,
    wait_until_up,
)

LOCUSTFILE = Path(__file__).resolve().parents[1] / "locustfile.py"


def prepare_settings(samples: Path) -> tuple[Settings, dict[str, Any]]:
    """The benchmark logins and what the caseworkers will ask for, from the database (Django is set up)."""
    from collections import Counter

    from django.utils import timezone

    from etablera.access.policy import capabilities
    from etablera.demo import generate
    from etablera.organisation.models import ApiToken, Unit, User
    from etablera.people.models import Household

    try:
        user = User.objects.get(username="bench.mottagning")
        User.objects.get(username="bench.sfi")
    except User.DoesNotExist as error:
        raise SystemExit(
            "load: the benchmark logins are missing — generate the data first (make bench)"
        ) from error
    caps = capabilities(user)
    municipality = caps.home_municipality
    names = Household.objects.filter(municipality=municipality).values_list("name", flat=True)
    surnames = Counter(name.removeprefix("Familjen ") for name in names)
    # A few of the commonest surnames, plus a short part of one: searches that find many households and few.
    searches = [name for name, _count in surnames.most_common(4)]
    searches.append(searches[-1][:3])
    _token, raw = ApiToken.issue(user=user, name="make load")
    today = timezone.localdate()
    settings = Settings(
        password=generate.BENCH_PASSWORD,
        reception_user="bench.mottagning",
        sfi_user="bench.sfi",
        token=raw,
        reception_unit=next(u for u in caps.units if u.function == Unit.Function.RECEPTION).pk,
        year=today.year,
        county=municipality.county.code,
        as_of=today.isoformat(),
        searches=searches,
        samples=str(samples),
    )
    return settings, {"municipality": municipality.name}


def revoke() -> None:
    from django.utils import timezone

    from etablera.organisation.models import ApiToken

    ApiToken.objects.filter(user__username="bench.mottagning", name="make load", revoked_at=None).update(
        revoked_at=timezone.now()
    )


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m etablera.benchmarks.load",
        description="A mixed caseworker workload against gunicorn on 127.0.0.1 (locust headless).",
    )
    parser.add_argument("--users", type=int, default=50, help="Concurrent users.")
    parser.add_argument("--spawn-rate", type=float, default=10, help="Users started per second.")
    parser.add_argument("--run-time", type=int, default=90, help="Seconds the load runs (then it stops).")
    parser.add_argument("--wait", default="1-3", help="Seconds each user waits between requests, MIN-MAX.")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (docs/operations.md: 4).")
    parser.add_argument(
        "--output", type=Path, default=Path("docs/performance.md"), help="The Markdown to update."
    )
    parser.add_argument("--json", type=Path, default=Path("var/load/latest.json"), help="The raw results.")
    parser.add_argument(
        "--no-write", action="store_true", help="Print the section; leave the Markdown alone."
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "etablera.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        # Not again when called from a test (or anything that has set Django up): django.setup() configures
        # logging anew, and its handlers would write to whatever sys.stderr is at that moment — pytest's capture,
        # closed after the test, so every later log line in the process failed ("I/O operation on closed file").
        django.setup()
    from django.db import connection
    from django.utils import timezone

    if connection.vendor != "postgresql":
        print(
            "load: note — DATABASE_URL names no PostgreSQL database; the figures are for PostgreSQL.",
            file=sys.stderr,
        )
    work = args.json.parent
    work.mkdir(parents=True, exist_ok=True)
    samples_path = work / "samples.json"
    samples_path.unlink(missing_ok=True)
    settings, facts = prepare_settings(samples_path)
    connection.close()  # nothing of ours holds a connection while the server works
    config = work / "config.json"
    config.write_text(settings.as_json(), encoding="utf-8")
    config.chmod(0o600)  # it holds an API key (revoked at the end)
    bin_dir = Path(sys.executable).parent
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    server_log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 — our own command line
        [
            str(bin_dir / "gunicorn"),
            "--config",  # the production configuration (access log without query strings), bind and workers ours
            str(GUNICORN_CONFIG),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "60",
        ],
        env=server_environment(dict(os.environ), port),
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(f"{base}/logga-in/", server)
        print(
            f"load: gunicorn on {base} ({args.workers} workers); {args.users} users for {args.run_time} s …",
            file=sys.stderr,
            flush=True,
        )
        locust = subprocess.run(  # noqa: S603 — our own command line
            [
                str(bin_dir / "locust"),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--host",
                base,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.run_time}s",
                "--stop-timeout",
                "10",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "ETABLERA_LOAD_CONFIG": str(config), "ETABLERA_LOAD_WAIT": args.wait},
            timeout=args.run_time + 120,  # bounded even if locust hung
            check=False,
        )
    finally:
        stop(server)
        server_log.close()
        revoke()
        config.unlink(missing_ok=True)
    if not samples_path.exists():
        print(f"load: locust wrote no samples (exit {locust.returncode})", file=sys.stderr)
        return 1
    import locust as locust_package

    summary = summarise(json.loads(samples_path.read_text()))
    sfi_share = 1 / 5  # locustfile: ReceptionCaseworker weight 4, SfiCaseworker weight 1
    run = {
        "date": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"),
        "users": args.users,
        "sfi_users": round(args.users * sfi_share),
        "reception_users": args.users - round(args.users * sfi_share),
        "municipality": facts["municipality"],
        "wait": args.wait.replace("-", "–"),
        "run_time": args.run_time,
        "workers": args.workers,
        "locust": locust_package.__version__,
        "cpu": f"{os.cpu_count()} cores",
        "load_before": load_before,
        "load_after": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    section = render(summary, run)
    args.json.write_text(
        json.dumps(
            {
                "run": run,
                "summary": {
                    **summary.__dict__,
                    "kinds": [k.__dict__ for k in summary.kinds],
                    "overall": summary.overall.__dict__,
                    "logins": summary.logins.__dict__ if summary.logins else None,
                },
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    if args.no_write:
        print(section)
    else:
        write_section(args.output, section)
        print(f"load: wrote {args.output}", file=sys.stderr)
    overall = summary.overall
    print(
        f"load: {overall.per_second:.1f} requests/s, median {overall.median_ms:.1f} ms, p95 {overall.p95_ms:.1f} ms, "
        f"{overall.errors} errors of {overall.requests}",
        file=sys.stderr,
    )
    return 0 if overall.errors == 0 and locust.returncode == 0 else 1
