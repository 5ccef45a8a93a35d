"""The rows for the person's establishment page (issue #12): the page, and its two POST addresses (the mapping's
and the plan's actions), each with a valid action so that an allowed answer is the change made (a redirect).

Everyone who sees the person keeps the establishment's records (the plan is the units' common one): the owner, the
admin and the consent user; those who do not see the person get 404. The protected role's answers are scanned for
the markers like any other: the page shows no address.
"""

from __future__ import annotations

from etablera.access.tests.matrix.cases import SEES_H, Case, expect, page

SEES_H_POST = expect(302, colleague=404, outsider=404, anonymous=302)


def _url(suffix):
    return lambda w: f"/personer/{w.person.public_id}/etablering/{suffix}"


ESTABLISHMENT: list[Case] = [
    page("person_establishment", _url(""), SEES_H),
    page(
        "establishment_assessment",
        _url("kartlaggning/"),
        SEES_H_POST,
        method="post",
        body=lambda w: {"action": "start"},
    ),
    page(
        "establishment_plan",
        _url("plan/"),
        SEES_H_POST,
        method="post",
        body=lambda w: {"action": "create", "plan-kind": "PLAN"},
    ),
]
