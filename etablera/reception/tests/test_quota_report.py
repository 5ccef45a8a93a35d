"""The quota report from individual records: per municipality, county and country, as of a date."""

import datetime as dt

import pytest

from etablera.reception.models import MunicipalQuota
from etablera.reception.reports import UnknownArea, municipality_title, quota_report, swedish_sort_key
from etablera.testing.factories import AssignmentFactory, municipality

AS_OF = dt.date(2025, 6, 30)


def quota(code: str, number: int, year: int = 2025) -> MunicipalQuota:
    return MunicipalQuota.objects.create(municipality=municipality(code), year=year, quota=number)


def assignment(code: str, persons: int, decided: str, status: str = "ASSIGNED", on: str | None = None, **kw):
    decision = dt.date.fromisoformat(decided)
    extra = {}
    if status == "RECEIVED":
        extra["received_date"] = dt.date.fromisoformat(on)
    if status == "CANCELLED":
        extra["cancelled_date"] = dt.date.fromisoformat(on)
    return AssignmentFactory(
        municipality=municipality(code),
        person_count=persons,
        decision_date=decision,
        status=status,
        **extra,
        **kw,
    )


def numbers(row):
    return (row.quota, row.assigned_total, row.received, row.remaining)


@pytest.fixture
def records(db):
    quota("0480", 10)
    quota("0461", 3)
    quota("0381", 5)  # Enköping, Uppsala län
    assignment("0480", 4, "2025-02-01", "RECEIVED", "2025-03-01")
    assignment("0480", 2, "2025-03-01", "CANCELLED", "2025-03-15")  # counted in the total, never as received
    assignment("0480", 3, "2025-05-01", "RECEIVED", "2025-07-10")  # received after the date: not yet avräknad
    assignment("0480", 1, "2025-06-30")  # decided on the date: counted
    assignment("0480", 5, "2025-07-01")  # decided after the date: not counted
    assignment("0461", 4, "2025-01-10", "RECEIVED", "2025-02-01")  # Gnesta gets more than its number
    assignment("0381", 2, "2025-03-01", "RECEIVED", "2025-04-01")
    assignment("0480", 6, "2024-05-01", "RECEIVED", "2024-06-01", quota_year=2024)  # another year's kommuntal


def test_a_municipality_as_of_a_date(records):
    report = quota_report(year=2025, municipality_code="0480", as_of=AS_OF)
    assert report.scope == "municipality" and report.title == "Nyköpings kommun"
    # Tal 10; anvisade 4 + 2 (cancelled) + 3 + 1 = 10; avräknade 4; kvar 10 − 4 = 6.
    assert numbers(report.total) == (10, 10, 4, 6)


def test_received_after_the_date_is_counted_from_that_date(records):
    assert numbers(quota_report(year=2025, municipality_code="0480", as_of=dt.date(2025, 7, 10)).total) == (
        10,
        15,
        7,
        3,
    )
    before_anything = quota_report(year=2025, municipality_code="0480", as_of=dt.date(2025, 1, 31)).total
    assert numbers(before_anything) == (10, 0, 0, 10)


def test_remaining_is_never_negative_and_a_county_adds_its_municipalities_remainders(records):
    county = quota_report(year=2025, county_code="04", as_of=AS_OF)
    rows = {row.name: numbers(row) for row in county.rows}
    assert rows["Gnesta"] == (3, 4, 4, 0)  # received more than its number: kvar 0, not −1
    assert rows["Flen"] == (0, 0, 0, 0)
    # Länet: 13 tal, 14 anvisade, 8 avräknade; kvar = 6 + 0 (Nyköping's remainder is not lowered by Gnesta's extra).
    assert numbers(county.total) == (13, 14, 8, 6)
    assert county.total.kind == "county" and county.title == "Södermanlands län"


def test_the_country_adds_every_county(records):
    report = quota_report(year=2025, as_of=AS_OF)
    counties = {row.code: numbers(row) for row in report.rows}
    assert len(counties) == 21
    assert counties["03"] == (5, 2, 2, 3)
    assert numbers(report.total) == (18, 16, 10, 9)
    assert report.total.name == "Riket"


def test_another_years_kommuntal_is_its_own(records):
    assert numbers(quota_report(year=2024, municipality_code="0480", as_of=AS_OF).total) == (0, 6, 6, 0)


def test_unknown_areas_are_refused_in_swedish(db):
    with pytest.raises(UnknownArea, match="Okänd kommunkod"):
        quota_report(year=2025, municipality_code="9999")
    with pytest.raises(UnknownArea, match="Okänd länskod"):
        quota_report(year=2025, county_code="99")


def test_municipalities_are_in_swedish_order(db):
    skane = [row.name for row in quota_report(year=2025, county_code="12").rows]
    assert (
        skane.index("Ystad") < skane.index("Åstorp") < skane.index("Ängelholm") < skane.index("Örkelljunga")
    )
    assert sorted(["Öckerö", "Ale", "Åre", "Älmhult"], key=swedish_sort_key) == [
        "Ale",
        "Åre",
        "Älmhult",
        "Öckerö",
    ]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Nyköping", "Nyköpings kommun"),
        ("Gnesta", "Gnesta kommun"),
        ("Strängnäs", "Strängnäs kommun"),
        ("Falun", "Falu kommun"),
    ],
)
def test_the_title_uses_the_genitive(name, title):
    assert municipality_title(name) == title


# --- self-settled households (EBO) are in no figure (issue #11) --------------------------------------------------


@pytest.fixture
def with_self_settled(records, units):
    """EBO households as they now come in — a reception case without an anvisning — and, as data from before the
    rule, EBO anvisningar: received, waiting and cancelled, in Nyköping, Gnesta and Enköping."""
    from etablera.people.services import PersonInput
    from etablera.reception import services

    for name, day in (("Familjen Eget", "2025-03-03"), ("Familjen Själv", "2025-06-01")):
        services.register_self_settled_household(
            actor=None,
            municipality=municipality("0480"),
            household_name=name,
            members=[PersonInput(first_name="A", last_name=name, category="SELF_SETTLED")],
            registered_date=dt.date.fromisoformat(day),
        )
    assignment("0480", 5, "2025-02-10", "RECEIVED", "2025-03-01", category="SELF_SETTLED")
    assignment("0480", 3, "2025-04-10", category="SELF_SETTLED")
    assignment("0461", 2, "2025-01-05", "CANCELLED", "2025-01-20", category="SELF_SETTLED")
    assignment("0381", 7, "2025-03-01", "RECEIVED", "2025-04-01", category="SELF_SETTLED")


def test_self_settled_households_count_in_no_scope(with_self_settled):
    from etablera.reception.models import ReceptionCase

    assert ReceptionCase.objects.filter(assignment=None).count() == 2  # the EBO households are there
    # The same figures as without them, in every scope and at every date.
    assert numbers(quota_report(year=2025, municipality_code="0480", as_of=AS_OF).total) == (10, 10, 4, 6)
    assert numbers(quota_report(year=2025, municipality_code="0461", as_of=AS_OF).total) == (3, 4, 4, 0)
    county = quota_report(year=2025, county_code="04", as_of=AS_OF)
    assert numbers(county.total) == (13, 14, 8, 6)
    country = quota_report(year=2025, as_of=AS_OF)
    counties = {row.code: numbers(row) for row in country.rows}
    assert counties["03"] == (5, 2, 2, 3)  # Enköping's EBO anvisning of 7 is not there
    assert numbers(country.total) == (18, 16, 10, 9)
    later = quota_report(year=2025, municipality_code="0480", as_of=dt.date(2025, 7, 10)).total
    assert numbers(later) == (10, 15, 7, 3)
