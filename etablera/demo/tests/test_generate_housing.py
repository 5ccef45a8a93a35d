"""The housing generator (etablera/demo/generate/housing.py) at a tiny scale: the same seed gives the same homes,
needs and contracts, a second run adds nothing, the stored statuses follow the contracts, no home holds more
households than its capacity on any day, and the housing caseworker sees the queue."""

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from etablera.demo import generate
from etablera.demo.generate import housing as generate_housing
from etablera.housing import selectors, status
from etablera.housing.models import Contract, HousingNeed, HousingUnit
from etablera.organisation.models import User
from etablera.reception.models import Assignment

TODAY = dt.date(2026, 11, 23)


def _data(persons: int = 400) -> generate_housing.HousingSummary:
    generate.generate(generate.Options(persons=persons, bench_share=0.2, today=TODAY, progress=None))
    return generate_housing.generate_housing(generate_housing.HousingOptions(today=TODAY))


def _fingerprint() -> str:
    """The housing rows by natural keys (references, household public ids, dates), not row ids."""
    digest = hashlib.sha256()
    rows = [
        *HousingUnit.objects.values_list(
            "reference",
            "kind",
            "rooms",
            "bedrooms",
            "capacity",
            "monthly_cost",
            "available_from",
            "address_street",
        ),
        *HousingNeed.objects.values_list("household__public_id", "status", "house_by", "registered_date"),
        *Contract.objects.values_list(
            "public_id", "household__public_id", "unit__reference", "kind", "status", "start_date", "end_date"
        ),
    ]
    for row in sorted(repr(r) for r in rows):
        digest.update(row.encode())
    return digest.hexdigest()


@pytest.mark.django_db
def test_housing_is_made_for_every_municipality_and_follows_the_models_rules():
    summary = _data()
    assert not summary.skipped and summary.counts["bostäder"] > 0 and summary.counts["kontrakt"] > 0
    needs = HousingNeed.objects.all()
    assert needs.count() == summary.counts["bostadsbehov"] > 0
    assert set(needs.values_list("status", flat=True)) == {"WAITING", "TEMPORARY", "PERMANENT"}
    # Every home is valid (model constraints and field validation), and the needs sit in their household's
    # municipality, with the anvisning's latest reception date as the last day.
    for unit in HousingUnit.objects.all():
        unit.full_clean()
    for need in needs.select_related("household"):
        assert need.municipality_id == need.household.municipality_id
        latest = Assignment.objects.filter(household=need.household).order_by("-decision_date", "-pk").first()
        assert need.house_by == latest.latest_reception_date
    # The stored status is what the contracts say (refreshing changes nothing).
    assert status.refresh_housing_statuses(on=TODAY) == 0
    # The capacity rule: on no day does a home hold more signed contracts than it has places.
    for unit in HousingUnit.objects.prefetch_related("contracts"):
        periods = [(c.start_date, c.end_date or dt.date.max) for c in unit.contracts.all()]
        for day, _end in periods:
            assert sum(1 for s, e in periods if s <= day <= e) <= unit.capacity, unit.reference
    assert Contract.objects.filter(
        status=Contract.Status.ACTIVE, end_date__lte=TODAY + dt.timedelta(days=90)
    ).exists()
    assert Contract.objects.filter(status=Contract.Status.ENDED).exists()
    assert Contract.objects.filter(kind=Contract.Kind.PER_NIGHT).exists()
    # The housing caseworker of the benchmark municipality sees its queue and free homes.
    user = User.objects.get(username=generate_housing.BENCH_HOUSING_LOGIN.username)
    assert user.check_password(generate.BENCH_PASSWORD)
    assert selectors.waiting_list(user, on=TODAY)
    assert selectors.unit_list(user, on=TODAY)


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_housing_and_a_second_run_adds_nothing():
    _data()
    first = _fingerprint()
    counts = (HousingUnit.objects.count(), HousingNeed.objects.count(), Contract.objects.count())
    again = generate_housing.generate_housing(generate_housing.HousingOptions(today=TODAY))
    assert again.skipped and _fingerprint() == first
    assert (HousingUnit.objects.count(), HousingNeed.objects.count(), Contract.objects.count()) == counts
    # --reset removes the generated housing with the households; a new run makes the same rows again.
    generate.generate(generate.Options(persons=400, bench_share=0.2, today=TODAY, reset=True, progress=None))
    assert not HousingUnit.objects.filter(reference__startswith=generate_housing.UNIT_PREFIX).exists()
    generate_housing.generate_housing(generate_housing.HousingOptions(today=TODAY))
    assert _fingerprint() == first


@pytest.mark.django_db
def test_the_command_adds_housing_only():
    generate.generate(generate.Options(persons=300, today=TODAY, progress=None))
    out = StringIO()
    call_command("generate", "--housing-only", "--today", TODAY.isoformat(), "--quiet", stdout=out)
    assert "bostäder" in out.getvalue() and HousingUnit.objects.exists()
    out = StringIO()
    call_command("generate", "--housing-only", "--quiet", stdout=out)
    assert "ingenting gjort" in out.getvalue()
