"""The rows for issue #11's searches by POST: the household search with a name (the GET row in `matrix.pages`
shows only the empty form) and the anvisningar list searched by a member's name (the reception unit's and the
administrator's, like the list)."""

from __future__ import annotations

from etablera.access.tests.matrix.cases import RECEPTION_PAGE, SIGNED_IN_200, Case, page

SEARCH: list[Case] = [
    page(
        "household_search",
        lambda w: "/hushall/",
        SIGNED_IN_200,
        method="post",
        body=lambda w: {"q": "Matris"},
    ),
    page(
        "assignment_list",
        lambda w: "/anvisningar/",
        RECEPTION_PAGE,
        method="post",
        body=lambda w: {"namn": "Matris"},
    ),
]
