"""Every URL and every API operation × every role (issue #3): who gets what.

The rows are in `matrix/` (pages, API operations, housing); the roles and the households they are asked about in
`matrix/world.py`. Each request runs inside a savepoint that is rolled back, so the cases do not change each
other's data.

What an allowed answer contains (issue #9): P's members live at a marker address, P lives in a shared home at
another marker (H lives there too), and a third protected household Q holds a draft for a home at a third. No role
here has made the person page's reveal, so for every role no answer holds any marker: no page, no API answer and
no download that a page links to (CSV, Excel — the xlsx unzipped — and PDF, its streams inflated and written in
the core font so the text is plain), besides the protected homes' own pages and records (`matrix/content.py`).
"""

from __future__ import annotations

import pytest
from django.db import transaction

from etablera.access.tests.matrix import CASES, PROBES
from etablera.access.tests.matrix.cases import request
from etablera.access.tests.matrix.content import MarkerScan, downloads
from etablera.access.tests.matrix.world import ROLES, clients_for, worlds  # noqa: F401 — `worlds` is a fixture
from etablera.organisation.models import ApiToken


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_policy_says(role, worlds, monkeypatch):  # noqa: F811
    # The PDFs in the core font: their text is then plain in the (inflated) streams.
    monkeypatch.setattr("etablera.access.pdf.font_dir", lambda: None)
    world = worlds["P" if role == "protected" else "H"]
    tokens = {}
    for user in world.users.values():
        tokens[user.pk] = ApiToken.issue(user=user, name="matris")[1]
    answers = {}
    scan = MarkerScan(role)
    new_client = clients_for(role, world, tokens)
    for case in CASES + PROBES:
        client = new_client()  # the session as it was: the logout case's was rolled back with it
        with transaction.atomic():
            response = request(client, case, world)
            answers[case.key] = response.status_code
            scan.read(case.key, response)
            for url in downloads(response, case.url(world)):
                scan.read(url, client.get(url))
            scan.read_audit(case.key)
            transaction.set_rollback(True)
    expected = {case.key: case.expect[role] for case in CASES + PROBES}
    wrong = {key: (answers[key], expected[key]) for key in expected if answers[key] != expected[key]}
    scan.assert_nothing_leaked()
    assert not wrong, f"{role}: (got, expected) {wrong}"
