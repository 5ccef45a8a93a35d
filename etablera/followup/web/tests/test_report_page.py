"""The board report's page /uppfoljning/rapport/ and its PDF (?format=pdf): who may read it, the content of
board_report.build() as charts beside their tables, small cells "–" on the page and in the PDF, and the download
logged."""

from __future__ import annotations

import pytest

from etablera.access.models import AuditEvent
from etablera.followup.tests.sodermanland import build
from etablera.followup.tests.test_board_report import LATER, YEAR, enkoping_household
from etablera.people.models import Person
from etablera.testing.pdf import streams

pytestmark = pytest.mark.django_db
URL = "/uppfoljning/rapport/"
QUERY = {"kommun": "0480", "ar": YEAR}


@pytest.fixture
def received(nykoping):
    build()
    enkoping_household()


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: LATER)


@pytest.mark.parametrize(("who", "status"), [("stina", 200), ("carol", 200), ("bob", 403)])
def test_who_may_read_the_report(client, request, nykoping, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL, QUERY).status_code == status
    assert client.get(URL, {**QUERY, "format": "pdf"}).status_code == status


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_another_municipality_is_not_to_be_had(client, stina, nykoping):
    client.force_login(stina)
    response = client.get(URL, {"kommun": "0381", "ar": YEAR})
    assert response.status_code == 200 and response.context["report"] is None
    assert client.get(URL, {"kommun": "0381", "ar": YEAR, "format": "pdf"}).status_code == 404


def test_each_indicator_a_chart_beside_its_table_small_cells_hidden(client, stina, received, today):
    client.force_login(stina)
    response = client.get(URL, QUERY)
    html = response.content.decode()
    assert "Rapport till nämnden: Nyköpings kommun 2017" in html
    assert "Ladda ner som PDF" in html and "format=pdf" in html
    sections = response.context["sections"]
    in_time = next(s for s in sections if s["section"].indicator.key == "received_in_time")
    assert 'class="chart__cell"' in in_time["chart"] and "83" in in_time["chart"]
    assert html.count('<svg class="chart"') == sum(1 for s in sections if s["chart"])
    # Nyköping's women and men received (6 and 4) are hidden; the table says so with "–".
    assert '<th scope="row">Kvinnor</th><td class="num">–</td>' in html
    assert "Södermanlands län" in html and "Riket" in html
    assert not any(p.last_name in html or p.first_name in html for p in Person.objects.all())


def test_the_pdf_download_is_the_report_and_is_logged(client, stina, received, today, monkeypatch):
    monkeypatch.setattr("etablera.access.pdf.font_dir", lambda: None)
    client.force_login(stina)
    response = client.get(URL, {**QUERY, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rapport-0480-2017-2026-12-01.pdf"'
    content = response.content
    assert content.startswith(b"%PDF-")
    text = b"\n".join(streams(content)).decode("cp1252")
    assert "Nyköpings kommun" in text and "(83)" in text and "(–)" in text
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, object_type="BoardReport")
    assert event.municipality_code == "0480" and "2017" in event.summary and "pdf" in event.summary


def test_the_first_visit_shows_last_year(client, stina, today):
    client.force_login(stina)
    response = client.get(URL)
    assert response.context["report"].year == LATER.year - 1


def test_the_current_year_has_the_forecast(client, stina, today, nykoping):
    client.force_login(stina)
    response = client.get(URL, {"kommun": "0480", "ar": LATER.year})
    assert "Väntade mottagna resten av året" in response.content.decode()
    assert response.context["arrivals"]["months"][0][0] == "December"


def test_the_page_costs_the_same_for_many_records_as_for_few(
    client, stina, received, today, django_assert_max_num_queries
):
    client.force_login(stina)
    # 68 on 2026-12-05: every indicator's source once per area (the municipality, the county, the country) — the
    # establishment's cohort read for all of an area's municipalities at once (it was one read per municipality,
    # about 700 for the country) — a constant, not one per record or per municipality.
    with django_assert_max_num_queries(80) as few:
        client.get(URL, QUERY)
    for _ in range(2):
        build()  # two more of each household, in the same year
        enkoping_household()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL, QUERY)
