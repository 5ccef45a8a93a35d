"""The rows for the establishment's reports (issue #12): the programmes that end soon and glappet (page and API),
and the cohort outcomes.

The list is for social services, the reception and labour-market units and administrators: the owner (reception)
and the admin get it, and so does the outsider, Enköping's reception caseworker — a list of Enköping's own, with
none of Nyköping's persons; the colleague and the consent user work in other units and are refused (403). The
outcomes are figures for the statistics role, unit managers, administrators and boards: of these roles only the
admin. A download of each is a row too, so that its file is searched for the protected markers.
"""

from __future__ import annotations

from etablera.access.tests.matrix.cases import Case, api, expect, page

FOLLOW_UP = expect(200, colleague=403, consent=403, anonymous=302)
API_FOLLOW_UP = expect(200, colleague=403, consent=403, anonymous=401)
FIGURES = expect(403, admin=200, anonymous=302)

ENDING = "/etablering/program-slutar/"
OUTCOMES = "/etablering/utfall/"

ESTABLISHMENT_REPORTS: list[Case] = [
    page("establishment_programme_ending", lambda w: ENDING, FOLLOW_UP),
    page("establishment_programme_ending", lambda w: ENDING + "?lista=waiting&format=csv", FOLLOW_UP),
    page("establishment_outcomes", lambda w: OUTCOMES, FIGURES),
    page(
        "establishment_outcomes",
        lambda w: OUTCOMES + "?kommun=0480&kohort=2026&dela=sex&format=xlsx",
        FIGURES,
    ),
    api("get", "/programme/ending", lambda w: "/programme/ending?days=90", API_FOLLOW_UP),
]
