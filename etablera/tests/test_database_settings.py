"""The database connection's settings (decision 0019, docs/operations.md): on PostgreSQL the server binds the
parameters and prepares each statement on its first use, unless ETABLERA_PG_PREPARE=0; JIT is off unless
ETABLERA_PG_JIT=1; SQLite has neither."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.db import connection

from etablera.organisation.models import Municipality

SETTINGS = Path(__file__).resolve().parents[1] / "settings.py"
POSTGRES = "postgres://postgres@127.0.0.1:5432/etablera_example"


def _options(monkeypatch, url, **env) -> dict:
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("ETABLERA_PG_PREPARE", "ETABLERA_PG_JIT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))["DATABASES"]["default"].get("OPTIONS", {})


def test_postgresql_prepares_its_statements_and_runs_without_jit_by_default(monkeypatch):
    options = _options(monkeypatch, POSTGRES)
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 1
    assert options["options"] == "-c jit=off"


def test_each_can_be_turned_off(monkeypatch):
    options = _options(monkeypatch, POSTGRES, ETABLERA_PG_PREPARE="0", ETABLERA_PG_JIT="1")
    assert "server_side_binding" not in options and "prepare_threshold" not in options
    assert "options" not in options


def test_sqlite_has_neither(monkeypatch, tmp_path):
    options = _options(monkeypatch, f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert options == {"timeout": 20}


@pytest.mark.django_db
def test_a_statement_is_prepared_on_postgresql_on_its_first_use():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    if not connection.settings_dict["OPTIONS"].get("server_side_binding"):
        pytest.skip("ETABLERA_PG_PREPARE=0 in this run")
    # The same statement with two values: one prepared statement, reused, its values bound by the server.
    assert Municipality.objects.filter(code="0480").count() == 1
    assert Municipality.objects.filter(code="0180").count() == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s AND statement LIKE %s",
            ['%FROM "organisation_municipality"%', '%"code" = $1%'],
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_a_connection_keeps_more_prepared_statements_than_psycopgs_default():
    """A worker serves every page to every kind of user: more distinct statements than psycopg's 100 (web.database)."""
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get(
        "server_side_binding"
    ):
        pytest.skip("PostgreSQL with prepared statements only")
    from etablera.web.database import PREPARED_MAX

    connection.ensure_connection()
    assert connection.connection.prepared_max == PREPARED_MAX > 100
