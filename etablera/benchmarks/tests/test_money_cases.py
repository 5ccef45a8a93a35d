"""The money bench at a tiny scale (issue #15): the generator (demo/generate/money.py) makes bench.ekonomi, a few
moves, this year's and last year's lines and the payments with a few differences, once; each case's floor returns
what the application returns and it is not empty; the national computation's benchmark keeps nothing."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from etablera.access.policy import capabilities, restrict
from etablera.benchmarks import money_compute, report, runner
from etablera.benchmarks.cases import money
from etablera.demo import generate
from etablera.demo.generate import activity as generate_activity
from etablera.demo.generate import minors as generate_minors
from etablera.demo.generate import money as generate_money
from etablera.money.models import Entitlement, Payment, Relocation
from etablera.organisation.models import Municipality, User
from etablera.people.models import Person


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        today = timezone.localdate()
        generate.generate(generate.Options(persons=4000, bench_share=0.2, today=today, progress=None))
        generate_activity.generate_activity(generate_activity.ActivityOptions(today=today))
        generate_minors.generate_minors(generate_minors.MinorsOptions(today=today))
        summary = generate_money.generate_money(generate_money.MoneyOptions(today=today))
        yield summary
        transaction.set_rollback(True)


def test_the_generator_makes_moves_lines_and_payments_with_differences_once(generated, db):
    today = timezone.localdate()
    assert not generated.skipped and set(generated.computed) == {today.year - 1, today.year}
    moves = list(Relocation.objects.select_related("person"))
    assert moves and len(moves) < Person.objects.count() * 0.01
    for move in moves:
        assert move.from_municipality_id != move.to_municipality_id and move.moved_on < today
    lines = Entitlement.objects.filter(month__gte=dt.date(today.year - 1, 1, 1))
    assert set(lines.values_list("kind", flat=True)) >= {"SCHABLON", "MINORS_DAYS"}
    payments = Payment.objects.filter(reference__startswith=generate_money.PAYMENT_PREFIX)
    assert payments.exists() and not payments.filter(month__gte=today.replace(day=1)).exists()
    expected = {
        (r["municipality_id"], r["month"], r["kind"]): r["total"]
        for r in lines.filter(month__lt=today.replace(day=1))
        .values("municipality_id", "month", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    paid = {(p.municipality_id, p.month, p.kind): p.amount for p in payments}
    assert set(paid) < set(expected)  # some missing
    assert any(paid[key] != expected[key] for key in paid)  # some off
    assert sum(paid[key] == expected[key] for key in paid) > len(paid) * 0.8  # most as expected
    again = generate_money.generate_money(generate_money.MoneyOptions(today=today))
    assert again.skipped and Payment.objects.count() == len(paid)


def test_bench_ekonomi_reads_the_money_pages_and_sees_no_persons(generated, db):
    user = User.objects.get(username="bench.ekonomi")
    bench = Municipality.objects.get(code=generate.BENCH_MUNICIPALITY)
    assert capabilities(user).money_municipality_ids == {bench.pk}
    assert not restrict(user, Person.objects.all()).exists()


@pytest.mark.parametrize("key", [case.key for case in money.cases()])
def test_the_floor_returns_the_applications_answer_and_it_is_not_empty(generated, db, key):
    ctx = runner.prepare()
    try:
        case = next(c for c in money.cases() if c.key == key)
        app = case.app(ctx, 0)
        with connection.cursor() as cursor:
            assert case.floor(cursor, ctx, 0) == app
        if key == "money_overview":
            months, categories, cohorts, _estimated, computed_at = app
            assert any(expected for _m, expected, _r, _c in months) and categories and cohorts
            assert any(received for _m, _e, received, _c in months) and computed_at
            assert any(costs for _m, _e, _r, costs in months)
        elif key == "money_costs":
            assert app[0] and app[1]
        else:
            assert app[0] and app[2]
        assert case.request(ctx, 0).status_code == 200
    finally:
        runner.finish(ctx)


def test_the_national_computation_is_measured_and_rolled_back(generated, db):
    year = timezone.localdate().year - 1
    before = list(Entitlement.objects.filter(month__year=year).order_by("pk").values_list("pk", "amount"))
    result = money_compute.run(year)
    assert result.total_lines == len(before) and result.seconds > 0
    assert result.persons_with_lines and result.persons >= result.persons_with_lines
    assert result.total_amount == sum(amount for _pk, amount in before)
    after = list(Entitlement.objects.filter(month__year=year).order_by("pk").values_list("pk", "amount"))
    assert after == before  # rolled back: the generator's lines are still there
    text = "\n".join(report._computed(result))
    assert f"| {year} |" in text and "SCHABLON" in text
    assert "--compute-year 0" in "\n".join(report._computed(None))
