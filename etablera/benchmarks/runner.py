"""Measuring: each case's page and its SQL floor, interleaved request by request, so that both see the same machine.

Latency is wall-clock time around one request through Django's test client (all middleware, the session, the
view, the template, the audit INSERT and its commit) — no network and no web server, so it is what the application
itself costs. The query count is taken from one more request under CaptureQueriesContext.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import asdict, dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from etablera.access.policy import capabilities
from etablera.benchmarks.cases import Case, Context, cases
from etablera.benchmarks.plans import large_scans
from etablera.organisation.models import ApiToken, Unit, User
from etablera.people.models import Household
from etablera.reception.models import ReceptionCase
from etablera.web.process import freeze_start_up, warm_up

GOAL_P95_MS = 150.0
GOAL_RATIO = 2.0


class BenchmarkError(Exception):
    pass


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Result:
    key: str
    title: str
    who: str
    note: str
    caseworker_page: bool
    requests: int
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    floor_median_ms: float
    floor_p95_ms: float
    floor_statements: int
    floor_matches: bool
    sql_ms: float = (
        0.0  # time in the database during one request (Django's per-query timing, to the millisecond)
    )
    samples_ms: list[float] = field(default_factory=list, repr=False)
    # The large reads in the plans of the page's statements (plans.large_scans: a large table read whole, an index
    # read of many rows), when the run was asked for them (the growth bench): a per-user page that makes one will
    # not stay flat as the data grows.
    large_scans: list[str] | None = None

    @property
    def ratio(self) -> float:
        return self.median_ms / self.floor_median_ms if self.floor_median_ms else math.inf

    @property
    def p95_ratio(self) -> float:
        return self.p95_ms / self.floor_p95_ms if self.floor_p95_ms else math.inf

    @property
    def sql_ratio(self) -> float:
        """The application's SQL against the floor: how much of the gap is in the database."""
        return self.sql_ms / self.floor_median_ms if self.floor_median_ms else math.inf

    @property
    def meets_latency(self) -> bool:
        return self.p95_ms < GOAL_P95_MS

    @property
    def meets_ratio(self) -> bool:
        return self.ratio <= GOAL_RATIO

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("samples_ms")
        data.update(ratio=self.ratio, p95_ratio=self.p95_ratio, sql_ratio=self.sql_ratio)
        return data


def prepare(today=None) -> Context:
    """The benchmark municipality's reception caseworker and SFI caseworker (etablera generate's logins), the
    households to open, a common surname to search for, and an API key."""
    try:
        user = User.objects.get(username="bench.mottagning")
        sfi_user = User.objects.get(username="bench.sfi")
    except User.DoesNotExist as error:
        raise BenchmarkError(
            "Benchmark users are missing: generate the data first (etablera generate, or make bench)."
        ) from error
    caps = capabilities(user)
    municipality = caps.home_municipality
    today = today or timezone.localdate()
    households = list(
        Household.objects.filter(municipality=municipality, reception_cases__status=ReceptionCase.Status.OPEN)
        .order_by("-reception_cases__arrival_date", "pk")
        .values_list("public_id", flat=True)[:20]
    )
    if not households:
        raise BenchmarkError(f"{municipality} has no household with an open reception case.")
    names = list(
        Household.objects.filter(municipality=municipality)
        .values_list("name", flat=True)
        .order_by("pk")[:2000]
    )
    surnames = [name.removeprefix("Familjen ") for name in names]
    search = max(sorted(set(surnames)), key=surnames.count)
    reception_unit = next(u for u in caps.units if u.function == Unit.Function.RECEPTION)
    # The housing caseworker exists once the housing is generated (etablera generate --housing-only).
    housing_user = User.objects.filter(username="bench.bostad").first()
    _token, raw = ApiToken.issue(user=user, name="make bench")
    return Context(
        user=user,
        sfi_user=sfi_user,
        municipality=municipality,
        today=today,
        year=today.year,
        households=households,
        search=search,
        token=raw,
        reception_unit=reception_unit,
        housing_user=housing_user,
    )


def finish(ctx: Context) -> None:
    ApiToken.objects.filter(user=ctx.user, name="make bench", revoked_at=None).update(
        revoked_at=timezone.now()
    )


def _request(case: Case, ctx: Context, i: int):
    response = case.request(ctx, i)
    if response.status_code != 200:
        raise BenchmarkError(f"{case.key}: status {response.status_code}")
    return response


def measure(case: Case, ctx: Context, requests: int, warmup: int = 3, plans: bool = False) -> Result:
    # Verify the floor first: it must return what the application returns.
    with connection.cursor() as cursor:
        floor_result = case.floor(cursor, ctx, 0)
    matches = floor_result == case.app(ctx, 0)
    for i in range(warmup):
        _request(case, ctx, i)
        with connection.cursor() as cursor:
            case.floor(cursor, ctx, i)
    with CaptureQueriesContext(connection) as captured:
        response = _request(case, ctx, 0)
    queries = len(captured.captured_queries)
    scans = large_scans(q["sql"] for q in captured.captured_queries) if plans else None
    with CaptureQueriesContext(connection) as captured, connection.cursor() as cursor:
        case.floor(cursor, ctx, 0)
    statements = len(captured.captured_queries)
    page, floor = [], []
    for i in range(requests):
        started = time.perf_counter()
        _request(case, ctx, i)
        page.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            case.floor(cursor, ctx, i)
        floor.append((time.perf_counter() - started) * 1000)
    # The time a request spends in the database, from Django's own per-statement timing, over a few more requests
    # (recording the statements costs a little, so these are not among the timed ones).
    sql = []
    for i in range(min(10, requests)):
        with CaptureQueriesContext(connection) as captured:
            _request(case, ctx, i)
        sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
    return Result(
        key=case.key,
        title=case.title,
        who=case.who,
        note=case.note,
        caseworker_page=case.caseworker_page,
        requests=requests,
        status=response.status_code,
        queries=queries,
        median_ms=statistics.median(page),
        p95_ms=percentile(page, 0.95),
        floor_median_ms=statistics.median(floor),
        floor_p95_ms=percentile(floor, 0.95),
        floor_statements=statements,
        floor_matches=matches,
        sql_ms=statistics.median(sql) if sql else 0.0,
        samples_ms=page,
        large_scans=scans,
    )


def run(
    requests: int = 30,
    only: list[str] | None = None,
    progress=None,
    today=None,
    plans: bool = False,
    warm: bool = False,
) -> tuple[Context, list[Result]]:
    """Measure every case (or those named in `only`), with the large reads of its plans if `plans`. With `warm`,
    every case's requests are made once untimed first: a data set larger than the machine's memory (2× and 3× the
    national one) starts with its pages on disk, and a page's first reads then time the disk, not the page. The test
    client needs 'testserver' as an allowed host."""
    from django.conf import settings

    results = []
    with override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], SECURE_SSL_REDIRECT=False, DEBUG=False
    ):
        ctx = prepare(today)
        # Settled as a server worker settles after start-up (etablera/wsgi.py): the start-up's objects frozen.
        freeze_start_up(warm_up)
        try:
            chosen = [case for case in cases() if not only or case.key in only]
            if warm:
                for case in chosen:
                    if not case.key.startswith("housing") or ctx.housing_user is not None:
                        for i in range(requests):
                            _request(case, ctx, i)
                            with connection.cursor() as cursor:
                                case.floor(cursor, ctx, i)
                if progress is not None:
                    progress.write(f"bench: warmed up ({len(chosen)} cases × {requests} requests)\n")
            for case in chosen:
                if case.key.startswith("housing") and ctx.housing_user is None:
                    raise BenchmarkError(
                        "The housing caseworker bench.bostad is missing: generate the housing first "
                        "(etablera generate --housing-only, or make bench)."
                    )
                result = measure(case, ctx, requests, plans=plans)
                results.append(result)
                if progress is not None:
                    progress.write(
                        f"bench: {case.key:<22} median {result.median_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms  "
                        f"floor {result.floor_median_ms:6.1f} ms  {result.queries} queries"
                        f"{'' if result.floor_matches else '  (FLOOR DIFFERS)'}\n"
                    )
                    progress.flush()
        finally:
            finish(ctx)
    return ctx, results
