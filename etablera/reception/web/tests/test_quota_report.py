import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality
from etablera.reception.models import Assignment, MunicipalQuota
from etablera.testing.factories import AssignmentFactory, municipality
from etablera.web.exports import safe_cell


@pytest.fixture
def figures(db):
    """2017 in Södermanland: Nyköping's kommuntal 60 with 7 persons assigned (2 cancelled), 3 received by 1 Sept;
    Flen 20 with nothing yet."""
    nykoping, flen = municipality("0480"), municipality("0482")
    MunicipalQuota.objects.create(municipality=nykoping, year=2017, quota=60)
    MunicipalQuota.objects.create(municipality=flen, year=2017, quota=20)
    AssignmentFactory(
        municipality=nykoping,
        person_count=3,
        decision_date=dt.date(2017, 3, 1),
        status=Assignment.Status.RECEIVED,
        received_date=dt.date(2017, 4, 1),
    )
    AssignmentFactory(municipality=nykoping, person_count=2, decision_date=dt.date(2017, 5, 1))
    AssignmentFactory(
        municipality=nykoping,
        person_count=2,
        decision_date=dt.date(2017, 6, 1),
        status=Assignment.Status.CANCELLED,
        cancelled_date=dt.date(2017, 6, 20),
    )
    return nykoping, flen


PARAMS = {"year": "2017", "county": "04", "municipality": "", "as_of": "2017-09-01"}


def _row(page: str, label: str) -> str:
    start = page.index(f'<th scope="row">{label}</th>')
    return page[start : page.index("</tr>", start)]


def test_the_county_report_shows_each_municipality_and_the_total(client, stina, figures):
    client.force_login(stina)
    page = client.get(reverse("quota_report"), PARAMS).content.decode()
    nykoping = _row(page, "Nyköping")
    assert [cell.split("<")[0] for cell in nykoping.split('<td class="num">')[1:]] == ["60", "7", "3", "57"]
    flen = _row(page, "Flen")
    assert [cell.split("<")[0] for cell in flen.split('<td class="num">')[1:]] == ["20", "0", "0", "20"]
    total = _row(page, "Totalt Södermanlands län")
    assert [cell.split("<")[0] for cell in total.split('<td class="num">')[1:]] == ["80", "7", "3", "77"]
    for header in ("Tal", "Anvisade totalt", "varav avräknade", "Kvar att avräkna"):
        assert f'<th scope="col" class="num">{header}</th>' in page
    assert "<caption id=" in page and "<tfoot>" in page


def test_the_as_of_date_counts_only_what_had_happened_by_then(client, alice, figures):
    client.force_login(alice)
    page = client.get(reverse("quota_report"), {**PARAMS, "as_of": "2017-03-15"}).content.decode()
    assert [c.split("<")[0] for c in _row(page, "Nyköping").split('<td class="num">')[1:]] == [
        "60",
        "3",
        "0",
        "60",
    ]


def test_one_municipality_and_the_whole_country(client, alice, figures):
    client.force_login(alice)
    page = client.get(
        reverse("quota_report"), {**PARAMS, "county": "", "municipality": "0480"}
    ).content.decode()
    assert "Nyköpings kommun" in page
    assert "Flen" not in page.split("<table")[1]
    page = client.get(reverse("quota_report"), {**PARAMS, "county": ""}).content.decode()
    assert _row(page, "Södermanlands län")
    assert _row(page, "Hela riket")
    assert page.count('<th scope="row">') == 21 + 1


def test_a_municipality_outside_the_chosen_county_is_an_error_at_the_field(client, alice, figures):
    client.force_login(alice)
    page = client.get(reverse("quota_report"), {**PARAMS, "municipality": "0381"}).content.decode()
    assert 'id="id_municipality_error"' in page
    assert "Kommunen ligger inte i det valda länet." in page
    assert "<tfoot>" not in page


def test_the_first_visit_shows_this_year_for_the_users_county(client, alice, today):
    client.force_login(alice)
    page = client.get(reverse("quota_report")).content.decode()
    assert f'value="{today.year}"' in page
    assert '<option value="04" selected>' in page
    assert "Totalt Södermanlands län" in page


def test_it_downloads_as_csv(client, alice, figures):
    client.force_login(alice)
    response = client.get(reverse("quota_report"), {**PARAMS, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="kommuntal-2017-04-2017-09-01.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Kod", "Kommun", "Tal", "Anvisade totalt", "varav avräknade", "Kvar att avräkna"]
    assert ["0480", "Nyköping", "60", "7", "3", "57"] in rows
    assert rows[-1] == ["04", "Totalt Södermanlands län", "80", "7", "3", "77"]
    assert AuditEvent.objects.filter(actor=alice, action=AuditEvent.Action.EXPORT).exists()


def test_it_downloads_as_excel(client, alice, figures):
    client.force_login(alice)
    response = client.get(reverse("quota_report"), {**PARAMS, "format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Kod", "Kommun", "Tal"]
    assert ["0480", "Nyköping", 60, 7, 3, 57] in rows


def test_downloads_cannot_carry_formulas(client, alice, figures):
    Municipality.objects.filter(code="0482").update(name='=HYPERLINK("http://example.invalid","Flen")')
    client.force_login(alice)
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("quota_report"), {**PARAMS, "format": "csv"}).content.decode())
        )
    )
    flen = next(row for row in rows if row[0] == "0482")
    assert flen[1] == '\'=HYPERLINK("http://example.invalid","Flen")'
    response = client.get(reverse("quota_report"), {**PARAMS, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert not any(isinstance(name, str) and name.startswith("=") for name in names)


@pytest.mark.parametrize("value", ["=1+1", "+46", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_safe_cell_defuses_every_formula_prefix(value):
    assert safe_cell(value) == "'" + value


def test_safe_cell_leaves_ordinary_values(db):
    assert safe_cell("Nyköping") == "Nyköping"
    assert safe_cell(-3) == -3


def test_the_report_costs_a_fixed_number_of_queries(client, alice, figures, django_assert_max_num_queries):
    client.force_login(alice)
    # 290 municipalities and 21 counties, each aggregated in the database.
    with django_assert_max_num_queries(11):
        client.get(reverse("quota_report"), {**PARAMS, "county": ""})
