"""Every list costs a fixed number of queries (issue #19: "query-count guards cover every list").

Each page that lists rows, and each list of the API, is read once on the demo as the user who works with it, and
what it sent to the database must hold two bounds:

- **a budget**: at most so many statements (the page's own: the session's and memberships' cache lookups and the
  savepoints are not counted, `etablera.testing.queries`). The budgets are today's counts: a page that needs one
  more says why here, in the same commit;
- **no statement sent again and again**: the same statement (literals aside) at most twice, unless the entry names
  the fixed loop that repeats it (never one per row: that is the N+1 this guard is for).

A repeat can only show where there are rows, so the demo must give each list at least three, or the entry names the
domain's own test that guards the page with the rows growing (one row against many, `few == many`), or it is marked
`thin`: the demo has fewer and only the budget holds (an entry stays thin only while that is true). For the API's
paged lists, one row (`limit=1`) also costs what up to two hundred do, but for a COUNT and skipped prefetches.

The inventory is checked against the site: every page without an argument in the URL configuration is here or in
NOT_LISTS with why it lists nothing, and every list of the OpenAPI document (a page of rows or an array) is in
API_LISTS. A new list fails `test_every_list_is_in_the_inventory` until it is added — the checklist in
docs/development.md says so.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etablera.access.tests.matrix.urls import web_routes
from etablera.organisation.models import User
from etablera.testing.api_client import ApiClient
from etablera.testing.queries import most_repeated, page_statements

MIN_ROWS = 3
PREFETCH_SLACK = 4  # see test_the_api_list_costs_its_budget_and_no_query_per_row
REPEATS = 2  # the same statement twice is a pair (the list and its count, this week and the last), not a loop


@dataclass(frozen=True)
class Listed:
    user: str  # the demo user (etablera/demo/data.py USERS) who works with the list
    budget: int  # statements at most
    arguments: str = ""  # for a page with arguments: how to find them in the demo (a key of ARGUMENTS)
    repeats: int = REPEATS
    why: str = ""  # why a budget above 12 or a repeat above REPEATS
    guarded_by: str = ""  # "path::test" of the domain test with rows growing, where the demo has too few rows
    thin: bool = False  # the demo has fewer rows and no domain test grows them: only the budget holds here


# --- the web's lists -----------------------------------------------------------------------------------------------

WEB_LISTS: dict[str, Listed] = {
    "my_tasks": Listed("handlaggare", 4),
    "unit_tasks": Listed(
        "handlaggare",
        8,
        why="the policy once for the visible ids, then the count, page, steps and households by them",
    ),
    "task_caseload": Listed("enhetschef", 5),
    "assignment_list": Listed("handlaggare", 5),
    "overview": Listed("handlaggare", 8),
    "quota_report": Listed("handlaggare", 7),
    "template_list": Listed("admin", 2, thin=True),
    "person_duplicates": Listed("enhetschef", 4, thin=True),
    "access_log": Listed("enhetschef", 10),
    "break_glass_review": Listed("enhetschef", 3, thin=True),
    "retention_dry_run": Listed(
        "admin", 19, why="what is past its time, one read per kind of record the retention rules name"
    ),
    "administration": Listed("admin", 3),
    "notices": Listed("arbetsmarknad", 7),
    "reminders_outbox": Listed(
        "handlaggare",
        4,
        guarded_by="etablera/reminders/tests/test_pages.py::test_the_outbox_costs_the_same_for_one_row_and_many",
    ),
    "background_schedule": Listed("admin", 2),
    "letters_translations": Listed("admin", 2),
    # housing
    "housing_queue": Listed("bostad", 6),
    "housing_units": Listed("bostad", 4),
    "housing_contracts_ending": Listed(
        "bostad",
        5,
        guarded_by="etablera/housing/web/tests/test_housing_figures.py::test_the_lists_cost_the_same_for_one_row_as_for_many",
    ),
    "housing_matching": Listed("bostad", 7),
    "housing_temporary": Listed(
        "bostad", 13, why="the contracts, households, members, homes, snapshot and needs: one read each"
    ),
    "housing_young_adults": Listed(
        "bostad",
        10,
        guarded_by="etablera/housing/web/tests/test_housing_figures.py::test_the_lists_cost_the_same_for_one_row_as_for_many",
    ),
    # establishment
    "establishment_plans": Listed("arbetsmarknad", 5),
    "establishment_programme_ending": Listed(
        "arbetsmarknad",
        4,
        guarded_by="etablera/establishment/web/tests/test_reports.py::"
        "test_the_list_costs_the_same_for_many_rows_as_for_few",
    ),
    "establishment_outcomes": Listed("enhetschef", 8),
    # activity requirement and work
    "activity_requirement": Listed(
        "soc", 17, why="the coverage's months, persons, sections, exemptions, plans", thin=True
    ),
    "activity_deviations": Listed("soc", 5, thin=True),
    "activity_participants": Listed("arbetsmarknad", 6, thin=True),
    "activity_catalogue": Listed("arbetsmarknad", 2),
    "activity_offer_report": Listed("arbetsmarknad", 11),
    "activity_employers": Listed("arbetsmarknad", 2),
    "activity_placements": Listed("arbetsmarknad", 5),
    # unaccompanied minors
    "minors_list": Listed("soc", 7),
    "minors_placements": Listed("soc", 3),
    # money
    "money_overview": Listed("ekonomi", 12),
    "money_claims": Listed("ekonomi", 3),
    "money_rates": Listed("ekonomi", 3),
    "money_funding": Listed("ekonomi", 5),
    "money_payments": Listed("ekonomi", 5),
    "money_forecast": Listed("ekonomi", 4),
    "money_month": Listed("ekonomi", 6, arguments="month"),
    "money_costs": Listed("ekonomi", 6, arguments="month"),
    # follow-up and the county
    "followup_indicators": Listed(
        "enhetschef",
        21,
        why="the follow-up's sources (cases, members, programme, status, SFI, support, homes, money): a read each",
    ),
    "followup_board_report": Listed(
        "enhetschef",
        42,
        repeats=4,
        why="the indicators for three scopes (the municipality, its county, the country), each read once per scope, "
        "and the scope's municipalities looked up by each",
    ),
    "county_overview": Listed(
        "lansstyrelsen",
        24,
        repeats=3,
        why="the quota report and the follow-up each look up the county and its municipalities by code (three "
        "reads of two small tables, not a read per row)",
    ),
    "county_indicators": Listed(
        "lansstyrelsen", 14, why="the follow-up's sources for the county's municipalities, a read each"
    ),
    "county_visits": Listed("lansstyrelsen", 6, thin=True),
    "county_visits_compare": Listed("lansstyrelsen", 5, thin=True),
    "county_allocation": Listed("lansstyrelsen", 4, thin=True),
    "municipality_visits": Listed("enhetschef", 2, thin=True),
    # civil society
    "civil_overview": Listed("enhetschef", 7, thin=True),
    "civil_associations": Listed("enhetschef", 3),
    "civil_meetings": Listed(
        "enhetschef",
        2,
        guarded_by="etablera/civil/web/tests/test_pages.py::test_the_lists_cost_the_same_for_one_row_and_many",
    ),
    "grants_programmes": Listed("enhetschef", 2, thin=True),
    "grants_report_page": Listed("enhetschef", 2),
    "grants_public_list": Listed("enhetschef", 2, thin=True),
    "volunteers_list": Listed("enhetschef", 2),
    "volunteers_matches": Listed("enhetschef", 6, thin=True),
    "volunteers_report": Listed("enhetschef", 5),
}

# Pages without an argument that list no rows: forms, imports, actions, and what only redirects.
FORM = "a form"
IMPORT = "an import's form"
NOT_LISTS: dict[str, str] = {
    "home": "sends each user to the start page of their work",
    "login": FORM,
    "logout": "a POST that signs out",
    "set_language": "a POST that chooses the language",
    "household_search": "a search form; its answer (a POST) is guarded in reception/web/tests/test_households.py",
    "self_settled_create": FORM,
    "assignment_create": FORM,
    "assignment_import": IMPORT,
    "template_copy": FORM,
    "break_glass": FORM,
    "register_extract_lookup": FORM,
    "account_create": FORM,
    "unit_tasks_bulk": "a POST on the unit's task list",
    "notice_settings": FORM,
    "notices_count": "one number for the header's badge",
    "housing_unit_create": FORM,
    "housing_unit_import": IMPORT,
    "housing_matching_run": "a POST that runs the matching",
    "activity_support_import": IMPORT,
    "activity_attendance_import": IMPORT,
    "establishment_import": IMPORT,
    "minors_placement_import": IMPORT,
    "money_claim_new": FORM,
    "money_claims_open_foreseen": "a POST that opens the foreseen claims",
    "money_compute": "a POST that computes the year's entitlements",
    "money_funding_shares": "a POST that saves the shares (shown on the funding page)",
    "money_funding_application_new": FORM,
    "money_payment_new": FORM,
    "money_payment_import": IMPORT,
    "followup_board_report_start": "a POST that starts the report's background job",
    "civil_association_new": FORM,
    "civil_meeting_new": FORM,
    "grants_programme_create": FORM,
    "grants_applied": "the thanks after an application",
    "volunteers_sign_up": FORM,
    "volunteers_wish_new": FORM,
}


def _month_with_lines() -> str:
    from etablera.money.models import Entitlement

    month = Entitlement.objects.order_by("-month").values_list("month", flat=True).first()
    assert month, "the demo has no entitlement lines"
    return month.strftime("%Y-%m")


ARGUMENTS = {"month": lambda: (_month_with_lines(),)}


def _url(name: str, listed: Listed) -> str:
    return reverse(name, args=ARGUMENTS[listed.arguments]() if listed.arguments else ())


def _rows(html: str) -> int:
    return sum(body.count("<tr") for body in re.findall(r"<tbody.*?</tbody>", html, flags=re.S))


# --- the API's lists -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiListed:
    user: str
    budget: int
    # query parameters (or the body of a search); "{month}" and "{person}" are looked up in the demo
    params: tuple[tuple[str, str], ...] = ()
    repeats: int = REPEATS
    thin: bool = False  # the demo has fewer than three rows here: only the budget holds


NYK = (("municipality", "0480"),)
# A person's own lists are as long as that person's records (a handful): the budget holds them, and the demo's
# person with the most of them is read.
API_LISTS: dict[str, ApiListed] = {
    "GET /counties": ApiListed("handlaggare", 2),
    "GET /municipalities": ApiListed("handlaggare", 3),
    "GET /units": ApiListed("handlaggare", 3),
    "POST /persons/search": ApiListed("handlaggare", 5, (("q", "an"),)),
    "POST /households/search": ApiListed("handlaggare", 6, (("q", "an"),)),
    "GET /persons/{public_id}/residence-permits": ApiListed("handlaggare", 6, thin=True),
    "GET /persons/{public_id}/possible-duplicates": ApiListed("handlaggare", 6, thin=True),
    "GET /persons/{public_id}/consents": ApiListed("handlaggare", 7, thin=True),
    "GET /persons/{public_id}/notes": ApiListed("handlaggare", 8, thin=True),
    "GET /quotas": ApiListed("handlaggare", 3, thin=True),
    "GET /assignments": ApiListed("handlaggare", 4),
    "GET /reception-cases": ApiListed("handlaggare", 4),
    "GET /tasks": ApiListed("handlaggare", 8),
    "GET /tasks/caseload": ApiListed("enhetschef", 7, thin=True),
    "GET /access-log": ApiListed("enhetschef", 9),
    "POST /access-log/search": ApiListed("enhetschef", 9),
    "GET /housing/units": ApiListed("bostad", 4),
    "GET /housing/units/free": ApiListed("bostad", 5),
    "GET /housing/needs": ApiListed("bostad", 7),
    "GET /housing/contracts": ApiListed("bostad", 6),
    "GET /housing/matching/proposals": ApiListed("bostad", 7),
    "GET /plans": ApiListed("arbetsmarknad", 5),
    "GET /programme/ending": ApiListed("arbetsmarknad", 4, thin=True),
    "GET /activity/requirement": ApiListed("soc", 12, NYK),
    "GET /activity/deviations": ApiListed("soc", 7, NYK, thin=True),
    "GET /persons/{public_id}/activity/support-months": ApiListed("soc", 20),
    "GET /persons/{public_id}/activity/exemptions": ApiListed("soc", 9, thin=True),
    "GET /persons/{public_id}/activity/capacity": ApiListed("soc", 9, thin=True),
    "GET /persons/{public_id}/activity/requirement-plans": ApiListed("soc", 9, thin=True),
    "GET /persons/{public_id}/activity/participations": ApiListed("arbetsmarknad", 7),
    "GET /activities": ApiListed("arbetsmarknad", 3),
    "GET /employers": ApiListed("arbetsmarknad", 4),
    "GET /placements": ApiListed("arbetsmarknad", 6),
    "GET /minors": ApiListed("soc", 9, NYK),
    "GET /money/entitlements": ApiListed("ekonomi", 8, (*NYK, ("month", "{month}"))),
    "GET /money/rates": ApiListed("ekonomi", 3),
    "GET /money/relocations": ApiListed("handlaggare", 7, (("person_id", "{person}"),), thin=True),
    "GET /money/claims": ApiListed("ekonomi", 3),
    "GET /money/payments": ApiListed("ekonomi", 3),
    "GET /money/funding/{municipality}/{year}/applications": ApiListed("ekonomi", 5, thin=True),
    "GET /associations": ApiListed("enhetschef", 4),
    "GET /associations/{public_id}/activities": ApiListed("enhetschef", 5, thin=True),
    "GET /grants/programmes": ApiListed("enhetschef", 4, thin=True),
    "GET /grants/programmes/{programme_id}/applications": ApiListed("enhetschef", 5),
    "GET /volunteers": ApiListed("enhetschef", 3),
    "GET /volunteer-matches": ApiListed("enhetschef", 6, thin=True),
}


def _most(model, field: str = "person"):
    """The value of `field` that the most rows of `model` share (the demo's person with the most consents, say)."""
    from django.db.models import Count

    row = model.objects.values(field).annotate(n=Count("pk")).order_by("-n", field).first()
    assert row, f"the demo has no {model.__name__}"
    return row[field]


def _person_for(key: str):
    from etablera.access.models import Consent
    from etablera.activity.models import (
        Exemption,
        Participation,
        RequirementPlan,
        SupportMonth,
    )
    from etablera.people.models import Note, Person

    models = {
        "consents": (Consent, "person"),
        "notes": (Note, "person"),
        "exemptions": (Exemption, "person"),
        "requirement-plans": (RequirementPlan, "person"),
        "participations": (Participation, "person"),
    }
    model, field = models.get(key.rsplit("/", 1)[-1], (SupportMonth.persons.through, "person"))
    return Person.objects.get(pk=_most(model, field))


def _api_request(key: str, listed: ApiListed, limit: int | None):
    from etablera.civil.models import Association
    from etablera.grants.models import GrantProgramme
    from etablera.money.models import Entitlement

    method, path = key.split(" ", 1)
    if "{public_id}" in path:
        public_id = (
            Association.objects.order_by("pk").values_list("public_id", flat=True).first()
            if path.startswith("/associations/")
            else _person_for(path).public_id
        )
        path = path.replace("{public_id}", str(public_id))
    path = path.replace(
        "{programme_id}", str(GrantProgramme.objects.order_by("pk").values_list("public_id", flat=True)[0])
    )
    path = path.replace("{municipality}", "0480").replace("{year}", str(_most(Entitlement, "month").year))
    lookups = {
        "{month}": lambda: _most(Entitlement, "month").strftime("%Y-%m"),
        "{person}": lambda: _person_for("").public_id,
    }
    params = {name: lookups[value]() if value in lookups else value for name, value in listed.params}
    if limit is not None:
        params["limit"] = limit
    return method, path, params


# --- the inventory against the site ------------------------------------------------------------------------------


def _pages_without_arguments() -> set[str]:
    return {name for name, route in web_routes() if "<" not in route}


def test_every_list_is_in_the_inventory():
    pages = _pages_without_arguments()
    missing = sorted(pages - set(WEB_LISTS) - set(NOT_LISTS))
    assert not missing, f"pages neither in WEB_LISTS nor in NOT_LISTS: {missing}"
    assert not set(WEB_LISTS) & set(NOT_LISTS)


@pytest.mark.parametrize("guard", sorted({e.guarded_by for e in WEB_LISTS.values() if e.guarded_by}))
def test_the_named_guards_exist(guard):
    path, name = guard.split("::")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    assert callable(getattr(module, name, None)), guard


# --- the guards ----------------------------------------------------------------------------------------------------


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo, loaded once for the module (testing.fixtures.demo_for_the_module)."""


@pytest.mark.parametrize("name", sorted(WEB_LISTS))
def test_the_list_costs_its_budget_and_no_query_per_row(demo, name):
    listed = WEB_LISTS[name]
    client = Client()
    client.force_login(User.objects.get(username=listed.user))
    url = _url(name, listed)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    statements = page_statements(context.captured_queries)
    shape, times = most_repeated(statements)
    assert len(statements) <= listed.budget, (
        f"{url}: {len(statements)} statements, budget {listed.budget}:\n"
        + "\n".join(s[:160] for s in statements)
    )
    assert times <= listed.repeats, f"{url}: the same statement {times} times: {shape[:300]}"
    rows = _rows(response.content.decode())
    if listed.thin:
        assert rows < MIN_ROWS, f"{url}: the demo now shows {rows} rows: the entry is no longer thin"
    elif not listed.guarded_by:
        assert rows >= MIN_ROWS, (
            f"{url}: the demo shows {rows} rows; a guard needs {MIN_ROWS} (or guarded_by)"
        )


@functools.cache
def _schema_lists() -> dict[str, bool]:
    """Every list of the OpenAPI document ("GET /tasks"), and whether it answers a page (`limit`, `count`) or an
    array."""
    from etablera.api_v1 import api

    found = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            answer = (
                operation.get("responses", {}).get(200, {}).get("content", {}).get("application/json", {})
            )
            schema = answer.get("schema", {})
            paged = schema.get("$ref", "").endswith("Page")
            if paged or schema.get("type") == "array":
                found[f"{method.upper()} {path.removeprefix('/api/v1')}"] = paged
    return found


def test_every_list_of_the_api_is_in_the_inventory():
    lists = set(_schema_lists())
    assert not lists - set(API_LISTS), f"API lists not in API_LISTS: {sorted(lists - set(API_LISTS))}"
    assert not set(API_LISTS) - lists, f"no longer lists of the API: {sorted(set(API_LISTS) - lists)}"


def _api_call(client, key, listed, limit):
    method, path, params = _api_request(key, listed, limit)
    with CaptureQueriesContext(connection) as context:
        if method == "POST":
            if limit is not None:
                path = f"{path}?limit={params.pop('limit')}"
            response = client.post(path, params)
        else:
            response = client.get(path, params)
    assert response.status_code == 200, (key, response.status_code, response.content[:300])
    body = response.json()
    rows = len(body["items"]) if isinstance(body, dict) else len(body)
    return page_statements(context.captured_queries), rows


@pytest.mark.parametrize("key", sorted(API_LISTS))
def test_the_api_list_costs_its_budget_and_no_query_per_row(demo, key):
    listed = API_LISTS[key]
    client = ApiClient(User.objects.get(username=listed.user))
    paged = _schema_lists()[key]
    statements, rows = _api_call(client, key, listed, 200 if paged else None)
    shape, times = most_repeated(statements)
    assert len(statements) <= listed.budget, (
        f"{key}: {len(statements)} statements, budget {listed.budget}:\n"
        + "\n".join(s[:160] for s in statements)
    )
    assert times <= listed.repeats, f"{key}: the same statement {times} times: {shape[:300]}"
    if listed.thin:
        assert rows < MIN_ROWS, f"{key}: the demo now gives {rows} rows: the entry is no longer thin"
    else:
        assert rows >= MIN_ROWS, f"{key}: the demo gives {rows} rows; a guard needs {MIN_ROWS} (or thin)"
    if paged and rows >= 2:
        # One row against all of them: the cost does not grow with the rows. It may differ by the COUNT that a
        # page shorter than the list needs, and by the prefetches the one row had nothing for (Django sends none).
        one, _ = _api_call(client, key, listed, 1)
        assert len(statements) <= len(one) + PREFETCH_SLACK, (
            f"{key}: {len(one)} statements for one row, {len(statements)} for {rows}"
        )
