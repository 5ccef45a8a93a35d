"""The growth bench (make bench-growth): sizes' databases, the table it writes, and the plans it reads."""

# ruff: noqa: S608 — the SQL below is built from a model's table name, never from input.

import json

import pytest
from django.db import connection

from etablera.benchmarks import growth, plans, sections


def _size(size: int, medians: dict[str, float], scans: dict[str, list[str]] | None = None) -> dict:
    return {
        "size": size,
        "database": "etablera_bench" if size == 1 else f"etablera_bench_{size}x",
        "date": f"2026-12-0{size} 10:00 CET",
        **({"machine": "2 cores, Test CPU"} if size > 1 else {}),
        "load": "0.10, 0.20, 0.30",
        "database_size": f"{19 * size} GB",
        "data": {"persons": 1_000_000 * size, "households": 350_000 * size},
        "generated_seconds": 600.0 * size if size > 1 else None,
        "requests": 40,
        "warm": size > 1,
        "results": [
            {
                "key": key,
                "title": key.replace("_", " ").capitalize(),
                "median_ms": median,
                "p95_ms": median * 1.2,
                "queries": 9,
                "large_scans": (scans or {}).get(key, []),
            }
            for key, median in medians.items()
        ],
    }


def test_each_size_has_a_database_of_its_own_beside_the_benchs():
    base = "postgres://postgres@127.0.0.1:5432/etablera_bench"
    assert growth.database_url(base, 1) == base
    assert growth.database_url(base, 3) == "postgres://postgres@127.0.0.1:5432/etablera_bench_3x"


def test_a_page_is_flat_when_its_largest_size_is_within_the_limit_of_1x():
    sizes = {
        "1": _size(1, {"unit_tasks": 40.0, "search": 60.0}),
        "2": _size(2, {"unit_tasks": 44.0, "search": 100.0}),
        "3": _size(
            3,
            {"unit_tasks": 48.0, "search": 150.0},
            {"search": ["people_person", "case_idx: 79\u00a0169 rows"]},
        ),
    }
    pages = {page["key"]: page for page in growth.growth_of(sizes)}
    assert pages["unit_tasks"]["growth"] == pytest.approx(1.2) and pages["unit_tasks"]["flat"] is True
    assert pages["search"]["growth"] == pytest.approx(2.5) and pages["search"]["flat"] is False
    assert pages["search"]["large_scans"] == ["case_idx: 79\u00a0169 rows", "people_person"]
    sizes["2"]["results"][1]["large_scans"] = ["case_idx: 40\u00a0000 rows"]
    (_, search) = growth.growth_of(sizes)
    assert search["large_scans"] == ["case_idx: 40\u00a0000 / 79\u00a0169 rows", "people_person"]
    assert pages["unit_tasks"]["large_scans"] == []


def test_the_table_shows_every_size_and_says_which_is_not_measured_yet():
    sizes = {
        "1": _size(1, {"unit_tasks": 40.0, "search": 60.0}),
        "2": _size(
            2,
            {"unit_tasks": 44.0, "search": 100.0},
            {"search": ["people_person", "case_idx: 79\u00a0169 rows"]},
        ),
    }
    text = growth.render(sizes)
    assert text.startswith(growth.BEGIN) and text.rstrip().endswith(growth.END)
    assert "| 3× | not measured yet |" in text
    assert (
        "| 2× | 2 cores, Test CPU | 2\u00a0000\u00a0000 | 2\u00a0700\u00a0000 | 38 GB | 20 min | 2026-12-02 10:00 CET | 0.10, 0.20, 0.30 | yes |"
        in text
    )
    assert (
        "| 1× | not recorded | 1\u00a0000\u00a0000 |" in text and "| earlier |" in text and "| no |" in text
    )
    assert "| Unit tasks | 40.0 / 48.0 | 44.0 / 52.8 | – | 1.10× | yes | none |" in text
    assert (
        "| Search | 60.0 / 72.0 | 100.0 / 120.0 | – | 1.67× | **no** | `case_idx` (79\u00a0169 rows), `people_person` (whole) |"
        in text
    )
    assert "Flat: 1 of 2 pages and endpoints." in text


def test_a_single_size_is_not_judged():
    text = growth.render({"1": _size(1, {"unit_tasks": 40.0})})
    assert "| Unit tasks | 40.0 / 48.0 | – | – | – | – | none |" in text
    assert "Flat:" not in text


def test_the_section_is_rewritten_in_place_and_the_benchs_results_are_kept(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text("# Performance\n\nOurs.\n\n" + sections.MARKER + "\n\nbench results\n", encoding="utf-8")
    first = growth.render({"1": _size(1, {"unit_tasks": 40.0})})
    sections.write_section(path, first, growth.BEGIN, growth.END)
    sections.write_section(path, first, growth.BEGIN, growth.END)
    text = path.read_text(encoding="utf-8")
    assert text.count(growth.BEGIN) == 1 and text.index(growth.BEGIN) < text.index(sections.MARKER)
    assert text.startswith("# Performance\n\nOurs.\n") and text.rstrip().endswith("bench results")
    second = growth.render({"1": _size(1, {"unit_tasks": 30.0})})
    sections.write_section(path, second, growth.BEGIN, growth.END)
    assert "30.0 / 36.0" in path.read_text(encoding="utf-8") and "40.0 / 48.0" not in path.read_text(
        encoding="utf-8"
    )


def test_one_size_measured_keeps_the_others_and_its_database_is_dropped(tmp_path, monkeypatch):
    results, output = tmp_path / "growth.json", tmp_path / "performance.md"
    growth.save_results(results, {"1": _size(1, {"unit_tasks": 40.0})})
    measured, dropped = [], []

    def measure(size, url, requests):
        measured.append((size, url, requests))
        return _size(size, {"unit_tasks": 41.0})

    monkeypatch.setattr(growth, "_exists", lambda url: True)
    monkeypatch.setattr(growth, "measure_size", measure)
    monkeypatch.setattr(growth, "drop_database", dropped.append)
    base = "postgres://postgres@127.0.0.1:5432/bench"
    args = ["--sizes", "2", "--requests", "5", "--database-url", base, "--results", str(results)]
    assert growth.main([*args, "--output", str(output)]) == 0
    assert measured == [(2, "postgres://postgres@127.0.0.1:5432/bench_2x", 5)]
    assert dropped == ["postgres://postgres@127.0.0.1:5432/bench_2x"]
    kept = json.loads(results.read_text(encoding="utf-8"))["sizes"]
    assert list(kept) == ["1", "2"] and kept["2"]["results"][0]["median_ms"] == 41.0
    assert "| Unit tasks | 40.0 / 48.0 | 41.0 / 49.2 | – | 1.02× | yes | none |" in output.read_text(
        encoding="utf-8"
    )


def test_a_size_that_would_not_fit_on_the_disk_is_not_generated(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(growth, "_exists", lambda url: False)
    monkeypatch.setattr(growth, "_free_gb", lambda url: 30.0)
    monkeypatch.setattr(growth, "measure_size", lambda *a: pytest.fail("must not generate"))
    args = ["--sizes", "2", "--results", str(tmp_path / "g.json"), "--output", str(tmp_path / "p.md")]
    assert growth.main(args) == 1
    assert "2× needs about 46 GB free and there are 30 GB" in capsys.readouterr().err
    assert not (tmp_path / "g.json").exists()


@pytest.mark.parametrize("sizes", ["0", "two", ""])
def test_sizes_must_be_whole_numbers_from_one(sizes):
    with pytest.raises(SystemExit):
        growth._arguments(["--sizes", sizes])


@pytest.mark.django_db
def test_the_plans_name_a_large_table_read_whole_and_not_one_read_by_its_index():
    from etablera.organisation.models import Municipality

    table = Municipality._meta.db_table
    by_name = f"SELECT * FROM {table} WHERE name = 'Nyköping'"
    by_key = f"SELECT * FROM {table} WHERE id = 1"
    if connection.vendor != "postgresql":
        assert plans.large_scans([by_name], min_rows=0) == []  # only PostgreSQL's plans are read
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
        # The test database's tables are tiny, and for a tiny table a sequential scan is the right plan even by the
        # primary key; with it discouraged the planner shows what it does where an index pays.
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert plans.large_scans([by_name], min_rows=0) == [table]
    assert plans.large_scans([by_key], min_rows=0) == []
    assert plans.large_scans([by_name], min_rows=10**9) == []  # a small table read whole is not named
    # An index read of many rows is named with the planner's estimate; one of a few is not.
    (everything,) = plans.large_scans([f"SELECT id FROM {table} WHERE id > 0"], min_read_rows=0)
    assert everything.startswith(f"{table}_pkey: ") and everything.endswith(" rows")
    assert plans.large_scans([f"SELECT id FROM {table} WHERE id > 0"], min_read_rows=10**9) == []
    # Writes are not planned: the session's UPDATE and the audit INSERT are the request's own.
    assert plans.large_scans([f"UPDATE {table} SET name = name WHERE name = 'x'"], min_rows=0) == []
