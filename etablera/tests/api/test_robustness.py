"""What schemathesis found, pinned: input the document calls invalid is a 422 at the parameter (never a server
error, never silently read as something else), and every operation documents the error answers it can give."""

import pytest

from etablera.api_v1 import api
from etablera.reception.models import Assignment, MunicipalQuota
from etablera.testing.api_client import ApiClient, messages

HUGE = 10**20  # beyond 64 bits: SQLite cannot bind it, PostgreSQL refuses it for a bigint


def test_a_body_that_is_not_json_is_a_422_in_swedish(alice):
    response = ApiClient(alice).client.post(
        "/api/v1/persons/search", b"\xff\xfe{", content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body"],
            "msg": "Innehållet kunde inte läsas: skicka giltig JSON i UTF-8, utan tecknet NUL (U+0000).",
            "code": "json_invalid",
        }
    ]


@pytest.mark.parametrize(
    ("path", "loc"),
    [
        (f"/tasks?offset={HUGE}", ("query", "offset")),
        (f"/tasks?unit={HUGE}", ("query", "unit")),
        ("/tasks?due_before=0", ("query", "due_before")),
        ("/reception-cases?arrived_from=20260101", ("query", "arrived_from")),
    ],
)
def test_out_of_range_numbers_and_non_iso_dates_in_a_query_are_refused(alice, path, loc):
    response = ApiClient(alice).get(path)
    assert response.status_code == 422, response.content
    assert loc in messages(response)


def test_a_huge_unit_id_in_a_consent_is_refused(alice, family):
    person = family.memberships.first().person
    response = ApiClient(alice).post(
        f"/persons/{person.public_id}/consents",
        {
            "units": [HUGE],
            "sections": ["BASIC"],
            "purpose": "Skola",
            "given_date": "2026-01-01",
            "method": "WRITTEN",
        },
    )
    assert response.status_code == 422
    assert ("body", "body", "units", 0) in messages(response)  # ninja names the body parameter too


def test_a_boolean_is_not_a_kommuntal(alice, nykoping):
    response = ApiClient(alice).put("/quotas/0480/2026", {"quota": True})
    assert response.status_code == 422
    assert ("body", "body", "quota") in messages(response)
    assert not MunicipalQuota.objects.exists()


def test_numbers_beyond_reason_are_refused_in_swedish(alice, nykoping, today):
    client = ApiClient(alice)
    response = client.put("/quotas/0480/2026", {"quota": 3_000_000_000})
    assert response.status_code == 422
    assert messages(response)[("body", "quota")] == "Kommuntalet kan vara högst 1 000 000."
    response = client.post(
        "/assignments",
        {
            "municipality": "0480",
            "reference": "MIG-BIG-1",
            "category": "RESETTLED",
            "decision_date": today.isoformat(),
            "person_count": 40_000,  # beyond PostgreSQL's smallint
        },
    )
    assert response.status_code == 422
    assert messages(response)[("body", "person_count")] == "En anvisning kan gälla högst 1 000 personer."
    assert not Assignment.objects.exists()


def test_every_operation_documents_the_errors_it_can_give():
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            responses = {str(status) for status in operation["responses"]}
            where = f"{method.upper()} {path}"
            assert "401" in responses, where
            if operation.get("parameters") or "requestBody" in operation:
                assert "422" in responses, where
            if "{" in path:
                assert "404" in responses, where


def test_the_nul_character_is_refused_before_it_reaches_the_database(alice):
    """PostgreSQL cannot compare a text with NUL in it: this was a server error there."""
    client = ApiClient(alice)
    response = client.get("/tasks", {"status": "OPEN\x00"})
    assert response.status_code == 422
    assert messages(response) == {("query", "status"): "Tecknet NUL (U+0000) är inte tillåtet."}
    response = client.post("/persons/search", {"q": "Ex\x00empel"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "json_invalid"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/imports/members",
        "/api/v1/imports/assignments",
        "/api/v1/housing/units/import?municipality=0480",
        "/api/v1/imports/monthly-status",
        "/api/v1/imports/sfi",
    ],
)
def test_an_import_without_a_file_is_a_422_at_the_body(path, alice, nykoping):
    """No body at all is a request without its file, not an empty file to list the errors of (schemathesis)."""
    response = ApiClient(alice).client.post(path, b"", content_type="text/csv")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "body"
