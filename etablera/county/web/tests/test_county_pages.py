"""The county board's page (issue #16): its county's municipalities side by side, the county's total, downloads —
and another county's page refused."""

from __future__ import annotations

import pytest
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality
from etablera.reception.models import MunicipalQuota

pytestmark = pytest.mark.django_db


@pytest.fixture
def quotas(nykoping):
    year = timezone.localdate().year
    MunicipalQuota.objects.create(municipality=nykoping, year=year, quota=135)
    MunicipalQuota.objects.create(municipality=Municipality.objects.get(code="0486"), year=year, quota=92)
    return year


def test_the_county_board_sees_every_municipality_of_its_county(signed_in, lena, quotas):
    client = signed_in(lena)
    assert client.get("/").url == "/lan/"  # its start page
    response = client.get("/lan/")
    text = response.content.decode()
    assert response.status_code == 200
    main = text[text.find("<main") :]
    county = Municipality.objects.get(code="0480").county
    for municipality in county.municipalities.all():
        assert municipality.name in main
    assert "Enköping" not in main  # another county's
    assert "227" in main  # the county's kommuntal: 135 + 92
    assert "Länsstyrelsen" in text  # who is signed in, in the header
    title = text[text.find("<title>") + 7 : text.find("</title>")]
    assert title.startswith(f"{county.name} {quotas}") and "<" not in title and len(title) < 100


def test_downloads(signed_in, lena, quotas):
    response = signed_in(lena).get("/lan/?format=csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "Strängnäs" in text and "135" in text
    assert AuditEvent.objects.filter(actor=lena, action=AuditEvent.Action.EXPORT).exists()
    assert signed_in(lena).get("/lan/?format=xlsx").status_code == 200


def test_another_county_is_refused_and_others_get_403(signed_in, lena, alice, stina, quotas):
    assert signed_in(lena).get("/lan/?lan=03").status_code == 403  # Uppsala: not the board's
    assert signed_in(lena).get("/lan/?lan=99").status_code == 404
    assert signed_in(alice).get("/lan/").status_code == 403
    assert signed_in(stina).get("/lan/").status_code == 403


def test_the_overview_sends_the_county_board_to_its_county(signed_in, lena):
    assert signed_in(lena).get("/oversikt/").url == "/lan/"


def test_no_task_is_handed_to_the_county_board(alice, lena, reception_task):
    from django.core.exceptions import ValidationError

    from etablera.organisation.selectors import units_for_user
    from etablera.reception.services.tasks import reassign_task

    board = lena.memberships.get().unit
    assert board not in units_for_user(alice)
    with pytest.raises(ValidationError) as caught:
        reassign_task(actor=alice, task=reception_task, unit=board)
    assert "Länsstyrelsen" in str(caught.value)


def test_the_indicators_are_columns_beside_the_quota(signed_in, lena, nykoping):
    """Received per 1 000 inhabitants, 2017: seven persons received in Nyköping (55 467 inhabitants, the shipped
    population) is 0.1; Strängnäs received nobody: 0 — and a figure resting on fewer than five persons is "–"."""
    import datetime as dt

    from etablera.money.tests.conftest import receive

    household = None
    for i in range(7):
        person = receive(dt.date(1980 + i, 1, 1), dt.date(2017, 5, 2), household=household)
        household = household or person.household_memberships.get().household
    main = signed_in(lena).get("/lan/?ar=2017").content.decode()
    main = main[main.find('id="indicators-heading"') :]
    assert "Mottagna per 1 000 invånare" in main or "per 1 000 invånare" in main
    nykoping_row = main[main.find(">Nyköping<") :].split("</tr>", 1)[0]
    assert "0.1" in nykoping_row or "0,1" in nykoping_row


def test_each_municipalitys_visit_and_the_download_holds_the_indicators(signed_in, lena, quotas, nykoping):
    import datetime as dt

    from etablera.county import services_visits
    from etablera.organisation.models import County

    services_visits.plan_visit(
        actor=lena,
        county=County.objects.get(code="04"),
        municipality=nykoping,
        year=quotas,
        planned_on=dt.date(quotas, 12, 20),
    )
    client = signed_in(lena)
    main = client.get("/lan/").content.decode()
    assert "Planerat" in main and "Inte planerat" in main
    text = client.get("/lan/?format=csv").content.decode("utf-8-sig")
    header, nykoping_line = (
        text.splitlines()[0],
        next(line for line in text.splitlines() if "Nyköping" in line),
    )
    assert "Kommunbesök" in header and "per 1 000 invånare" in header
    assert "Planerat" in nykoping_line
