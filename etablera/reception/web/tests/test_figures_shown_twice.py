"""A figure shown twice comes from one place (issue #11): the overview's kommuntal figures are the quota report's
row for the municipality (one selector, reception.reports.quota_report), and the report's total row is the sum of
the rows it shows. Per role: the reception caseworker and the statistics role."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from etablera.reception.models import Assignment, MunicipalQuota
from etablera.testing.factories import AssignmentFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_year(db, today):
    """Nyköping's kommuntal 40 this year: 5 persons received, 4 assigned and waiting, 2 cancelled; Flen's 12."""
    nykoping, flen = municipality("0480"), municipality("0482")
    MunicipalQuota.objects.create(municipality=nykoping, year=today.year, quota=40)
    MunicipalQuota.objects.create(municipality=flen, year=today.year, quota=12)
    start = today.replace(month=1, day=1)
    AssignmentFactory(
        municipality=nykoping,
        person_count=5,
        decision_date=start,
        status=Assignment.Status.RECEIVED,
        received_date=start,
    )
    AssignmentFactory(municipality=nykoping, person_count=4, decision_date=start)
    AssignmentFactory(
        municipality=nykoping,
        person_count=2,
        decision_date=start,
        status=Assignment.Status.CANCELLED,
        cancelled_date=start,
    )


def _cells(html: str, label: str) -> list[int]:
    start = html.index(f'<th scope="row">{label}</th>')
    return [
        int(n) for n in re.findall(r'<td class="num">(\d+)</td>', html[start : html.index("</tr>", start)])
    ]


def _overview(html: str) -> list[int]:
    labels = ("Kommuntal", "Anvisade totalt", "varav avräknade (mottagna)", "Kvar att avräkna")
    return [_cells(html, label)[0] for label in labels]


@pytest.mark.parametrize("user", ["alice", "stina"])
def test_the_overview_shows_the_quota_reports_row(client, request, this_year, today, user):
    client.force_login(request.getfixturevalue(user))
    overview = client.get(reverse("overview")).content.decode()
    report = client.get(
        reverse("quota_report"), {"year": str(today.year), "county": "04", "municipality": ""}
    ).content.decode()
    assert _overview(overview) == _cells(report, "Nyköping")
    quota, _assigned, received, _left = _overview(overview)
    assert f"{received} av {quota}" in overview


def test_the_report_total_is_the_sum_of_its_rows(client, stina, this_year, today):
    client.force_login(stina)
    report = client.get(
        reverse("quota_report"), {"year": str(today.year), "county": "04", "municipality": ""}
    ).content.decode()
    body = report.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = [
        [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
        for row in body.split("</tr>")
        if "<td" in row
    ]
    total = _cells(report, "Totalt Södermanlands län")
    assert total == [sum(column) for column in zip(*rows, strict=True)]
    assert total[0] == 52 and total[2] == 5
