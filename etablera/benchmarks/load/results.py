"""What a `make load` run found, and how it is written.

The run climbs in steps (`next_users`, which the locustfile's load shape asks every second): each step adds users,
waits until they have all signed in, then measures for a fixed time; when a step's 95th percentile passes the goal
(150 ms) the run stops there — the step before it is the ceiling, the saturation throughput of this machine
(`ceiling`). `summarise` gives the statistics of one window (median, 95th percentile, throughput and errors per kind
of request, the sign-ins left out), `steps` one per step with the largest gunicorn worker's memory, and `render` /
`write_section` the load test's section of docs/performance.md, between its own markers, which the bench's report
never touches.

Nothing here imports Django or locust: the locustfile's load shape calls `next_users` in locust's process.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etablera.benchmarks import sections
from etablera.benchmarks.load.mix import KINDS, LOGIN

BEGIN = "<!-- Begin of the load test: written by `make load` (python -m etablera.benchmarks.load). -->"
END = "<!-- End of the load test. -->"
GOAL_P95_MS = 150.0
GOAL_PER_SECOND = 100.0  # issue #19: the caseworker mix on this machine
GOAL_WORKER_MB = 250.0  # issue #19: each gunicorn worker's resident memory under load
# A step whose new users have not all signed in this long after it began is measured from then on anyway (a sign-in
# that failed is an error of its own; the step must not wait for it forever).
SIGN_IN_PATIENCE_S = 60.0


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
    seconds: float  # the measured window
    kinds: list[KindStats]
    overall: KindStats
    logins: KindStats | None
    ramp_up_excluded: int  # requests made while the window's users were still signing in

    @property
    def error_rate(self) -> float:
        return self.overall.errors / self.overall.requests if self.overall.requests else 0.0


@dataclass
class Step:
    users: int
    started: float  # when the step's users were asked for
    measured_from: float  # when its last new user had signed in
    ended: float
    summary: Summary
    worker_mb: float | None = None  # the largest gunicorn worker's resident memory in the measured window
    # … and over the whole step, its sign-ins included: Argon2 (Django's hasher) takes 100 MiB for each password it
    # checks, for the moment it hashes.
    sign_in_mb: float | None = None

    @property
    def within_goal(self) -> bool:
        return self.summary.overall.p95_ms < GOAL_P95_MS


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


def summarise(samples: dict, start: float | None = None, end: float | None = None) -> Summary:
    """samples: {"started": t, "stopped": t, "requests": [[kind, ms, ok, t], …], …} as the locustfile writes them;
    the statistics of the requests begun in [start, end) — by default the whole run — without the sign-ins,
    which are reported on their own."""
    start = samples["started"] if start is None else start
    end = samples["stopped"] if end is None else end
    seconds = max(end - start, 0.001)
    rows = [row for row in samples["requests"] if row[3] < end]
    steady = [row for row in rows if row[3] >= start and row[0] != LOGIN]
    step_start = _step_start(samples, start)
    logins = [row for row in rows if row[0] == LOGIN and row[3] >= step_start]
    kinds = [_stats(kind, [r for r in steady if r[0] == kind], seconds) for kind in KINDS if kind != LOGIN]
    return Summary(
        seconds=seconds,
        kinds=[k for k in kinds if k.requests],
        overall=_stats("overall", steady, seconds),
        logins=_stats(LOGIN, logins, seconds) if logins else None,
        ramp_up_excluded=sum(1 for row in rows if row[0] != LOGIN and step_start <= row[3] < start),
    )


def _step_start(samples: dict, moment: float) -> float:
    """When the step that `moment` falls in began (the run's start before any step)."""
    begun = [t for _users, t in samples.get("steps", []) if t <= moment]
    return max(begun) if begun else samples["started"]


def measured_from(samples: dict, users: int, started: float, now: float) -> float | None:
    """When the step of `users` users that began at `started` had them all signed in: the moment the users-th
    sign-in finished (users are only ever added, so the first ones are in long before). None while they are still
    signing in — unless that has taken SIGN_IN_PATIENCE_S, when the step is measured from then on."""
    ready = samples.get("ready", [])
    if len(ready) >= users:
        return max(started, sorted(ready)[users - 1])
    if now - started >= SIGN_IN_PATIENCE_S:
        return started + SIGN_IN_PATIENCE_S
    return None


def next_users(
    samples: dict, plan: list[int], measure_s: float, now: float, keep_going: bool = False
) -> int | None:
    """How many users the run should have at `now` (the load shape asks every second), or None to stop: the first
    step of `plan` at once; a step is over `measure_s` seconds after all its users have signed in, and then the run
    stops if the step's 95th percentile passed the goal (unless `keep_going`: the whole plan, to see the throughput
    beyond the ceiling) or it was the last, and otherwise goes on to the next. The steps begun are recorded in
    samples["steps"] as [users, when]."""
    marks = samples.setdefault("steps", [])
    if not marks:
        marks.append([plan[0], now])
        return plan[0]
    users, started = marks[-1]
    since = measured_from(samples, users, started, now)
    if since is None or now - since < measure_s:
        return users
    if len(marks) >= len(plan):
        return None
    if not keep_going and summarise(samples, since, now).overall.p95_ms >= GOAL_P95_MS:
        return None
    marks.append([plan[len(marks)], now])
    return plan[len(marks) - 1]


def steps(samples: dict, memory: list[list] | None = None) -> list[Step]:
    """One Step per step the run began, measured from its last sign-in to the next step (or the end); memory:
    [[t, largest worker's MB], …] sampled while the run went (run.py)."""
    marks = samples.get("steps") or [[0, samples["started"]]]
    result = []
    for index, (users, started) in enumerate(marks):
        ended = marks[index + 1][1] if index + 1 < len(marks) else samples["stopped"]
        since = measured_from(samples, users, started, ended) or started
        in_step = [mb for t, mb in memory or [] if started <= t <= ended]
        measured = [mb for t, mb in memory or [] if since <= t <= ended]
        result.append(
            Step(
                users=users,
                started=started,
                measured_from=since,
                ended=ended,
                summary=summarise(samples, since, ended),
                worker_mb=max(measured) if measured else None,
                sign_in_mb=max(in_step) if in_step else None,
            )
        )
    return result


def ceiling(run_steps: list[Step]) -> tuple[Step | None, Step | None]:
    """(the last step within the goal before the first that passed it — the saturation —, that first step)."""
    last_within = None
    for step in run_steps:
        if not step.within_goal:
            return last_within, step
        last_within = step
    return last_within, None


# --- the section in docs/performance.md ---------------------------------------------------------------------------


def render(run_steps: list[Step], run: dict[str, Any]) -> str:
    def ms(value: float) -> str:
        return f"{value:.1f}"

    def n(value: float) -> str:
        return f"{value:,.0f}".replace(",", "\u00a0")

    def mb(value: float | None) -> str:
        return "–" if value is None else f"{value:.0f} MB"

    def users(count: int) -> str:
        return f"{count} user" if count == 1 else f"{count} users"

    saturation, passed = ceiling(run_steps)
    shown = saturation or run_steps[0]  # the step whose requests the per-kind table shows
    requests = sum(step.summary.overall.requests for step in run_steps)
    errors = sum(step.summary.overall.errors for step in run_steps)
    memory = [step.worker_mb for step in run_steps if step.worker_mb is not None]
    largest = max(memory) if memory else None
    peaks = [step.sign_in_mb for step in run_steps if step.sign_in_mb is not None]
    peak = max(peaks) if peaks else None
    if saturation:
        found = (
            f"**{saturation.summary.overall.per_second:.1f} requests/s** at {users(saturation.users)} "
            f"(p95 {ms(saturation.summary.overall.p95_ms)} ms)"
        )
    else:
        found = "none: the first step's p95 already passed 150 ms"
    if passed:
        beyond = (
            f"at {users(passed.users)}: {passed.summary.overall.per_second:.1f} requests/s, "
            f"p95 **{ms(passed.summary.overall.p95_ms)} ms**"
            + ("" if run.get("keep_going") else " — the run stopped there")
        )
    else:
        beyond = "not reached: every step stayed within it"
    per_second = saturation.summary.overall.per_second if saturation else 0.0
    most = max(run_steps, key=lambda step: step.summary.overall.per_second)
    lines = [
        BEGIN,
        "",
        f"## Load test ({run['date']})",
        "",
        f'Regenerate with `make load` (`LOAD_ARGS` passes options, e.g. `LOAD_ARGS="--steps 10,20,40 '
        f'--step-time 30"` or `LOAD_ARGS="--users 50 --run-time 90"` for one step). Caseworkers of '
        f"{run['municipality']} (four in five at the reception unit, one in five at SFI), each waiting {run['wait']} s "
        f"between requests, in steps of {', '.join(str(u) for u in run['plan'])} users; each step is measured for "
        f"{run['step_time']} s from the moment its last user has signed in, and "
        + (
            "every step was run (`--keep-going`), also past the first whose 95th percentile passed 150 ms. "
            if run.get("keep_going")
            else "the run stops after the first step whose 95th percentile passes 150 ms. "
        )
        + f"Against gunicorn ({run['workers']} sync workers, production settings: "
        f"DEBUG off, ALLOWED_HOSTS, a fresh secret key; plain HTTP on 127.0.0.1, so TLS redirect and secure-only "
        f"cookies are off) on PostgreSQL (the bench database), driven by locust {run['locust']} headless on the same "
        f"machine. Every user signs in through the login form; every request must answer 200 (302 for the sign-in) "
        f"— anything else, a redirect to the login page included, is an error.",
        "",
        "| | |",
        "|---|---|",
        f"| Machine | {run['cpu']}, shared with other work |",
        f"| Load average before the run (1, 5, 15 min) | {run['load_before']} |",
        f"| Load average at the end | {run['load_after']} |",
        f"| The ceiling: the most requests/s with p95 under 150 ms | {found} |",
        f"| Goal ≥ {GOAL_PER_SECOND:.0f} requests/s | {'met' if per_second >= GOAL_PER_SECOND else '**not met**'} |",
        f"| Where p95 passed 150 ms | {beyond} |",
        f"| The most requests/s of any step | {most.summary.overall.per_second:.1f} at {users(most.users)} "
        f"(p95 {ms(most.summary.overall.p95_ms)} ms) |",
        "| Largest gunicorn worker (resident memory, sampled every second, the measured windows) | "
        + (
            f"{mb(largest)} — goal under {GOAL_WORKER_MB:.0f} MB: "
            f"{'met' if largest < GOAL_WORKER_MB else '**not met**'} |"
            if largest is not None
            else "not measured |"
        ),
        f"| … while users sign in (Argon2 takes 100 MiB to check a password) | {mb(peak)} |",
        f"| Errors | **{errors} of {n(requests)}** |",
        "",
        "| Users | Measured | Requests | Requests/s | Median | p95 | Errors | Largest worker | … signing in "
        "| p95 < 150 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for step in run_steps:
        o = step.summary.overall
        lines.append(
            f"| {step.users} | {step.summary.seconds:.0f} s | {n(o.requests)} | {o.per_second:.1f} "
            f"| {ms(o.median_ms)} | {ms(o.p95_ms)} | {o.errors} | {mb(step.worker_mb)} | {mb(step.sign_in_mb)} "
            f"| {'yes' if step.within_goal else '**no**'} |"
        )
    lines += [
        "",
        f"Per request at {users(shown.users)} ({'the ceiling' if saturation else 'the first step'}):",
        "",
        "| Request | Requests | Requests/s | Median | p95 | Errors | p95 < 150 |",
        "|---|---:|---:|---:|---:|---:|:-:|",
    ]
    for k in [*shown.summary.kinds, shown.summary.overall]:
        title = "**All requests**" if k.kind == "overall" else KINDS.get(k.kind, k.kind)
        lines.append(
            f"| {title} | {n(k.requests)} | {k.per_second:.1f} | {ms(k.median_ms)} | {ms(k.p95_ms)} "
            f"| {k.errors} | {'yes' if k.p95_ms < GOAL_P95_MS else '**no**'} |"
        )
    logins = [step.summary.logins for step in run_steps if step.summary.logins]
    if logins:
        lines += [
            "",
            f"Signing in is not in the tables: each user opens the login page and posts the form once, while its "
            f"step's users start (Argon2 makes the POST slow on purpose, and many at once queue): "
            f"{sum(x.requests for x in logins)} requests, p95 per step "
            f"{', '.join(ms(x.p95_ms) for x in logins)} ms, {sum(x.errors for x in logins)} errors.",
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
    """Replace the load-test section between BEGIN and END (sections.write_section)."""
    sections.write_section(path, section, BEGIN, END)
