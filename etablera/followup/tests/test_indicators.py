"""The indicators against hand-computed data (sodermanland.py: Nyköping's arrivals of 2017; the establishment's
cohort of 2024 from establishment/reports/tests/cohort.py). "–" = suppressed (followup/suppression.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.activity.models import SupportMonth
from etablera.establishment.reports.tests.cohort import AS_OF, build_cohort
from etablera.followup import indicators
from etablera.followup.indicators import CATALOGUE, compute
from etablera.followup.tests.sodermanland import build, contract
from etablera.people.models import Person
from etablera.testing.factories import municipality

pytestmark = pytest.mark.django_db
X = "–"
LATER = dt.date(2026, 12, 1)


def figures(table):
    return [(r.municipality_code, r.group, r.numerator, r.denominator, r.value) for r in table.rows]


@pytest.fixture
def received(nykoping):
    return build()


def test_the_catalogue_has_each_indicator_once_with_its_definition_and_the_kolada_id_marked_unverified():
    keys = [i.key for i in CATALOGUE]
    assert keys == [
        "received_per_1000",
        "received_in_time",
        "days_to_housing",
        "days_to_sfi",
        "work_or_studies_90_days",
        "self_supporting_2y",
        "self_supporting_3y",
        "self_supporting_5y",
        "support_per_person",
        "temporary_housing_cost",
    ]
    for indicator in CATALOGUE:
        assert (
            str(indicator.title)
            and str(indicator.definition)
            and str(indicator.source)
            and str(indicator.unit)
        )
    official = {i.key: str(i.official) for i in CATALOGUE if str(i.official)}
    assert official == {"work_or_studies_90_days": "Kolada N00973 (ej verifierad)"}
    assert str(indicators.BY_KEY["self_supporting_3y"].title) == "Andel med egen försörjning efter 3 år"


def test_received_per_1000_inhabitants(received):
    # Nyköping 2017: 10 persons (H1–H7) of 55 467 inhabitants → 0.18 → 0.2.
    table = compute("received_per_1000", year=2017, municipality_code="0480", as_of=LATER)
    assert figures(table) == [("0480", None, 10, 55_467, 0.2)]


def test_received_by_sex_a_single_small_cell_takes_the_other_with_it(received):
    # Women 6, men 4: men "–", and women would give them away (10 − 6), so women too.
    table = compute("received_per_1000", year=2017, municipality_code="0480", by="sex", as_of=LATER)
    assert figures(table) == [
        ("0480", None, 10, 55_467, 0.2),
        ("0480", "F", X, X, X),
        ("0480", "M", X, X, X),
    ]


def test_received_by_category_two_small_cells_cover_each_other(received):
    # ABO 7 (H1 3, H3 2, H4, H5), resettled 2, self-settled 1.
    table = compute("received_per_1000", year=2017, municipality_code="0480", by="category", as_of=LATER)
    assert figures(table) == [
        ("0480", None, 10, 55_467, 0.2),
        ("0480", "RESETTLED", X, X, X),
        ("0480", "ASSIGNED_FROM_FACILITY", 7, 55_467, 0.1),
        ("0480", "SELF_SETTLED", X, X, X),
    ]


def test_received_by_age_band_at_arrival(received):
    # Ages at arrival: 7 (2010), 18 (1999) → 0–19 two; 22 (1995) 20–24; 27, 29, 32 (1990, 1988, 1985) 25–39;
    # 37, 39 (1980, 1978) 25–39; 47 (1970) 40–54; 57 (1960) 55–65 → 25–39 has five.
    table = compute("received_per_1000", year=2017, municipality_code="0480", by="age_band", as_of=LATER)
    assert [(r.group, r.numerator) for r in table.rows] == [
        (None, 10),
        ("0–19", X),
        ("20–24", X),
        ("25–39", 5),
        ("40–54", X),
        ("55–65", X),
    ]


def test_in_the_county_a_small_municipality_takes_the_smallest_other_with_it(received):
    # Eskilstuna 2 (H9) is "–"; Nyköping's 10 = county 12 − Eskilstuna would give it away: Nyköping "–" too.
    table = compute("received_per_1000", year=2017, county_code="04", as_of=LATER)
    rows = {r.municipality_code: (r.numerator, r.denominator, r.value) for r in table.rows}
    assert rows["0480"] == (X, X, X)
    assert rows["0484"] == (X, X, X)
    assert rows["0428"] == (0, 9_180, 0.0)
    assert rows[None] == (12, 291_341, 0.0)
    assert table.rows[-1].municipality == "Södermanlands län"


def test_anvisningar_received_in_time(received):
    # H1–H6: all but H2 came on or before the latest reception date (H4 on the day) → 5 of 6 = 83 %.
    table = compute("received_in_time", year=2017, municipality_code="0480", by="category", as_of=LATER)
    assert figures(table) == [
        ("0480", None, 5, 6, 83),
        ("0480", "RESETTLED", X, X, X),
        ("0480", "ASSIGNED_FROM_FACILITY", X, X, X),
    ]


def test_days_to_the_first_permanent_home(received):
    # H1 0 (the home was ready), H2 30, H3 90, H4 10, H5 121 → median 30. H6's temporary contract does not count,
    # nor does H1's later first-hand contract.
    contract(received["H6"], kind="TEMPORARY", start=dt.date(2017, 11, 1), payer="MUNICIPALITY")
    contract(received["H1"], start=dt.date(2019, 1, 1))
    table = compute("days_to_housing", year=2017, municipality_code="0480", as_of=LATER)
    assert figures(table) == [("0480", None, None, 5, 30.0)]


def test_temporary_housing_cost_by_the_days_each_contract_ran(received):
    # Municipality-paid, not permanent, in 2017: H2 per night 2017-05-20..06-18 at 9 000/month: May 12 days
    # 9000·12//31 = 3 483, June 18 days 9000·18//30 = 5 400 → 8 883; H3, H4, H5 12 000 each; H6 1 500 → 46 383.
    h = received
    contract(
        h["H2"],
        kind="PER_NIGHT",
        start=dt.date(2017, 5, 20),
        end=dt.date(2017, 6, 18),
        cost=9000,
        payer="MUNICIPALITY",
        status="ENDED",
    )
    for name in ("H3", "H4", "H5"):  # 1 000 a month, the whole year: 12 000 each
        contract(
            h[name],
            kind="TEMPORARY",
            start=dt.date(2016, 6, 1),
            end=dt.date(2018, 3, 31),
            cost=1000,
            payer="MUNICIPALITY",
            status="ENDED",
        )
    # H6 from 2017-12-17, open: 15 days of 31 at 3 100 → 1 500
    contract(h["H6"], kind="TEMPORARY", start=dt.date(2017, 12, 17), cost=3100, payer="MUNICIPALITY")
    # not counted: paid by the household, permanent, ended before the year, a draft
    contract(h["H7"], kind="TEMPORARY", start=dt.date(2017, 1, 1), cost=5000, payer="HOUSEHOLD")
    contract(h["H7"], kind="SECOND_HAND", start=dt.date(2017, 1, 1), cost=5000, payer="MUNICIPALITY")
    contract(
        h["H8"],
        kind="TEMPORARY",
        start=dt.date(2016, 1, 1),
        end=dt.date(2016, 12, 31),
        cost=5000,
        payer="MUNICIPALITY",
        status="ENDED",
    )
    contract(
        h["H1"], kind="TEMPORARY", start=dt.date(2017, 1, 1), cost=5000, payer="MUNICIPALITY", status="DRAFT"
    )
    table = compute("temporary_housing_cost", year=2017, municipality_code="0480", as_of=LATER)
    assert figures(table) == [("0480", None, 8_883 + 3 * 12_000 + 1_500, 5, 8_883 + 3 * 12_000 + 1_500)]


def test_temporary_housing_cost_of_fewer_than_five_households_is_not_shown(received):
    contract(received["H6"], kind="TEMPORARY", start=dt.date(2017, 12, 1), cost=3100, payer="MUNICIPALITY")
    table = compute("temporary_housing_cost", year=2017, municipality_code="0480", as_of=LATER)
    assert figures(table) == [("0480", None, X, X, X)]


def test_support_per_received_person_in_the_first_24_months(received):
    nykoping = municipality("0480")

    def paid(name, month, amount):
        SupportMonth.objects.create(
            household=received[name], municipality=nykoping, month=month, amount=amount
        )

    # H1 arrived 2017-03: 2017-03..2019-02 count. 10 000 in 2017-03, 5 000 in 2019-02, not 2019-03 (25th month),
    # not 2017-02 (before). H3 4 000 in 2018-01. H8 (arrived 2016) does not count.
    paid("H1", dt.date(2017, 2, 1), 99_999)
    paid("H1", dt.date(2017, 3, 1), 10_000)
    paid("H1", dt.date(2019, 2, 1), 5_000)
    paid("H1", dt.date(2019, 3, 1), 99_999)
    paid("H3", dt.date(2018, 1, 1), 4_000)
    paid("H4", dt.date(2017, 10, 1), 1_000)
    paid("H5", dt.date(2017, 10, 1), 1_000)
    paid("H6", dt.date(2017, 12, 1), 1_000)
    paid("H8", dt.date(2017, 1, 1), 99_999)
    # 22 000 for the 10 persons received → 2 200 per person; paid to 5 households.
    table = compute("support_per_person", year=2017, municipality_code="0480", as_of=LATER)
    assert figures(table) == [("0480", None, 22_000, 10, 2_200)]


def test_support_paid_to_fewer_than_five_households_is_not_shown(received):
    SupportMonth.objects.create(
        household=received["H1"], municipality=municipality("0480"), month=dt.date(2017, 4, 1), amount=7_000
    )
    table = compute("support_per_person", year=2017, municipality_code="0480", as_of=LATER)
    assert figures(table) == [("0480", None, X, 10, X)]


def test_a_breakdown_the_indicator_does_not_have_is_refused():
    with pytest.raises(ValueError):
        compute("temporary_housing_cost", year=2017, municipality_code="0480", by="sex")


# --- built on the establishment's outcomes (the same cohort and the same figures as test_outcomes.py) ------------


@pytest.fixture
def cohort(nykoping):
    return build_cohort()


def test_in_work_or_studies_90_days_is_the_outcomes_share(cohort):
    # Followed up 7, in work or studies 5 → 71 % (the outcomes' TOTAL_2024); women 4 and men 3 followed: "–".
    table = compute("work_or_studies_90_days", year=2024, municipality_code="0480", by="sex", as_of=AS_OF)
    assert figures(table) == [
        ("0480", None, 5, 7, 71),
        ("0480", "F", X, X, X),
        ("0480", "M", X, X, X),
    ]


def test_days_to_sfi_is_the_outcomes_median(cohort):
    table = compute("days_to_sfi", year=2024, municipality_code="0480", by="sex", as_of=AS_OF)
    assert figures(table) == [
        ("0480", None, None, 11, 30.0),
        ("0480", "F", None, 6, 30.0),
        ("0480", "M", None, 5, 30.0),
    ]


def test_self_supporting_after_two_years(cohort):
    # Months to self-support 6, 13, 14, 21, 23, 23 (P12, P8, P10, P1, P3, P6) are within 24; 25, 25 (P2, P4) and
    # four never: 6 of 12 = 50 %. Women 3 of 7 and men 3 of 5: the numerators "–", the shares with them.
    table = compute(
        "self_supporting_2y", year=2024, municipality_code="0480", by="sex", as_of=dt.date(2026, 12, 31)
    )
    assert figures(table) == [
        ("0480", None, 6, 12, 50),
        ("0480", "F", X, 7, X),
        ("0480", "M", X, 5, X),
    ]


def test_self_support_is_not_measured_before_the_horizon(cohort):
    table = compute("self_supporting_2y", year=2024, municipality_code="0480", as_of=AS_OF)
    assert table.rows == []
    assert "2026-12-31" in table.note


def test_nothing_in_a_result_names_a_person(received):
    tables = indicators.compute_all(year=2017, county_code="04", by="sex", as_of=LATER)
    text = repr([t.as_dict() for t in tables])
    for person in Person.objects.all():
        assert person.last_name not in text and str(person.public_id) not in text
