"""One `make load` run, start to end (`main`): the benchmark logins and an API key from the database
(`prepare_settings`), gunicorn started, locust headless with the locustfile climbing in steps of users until a step's
95th percentile passes the goal — the gunicorn workers' memory sampled every second meanwhile (`WorkerMemory`) —,
gunicorn stopped and the key revoked (`revoke`), then the statistics written into docs/performance.md and
var/load/latest.json.

Django is imported only inside the functions, so that importing the package (as the locustfile does) stays free
of it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from etablera.benchmarks.load.mix import Settings
from etablera.benchmarks.load.results import render, steps, write_section
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


# From below the ceiling on a small machine to past the goal of 100 requests/s (at 1–3 s between requests a user
# asks about 0.45 requests/s, so 100 requests/s takes about 220 users).
DEFAULT_STEPS = "5,10,20,30,40,50,60,80,100,130,160,200,250"


def _plan(text: str) -> list[int]:
    try:
        plan = [int(part) for part in text.split(",")]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text}") from error
    if not plan or any(u < 1 for u in plan) or plan != sorted(set(plan)):
        raise argparse.ArgumentTypeError(f"the steps must be rising and positive: {text}")
    return plan


class WorkerMemory:
    """The largest resident memory of gunicorn's workers (the master's children), sampled every second in a thread
    while the load runs: [[time, MB], …]. psutil is in the `load` extra (and `test`, for its test)."""

    def __init__(self, master_pid: int, interval: float = 1.0) -> None:
        self.master_pid, self.interval = master_pid, interval
        self.samples: list[list[float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> float | None:
        import psutil

        try:
            workers = psutil.Process(self.master_pid).children()
        except psutil.NoSuchProcess:
            return None
        sizes = []
        for worker in workers:
            try:
                sizes.append(worker.memory_info().rss / 2**20)
            except psutil.NoSuchProcess:  # a worker gunicorn just replaced
                continue
        return max(sizes) if sizes else None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            size = self.sample()
            if size is not None:
                self.samples.append([time.time(), size])

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m etablera.benchmarks.load",
        description="A mixed caseworker workload against gunicorn on 127.0.0.1 (locust headless).",
    )
    parser.add_argument(
        "--steps",
        type=_plan,
        default=DEFAULT_STEPS,
        help="Concurrent users in each step, comma-separated (default %(default)s); the run stops after the first "
        "step whose p95 passes 150 ms.",
    )
    parser.add_argument(
        "--step-time",
        type=int,
        default=60,
        help="Seconds each step is measured, from the moment all its users have signed in.",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="Run every step, also past the first whose p95 passes 150 ms (the throughput beyond the ceiling).",
    )
    parser.add_argument("--users", type=int, default=None, help="One step of this many users instead.")
    parser.add_argument("--run-time", type=int, default=None, help="With --users: seconds it is measured.")
    parser.add_argument("--spawn-rate", type=float, default=10, help="Users started per second.")
    parser.add_argument("--wait", default="1-3", help="Seconds each user waits between requests, MIN-MAX.")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (docs/operations.md: 4).")
    parser.add_argument(
        "--output", type=Path, default=Path("docs/performance.md"), help="The Markdown to update."
    )
    parser.add_argument("--json", type=Path, default=Path("var/load/latest.json"), help="The raw results.")
    parser.add_argument(
        "--no-write", action="store_true", help="Print the section; leave the Markdown alone."
    )
    args = parser.parse_args(argv)
    if args.users is not None:
        args.steps = [args.users]
        args.step_time = args.run_time or args.step_time
    elif args.run_time is not None:
        parser.error("--run-time goes with --users (the steps are timed by --step-time)")
    return args


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
            f"load: gunicorn on {base} ({args.workers} workers); steps of {','.join(map(str, args.steps))} users, "
            f"{args.step_time} s each once signed in, until p95 passes 150 ms …",
            file=sys.stderr,
            flush=True,
        )
        # Bounded even if locust hung: every step at most its sign-in patience and measured time, and a margin.
        bound = len(args.steps) * (args.step_time + 70) + 120
        with WorkerMemory(server.pid) as memory:
            locust = subprocess.run(  # noqa: S603 — our own command line
                [
                    str(bin_dir / "locust"),
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--host",
                    base,
                    "--stop-timeout",
                    "10",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env={
                    **os.environ,
                    "ETABLERA_LOAD_CONFIG": str(config),
                    "ETABLERA_LOAD_WAIT": args.wait,
                    "ETABLERA_LOAD_STEPS": ",".join(map(str, args.steps)),
                    "ETABLERA_LOAD_STEP_TIME": str(args.step_time),
                    "ETABLERA_LOAD_SPAWN_RATE": str(args.spawn_rate),
                    "ETABLERA_LOAD_KEEP_GOING": "1" if args.keep_going else "0",
                },
                timeout=bound,
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

    run_steps = steps(json.loads(samples_path.read_text()), memory.samples)
    run = {
        "date": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"),
        "plan": args.steps,
        "step_time": args.step_time,
        "keep_going": args.keep_going,
        "municipality": facts["municipality"],
        "wait": args.wait.replace("-", "–"),
        "workers": args.workers,
        "locust": locust_package.__version__,
        "cpu": f"{os.cpu_count()} cores",
        "load_before": load_before,
        "load_after": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    section = render(run_steps, run)
    args.json.write_text(
        json.dumps(
            {"run": run, "steps": [dataclasses.asdict(step) for step in run_steps], "memory": memory.samples},
            indent=2,
            ensure_ascii=False,
        )
    )
    if args.no_write:
        print(section)
    else:
        write_section(args.output, section)
        print(f"load: wrote {args.output}", file=sys.stderr)
    errors = 0
    for step in run_steps:
        overall = step.summary.overall
        errors += overall.errors
        print(
            f"load: {step.users} users — {overall.per_second:.1f} requests/s, median {overall.median_ms:.1f} ms, "
            f"p95 {overall.p95_ms:.1f} ms, {overall.errors} errors of {overall.requests}, largest worker "
            f"{step.worker_mb or 0:.0f} MB",
            file=sys.stderr,
        )
    return 0 if errors == 0 and locust.returncode == 0 else 1
