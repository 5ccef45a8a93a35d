"""The rows for the follow-up's indicators (issue #16): figures for the statistics role, unit managers,
administrators and boards (the cohort outcomes' guard) — of the matrix's roles only the admin; the others are
refused (403), the anonymous sent to sign in."""

from __future__ import annotations

from etablera.access.tests.matrix.cases import Case, expect, page

FIGURES = expect(403, admin=200, anonymous=302)
INDICATORS = "/uppfoljning/"
REPORT = "/uppfoljning/rapport/?kommun=0480&ar=2025"

ROWS: list[Case] = [
    page("followup_indicators", lambda w: INDICATORS, FIGURES),
    page("followup_indicators", lambda w: INDICATORS + "?kommun=0480&ar=2025&dela=sex", FIGURES),
    page("followup_board_report", lambda w: REPORT, FIGURES),
    page("followup_board_report", lambda w: REPORT + "&format=pdf", FIGURES),
]
