"""A row of the permission matrix (`Case`: a URL or API operation and the answer each role gets), how rows are
written (`page`, `api`, `expect`), the expectations many rows share, and how a row's request is made."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

from etablera.access.tests.matrix.world import ROLES, World


@dataclasses.dataclass
class Case:
    key: str  # the URL name (pages) or "METHOD /path" as in the OpenAPI document (API)
    method: str
    url: Callable[[World], str]
    expect: dict[str, int]
    body: Callable[[World], dict] | None = None
    api: bool = False


def expect(default=None, **by_role) -> dict[str, int]:
    values = {role: default for role in ROLES}
    values.update(by_role)
    if values["protected"] is None:
        values["protected"] = values["owner"]
    return values


SIGNED_IN_200 = expect(200, anonymous=302)
API_SIGNED_IN_200 = expect(200, anonymous=401)

# Who sees H: owner (reception), consent (through one adult), admin (reception view); not colleague or outsider.
SEES_H = expect(200, colleague=404, outsider=404, anonymous=302)
API_SEES_H = expect(200, colleague=404, outsider=404, anonymous=401)
# A household-level task of H: the consent user sees only the consenting person's tasks.
SEES_TASK = expect(200, colleague=404, consent=404, outsider=404, anonymous=302)
API_SEES_TASK = expect(200, colleague=404, consent=404, outsider=404, anonymous=401)
RECEPTION_PAGE = expect(200, colleague=403, consent=403, anonymous=302)
ADMIN_PAGE = expect(403, admin=200, anonymous=302)
ADMIN_POST = expect(403, admin=302, anonymous=302)


def page(name, url, expected, method="get", body=None):
    return Case(name, method, url, expected, body)


def api(method, path, url, expected, body=None):
    return Case(f"{method.upper()} {path}", method, lambda w: "/api/v1" + url(w), expected, body, api=True)


def task_pk(w):
    """The household-level task of the reception unit, which many rows ask about."""
    return w.task.pk


def request(client, case: Case, world: World):
    """The case's request, as its role's client makes it."""
    url = case.url(world)
    body = case.body(world) if case.body else {}
    if case.method == "get":
        return client.get(url)
    if case.api:
        return getattr(client, case.method)(url, json.dumps(body), content_type="application/json")
    return getattr(client, case.method)(url, body)
