"""The rows for the county board's pages (issue #16): the county's municipalities side by side and its download, the
allocation model and an adjustment.

None of the matrix's roles works at the county board: every one is refused (403); test_county_role.py asks every
row of the matrix as the county board's user instead."""

from __future__ import annotations

from etablera.access.tests.matrix.cases import Case, expect, page

COUNTY_ONLY = expect(403, anonymous=302)

ROWS: list[Case] = [
    page("county_overview", lambda w: "/lan/", COUNTY_ONLY),
    page("county_overview", lambda w: "/lan/?format=csv", COUNTY_ONLY),
    page("county_indicators", lambda w: "/lan/nyckeltal/?ar=2017&dela=sex", COUNTY_ONLY),
    page("county_indicators", lambda w: "/lan/nyckeltal/?format=xlsx", COUNTY_ONLY),
    page("county_allocation", lambda w: "/lan/fordelning/?lan=04&ar=2018&lanstal=205", COUNTY_ONLY),
    page(
        "county_allocation",
        lambda w: "/lan/fordelning/",
        COUNTY_ONLY,
        method="post",
        body=lambda w: {
            "lan": "04",
            "ar": "2018",
            "municipality": "0480",
            "kommuntal": "10",
            "reason": "Test",
        },
    ),
]
