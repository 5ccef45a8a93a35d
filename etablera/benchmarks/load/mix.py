"""The request mix of `make load`: what one simulated caseworker does, as plain functions over a small `Session`
interface, and how often (`RECEPTION_MIX`, `SFI_MIX`), with the `Settings` they need and the names of the
requests in the statistics (`KINDS`).

The locustfile runs the mix through locust's HTTP session, the tests through Django's test client
(`DjangoSession`), so that both run the very same requests. Imports neither Django nor locust: the locustfile
imports it in locust's process.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

LOGIN = "login"

_HOUSEHOLD_LINK = re.compile(
    r'href="/hushall/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/"'
)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Reply:
    status: int
    text: str


class Session(Protocol):
    """One signed-in browser (or API client). `kind` names the request in the statistics."""

    def get(self, kind: str, path: str, params: dict | None = None, headers: dict | None = None) -> Reply: ...

    def post(
        self,
        kind: str,
        path: str,
        form: dict | None = None,
        json_body: dict | None = None,
        headers: dict | None = None,
        expect: int = 200,
    ) -> Reply: ...


@dataclass
class Settings:
    """What the simulated caseworkers need to know, handed to locust's process as JSON (ETABLERA_LOAD_CONFIG)."""

    password: str
    reception_user: str
    sfi_user: str
    token: str  # an API key of the reception caseworker, revoked after the run
    reception_unit: int
    year: int
    county: str
    as_of: str
    searches: list[str]
    samples: str = ""  # where the locustfile writes every request's time

    def as_json(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        return cls(**json.loads(text))


@dataclass
class Caseworker:
    """The state of one simulated user: the households its lists showed, the CSRF token of its last page, and
    whether it has already searched for households because its lists showed none (`find_households`)."""

    session: Session
    settings: Settings
    rng: random.Random = field(default_factory=random.Random)
    households: list[str] = field(default_factory=list)
    csrf: str = ""
    searched: bool = False

    def remember(self, reply: Reply) -> Reply:
        if reply.status == 200:
            found = _HOUSEHOLD_LINK.findall(reply.text)
            if found:
                self.households = list(dict.fromkeys(found))
            token = _CSRF.search(reply.text)
            if token:
                self.csrf = token.group(1)
        return reply

    def api_headers(self) -> dict:
        return {"Authorization": f"Bearer {self.settings.token}"}


def login(cw: Caseworker, username: str) -> Reply:
    """Sign in through the login form, as a browser does: the page for its CSRF token, then the POST (a 302)."""
    cw.remember(cw.session.get(LOGIN, "/logga-in/"))
    reply = cw.session.post(
        LOGIN,
        "/logga-in/",
        form={"username": username, "password": cw.settings.password, "csrfmiddlewaretoken": cw.csrf},
        expect=302,
    )
    # The unit's list after signing in, for the households and a fresh CSRF token (the login rotates it).
    cw.remember(cw.session.get("unit_tasks", "/uppgifter/enhet/"))
    if not cw.households:
        find_households(cw)
    return reply


def find_households(cw: Caseworker) -> None:
    """Households to open when the unit's list shows none — a unit with no open task today (a small or old data
    set, or a quiet week), where the households are still there: search for them as a caseworker would, with the
    settings' surnames one after the other until one finds some. Once per caseworker, so that a user who may see
    no household at all (SFI without tasks) does not search before every page it would have opened."""
    if cw.searched:
        return
    cw.searched = True
    for query in cw.settings.searches:
        form = {"q": query, "csrfmiddlewaretoken": cw.csrf}
        cw.remember(cw.session.post("household_search", "/hushall/", form=form))
        if cw.households:
            return


def unit_tasks(cw: Caseworker) -> Reply:
    return cw.remember(cw.session.get("unit_tasks", "/uppgifter/enhet/"))


def my_tasks(cw: Caseworker) -> Reply:
    return cw.remember(cw.session.get("my_tasks", "/uppgifter/"))


def household(cw: Caseworker) -> Reply:
    if not cw.households:
        unit_tasks(cw)
    if not cw.households:
        find_households(cw)
    if not cw.households:
        return Reply(200, "")  # a user who may see no household has none to open
    public_id = cw.rng.choice(cw.households)
    return cw.remember(cw.session.get("household", f"/hushall/{public_id}/"))


def search(cw: Caseworker) -> Reply:
    form = {"q": cw.rng.choice(cw.settings.searches), "csrfmiddlewaretoken": cw.csrf}
    return cw.remember(cw.session.post("household_search", "/hushall/", form=form))


def overview(cw: Caseworker) -> Reply:
    return cw.remember(cw.session.get("overview", "/oversikt/"))


def quota_report(cw: Caseworker) -> Reply:
    county = cw.settings.county if cw.rng.random() < 0.5 else ""
    params = {"year": cw.settings.year, "county": county, "municipality": "", "as_of": cw.settings.as_of}
    return cw.remember(cw.session.get("quota_report", "/rapporter/kommuntal/", params=params))


def api_tasks(cw: Caseworker) -> Reply:
    params = {"status": "OPEN", "unit": cw.settings.reception_unit}
    return cw.session.get("api_tasks", "/api/v1/tasks", params=params, headers=cw.api_headers())


def api_assignments(cw: Caseworker) -> Reply:
    params = {"year": cw.settings.year}
    return cw.session.get("api_assignments", "/api/v1/assignments", params=params, headers=cw.api_headers())


def api_search(cw: Caseworker) -> Reply:
    body = {"q": cw.rng.choice(cw.settings.searches)}
    return cw.session.post(
        "api_household_search", "/api/v1/households/search", json_body=body, headers=cw.api_headers()
    )


# What a caseworker does, and how often (locust's task weights). The reception caseworker works the unit's list,
# opens households, searches and looks at the figures; integrations call the API. The SFI caseworker sees
# households only through SFI's tasks, so works the lists and opens what they show.
RECEPTION_MIX: dict[Callable[[Caseworker], Reply], int] = {
    unit_tasks: 4,
    my_tasks: 3,
    household: 5,
    search: 2,
    overview: 2,
    quota_report: 1,
    api_tasks: 1,
    api_assignments: 1,
    api_search: 1,
}
SFI_MIX: dict[Callable[[Caseworker], Reply], int] = {unit_tasks: 4, my_tasks: 2, household: 4, search: 1}
KINDS = {
    LOGIN: "Inloggning (`POST /logga-in/`)",
    "unit_tasks": "Enhetens uppgifter (`/uppgifter/enhet/`)",
    "my_tasks": "Mina uppgifter (`/uppgifter/`)",
    "household": "Hushållssida (`/hushall/<id>/`)",
    "household_search": "Sök hushåll (`POST /hushall/`)",
    "overview": "Översikt (`/oversikt/`)",
    "quota_report": "Kommuntal, län och riket (`/rapporter/kommuntal/`)",
    "api_tasks": "API: uppgifter (`GET /api/v1/tasks`)",
    "api_assignments": "API: anvisningar (`GET /api/v1/assignments`)",
    "api_household_search": "API: sök hushåll (`POST /api/v1/households/search`)",
}


class DjangoSession:
    """The Session interface over Django's test client (the tests run the mix with it, without locust)."""

    def __init__(self, client) -> None:
        self.client = client
        self.replies: list[tuple[str, int]] = []

    def _reply(self, kind: str, response) -> Reply:
        self.replies.append((kind, response.status_code))
        return Reply(response.status_code, response.content.decode())

    def get(self, kind, path, params=None, headers=None) -> Reply:
        return self._reply(kind, self.client.get(path, params or {}, headers=headers))

    def post(self, kind, path, form=None, json_body=None, headers=None, expect=200) -> Reply:
        if json_body is not None:
            response = self.client.post(path, json_body, content_type="application/json", headers=headers)
        else:
            response = self.client.post(path, form or {}, headers=headers)
        return self._reply(kind, response)
