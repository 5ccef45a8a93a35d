"""The database connection's settings (decision 0019, docs/operations.md): on PostgreSQL the server binds the
parameters and prepares each statement on its first use, unless ETABLERA_PG_PREPARE=0; JIT is off unless
ETABLERA_PG_JIT=1; SQLite has neither."""

from __future__ import annotations

import runpy
import uuid
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


def _prepared_postgresql():
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get(
        "server_side_binding"
    ):
        pytest.skip("PostgreSQL with the server binding the parameters only")


@pytest.mark.django_db
def test_a_statement_is_prepared_on_postgresql_on_its_first_use():
    _prepared_postgresql()
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
    _prepared_postgresql()
    from etablera.web.database import PREPARED_MAX

    connection.ensure_connection()
    assert connection.connection.prepared_max == PREPARED_MAX > 100


@pytest.mark.django_db
def test_a_list_longer_than_the_protocol_allows_is_sent_as_one_array(nykoping):
    """70 000 ids in one `in` (the protocol allows 65 535 parameters): one array parameter, the same rows as IN —
    on a primary key, a foreign key given as ids and as objects, a text and a UUID column; `exclude` too."""
    _prepared_postgresql()
    from django.test.utils import CaptureQueriesContext

    from etablera.people.models import Person
    from etablera.testing.factories import PersonFactory
    from etablera.web.database import LONGEST_IN_LIST

    people = PersonFactory.create_batch(3, municipality=nykoping)
    absent = range(10**9, 10**9 + 70_000)  # ids no row has
    ids = [*absent, people[0].pk, people[2].pk]
    with CaptureQueriesContext(connection) as queries:
        assert set(Person.objects.filter(pk__in=ids)) == {people[0], people[2]}
    assert "= ANY(" in queries[0]["sql"] and " IN (" not in queries[0]["sql"]
    assert Person.objects.exclude(pk__in=ids).filter(pk__in=[p.pk for p in people]).get() == people[1]
    municipalities = [*absent, nykoping.pk]
    assert Person.objects.filter(municipality_id__in=municipalities).count() == 3
    assert Person.objects.filter(municipality__in=municipalities).count() == 3
    names = [f"N{n}" for n in absent] + [people[1].last_name]
    assert people[1] in Person.objects.filter(last_name__in=names)
    assert (
        Person.objects.filter(
            public_id__in=[uuid.uuid4() for _ in range(LONGEST_IN_LIST)] + [people[2].public_id]
        ).get()
        == people[2]
    )


@pytest.mark.django_db
def test_a_short_list_is_sent_as_before(nykoping):
    """Up to LONGEST_IN_LIST values: IN with a parameter each, as Django writes it (no plan that works changes)."""
    from django.test.utils import CaptureQueriesContext

    from etablera.people.models import Person

    with CaptureQueriesContext(connection) as queries:
        list(Person.objects.filter(pk__in=[1, 2, 3]))
    assert " IN (" in queries[0]["sql"] and "ANY(" not in queries[0]["sql"]
