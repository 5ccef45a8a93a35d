"""Limits (issue #9, finding 5): text longer than its column, a huge search and a body over Django's upload limit are
refused as the API's documented JSON errors, never a server error. On PostgreSQL an over-length value would reach
the database and fail there (DataError, a 500); on SQLite it would be stored. Either way it is now a 422 at the
field, in Swedish, and nothing is written. Run on both databases.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from etablera.access.models import Consent
from etablera.api_v1 import api
from etablera.organisation.models import ApiToken
from etablera.people.models import Household, Note, Person
from etablera.reception.models import Assignment, MunicipalQuota, Task, TaskEvent
from etablera.testing.api_client import ApiClient, messages

LONG = "x" * 10_000


def _too_long(limit: int) -> str:
    return f"Texten får ha högst {limit} tecken."


def _assignment(today, **household) -> dict:
    members = [{"first_name": "Amal", "last_name": "Testsson"}]
    return {
        "municipality": "0480",
        "reference": "MIG-LIMIT-1",
        "category": "RESETTLED",
        "decision_date": (today - dt.timedelta(days=3)).isoformat(),
        "household": {"name": "Familjen Gräns", "members": members, **household},
    }


# --- each class of field: a column's max_length, a free text with a documented limit, a search --------------------


def test_a_household_name_longer_than_its_column_is_refused(alice, nykoping, today):
    response = ApiClient(alice).post("/assignments", _assignment(today, name=LONG))
    assert response.status_code == 422, response.content
    assert messages(response) == {("body", "body", "household", "name"): _too_long(200)}
    assert not Household.objects.filter(name__startswith="xxx").exists()
    assert not Assignment.objects.exists()


def test_a_first_name_and_a_reference_longer_than_their_columns_are_refused(alice, nykoping, today):
    body = _assignment(today, members=[{"first_name": LONG, "last_name": "Testsson"}])
    body["reference"] = "MIG-" + LONG
    response = ApiClient(alice).post("/assignments", body)
    assert response.status_code == 422, response.content
    assert messages(response) == {
        ("body", "body", "reference"): _too_long(40),
        ("body", "body", "household", "members", 0, "first_name"): _too_long(100),
    }
    assert not Person.objects.filter(last_name="Testsson").exists()


def test_a_value_as_long_as_its_column_is_stored_whole(alice, nykoping, today):
    """The limit is the column's, not a smaller guess: 200 characters fit Household.name and are kept."""
    name = "Å" * 200
    body = _assignment(today, name=name, members=[{"first_name": "F" * 100, "last_name": "E" * 100}])
    body["reference"] = "R" * 40
    response = ApiClient(alice).post("/assignments", body)
    assert response.status_code == 201, response.content
    assert Household.objects.get().name == name
    assert Person.objects.get().first_name == "F" * 100


def test_a_cancel_reason_for_the_timeline_longer_than_its_column_is_refused(alice, nykoping, family, today):
    """The reason is written to the anvisning (300) and to the household's timeline (CaseEvent.text, 300)."""
    from etablera.reception import services

    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-LIMIT-2",
        category="RESETTLED",
        decision_date=today - dt.timedelta(days=3),
        household=family,
    )
    response = ApiClient(alice).post(f"/assignments/{assignment.pk}/cancel", {"reason": LONG})
    assert response.status_code == 422, response.content
    assert messages(response) == {("body", "body", "reason"): _too_long(300)}
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ASSIGNED


def test_a_quota_note_longer_than_its_column_is_refused(alice, nykoping):
    response = ApiClient(alice).put("/quotas/0480/2026", {"quota": 10, "note": LONG})
    assert response.status_code == 422, response.content
    assert messages(response) == {("body", "body", "note"): _too_long(200)}
    assert not MunicipalQuota.objects.exists()


@pytest.fixture
def open_task(alice, family, today):
    from etablera.reception import services

    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-LIMIT-3",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=20),
        household=family,
    )
    services.receive_household(actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=2))
    return Task.objects.filter(unit__function="RECEPTION").order_by("pk").first()


def test_task_texts_without_a_column_limit_have_the_pages_limits(alice, open_task):
    """TaskEvent.text is a TextField: the API takes as much as the page's form does (docs/api.md)."""
    client = ApiClient(alice)
    events = TaskEvent.objects.count()
    response = client.post(f"/tasks/{open_task.pk}/notes", {"text": LONG})
    assert response.status_code == 422, response.content
    assert messages(response) == {("body", "body", "text"): _too_long(2000)}
    response = client.post(f"/tasks/{open_task.pk}/complete", {"note": LONG})
    assert response.status_code == 422, response.content
    assert messages(response) == {("body", "body", "note"): _too_long(1000)}
    response = client.post(f"/tasks/{open_task.pk}/not-applicable", {"reason": LONG})
    assert response.status_code == 422, response.content
    assert messages(response) == {("body", "body", "reason"): _too_long(300)}
    assert TaskEvent.objects.count() == events
    open_task.refresh_from_db()
    assert open_task.status == Task.Status.OPEN

    response = client.post(f"/tasks/{open_task.pk}/notes", {"text": "n" * 2000})
    assert response.status_code in (200, 201), response.content
    assert TaskEvent.objects.filter(task=open_task, text="n" * 2000).exists()


def test_a_section_note_and_a_consent_purpose_have_their_limits(alice, units, family, today):
    person = family.members.order_by("birth_date", "pk").first()
    client = ApiClient(alice)
    response = client.post(f"/persons/{person.public_id}/notes", {"section": "BASIC", "text": LONG})
    assert response.status_code == 422, response.content
    assert messages(response) == {("body", "body", "text"): _too_long(4000)}
    assert not Note.objects.exists()
    response = client.post(
        f"/persons/{person.public_id}/consents",
        {
            "units": [units["SFI"].pk],
            "sections": ["BASIC" * 10],
            "purpose": LONG,
            "given_date": today.isoformat(),
            "method": "WRITTEN",
            "document_reference": LONG,
        },
    )
    assert response.status_code == 422, response.content
    assert messages(response) == {
        ("body", "body", "purpose"): _too_long(300),
        ("body", "body", "sections", 0): _too_long(10),
        ("body", "body", "document_reference"): _too_long(100),
    }
    assert not Consent.objects.exists()


def test_a_search_of_100_000_characters_is_refused_at_the_field(alice, family):
    """SQLite refused the LIKE pattern ("pattern too complex"): a server error."""
    client = ApiClient(alice)
    for path in ("/persons/search", "/households/search"):
        response = client.post(path, {"q": "a" * 100_000})
        assert response.status_code == 422, (path, response.content)
        assert messages(response) == {("body", "body", "q"): _too_long(100)}, path


# --- the document: every text a client may send says how long it may be -----------------------------------------


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _unbounded_strings(document: dict, schema: dict, where: str) -> list[str]:
    """Every string in `schema` (recursively: properties, list items, unions) that has no maxLength."""
    schema = _resolve(document, schema)
    found = []
    for option in schema.get("anyOf", []) + schema.get("allOf", []) + schema.get("oneOf", []):
        found += _unbounded_strings(document, option, where)
    # A date, a uuid or a file is bounded by its format; a choice by its values.
    bounded_otherwise = schema.get("format") in ("date", "date-time", "uuid", "binary") or "enum" in schema
    if schema.get("type") == "string" and not bounded_otherwise and "maxLength" not in schema:
        found.append(where)
    for name, prop in schema.get("properties", {}).items():
        found += _unbounded_strings(document, prop, f"{where}.{name}")
    if isinstance(schema.get("items"), dict):
        found += _unbounded_strings(document, schema["items"], f"{where}[]")
    if isinstance(schema.get("additionalProperties"), dict):
        found += _unbounded_strings(document, schema["additionalProperties"], f"{where}{{}}")
    return found


def test_every_text_in_every_request_has_a_max_length_in_the_document():
    document = api.get_openapi_schema()
    unbounded = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for content in operation.get("requestBody", {}).get("content", {}).values():
                unbounded += _unbounded_strings(document, content["schema"], f"{where} body")
            for parameter in operation.get("parameters", []):
                unbounded += _unbounded_strings(
                    document, parameter["schema"], f"{where} {parameter['in']} {parameter['name']}"
                )
    assert unbounded == []


def test_the_limits_are_the_columns():
    """Read from the models, so that a migration that changes a column changes the document with it."""
    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert (
        schemas["HouseholdIn"]["properties"]["name"]["maxLength"]
        == Household._meta.get_field("name").max_length
    )
    assert schemas["PersonIn"]["properties"]["first_name"]["maxLength"] == 100
    assert schemas["AssignmentIn"]["properties"]["reference"]["maxLength"] == 40
    assert schemas["HousingUnitIn"]["properties"]["reference"]["maxLength"] == 40


# --- a body over Django's upload limit ------------------------------------------------------------------------------

TOO_BIG = "Det du skickade är för stort: högst 2,5 MB."


@pytest.mark.parametrize("debug", [False, True])
def test_a_body_over_the_upload_limit_is_the_apis_json_error(alice, family, settings, debug):
    """It was Django's HTML 400 page (a 500 with a traceback with DEBUG)."""
    settings.DEBUG = debug
    _, token = ApiToken.issue(user=alice, name="test")
    client = Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)
    body = b'{"q": "' + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + b'"}'
    response = client.post("/api/v1/persons/search", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": TOO_BIG}


def test_a_csv_body_over_the_upload_limit_is_the_same_error(hanna, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = ApiClient(hanna).client
    response = client.post("/api/v1/housing/units/import", b"a;b\n" * 300, content_type="text/csv")
    assert response.status_code == 413
    assert response.json() == {"detail": "Det du skickade är för stort: högst 1 kB."}


def test_the_document_promises_413_where_a_body_is_sent():
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                answer = operation["responses"].get("413") or operation["responses"].get(413)
                assert answer is not None, f"{method.upper()} {path}"
                assert answer["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Message"
                }


@pytest.mark.parametrize("debug", [False, True])
def test_a_query_string_with_too_many_parameters_is_the_same_json_error(alice, settings, debug):
    """Not a body, so not seen by the Content-Length: Django refuses it when ninja reads the query (400 in HTML,
    a 500 with DEBUG)."""
    settings.DEBUG = debug
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    _, token = ApiToken.issue(user=alice, name="test")
    client = Client(headers={"Authorization": f"Bearer {token}"}, raise_request_exception=False)
    response = client.get("/api/v1/tasks?" + "&".join(f"status=OPEN&x{n}=1" for n in range(20)))
    assert response.status_code == 413
    assert response.json() == {"detail": "Det du skickade har för många fält: högst 10."}


def test_a_multipart_form_with_huge_fields_is_the_same_json_error(hanna, settings):
    """A multipart body's files do not count against the limit, its fields do: seen only when it is read."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = ApiClient(hanna).client.post("/api/v1/housing/units/import", {"note": "x" * 2000})
    assert response.status_code == 413
    assert response.json() == {"detail": "Det du skickade är för stort: högst 1 kB."}


def test_no_two_request_schemas_share_a_name():
    """The document names a schema by its class name: two classes with one name share one definition, and one
    operation is documented (and checked by schemathesis) with the other's body. So it was for the person's notes,
    documented with the housing note's body (NoteIn)."""
    import importlib
    import inspect
    import pkgutil

    from ninja import Schema

    import etablera

    # The shared schemas and every module of every domain's API, routers too: a query's filter is a schema as well,
    # and one named like another overwrote it in the document (the organisation's and the housing's UnitFilter).
    names = ["etablera.api.schemas"] + [
        info.name
        for info in pkgutil.walk_packages(etablera.__path__, "etablera.")
        if ".api." in info.name and ".tests" not in info.name
    ]
    seen: dict[str, type] = {}
    for module in map(importlib.import_module, names):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Schema) and cls.__module__ == module.__name__:
                assert seen.setdefault(name, cls) is cls, name
    body = api.get_openapi_schema()["paths"]["/api/v1/persons/{public_id}/notes"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = api.get_openapi_schema()["components"]["schemas"][ref]["properties"]
    assert set(properties) == {"section", "text"}
    assert properties["text"]["maxLength"] == 4000


def test_a_form_sent_to_an_operation_that_takes_json_is_still_a_422(alice):
    """The API's forms are read by ninja, not before: read earlier, the body could not be read as JSON at all."""
    response = ApiClient(alice).client.post("/api/v1/persons/search", {"q": "Exempel"})  # multipart
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "json_invalid"
