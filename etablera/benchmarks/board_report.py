"""The board report at national scale (issue #16): how long one municipality's report to its board takes to make —
board_report.build() (every indicator of the catalogue for the municipality, its county and the whole country, the
quota figures and, for the current year, the forecast) and board_pdf.render_report() — which is what the
background job runs (etablera/background, "Skapa pdf i bakgrunden"). Goal: under 10 s for the benchmark
municipality and last year, the report a board usually reads; the slowest of the runs is what counts."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import asdict, dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.followup import board_pdf
from etablera.followup import board_report as report

GOAL_SECONDS = 10.0


@dataclass
class BoardReportBenchmark:
    municipality: str
    year: int
    build_seconds: list[float] = field(default_factory=list)
    pdf_seconds: list[float] = field(default_factory=list)
    queries: int = 0  # of one build
    steps: int = 0  # the progress steps a build reports
    pdf_bytes: int = 0

    @property
    def totals(self) -> list[float]:
        return [b + p for b, p in zip(self.build_seconds, self.pdf_seconds, strict=True)]

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.totals)

    @property
    def max_seconds(self) -> float:
        return max(self.totals)

    @property
    def meets_goal(self) -> bool:
        return self.max_seconds < GOAL_SECONDS

    def as_json(self) -> dict:
        return {
            **asdict(self),
            "median_seconds": self.median_seconds,
            "max_seconds": self.max_seconds,
            "meets_goal": self.meets_goal,
        }


def run(municipality_code: str, year: int, as_of: dt.date, runs: int = 3) -> BoardReportBenchmark:
    result = BoardReportBenchmark(municipality_code, year)
    steps = []
    for i in range(runs):
        started = time.perf_counter()
        if i == 0:
            with CaptureQueriesContext(connection) as captured:
                made = report.build(municipality_code, year, as_of, progress=lambda s, t, _l: steps.append(t))
            result.queries = len(captured.captured_queries)
        else:
            made = report.build(municipality_code, year, as_of)
        result.build_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        content = board_pdf.render_report(made)
        result.pdf_seconds.append(time.perf_counter() - started)
        result.pdf_bytes = len(content)
    result.steps = steps[-1] if steps else 0
    return result
