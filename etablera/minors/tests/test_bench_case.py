"""The minors' bench case at a tiny scale (etablera/benchmarks/cases/minors.py): the floor returns what the
application returns, in the same order, and it is not empty (a floor and a selector that both found nothing would
agree and measure nothing)."""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from etablera.benchmarks import runner
from etablera.benchmarks.cases import minors
from etablera.demo import generate
from etablera.demo.generate import minors as generate_minors


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = generate.generate(
            generate.Options(persons=3000, bench_share=0.2, today=timezone.localdate(), progress=None)
        )
        generate_minors.generate_minors(generate_minors.MinorsOptions(today=timezone.localdate()))
        yield summary
        transaction.set_rollback(True)


@pytest.mark.parametrize("key", [case.key for case in minors.cases()])
def test_the_floor_returns_the_applications_rows_in_order_and_they_are_not_empty(generated, db, key):
    ctx = runner.prepare()
    try:
        case = next(c for c in minors.cases() if c.key == key)
        for i in range(2):
            app = case.app(ctx, i)
            with connection.cursor() as cursor:
                assert case.floor(cursor, ctx, i) == app
            assert app
            assert case.request(ctx, i).status_code == 200
    finally:
        runner.finish(ctx)
