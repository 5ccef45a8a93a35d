"""The establishment's bench cases at a tiny scale: each floor returns what the application returns, and what they
return is not empty (a floor and a selector that both found nothing would agree and measure nothing)."""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from etablera.benchmarks import runner
from etablera.benchmarks.cases import establishment
from etablera.demo import generate


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate.generate(
            generate.Options(persons=1500, bench_share=0.15, today=timezone.localdate(), progress=None)
        )
        transaction.set_rollback(True)


@pytest.mark.parametrize("key", ["person_establishment", "plan_caseload", "outcomes"])
def test_the_floor_returns_the_applications_rows_and_they_are_not_empty(generated, db, key):
    ctx = runner.prepare()
    try:
        case = next(c for c in establishment.cases() if c.key == key)
        for i in range(3):
            app = case.app(ctx, i)
            with connection.cursor() as cursor:
                assert case.floor(cursor, ctx, i) == app
            assert app
            assert case.request(ctx, i).status_code == 200
        if key == "outcomes":
            assert any(row[4] != "–" for row in app)  # some cell large enough to show
        if key == "person_establishment":
            assert {kind for kind, _pk in app} >= {"assessment", "plan", "month"}
    finally:
        runner.finish(ctx)
