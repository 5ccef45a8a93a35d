"""The cohort outcomes against the hand-computed cohort of cohort.py (Nyköping's arrivals of 2024, per 2026-06-30).

By hand, the year's total (P1–P12, twelve persons):
  followed up 90 days after the programme: P1 WORK, P2 SOCIAL_ASSISTANCE, P3 STUDIES, P4 WORK, P8 WORK,
    P9 SOCIAL_ASSISTANCE, P10 WORK = 7 (P5's follow-up month has no status, P6's is not due, P7 and P11 run,
    P12 had none); in work or studies 5 of 7 = 71.43 % → 71
  months to self-support: 6, 13, 14, 21, 23, 23, 25, 25 (P12, P8, P10, P1, P3, P6, P2, P4) → median (21+23)/2 = 22
  SFI waiting days: 0, 30 ×7, 50, 90, 90 (eleven; P7 has not started) → median 30
Women (P1–P7, 7): followed 4 (P1–P4) → "–" and the share "–"; self-support 21, 23, 23, 25, 25 → 5, median 23;
  SFI 30, 30, 30, 30, 50, 90 → 6, median 30.
Men (P8–P12, 5 — five is shown): followed 3 → "–"; self-support 13, 14, 6 → "–"; SFI 30, 30, 30, 90, 0 → 5,
  median 30.
By category: ABO 8 (P1–P4, P7–P9, P12), resettled 4 (P5, P6, P10, P11) → "–"; one suppressed row beside the total
  would give it away (12 − 8), so ABO is suppressed with it.
By age band: 20–24 two (P5, P10) "–", 25–39 six (P1, P2, P3, P7, P8, P11), 40–54 four (P4, P6, P9, P12) "–"; two
  rows are suppressed, so 25–39 is shown: followed 4 "–", self-support 4 "–", SFI 30, 30, 30, 30, 90 → 5, median 30.
"""

from __future__ import annotations

import pytest

from etablera.establishment.reports import outcome_tables
from etablera.establishment.reports.outcomes import outcome_report
from etablera.establishment.reports.tests.cohort import AS_OF, build_cohort

pytestmark = pytest.mark.django_db
X = "–"


def figures(persons, followed, share, supporting, months, sfi, wait):
    return {
        "persons": persons,
        "followed_up": followed,
        "work_or_studies_percent": share,
        "self_supporting": supporting,
        "median_months_to_self_support": months,
        "sfi_started": sfi,
        "median_sfi_wait_days": wait,
    }


SUPPRESSED_ROW = figures(X, X, X, X, X, X, X)
TOTAL_2024 = figures(12, 7, 71, 8, 22.0, 11, 30.0)


def rows(report):
    return [
        ({k: v for k, v in row.as_dict().items() if k in ("sex", "category", "age_band")}, row.as_dict())
        for row in report.rows
    ]


def only_figures(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("year", "sex", "category", "age_band", "is_total")}


@pytest.fixture
def cohort(nykoping):
    return build_cohort()


def test_the_total_of_the_year(cohort):
    report = outcome_report(cohort=2024, municipality_code="0480", by=(), as_of=AS_OF)
    assert [row.as_dict() for row in report.rows] == [
        {"year": 2024, "sex": None, "category": None, "age_band": None, "is_total": True, **TOTAL_2024}
    ]


def test_by_sex_five_is_shown_and_four_is_not(cohort):
    report = outcome_report(cohort=2024, municipality_code="0480", by=("sex",), as_of=AS_OF)
    got = [(row.sex, only_figures(row.as_dict())) for row in report.rows]
    assert got == [
        (None, TOTAL_2024),
        ("F", figures(7, X, X, 5, 23.0, 6, 30.0)),
        ("M", figures(5, X, X, X, X, 5, 30.0)),
    ]


def test_by_category_a_single_small_row_takes_another_with_it(cohort):
    report = outcome_report(cohort=2024, municipality_code="0480", by=("category",), as_of=AS_OF)
    got = [(row.category, only_figures(row.as_dict())) for row in report.rows]
    assert got == [
        (None, TOTAL_2024),
        ("RESETTLED", SUPPRESSED_ROW),  # 4 persons
        ("ASSIGNED_FROM_FACILITY", SUPPRESSED_ROW),  # 8 persons, suppressed with the 4 beside it
    ]


def test_by_age_band(cohort):
    report = outcome_report(cohort=2024, municipality_code="0480", by=("age_band",), as_of=AS_OF)
    got = [(row.age_band, only_figures(row.as_dict())) for row in report.rows]
    assert got == [
        (None, TOTAL_2024),
        ("20–24", SUPPRESSED_ROW),
        ("25–39", figures(6, X, X, X, X, 5, 30.0)),
        ("40–54", SUPPRESSED_ROW),
    ]


def test_every_row_of_the_full_breakdown_is_small_here(cohort):
    report = outcome_report(cohort=2024, municipality_code="0480", as_of=AS_OF)
    assert report.by == ("sex", "category", "age_band")
    assert only_figures(report.rows[0].as_dict()) == TOTAL_2024
    # F/ABO/25–39 holds P1, P2, P3, P7 (4): every combination is under five
    assert all(row.persons == X for row in report.rows[1:])
    assert len(report.rows) == 1 + 8  # the combinations that hold anybody


def test_a_cohort_without_anybody_and_a_range_of_years(cohort):
    report = outcome_report(cohort=2023, cohort_to=2025, municipality_code="0480", by=(), as_of=AS_OF)
    got = [(row.year, only_figures(row.as_dict())) for row in report.rows]
    assert got == [
        (2023, SUPPRESSED_ROW),  # D1 alone
        (2024, TOTAL_2024),
        (2025, figures(0, 0, None, 0, None, 0, None)),
    ]


def test_the_county_adds_its_municipalities(cohort):
    # Södermanland (04) holds Nyköping; Enköping (D3) is in Uppsala län
    report = outcome_report(cohort=2024, county_code="04", by=(), as_of=AS_OF)
    assert report.scope == "county" and only_figures(report.rows[0].as_dict()) == TOTAL_2024


def test_the_table_and_the_csv_show_the_dash(cohort):
    report = outcome_report(cohort=2024, municipality_code="0480", by=("sex",), as_of=AS_OF)
    csv_text = outcome_tables.render_csv(report)
    lines = csv_text.splitlines()
    assert lines[0].startswith("Ankomstår;Kön;Kategori;Åldersgrupp;Personer")
    assert lines[1] == "2024;Alla;Alla;Alla;12;7;71;8;22.0;11;30.0"
    assert lines[3] == "2024;Män;Alla;Alla;5;–;–;–;–;5;30.0"
    table = outcome_tables.render_table(report)
    assert "Utfall för ankomståren 2024–2024 – Nyköpings kommun" in table
    assert "–" in table.splitlines()[7]


def test_no_name_in_any_form(cohort):
    report = outcome_report(cohort=2024, municipality_code="0480", as_of=AS_OF)
    for render in outcome_tables.RENDERERS.values():
        text = render(report)
        assert not any(person.first_name in text.split() for person in cohort.values())
        assert "Hushållet" not in text


def test_every_municipality_s_cohort_is_read_at_once_as_each_alone_would_have_it(db):
    """cohort_members() reads several municipalities in one set of queries (the follow-up's county and country
    figures) and gives each municipality its own cohort: a person received in two municipalities in the year is in
    both, each with that municipality's arrival (P1: January in Nyköping, June in Enköping)."""
    import collections
    import datetime as dt

    from etablera.establishment.reports.outcomes import cohort_members
    from etablera.reception.models import ReceptionCase
    from etablera.testing.factories import municipality

    made = build_cohort()
    nykoping, enkoping = municipality("0480"), municipality("0381")
    moved = made["P1"].households.get()
    ReceptionCase.objects.create(household=moved, municipality=enkoping, arrival_date=dt.date(2024, 6, 1))
    years = range(2024, 2025)

    together = cohort_members([nykoping.pk, enkoping.pk], years, AS_OF)
    alone = cohort_members([nykoping.pk], years, AS_OF) + cohort_members([enkoping.pk], years, AS_OF)
    assert collections.Counter(together) == collections.Counter(alone)
    in_enkoping = sorted(m.months_to_self_support or 0 for place, m in together if place == enkoping.pk)
    # D3 (arrived March, work in May: 2 months) and P1 (arrived June, first work October 2025: 16 months).
    assert in_enkoping == [2, 16]
    assert sum(1 for place, _ in together if place == nykoping.pk) == 12
