"""The activity requirement's generator (etablera/demo/generate/activity.py) at a tiny scale: rows that follow the
models' rules and the requirement's (someone covered, someone upcoming, someone exempt), the same seed gives the same
rows, a second run adds nothing, --reset removes them, and bench.social sees the covered persons of the bench
municipality."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from stdnum.se import orgnr

from etablera.activity.coverage import coverage_figures, coverage_list
from etablera.activity.models import Activity, Attendance, Employer, Participation, SupportMonth
from etablera.demo import generate
from etablera.demo.generate import activity as generate_activity
from etablera.organisation.models import Municipality, User
from etablera.rules import activity as rules

TODAY = dt.date(2026, 12, 2)


def _data(persons: int = 1500):
    generate.generate(generate.Options(persons=persons, bench_share=0.2, today=TODAY, progress=None))
    return generate_activity.generate_activity(generate_activity.ActivityOptions(today=TODAY))


def _fingerprint():
    return sorted(
        SupportMonth.objects.values_list("household__public_id", "month", "amount").order_by()
    ) + sorted(
        Participation.objects.values_list("person__public_id", "hours_per_week", "starts_on").order_by()
    )


@pytest.mark.django_db
def test_the_generated_requirement_follows_the_rules_and_bench_social_sees_it():
    summary = _data()
    assert summary.counts["stödmånader"] > 0 and summary.counts["deltaganden"] > 0
    assert all(orgnr.is_valid(n) for n in Employer.objects.values_list("organisation_number", flat=True))
    for month in SupportMonth.objects.all()[:200]:
        assert month.month.day == 1 and month.persons.exists()
        assert month.household.municipality_id == month.municipality_id
    assert all(a.week.weekday() == 0 for a in Attendance.objects.all()[:200])
    bench = Municipality.objects.get(code=generate.BENCH_MUNICIPALITY)
    figures = coverage_figures(bench.pk, TODAY)
    assert figures.covered > 0 and figures.demanded_hours > 0
    social = User.objects.get(username=generate_activity.BENCH_SOCIAL_LOGIN.username)
    rows = coverage_list(social, bench.pk, TODAY)
    states = {row.coverage.state for row in rows}
    assert rules.COVERED in states and len(rows) == figures.covered + figures.upcoming + figures.exempt
    assert User.objects.filter(username=generate_activity.BENCH_ACTIVITY_LOGIN.username).exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows_a_second_run_adds_nothing_and_reset_removes_them():
    _data(600)
    first = _fingerprint()
    again = generate_activity.generate_activity(generate_activity.ActivityOptions(today=TODAY))
    assert again.skipped and _fingerprint() == first
    generate.generate(generate.Options(persons=600, bench_share=0.2, today=TODAY, reset=True, progress=None))
    assert (
        not SupportMonth.objects.exists() and not Activity.objects.exists() and not Employer.objects.exists()
    )
    generate_activity.generate_activity(generate_activity.ActivityOptions(today=TODAY))
    assert _fingerprint() == first


@pytest.mark.django_db
def test_the_command_adds_the_requirement_only():
    generate.generate(generate.Options(persons=300, today=TODAY, progress=None))
    out = StringIO()
    call_command("generate", "--activity-only", "--today", TODAY.isoformat(), "--quiet", stdout=out)
    assert "Aktivitetskravet i" in out.getvalue() and SupportMonth.objects.exists()
    assert re.search(r"högst \d+ MB minne", out.getvalue())
    out = StringIO()
    call_command("generate", "--activity-only", "--quiet", stdout=out)
    assert "ingenting gjort" in out.getvalue()
