"""The rows for the municipality visits (kommunbesök, issue #16).

The county board's pages (/lan/besok/…): none of the matrix's roles is the county board, so every one is refused
(403); test_county_role.py asks them as the county board's user. The municipality's pages (/kommunbesok/…): its
administrators (and unit managers, not a role of the matrix) answer; the caseworkers are refused (403).

A row that needs a visit plans one for the world's municipality inside the row's own savepoint (rolled back)."""

from __future__ import annotations

import datetime as dt

from etablera.access.tests.matrix.cases import Case, expect, page

YEAR = 2031
COUNTY_ONLY = expect(403, anonymous=302)
MUNICIPALITY_PAGE = expect(403, admin=200, anonymous=302)
MUNICIPALITY_POST = expect(403, admin=302, anonymous=302)


def _visit(w) -> int:
    """A planned visit of the world's municipality (Nyköping) in YEAR, with the common question template."""
    from etablera.county.models import Visit, VisitTemplate

    visit, _created = Visit.objects.get_or_create(
        county=w.municipality.county,
        municipality=w.municipality,
        year=YEAR,
        defaults={
            "template": VisitTemplate.objects.filter(county=None).first(),
            "planned_on": dt.date(YEAR, 10, 3),
        },
    )
    return visit.pk


ROWS: list[Case] = [
    page("county_visits", lambda w: f"/lan/besok/?ar={YEAR}", COUNTY_ONLY),
    page(
        "county_visits",
        lambda w: "/lan/besok/",
        COUNTY_ONLY,
        method="post",
        body=lambda w: {"lan": "04", "ar": YEAR, "municipality": "0484", "planned_on": f"{YEAR}-09-01"},
    ),
    page("county_visits_compare", lambda w: f"/lan/besok/jamfor/?ar={YEAR}", COUNTY_ONLY),
    page("county_visit", lambda w: f"/lan/besok/{_visit(w)}/", COUNTY_ONLY),
    page(
        "county_visit",
        lambda w: f"/lan/besok/{_visit(w)}/",
        COUNTY_ONLY,
        method="post",
        body=lambda w: {"action": "note", "note-text": "Anteckning från matrisen."},
    ),
    page("municipality_visits", lambda w: "/kommunbesok/", MUNICIPALITY_PAGE),
    page("municipality_visit_answer", lambda w: f"/kommunbesok/{_visit(w)}/svara/", MUNICIPALITY_PAGE),
    page(
        "municipality_visit_answer",
        lambda w: f"/kommunbesok/{_visit(w)}/svara/",
        MUNICIPALITY_POST,
        method="post",
        body=lambda w: {"q1": "Ett utkast från matrisen.", "save": ""},
    ),
]
