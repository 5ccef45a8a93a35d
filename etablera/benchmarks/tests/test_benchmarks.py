"""The benchmark harness at a tiny scale (the real run is `make bench`, not a test): every case answers 200, every
SQL floor returns exactly what the application returns, the import benchmark leaves nothing behind, and the report
keeps its hand-written introduction."""

import datetime as dt
import json

import pytest
from django.db import connection, transaction
from django.utils import timezone

from etablera.benchmarks import __main__ as command
from etablera.benchmarks import cases, importing, machine, plans, report, runner
from etablera.demo import generate
from etablera.demo.generate import activity as generate_activity
from etablera.demo.generate import housing as generate_housing
from etablera.demo.generate import money as generate_money
from etablera.organisation.models import ApiToken
from etablera.people.models import Person
from etablera.reception.models import Assignment


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """A small data set in which the benchmark municipality has a fair share, made once for the module and rolled
    back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        summary = generate.generate(
            generate.Options(persons=1500, bench_share=0.15, today=timezone.localdate(), progress=None)
        )
        # The housing pages' cases need homes, needs, contracts and the housing caseworker.
        generate_housing.generate_housing(generate_housing.HousingOptions(today=timezone.localdate()))
        # The activity requirement's cases need support months, the catalogue, the week and bench.social/arbete.
        generate_activity.generate_activity(generate_activity.ActivityOptions(today=timezone.localdate()))
        # The money cases need the year's lines, the payments and bench.ekonomi.
        generate_money.generate_money(generate_money.MoneyOptions(today=timezone.localdate()))
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def data(generated, db):
    return generated


def test_every_case_answers_and_every_floor_returns_what_the_application_returns(data):
    ctx, results = runner.run(requests=2)
    assert [r.key for r in results] == [c.key for c in cases.cases()]
    for result in results:
        assert result.status == 200, result.key
        assert result.floor_matches, result.key
        assert result.queries > 0 and result.floor_statements > 0
        assert result.median_ms > 0 and result.p95_ms >= result.median_ms
        assert result.floor_median_ms > 0
    # The API key made for the run is revoked afterwards.
    assert not ApiToken.objects.filter(user=ctx.user, name="make bench", revoked_at=None).exists()


def test_a_floor_that_returned_something_else_would_be_caught(data):
    ctx = runner.prepare()
    try:
        case = next(c for c in cases.cases() if c.key == "unit_tasks")
        wrong = cases.Case(case.key, case.title, case.who, case.request, lambda cursor, ctx, i: [], case.app)
        assert case.app(ctx, 0)  # the unit has open tasks, so an empty answer is wrong
        assert not runner.measure(wrong, ctx, requests=1, warmup=0).floor_matches
    finally:
        runner.finish(ctx)


def test_the_import_benchmark_imports_everything_and_keeps_nothing(data):
    today = timezone.localdate()
    result = importing.run(60, today)
    assert result.created == 60 and result.errors == 0 and result.rows_per_second > 0
    assert result.received + result.cancelled <= 60
    assert not Assignment.objects.filter(reference__startswith="BENCH-IMP-").exists()


def test_percentiles():
    values = [float(v) for v in range(1, 101)]
    assert runner.percentile(values, 0.95) == 95.0
    assert runner.percentile(values, 0.5) == 50.0
    assert runner.percentile([3.0], 0.95) == 3.0


def test_the_report_keeps_the_hand_written_introduction(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text(
        "# Performance\n\nOur own words.\n\n" + report.MARKER + "\n\nold results\n", encoding="utf-8"
    )
    result = runner.Result(
        key="unit_tasks",
        title="Enhetens uppgifter",
        who="reception caseworker",
        note="",
        caseworker_page=True,
        requests=3,
        status=200,
        queries=9,
        median_ms=40.0,
        p95_ms=160.0,
        floor_median_ms=10.0,
        floor_p95_ms=12.0,
        floor_statements=2,
        floor_matches=True,
        sql_ms=12.0,
    )
    imported = importing.ImportBenchmark(
        rows=1000, seconds=0.1, created=1000, errors=0, received=700, cancelled=50
    )
    text = report.render(
        machine={"Date": "2026-11-23", "CPU": "2 cores"},
        data={"persons": 1},
        municipality="Nyköping",
        municipality_data={"households": 1},
        requests=3,
        results=[result],
        imported=imported,
        before={"unit_tasks": {"p95_ms": 480.0}},
        generated=generate.Summary(
            seed=2017,
            today=dt.date(2026, 11, 23),
            years=(2017, 2026),
            counts={"personer": 10},
            households=4,
            persons=10,
            seconds=2.0,
            peak_mb=1100.4,
        ),
    )
    assert "10 persons in 4 households, 10 rows in 2 s (5 rows/s)" in text
    assert "peak resident memory 1100 MB (goal under 1024 MB: **not met**)" in text
    report.write(path, text)
    written = path.read_text(encoding="utf-8")
    assert written.startswith("# Performance\n\nOur own words.\n")
    assert "old results" not in written and written.count(report.MARKER) == 1
    assert (
        "| 4.0× | **no** | **no** | 12.0 | 1.2× | 480.0 |" in written
    )  # p95 160 misses 150; 40/10 = 4× misses 2×
    assert "| 9 (2) | 40.0 | 160.0 |" in written
    assert "| SQL | SQL ratio | p95 before |" in written  # one cell per column, the extra one included
    assert "10\u00a0000" in written  # rows per second
    report.write(path, text)
    assert path.read_text(encoding="utf-8") == written  # a second run changes nothing else


def test_the_command_writes_the_report_and_the_raw_results(data, tmp_path, capsys, monkeypatch):
    # Every table is small at this size: with no thresholds, --plans names every table read whole and every index
    # read, whichever the planner chose for these tables' statistics at that moment of the suite.
    monkeypatch.setattr(
        runner,
        "large_scans",
        lambda statements: plans.large_scans(statements, min_rows=0, min_read_rows=0),
    )
    output, raw = tmp_path / "performance.md", tmp_path / "results.json"
    args = ["--requests", "1", "--import-rows", "20", "--output", str(output), "--json", str(raw)]
    assert command.main([*args, "--only", "overview", "--only", "quota_country", "--plans", "--warm"]) == 0
    text = output.read_text(encoding="utf-8")
    assert report.MARKER in text and "Översikt" in text and "Kommuntal, riket" in text
    results = json.loads(raw.read_text())
    assert [r["key"] for r in results["results"]] == ["overview", "quota_country"]
    # --plans: the tables each page's plans read whole (PostgreSQL's plans only), and the data's size beside the
    # results, for the growth bench.
    scanned = {name for r in results["results"] for name in r["large_scans"]}
    assert bool(scanned) == (connection.vendor == "postgresql")
    assert results["data"]["persons"] == Person.objects.count() > 0
    assert results["import"]["created"] == 20
    err = capsys.readouterr().err
    assert "bench: wrote" in err and "bench: warmed up (2 cases × 1 requests)" in err


def test_the_machine_description_names_cores_database_and_data(data):
    described = machine.describe()
    assert "cores" in described["CPU"] and described["Database"]
    sizes = machine.data_size()
    assert sizes["persons"] >= data.persons and sizes["tasks"] > 0
    assert dt.date.fromisoformat(described["Date"][:10])


def test_bench_lan_is_the_county_board_and_sees_no_person(data):
    from etablera.access.policy import capabilities, restrict
    from etablera.demo.generate.county import ensure_bench_login
    from etablera.organisation.models import Municipality

    user = ensure_bench_login()
    assert ensure_bench_login() == user  # idempotent
    bench = Municipality.objects.get(code=generate.BENCH_MUNICIPALITY)
    assert capabilities(user).county_ids == {bench.county_id}
    assert not restrict(user, Person.objects.all()).exists()


def test_the_board_report_benchmark_builds_and_renders_and_the_report_shows_it(data):
    from etablera.benchmarks import board_report
    from etablera.followup.indicators import CATALOGUE

    today = timezone.localdate()
    measured = board_report.run(generate.BENCH_MUNICIPALITY, today.year - 1, today, runs=2)
    assert len(measured.totals) == 2 and measured.max_seconds >= measured.median_seconds > 0
    assert measured.steps == 1 + len(CATALOGUE) + 1 and measured.queries > 0 and measured.pdf_bytes > 1000
    text = report.render(
        machine={"Date": "2026-12-05"},
        data={},
        municipality="Nyköping",
        municipality_data={},
        requests=1,
        results=[],
        imported=None,
        board=measured,
    )
    assert "### The board report: one municipality's year" in text
    assert f"| {generate.BENCH_MUNICIPALITY} | {today.year - 1} |" in text
