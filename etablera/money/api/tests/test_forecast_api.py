"""The forecast over the API (issue #15): the months with their figures as the page shows them, the window chosen by
`from` and `months`, the parameters read and saved per role, and bad input answered in Swedish at the field."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.establishment.models import ProgrammePeriod
from etablera.money.models import ForecastSetting
from etablera.money.services.entitlements import compute
from etablera.money.tests.conftest import receive
from etablera.testing.api_client import ApiClient, messages
from etablera.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db
SETTINGS = "/money/forecast-settings/0480"


@pytest.fixture
def leavers(nykoping):
    """Ten persons of Nyköping whose programme ended on 15 March 2030."""
    for _i in range(10):
        person = PersonFactory(municipality=nykoping)
        ProgrammePeriod.objects.create(
            person=person,
            municipality=nykoping,
            referral_date=dt.date(2028, 3, 1),
            start_date=dt.date(2028, 4, 1),
            actual_end=dt.date(2030, 3, 15),
            end_reason=ProgrammePeriod.EndReason.TIME_OUT,
        )


def test_the_forecast_per_month(olof, leavers):
    response = ApiClient(olof).get("/money/forecast", {"municipality": "0480", "from": "2030-01"})
    body = response.json()
    assert response.status_code == 200, body
    assert body["start"] == "2030-01" and body["end"] == "2031-12" and len(body["months"]) == 24
    months = {m["month"]: m for m in body["months"]}
    assert months["2030-03"]["leaving"] == 10 and months["2030-03"]["without_work"] == 5.5
    assert months["2030-04"]["cost"] == 35_750 and months["2031-03"]["cost"] == 35_750
    assert months["2031-04"]["cost"] == 0 and months["2030-04"]["on_support"] == 5.5
    assert body["total"]["cost"] == 429_000 and body["total"]["net"] == -429_000
    assert body["setting"] == {
        "municipality": "0480",
        "share_without_work": 55.0,
        "average_monthly_cost": 6500,
        "months_on_support": 12,
        "source": "",
        "saved": False,
        "updated_at": None,
    }
    assert body["missing_years"] == [2030, 2031]
    short = (
        ApiClient(olof)
        .get("/money/forecast", {"municipality": "0480", "from": "2030-03", "months": 2})
        .json()
    )
    assert [m["month"] for m in short["months"]] == ["2030-03", "2030-04"]


def test_the_income_and_the_default_window(olof, nykoping):
    receive(dt.date(1990, 1, 1), dt.date(2024, 8, 10))
    compute(2024)
    body = (
        ApiClient(olof)
        .get("/money/forecast", {"municipality": "0480", "from": "2024-09", "months": 4})
        .json()
    )
    september = body["months"][0]
    assert september["schablon"] == 6875 and september["initial_costs"] == 19_998
    assert september["income"] == 6875 + 19_998 and body["missing_years"] == []
    default = ApiClient(olof).get("/money/forecast", {"municipality": "0480"}).json()
    assert len(default["months"]) == 24 and default["start"] > "2024-09"


def test_bad_input_and_others_figures(olof, stina, bob, charlie, leavers):
    client = ApiClient(olof)
    for params in ({"from": "2030-13"}, {"from": "30-01"}, {"months": 61}, {"months": 0}):
        response = client.get("/money/forecast", {"municipality": "0480", **params})
        assert response.status_code == 422, params
    wrong = client.get("/money/forecast", {"municipality": "0480", "from": "2030-13"})
    assert "ÅÅÅÅ-MM" in messages(wrong)[("query", "from")]
    assert ApiClient(stina).get("/money/forecast", {"municipality": "0480"}).status_code == 200
    assert ApiClient(bob).get("/money/forecast", {"municipality": "0480"}).status_code == 403
    assert ApiClient(charlie).get("/money/forecast", {"municipality": "0480"}).status_code == 403
    assert ApiClient(charlie).get("/money/forecast", {"municipality": "0381"}).status_code == 200


def test_the_parameters_are_read_and_saved_by_the_keepers(olof, stina, charlie, nykoping, leavers):
    assert ApiClient(stina).get(SETTINGS).json()["saved"] is False
    body = {
        "share_without_work": 47.5,
        "average_monthly_cost": 7200,
        "months_on_support": 18,
        "source": "Utfall",
    }
    assert ApiClient(stina).put(SETTINGS, body).status_code == 403
    assert ApiClient(charlie).put(SETTINGS, body).status_code == 403
    assert ApiClient(charlie).get(SETTINGS).status_code == 403
    response = ApiClient(olof).put(SETTINGS, body)
    saved = response.json()
    assert response.status_code == 200, saved
    assert saved["share_without_work"] == 47.5 and saved["saved"] is True and saved["updated_at"]
    assert ForecastSetting.objects.get(municipality=nykoping).months_on_support == 18
    months = {
        m["month"]: m
        for m in ApiClient(stina)
        .get("/money/forecast", {"municipality": "0480", "from": "2030-01"})
        .json()["months"]
    }
    assert months["2030-04"]["cost"] == 34_200  # 10 × 47,5 % × 7 200
    assert months["2031-09"]["cost"] == 34_200 and months["2031-10"]["cost"] == 0


def test_bad_parameters_get_swedish_errors_at_the_fields(olof):
    client = ApiClient(olof)
    response = client.put(
        SETTINGS,
        {"share_without_work": 100.5, "average_monthly_cost": -1, "months_on_support": 61, "source": "x"},
    )
    assert response.status_code == 422
    found = messages(response)
    assert "från 0 till 100 procent" in found[("body", "share_without_work")]
    assert "1 000 000" in found[("body", "average_monthly_cost")]
    assert "från 1 till 60" in found[("body", "months_on_support")]
    decimals = client.put(
        SETTINGS, {"share_without_work": 12.345, "average_monthly_cost": 1, "months_on_support": 1}
    )
    assert "två decimaler" in messages(decimals)[("body", "share_without_work")]
    too_long = client.put(
        SETTINGS,
        {"share_without_work": 1, "average_monthly_cost": 1, "months_on_support": 1, "source": "x" * 301},
    )
    assert too_long.status_code == 422
    text = client.put(
        SETTINGS, {"share_without_work": "55", "average_monthly_cost": 1, "months_on_support": 1}
    )
    assert text.status_code == 422
    assert not ForecastSetting.objects.exists()
