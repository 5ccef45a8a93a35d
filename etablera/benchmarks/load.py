"""`make load`: a mixed caseworker workload against gunicorn on loopback, written into docs/performance.md.

    python -m etablera.benchmarks.load --users 50 --run-time 90     # DATABASE_URL names the bench database

The bench (`make bench`) times one request at a time in-process; this runs many at once through a real web server:
gunicorn with production settings on 127.0.0.1 (a free port), driven by locust headless (`locustfile.py`) as
signed-in caseworkers of the benchmark municipality — the logins `etablera generate` makes. It stops by itself
after the run time, stops gunicorn, and writes its section of docs/performance.md between its own markers, which
the bench's report (below its marker) never touches. Why locust: docs/decisions/0007-load-testing-with-locust.md.

The request mix is plain functions over a small `Session` interface, so that the tests run the very same mix
through Django's test client (`DjangoSession`) without locust, and the locustfile through locust's HTTP session.
Nothing at module level imports Django or locust: the locustfile imports this module in locust's process.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

BEGIN = "<!-- Begin of the load test: written by `make load` (python -m etablera.benchmarks.load). -->"
END = "<!-- End of the load test. -->"
GUNICORN_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"  # as docs/operations.md
GOAL_P95_MS = 150.0
LOGIN = "login"

_HOUSEHOLD_LINK = re.compile(
    r'href="/hushall/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/"'
)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- the request mix -----------------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    text: str


class Session(Protocol):
    """One signed-in browser (or API client). `kind` names the request in the statistics."""

    def get(self, kind: str, path: str, params: dict | None = None, headers: dict | None = None) -> Reply: ...

    def post(
        self,
        kind: str,
        path: str,
        form: dict | None = None,
        json_body: dict | None = None,
        headers: dict | None = None,
        expect: int = 200,
    ) -> Reply: ...


@dataclass
class Settings:
    """What the simulated caseworkers need to know, handed to locust's process as JSON (ETABLERA_LOAD_CONFIG)."""

    password: str
    reception_user: str
    sfi_user: str
    token: str  # an API key of the reception caseworker, revoked after the run
    reception_unit: int
    year: int
    county: str
    as_of: str
    searches: list[str]
    samples: str = ""  # where the locustfile writes every request's time

    def as_json(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        return cls(**json.loads(text))


@dataclass
class Caseworker:
    """The state of one simulated user: the households its lists showed and the CSRF token of its last page."""

    session: Session
    settings: Settings
    rng: random.Random = field(default_factory=random.Random)
    households: list[str] = field(default_factory=list)
    csrf: str = ""

    def remember(self, reply: Reply) -> Reply:
        if reply.status == 200:
            found = _HOUSEHOLD_LINK.findall(reply.text)
            if found:
                self.households = list(dict.fromkeys(found))
            token = _CSRF.search(reply.text)
            if token:
                self.csrf = token.group(1)
        return reply

    def api_headers(self) -> dict:
        return {"Authorization": f"Bearer {self.settings.token}"}


def login(cw: Caseworker, username: str) -> Reply:
    """Sign in through the login form, as a browser does: the page for its CSRF token, then the POST (a 302)."""
    cw.remember(cw.session.get(LOGIN, "/logga-in/"))
    reply = cw.session.post(
        LOGIN,
        "/logga-in/",
        form={"username": username, "password": cw.settings.password, "csrfmiddlewaretoken": cw.csrf},
        expect=302,
    )
    # The first page after signing in, for the households and a fresh CSRF token (the login rotates it).
    cw.remember(cw.session.get("unit_tasks", "/uppgifter/enhet/"))
    return reply


def unit_tasks(cw: Caseworker) -> Reply:
    return cw.remember(cw.session.get("unit_tasks", "/uppgifter/enhet/"))


def my_tasks(cw: Caseworker) -> Reply:
    return cw.remember(cw.session.get("my_tasks", "/uppgifter/"))


def household(cw: Caseworker) -> Reply:
    if not cw.households:
        unit_tasks(cw)
    if not cw.households:
        return Reply(200, "")  # a unit with no open task has no household to open
    public_id = cw.rng.choice(cw.households)
    return cw.remember(cw.session.get("household", f"/hushall/{public_id}/"))


def search(cw: Caseworker) -> Reply:
    form = {"q": cw.rng.choice(cw.settings.searches), "csrfmiddlewaretoken": cw.csrf}
    return cw.remember(cw.session.post("household_search", "/hushall/", form=form))


def overview(cw: Caseworker) -> Reply:
    return cw.remember(cw.session.get("overview", "/oversikt/"))


def quota_report(cw: Caseworker) -> Reply:
    county = cw.settings.county if cw.rng.random() < 0.5 else ""
    params = {"year": cw.settings.year, "county": county, "municipality": "", "as_of": cw.settings.as_of}
    return cw.remember(cw.session.get("quota_report", "/rapporter/kommuntal/", params=params))


def api_tasks(cw: Caseworker) -> Reply:
    params = {"status": "OPEN", "unit": cw.settings.reception_unit}
    return cw.session.get("api_tasks", "/api/v1/tasks", params=params, headers=cw.api_headers())


def api_assignments(cw: Caseworker) -> Reply:
    params = {"year": cw.settings.year}
    return cw.session.get("api_assignments", "/api/v1/assignments", params=params, headers=cw.api_headers())


def api_search(cw: Caseworker) -> Reply:
    body = {"q": cw.rng.choice(cw.settings.searches)}
    return cw.session.post(
        "api_household_search", "/api/v1/households/search", json_body=body, headers=cw.api_headers()
    )


# What a caseworker does, and how often (locust's task weights). The reception caseworker works the unit's list,
# opens households, searches and looks at the figures; integrations call the API. The SFI caseworker sees
# households only through SFI's tasks, so works the lists and opens what they show.
RECEPTION_MIX: dict[Callable[[Caseworker], Reply], int] = {
    unit_tasks: 4,
    my_tasks: 3,
    household: 5,
    search: 2,
    overview: 2,
    quota_report: 1,
    api_tasks: 1,
    api_assignments: 1,
    api_search: 1,
}
SFI_MIX: dict[Callable[[Caseworker], Reply], int] = {unit_tasks: 4, my_tasks: 2, household: 4, search: 1}
KINDS = {
    LOGIN: "Inloggning (`POST /logga-in/`)",
    "unit_tasks": "Enhetens uppgifter (`/uppgifter/enhet/`)",
    "my_tasks": "Mina uppgifter (`/uppgifter/`)",
    "household": "Hushållssida (`/hushall/<id>/`)",
    "household_search": "Sök hushåll (`POST /hushall/`)",
    "overview": "Översikt (`/oversikt/`)",
    "quota_report": "Kommuntal, län och riket (`/rapporter/kommuntal/`)",
    "api_tasks": "API: uppgifter (`GET /api/v1/tasks`)",
    "api_assignments": "API: anvisningar (`GET /api/v1/assignments`)",
    "api_household_search": "API: sök hushåll (`POST /api/v1/households/search`)",
}


class DjangoSession:
    """The Session interface over Django's test client (the tests run the mix with it, without locust)."""

    def __init__(self, client) -> None:
        self.client = client
        self.replies: list[tuple[str, int]] = []

    def _reply(self, kind: str, response) -> Reply:
        self.replies.append((kind, response.status_code))
        return Reply(response.status_code, response.content.decode())

    def get(self, kind, path, params=None, headers=None) -> Reply:
        return self._reply(kind, self.client.get(path, params or {}, headers=headers))

    def post(self, kind, path, form=None, json_body=None, headers=None, expect=200) -> Reply:
        if json_body is not None:
            response = self.client.post(path, json_body, content_type="application/json", headers=headers)
        else:
            response = self.client.post(path, form or {}, headers=headers)
        return self._reply(kind, response)


# --- statistics ---------------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest rank, as the bench computes it (runner.percentile)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


@dataclass
class KindStats:
    kind: str
    requests: int
    errors: int
    median_ms: float
    p95_ms: float
    per_second: float


@dataclass
class Summary:
    seconds: float  # the measured window: from the moment every user had started to the end
    kinds: list[KindStats]
    overall: KindStats
    logins: KindStats | None
    ramp_up_excluded: int  # requests made while users were still starting

    @property
    def error_rate(self) -> float:
        return self.overall.errors / self.overall.requests if self.overall.requests else 0.0


def _stats(kind: str, rows: list[list], seconds: float) -> KindStats:
    times = [row[1] for row in rows]
    return KindStats(
        kind=kind,
        requests=len(rows),
        errors=sum(1 for row in rows if not row[2]),
        median_ms=statistics.median(times) if times else 0.0,
        p95_ms=percentile(times, 0.95),
        per_second=len(rows) / seconds if seconds else 0.0,
    )


def summarise(samples: dict) -> Summary:
    """samples: {"started": t, "spawned": t, "ready": t, "stopped": t, "requests": [[kind, ms, ok, t], …]} as the
    locustfile writes them. The statistics are over the requests after the last user started and signed in (the
    ramp-up, with its burst of deliberately slow password hashing, is left out, as are the sign-ins, which are
    reported on their own)."""
    spawned = max(t for t in (samples.get("spawned"), samples.get("ready"), samples["started"]) if t)
    stopped = samples["stopped"]
    seconds = max(stopped - spawned, 0.001)
    rows = samples["requests"]
    steady = [row for row in rows if row[3] >= spawned and row[0] != LOGIN]
    logins = [row for row in rows if row[0] == LOGIN]
    kinds = [_stats(kind, [r for r in steady if r[0] == kind], seconds) for kind in KINDS if kind != LOGIN]
    return Summary(
        seconds=seconds,
        kinds=[k for k in kinds if k.requests],
        overall=_stats("overall", steady, seconds),
        logins=_stats(LOGIN, logins, seconds) if logins else None,
        ramp_up_excluded=sum(1 for row in rows if row[3] < spawned and row[0] != LOGIN),
    )


# --- the section in docs/performance.md ---------------------------------------------------------------------------


def render(summary: Summary, run: dict[str, Any]) -> str:
    def ms(value: float) -> str:
        return f"{value:.1f}"

    def n(value: float) -> str:
        return f"{value:,.0f}".replace(",", "\u00a0")

    lines = [
        BEGIN,
        "",
        f"## Load test ({run['date']})",
        "",
        f'Regenerate with `make load` (`LOAD_ARGS` passes options, e.g. `LOAD_ARGS="--users 20 --run-time 60"`). '
        f"**{run['users']} concurrent caseworkers** of {run['municipality']} ({run['reception_users']} at the "
        f"reception unit, {run['sfi_users']} at SFI), each waiting {run['wait']} s between requests, for "
        f"{run['run_time']} s against gunicorn ({run['workers']} sync workers, production settings: DEBUG off, "
        f"ALLOWED_HOSTS, a fresh secret key; plain HTTP on 127.0.0.1, so TLS redirect and secure-only cookies are "
        f"off) on PostgreSQL (the bench database), driven by locust {run['locust']} headless on the same machine. "
        f"Every user signs in through the login form; every request must answer 200 (302 for the sign-in) — "
        f"anything else, a redirect to the login page included, is an error.",
        "",
        "| | |",
        "|---|---|",
        f"| Machine | {run['cpu']}, shared with other work |",
        f"| Load average before the run (1, 5, 15 min) | {run['load_before']} |",
        f"| Load average at the end | {run['load_after']} |",
        f"| Measured window | {summary.seconds:.0f} s, from the moment the last user had signed in "
        f"({n(summary.ramp_up_excluded)} requests of the ramp-up left out) |",
        f"| Throughput | **{summary.overall.per_second:.1f} requests/s** |",
        f"| Median, 95th percentile (all requests) | {ms(summary.overall.median_ms)} ms, "
        f"**{ms(summary.overall.p95_ms)} ms** |",
        f"| Errors | **{summary.overall.errors} of {n(summary.overall.requests)}** "
        f"({summary.error_rate * 100:.2f} %) |",
        "",
        "| Request | Requests | Requests/s | Median | p95 | Errors | p95 < 150 |",
        "|---|---:|---:|---:|---:|---:|:-:|",
    ]
    rows = [*summary.kinds, summary.overall]
    for k in rows:
        title = "**All requests**" if k.kind == "overall" else KINDS.get(k.kind, k.kind)
        lines.append(
            f"| {title} | {n(k.requests)} | {k.per_second:.1f} | {ms(k.median_ms)} | {ms(k.p95_ms)} "
            f"| {k.errors} | {'yes' if k.p95_ms < GOAL_P95_MS else '**no**'} |"
        )
    if summary.logins:
        lines += [
            "",
            f"Signing in is not in the table: each user opens the login page and posts the form once, while the "
            f"users start (Argon2 makes the POST slow on purpose, and 50 at once queue): "
            f"{summary.logins.requests} requests, median {ms(summary.logins.median_ms)} ms, p95 "
            f"{ms(summary.logins.p95_ms)} ms, {summary.logins.errors} errors.",
        ]
    lines += [
        "",
        "Times are from locust's clock (request sent to response read) over loopback, so they include gunicorn "
        "and the queueing when all workers are busy, but no network and no TLS. locust, gunicorn and PostgreSQL "
        "share the machine's cores.",
        "",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Replace the load-test section between BEGIN and END; the first time, put it just above the bench's marker
    (so `make bench`, which rewrites only what is below its marker, keeps it), or at the end."""
    from etablera.benchmarks.report import MARKER

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = head + section + ("\n" + tail if tail else "")
    elif MARKER in text:
        head, tail = text.split(MARKER, 1)
        text = head.rstrip("\n") + "\n\n" + section + "\n" + MARKER + tail
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section
    path.write_text(text, encoding="utf-8")


# --- the run: gunicorn, locust, the report -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environment(base: dict[str, str], port: int) -> dict[str, str]:
    """Production settings (deploy/production.env.example) for a plain-HTTP run on loopback: DEBUG off, a fresh
    secret key, only 127.0.0.1 as host. Without TLS, the HTTPS redirect and secure-only cookies must be off —
    a client does not send a Secure cookie over http://, so no one could stay signed in."""
    env = {k: v for k, v in base.items() if not k.startswith(("ETABLERA_DEBUG", "SECRET_KEY"))}
    env.update(
        DJANGO_SETTINGS_MODULE="etablera.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SESSION_COOKIE_AGE="3600",
        LOG_LEVEL="WARNING",
    )
    return env


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {process.returncode}); see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 — our own loopback URL
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to gunicorn's master (a graceful stop of its workers), SIGKILL if it has not gone in 30 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
        _wait_until_up(f"{base}/logga-in/", server)
        print(
            f"load: gunicorn on {base} ({args.workers} workers); {args.users} users for {args.run_time} s …",
            file=sys.stderr,
            flush=True,
        )
        locust = subprocess.run(  # noqa: S603 — our own command line
            [
                str(bin_dir / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
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
        _stop(server)
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


if __name__ == "__main__":
    sys.exit(main())
