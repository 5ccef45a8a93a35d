import datetime as dt

import pytest

from etablera.access.models import AuditEvent
from etablera.reception.models import Assignment, MunicipalQuota
from etablera.testing.api_client import messages
from etablera.testing.factories import AssignmentFactory, municipality


@pytest.fixture
def quotas(nykoping, enkoping):
    MunicipalQuota.objects.create(municipality=nykoping, year=2017, quota=60)
    MunicipalQuota.objects.create(municipality=nykoping, year=2018, quota=55)
    MunicipalQuota.objects.create(municipality=enkoping, year=2017, quota=40)
    MunicipalQuota.objects.create(municipality=municipality("0484"), year=2017, quota=2)  # Eskilstuna


def test_it_lists_and_filters_quotas(api, stina, quotas):
    client = api(stina)
    assert client.get("/quotas").json()["count"] == 4
    assert client.get("/quotas", {"year": 2017}).json()["count"] == 3
    rows = client.get("/quotas", {"county": "04", "year": 2017}).json()["items"]
    assert {(r["municipality"]["code"], r["quota"]) for r in rows} == {("0480", 60), ("0484", 2)}
    assert all(r["county"] == "04" for r in rows)
    rows = client.get("/quotas", {"municipality": "0480"}).json()["items"]
    assert [(r["year"], r["quota"]) for r in rows] == [(2018, 55), (2017, 60)]


def test_reception_staff_set_a_quota_with_months(api, alice, nykoping):
    client = api(alice)
    response = client.put("/quotas/0480/2026", {"quota": 60, "months": {"1": 5, "2": 7}, "note": "Beslut"})
    assert response.status_code == 201
    assert response.json()["months"] == [{"month": 1, "count": 5}, {"month": 2, "count": 7}]
    response = client.put("/quotas/0480/2026", {"quota": 65})
    assert response.status_code == 200
    assert MunicipalQuota.objects.get(municipality=nykoping, year=2026).quota == 65
    assert AuditEvent.objects.filter(actor=alice, object_type="MunicipalQuota", channel="API").count() == 2


def test_a_negative_quota_gets_a_swedish_message_at_the_field(api, alice):
    response = api(alice).put("/quotas/0480/2026", {"quota": -5})
    assert response.status_code == 422
    assert messages(response) == {("body", "quota"): "Kommuntalet kan inte vara negativt."}
    assert response.json()["detail"][0]["code"] == "invalid"
    assert not MunicipalQuota.objects.exists()


def test_a_year_before_the_law_points_at_the_path(api, alice):
    response = api(alice).put("/quotas/0480/2015", {"quota": 5})
    assert response.status_code == 422
    assert "2016" in messages(response)[("path", "year")]


def test_only_reception_staff_of_the_municipality_set_quotas(api, bob, stina, charlie, nykoping):
    for user in (bob, stina, charlie):
        assert api(user).put("/quotas/0480/2026", {"quota": 10}).status_code == 403
    assert api(charlie).put("/quotas/9999/2026", {"quota": 10}).status_code == 404
    assert not MunicipalQuota.objects.exists()


def test_the_quota_report_for_a_county_as_of_a_date(api, stina, quotas, nykoping):
    AssignmentFactory(
        municipality=nykoping,
        decision_date=dt.date(2017, 3, 1),
        person_count=5,
        status=Assignment.Status.RECEIVED,
        received_date=dt.date(2017, 4, 1),
    )
    AssignmentFactory(
        municipality=nykoping,
        decision_date=dt.date(2017, 5, 1),
        person_count=3,
        status=Assignment.Status.RECEIVED,
        received_date=dt.date(2017, 9, 1),
    )
    AssignmentFactory(
        municipality=nykoping,
        decision_date=dt.date(2017, 6, 1),
        person_count=2,
        status=Assignment.Status.CANCELLED,
        cancelled_date=dt.date(2017, 6, 10),
    )
    response = api(stina).get("/reports/quota", {"year": 2017, "county": "04", "as_of": "2017-08-14"})
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == "county" and body["as_of"] == "2017-08-14"
    row = next(r for r in body["rows"] if r["code"] == "0480")
    # Cancelled counts in "anvisade totalt"; the September arrival is not yet counted on 14 August.
    assert row == {
        "code": "0480",
        "name": "Nyköping",
        "kind": "municipality",
        "quota": 60,
        "assigned_total": 10,
        "received": 5,
        "remaining": 55,
    }
    assert body["total"]["kind"] == "county"
    assert body["total"]["quota"] == 62
    later = (
        api(stina).get("/reports/quota", {"year": 2017, "municipality": "0480", "as_of": "2017-12-31"}).json()
    )
    assert later["scope"] == "municipality"
    assert later["total"]["received"] == 8 and later["total"]["remaining"] == 52


def test_the_quota_report_for_the_country(api, stina, quotas):
    body = api(stina).get("/reports/quota", {"year": 2017}).json()
    assert body["scope"] == "country"
    assert len(body["rows"]) == 21
    assert body["total"]["quota"] == 102


def test_the_quota_report_refuses_unknown_areas_and_needs_a_year(api, stina):
    client = api(stina)
    response = client.get("/reports/quota", {"year": 2017, "county": "99"})
    assert response.status_code == 422
    assert messages(response) == {("query", "county"): "Okänd länskod: 99"}
    response = client.get("/reports/quota", {"year": 2017, "municipality": "0000"})
    assert messages(response) == {("query", "municipality"): "Okänd kommunkod: 0000"}
    assert client.get("/reports/quota").status_code == 422
