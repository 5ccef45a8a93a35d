"""What the demo shows of the money (issue #15): a year of entitlements from the demo's households, the payments up
to last month with one missing, the claims with one about to expire, and the year's pot — each reached by
`ekonomi`, and a second load adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from etablera.money.models import Claim, Entitlement, FundingYear, Payment, PotApplication
from etablera.organisation.models import Municipality, User
from etablera.rules.dates import add_months


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo, loaded once for the module's tests (testing.fixtures.demo_for_the_module), each test rolled back."""


def test_a_year_of_entitlements_and_one_missing_payment(demo, client):
    nykoping = Municipality.objects.get(code="0480")
    today = timezone.localdate()
    assert Entitlement.objects.filter(municipality=nykoping, month__year=today.year, kind="SCHABLON").exists()
    missing = add_months(today.replace(day=1), -2)
    assert Entitlement.objects.filter(municipality=nykoping, month=missing, kind="SCHABLON").exists()
    assert not Payment.objects.filter(municipality=nykoping, month=missing, kind="SCHABLON").exists()
    assert Payment.objects.filter(municipality=nykoping, month__lt=missing).exists()
    client.force_login(User.objects.get(username="ekonomi"))
    response = client.get("/ersattning/")
    page = response.content.decode()
    assert response.status_code == 200, page[page.find("<main") :][:600]
    main = page[page.find("<main") :]
    assert "Statlig ersättning" in main and "Ansökningar om ersättning" in main, main[:1500]


def test_a_claim_about_to_expire(demo, client):
    claim = Claim.objects.get(title__startswith="Särskilda kostnader för hälso- och sjukvård")
    assert claim.status == "TO_APPLY"
    assert 0 < (claim.deadline - timezone.localdate()).days <= 30
    client.force_login(User.objects.get(username="ekonomi"))
    assert claim.title in client.get("/ersattning/ansokningar/").content.decode()


def test_the_pot(demo):
    year = FundingYear.objects.get(municipality__code="0480", year=timezone.localdate().year)
    assert year.model == "POT" and year.budget > 0
    assert (
        PotApplication.objects.filter(funding_year=year, status="GRANTED").exists()
        or PotApplication.objects.filter(funding_year=year, status="REPORTED").exists()
    )
    assert PotApplication.objects.filter(funding_year=year, status="APPLIED").exists()


def test_a_second_load_adds_nothing(demo):
    counts = (
        Entitlement.objects.count(),
        Payment.objects.count(),
        Claim.objects.count(),
        PotApplication.objects.count(),
    )
    call_command("demo", "--skip-sodermanland", stdout=StringIO())
    assert (
        Entitlement.objects.count(),
        Payment.objects.count(),
        Claim.objects.count(),
        PotApplication.objects.count(),
    ) == counts


def test_the_foreseen_claims_were_kept_up_with_but_one(demo):
    """The claims already due were applied for in time (and, once decided, paid) — all but the latest: one overdue."""
    today = timezone.localdate()
    past = Claim.objects.filter(municipality__code="0480", auto_key__isnull=False, deadline__lt=today)
    assert past.count() >= 2
    assert past.filter(status="TO_APPLY").count() == 1
    assert past.filter(status="PAID").exists()
    assert all(c.applied_on < c.deadline for c in past.exclude(status="TO_APPLY"))


def test_the_county_board_reads_its_county_and_the_model(demo, client):
    """The demo's county board (issue #16): the county's municipalities and the model for 2017 beside the decided."""
    client.force_login(User.objects.get(username="lansstyrelsen"))
    assert client.get("/").url == "/lan/"
    assert "Strängnäs" in client.get("/lan/").content.decode()
    page = client.get("/lan/fordelning/?lan=04&ar=2017&lanstal=347").content.decode()
    assert "Nyköping" in page and "underlag inte kontrollerat" in page
