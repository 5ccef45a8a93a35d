"""The rows for the money domain's forecast (issue #15): the page /ersattning/prognos/ (reading it, saving the
parameters) and the API's forecast and parameters.

The money capability reads: owner (alice, the integration unit), admin (carol) and outsider (charlie, Enköping's
reception) — the page shows charlie Enköping's own forecast, and the API refuses him Nyköping's (403). Colleague and
consent work in units without the money capability (403). Saving the parameters needs the manage capability in the
municipality: alice and carol save Nyköping's; charlie may not save Nyköping's (403, on the page too: a POST names
its municipality and is never turned into another's)."""

from __future__ import annotations

from etablera.access.tests.matrix.cases import Case, api, expect, page

READERS = expect(200, colleague=403, consent=403, anonymous=302)
SAVE = expect(302, colleague=403, consent=403, outsider=403, anonymous=302)
API_READERS = expect(200, colleague=403, consent=403, outsider=403, anonymous=401)


def _form(w) -> dict:
    return {
        "kommun": "0480",
        "share_without_work": "50",
        "average_monthly_cost": "6 800",
        "months_on_support": "12",
        "source": "Matrisens testvärde",
    }


def _body(w) -> dict:
    return {
        "share_without_work": 50,
        "average_monthly_cost": 6800,
        "months_on_support": 12,
        "source": "Matris",
    }


ROWS: list[Case] = [
    page("money_forecast", lambda w: "/ersattning/prognos/", READERS),
    page("money_forecast", lambda w: "/ersattning/prognos/", SAVE, method="post", body=_form),
    api(
        "get",
        "/money/forecast",
        lambda w: "/money/forecast?municipality=0480&from=2030-01&months=24",
        API_READERS,
    ),
    api(
        "get",
        "/money/forecast-settings/{municipality}",
        lambda w: "/money/forecast-settings/0480",
        API_READERS,
    ),
    api(
        "put",
        "/money/forecast-settings/{municipality}",
        lambda w: "/money/forecast-settings/0480",
        API_READERS,
        body=_body,
    ),
]
