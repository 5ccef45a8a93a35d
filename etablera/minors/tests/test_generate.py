"""The minors' generator (etablera/demo/generate/minors.py) at a tiny scale: cases for the generated unaccompanied
minors under 21 with placements, guardians and visits that follow the models' and the rules' constraints, the same
seed gives the same rows, a second run adds nothing, the reset removes them, and bench.social sees the children of
the bench municipality."""

# ruff: noqa: S608 — the SQL below is built from model table and column names (quoted), never from input.

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from etablera.demo import generate
from etablera.demo.generate import activity as generate_activity
from etablera.demo.generate import minors as generate_minors
from etablera.demo.generate.common import REFERENCE_PREFIX
from etablera.demo.generate.writing import _c, _t
from etablera.minors import selectors
from etablera.minors.models import ChildCase, FollowUpVisit, Guardian, Placement
from etablera.organisation.models import Municipality, User
from etablera.people.models import Category, HouseholdMember
from etablera.reception.models import Assignment
from etablera.rules import minors as rules
from etablera.rules.dates import age_on

TODAY = dt.date(2026, 12, 2)


def _data(persons: int = 3000):
    generate.generate(generate.Options(persons=persons, bench_share=0.2, today=TODAY, progress=None))
    return generate_minors.generate_minors(generate_minors.MinorsOptions(today=TODAY))


def _fingerprint():
    return sorted(
        ChildCase.objects.values_list(
            "person__public_id", "asylum_status", "report_sent_on", "after_18"
        ).order_by()
    ) + sorted(
        Placement.objects.values_list(
            "case__person__public_id", "kind", "starts_on", "ends_on", "cost_per_day"
        ).order_by()
    )


def _reset_minors():
    """The minors' part of `etablera generate --reset` (reset_minors, run before the persons go), on the generated
    persons and households as reset.py selects them."""
    a, hm = Assignment, HouseholdMember
    households = (
        f"(SELECT {_c(a, 'household')} FROM {_t(a)} WHERE {_c(a, 'reference')} LIKE '{REFERENCE_PREFIX}%%' "
        f"AND {_c(a, 'household')} IS NOT NULL)"
    )
    persons = f"(SELECT {_c(hm, 'person')} FROM {_t(hm)} WHERE {_c(hm, 'household')} IN {households})"
    with connection.cursor() as cursor:
        generate_minors.reset_minors(
            lambda label, sql, params=(): cursor.execute(sql, list(params)), persons, households
        )


@pytest.mark.django_db
def test_the_generated_cases_follow_the_rules_and_bench_social_sees_them():
    summary = _data()
    assert (
        summary.counts["barnärenden"] > 0 and summary.counts["placeringar"] >= summary.counts["barnärenden"]
    )
    assert summary.counts["uppföljningsbesök"] > 0
    cases = list(ChildCase.objects.select_related("person"))
    for case in cases:
        person = case.person
        assert person.category == Category.UNACCOMPANIED_MINOR
        assert age_on(person.birth_date, TODAY) < 21 and case.municipality_id == person.municipality_id
        placements = list(case.placements.order_by("starts_on"))
        assert 1 <= len(placements) <= 3 and placements[0].starts_on == case.arrived_on
        for before, after in zip(placements, placements[1:], strict=False):
            assert before.ends_on is not None and before.ends_on < after.starts_on
        for p in placements:
            assert 1500 <= p.cost_per_day <= 4500 and p.decided_on <= p.starts_on
            assert rules.placement_problem(p.kind, person.birth_date, p.starts_on, p.special_reasons) is None
        good_men = [g for g in case.guardians.all() if g.kind == Guardian.Kind.GOOD_MAN]
        assert len(good_men) == 1
        if age_on(person.birth_date, TODAY) >= 18:
            assert good_men[0].ended_on is not None and case.after_18 != ChildCase.After18.UNDECIDED
    for visit in FollowUpVisit.objects.select_related("placement")[:200]:
        assert visit.placement.starts_on <= visit.visited_on <= TODAY
    seventeen = [c for c in cases if age_on(c.person.birth_date, TODAY) == 17]
    assert seventeen
    bench = Municipality.objects.get(code=generate.BENCH_MUNICIPALITY)
    social = User.objects.get(username=generate_activity.BENCH_SOCIAL_LOGIN.username)
    rows = selectors.children(social, bench.pk, TODAY)
    assert rows and len(rows) == ChildCase.objects.filter(municipality=bench).count()
    assert any(r.running is not None for r in rows) and any(r.guardian is not None for r in rows)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows_a_second_run_adds_nothing_and_reset_removes_them():
    _data(1500)
    first = _fingerprint()
    assert first
    again = generate_minors.generate_minors(generate_minors.MinorsOptions(today=TODAY))
    assert again.skipped and _fingerprint() == first
    _reset_minors()
    assert not ChildCase.objects.exists() and not Placement.objects.exists() and not Guardian.objects.exists()
    generate.generate(generate.Options(persons=1500, bench_share=0.2, today=TODAY, reset=True, progress=None))
    generate_minors.generate_minors(generate_minors.MinorsOptions(today=TODAY))
    assert _fingerprint() == first


@pytest.mark.django_db
def test_the_command_adds_the_minors_only():
    generate.generate(generate.Options(persons=1500, today=TODAY, progress=None))
    out = StringIO()
    call_command("generate", "--minors-only", "--today", TODAY.isoformat(), "--quiet", stdout=out)
    assert "Ensamkommande barn i" in out.getvalue() and ChildCase.objects.exists()
    out = StringIO()
    call_command("generate", "--minors-only", "--quiet", stdout=out)
    assert "ingenting gjort" in out.getvalue()
