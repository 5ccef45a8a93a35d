"""The board report's content (board_report.py) and its PDF (board_pdf.py) against hand-computed data: Nyköping's
arrivals of 2017 (sodermanland.py: H1–H7, and Eskilstuna's H9 in the same county), and one more household in
Enköping (Uppsala län) that only the country counts. "–" = suppressed."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.followup import board_pdf
from etablera.followup.board_report import build
from etablera.followup.indicators import COUNTRY, compute
from etablera.followup.tests.sodermanland import build as build_sodermanland
from etablera.people.models import HouseholdMember, Person
from etablera.reception.models import Assignment, MunicipalQuota, ReceptionCase
from etablera.testing.factories import AssignmentFactory, HouseholdFactory, PersonFactory, municipality
from etablera.testing.pdf import streams

pytestmark = pytest.mark.django_db
X = "–"
LATER = dt.date(2026, 12, 1)
YEAR = 2017


def enkoping_household():
    """Six persons (three women, three men), ABO, received in time in Enköping on 2017-04-01."""
    place = municipality("0381")
    household = HouseholdFactory(municipality=place, name="Hushållet E1")
    assignment = AssignmentFactory(
        municipality=place,
        household=household,
        category="ASSIGNED_FROM_FACILITY",
        person_count=6,
        decision_date=dt.date(2017, 3, 1),
        latest_reception_date=dt.date(2017, 4, 15),
        status=Assignment.Status.RECEIVED,
        received_date=dt.date(2017, 4, 1),
    )
    for sex in "FFFMMM":
        person = PersonFactory(
            municipality=place, sex=sex, birth_date=dt.date(1985, 1, 1), category="ASSIGNED_FROM_FACILITY"
        )
        HouseholdMember.objects.create(household=household, person=person, relation="ADULT")
    ReceptionCase.objects.create(
        household=household, municipality=place, arrival_date=dt.date(2017, 4, 1), assignment=assignment
    )


@pytest.fixture
def received(nykoping):
    made = build_sodermanland()
    enkoping_household()
    MunicipalQuota.objects.update_or_create(municipality=nykoping, year=YEAR, defaults={"quota": 20})
    return made


def sections(report):
    return {s.indicator.key: s for s in report.sections}


def test_each_indicator_in_the_municipality_the_county_and_the_country(received):
    report = build("0480", YEAR, LATER)
    assert report.municipality == "Nyköpings kommun" and report.county == "Södermanlands län"
    assert report.areas == ["Nyköpings kommun", "Södermanlands län", "Riket"]
    in_time = sections(report)["received_in_time"]
    # Anvisningar: Nyköping H1–H6, in time all but H2 → 5 of 6 = 83 %; the county adds H9 (in time) → 6 of 7 =
    # 86 %; the country adds Enköping's (in time) → 7 of 8 = 87.5 → 88 %.
    assert [f.shown for f in in_time.figures] == [["5", "6", "83"], ["6", "7", "86"], ["7", "8", "88"]]
    assert str(in_time.indicator.definition) and str(in_time.indicator.source)
    assert in_time.by_sex == []  # the indicator has no breakdown by sex


def test_women_and_men_apart_suppressed_where_few(received):
    received_persons = sections(build("0480", YEAR, LATER))["received_per_1000"]
    # Persons received: Nyköping 10 (women 6, men 4), the county 12 (7, 5), the country 18 (10, 8).
    assert [f.numerator for f in received_persons.figures] == [10, 12, 18]
    by_sex = dict(received_persons.by_sex)
    # Nyköping's men are 4: hidden, and its women with them (10 − 6 would give them away).
    assert by_sex["Kvinnor"][0] == X and by_sex["Män"][0] == X
    # The county: 7 women of 291 341 inhabitants → 0.02 per 1 000 → "0,0"; the country has no folkmängd for every
    # municipality in the tests (only Södermanland's is shipped), so no figure — as compute() gives it.
    assert by_sex["Kvinnor"][1:] == ["0,0", ""] and by_sex["Män"][1:] == ["0,0", ""]
    country = compute("received_per_1000", year=YEAR, county_code=COUNTRY, by="sex", as_of=LATER)
    assert [r.numerator for r in country.rows if r.municipality_code is None] == [18, 10, 8]


def test_the_country_is_every_municipality(received):
    table = compute("received_in_time", year=YEAR, county_code=COUNTRY, as_of=LATER)
    assert table.area == "Riket" and table.area_code == COUNTRY
    assert len({r.municipality_code for r in table.rows if r.municipality_code}) == 290


def test_the_introduction_tells_the_kommuntal_from_the_figures(received):
    report = build("0480", YEAR, LATER)
    text = " ".join(report.introduction)
    # Quota 20; received against it: the anvisningar's persons H1 3, H2 1, H3 2, H4 1, H5 1, H6 1 = 9.
    assert "Kommuntalet för 2017 är 20 personer. Kommunen har tagit emot 9 av dem, och 11 är kvar" in text
    assert "färre än 5 personer visas som –" in text


def test_the_forecast_only_for_the_current_year(received):
    assert build("0480", YEAR, LATER).forecast is None
    current = build("0480", LATER.year, LATER)
    assert current.forecast is not None and current.forecast.year == LATER.year


def test_progress_is_called_after_each_part_with_increasing_steps(received):
    calls = []
    build("0480", YEAR, LATER, progress=lambda step, total, label: calls.append((step, total, label)))
    steps = [step for step, _total, _label in calls]
    assert steps == list(range(1, len(calls) + 1))
    assert {total for _step, total, _label in calls} == {len(calls)}
    assert calls[1][2] == "Mottagna per 1 000 invånare"


def test_the_pdf_says_the_figures_and_hides_the_small_cells(received, monkeypatch):
    monkeypatch.setattr(
        "etablera.access.pdf.font_dir", lambda: None
    )  # the core font: plain text in the streams
    content = board_pdf.render_report(build("0480", YEAR, LATER))
    assert content.startswith(b"%PDF-")
    text = b"\n".join(streams(content)).decode("cp1252")
    assert "Nyköpings kommun" in text and "Södermanlands län" in text and "Riket" in text
    assert "(83)" in text and "(88)" in text  # the received in time, as figures in the tables and charts
    assert "(–)" in text  # Nyköping's women and men
    assert " re f" in text.replace("\n", " ") or " re\nf" in text  # the bars: filled rectangles
    assert not any(p.last_name in text or p.first_name in text for p in Person.objects.all())


def test_the_pdf_in_dejavu_when_the_server_has_it(received):
    if board_pdf.pdf.font_dir() is None:
        pytest.skip("no DejaVu Sans here")
    assert board_pdf.render_report(build("0480", YEAR, LATER)).startswith(b"%PDF-")
