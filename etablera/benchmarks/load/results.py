"""What a `make load` run found, and how it is written: the statistics over the samples the locustfile wrote
(`summarise`: median, 95th percentile, throughput and errors per kind of request, the ramp-up left out) and the
load test's section of docs/performance.md (`render`, `write_section`), between its own markers, which the bench's
report never touches.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etablera.benchmarks.load.mix import KINDS, LOGIN

BEGIN = "<!-- Begin of the load test: written by `make load` (python -m etablera.benchmarks.load). -->"
END = "<!-- End of the load test. -->"
GOAL_P95_MS = 150.0


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
