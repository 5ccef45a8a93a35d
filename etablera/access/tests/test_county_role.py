"""The county board (Länsstyrelsen) in the permission matrix (issue #16): every URL and API operation of the matrix
asked as a caseworker of the county board placed at Nyköping — it gets a figure page or a refusal, never a person.

The county is not a column of the matrix's rows (the roles there are about a household); instead each row is asked
once more as the county user, and an answer with content (200) is allowed only for the pages listed below, which
hold figures only — and on none of the answers, downloads or audit rows may a protected marker appear."""

from __future__ import annotations

from django.db import transaction

from etablera.access.policy import capabilities, restrict
from etablera.access.tests.matrix import CASES, PROBES
from etablera.access.tests.matrix.cases import request
from etablera.access.tests.matrix.content import MarkerScan, downloads
from etablera.access.tests.matrix.world import worlds  # noqa: F401 — `worlds` is a fixture
from etablera.organisation.models import ApiToken
from etablera.people.models import Household, Person

# The rows a county board user may read: figures and reference data (counties, municipalities, units, kommuntal)
# and the sign-in page. Every other row must refuse, redirect, or — a list of the API, which answers every signed-in
# user with what restrict() gives — be empty.
FIGURES = {
    "quota_report",
    "county_overview",
    "county_indicators",
    "county_allocation",
    "county_visits",
    "county_visits_compare",
    "county_visit",
    "login",
    "GET /counties",
    "GET /municipalities",
    "GET /municipalities/{code}",
    "GET /quotas",
    "GET /reports/quota",
    "GET /units",
    # The public pages, which answer everyone the same (no register data: the volunteers' and grants' own tests), and
    # the county board's own notices (counts of what it may see: none).
    "volunteers_sign_up",
    "grants_public_list",
    "grants_apply",
    "grants_applied",
    "grants_confirm",
    "grants_report",
    "notices",
    "notices_count",
    "notice_settings",
}


def _empty(response) -> bool:
    """An API list with nothing in it (a page of `items`, or a bare list)."""
    if "json" not in response.get("Content-Type", ""):
        return False
    data = response.json()
    items = data.get("items", data.get("results")) if isinstance(data, dict) else data
    return items == []


def test_the_county_board_sees_its_county_and_no_person(lena, nykoping):
    caps = capabilities(lena)
    assert caps.county_ids == {nykoping.county_id}
    assert not caps.sees_persons and not caps.memberships
    assert not caps.money_municipality_ids and not caps.outcome_municipality_ids
    assert not restrict(lena, Person.objects.all()).exists()
    assert not restrict(lena, Household.objects.all()).exists()


def test_every_row_refuses_the_county_board_but_its_figures(lena, worlds, monkeypatch):  # noqa: F811
    monkeypatch.setattr("etablera.access.pdf.font_dir", lambda: None)
    world = worlds["H"]
    token = ApiToken.issue(user=lena, name="matris")[1]
    answers = {}
    scan = MarkerScan("county")
    for case in CASES + PROBES:
        from django.test import Client

        client = Client(headers={"Authorization": f"Bearer {token}"})
        client.force_login(lena)
        with transaction.atomic():
            response = request(client, case, world)
            answers[case.key] = (
                "empty" if response.status_code == 200 and _empty(response) else response.status_code
            )
            scan.read(case.key, response)
            for url in downloads(response, case.url(world)):
                scan.read(url, client.get(url))
            scan.read_audit(case.key)
            transaction.set_rollback(True)
    scan.assert_nothing_leaked()
    content = {key for key, status in answers.items() if status in (200, 201, 204)}
    assert content <= FIGURES, f"the county board got content from: {sorted(content - FIGURES)}"
