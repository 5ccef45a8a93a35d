"""Input that does not fit the schema is refused in Swedish at the field, like a service's refusal."""

import pytest

from etablera.api.messages import FALLBACK, MESSAGES, swedish
from etablera.testing.api_client import ApiClient, messages


@pytest.mark.django_db
def test_a_body_that_does_not_fit_the_schema_is_refused_in_swedish_at_the_field(alice, nykoping):
    client = ApiClient(alice)
    response = client.post(
        "/assignments",
        {"reference": "X" * 500, "municipality": "0480", "category": "RESETTLED", "decision_date": "igår"},
    )
    assert response.status_code == 422
    found = messages(response)
    assert found[("body", "body", "decision_date")] == "Ange ett datum som ÅÅÅÅ-MM-DD."
    assert all(
        not msg.startswith(("Input should", "Field required", "String should")) for msg in found.values()
    )


@pytest.mark.django_db
def test_a_query_parameter_out_of_range_is_refused_in_swedish(alice):
    response = ApiClient(alice).get("/tasks?limit=0")
    assert response.status_code == 422
    assert "minst" in " ".join(messages(response).values())


def test_every_message_formats_with_the_context_pydantic_gives():
    ctx = {"min_length": 2, "max_length": 9, "gt": 0, "ge": 1, "lt": 10, "le": 9, "expected": "'A' eller 'B'"}
    for kind in MESSAGES:
        text = swedish({"type": kind, "ctx": ctx, "msg": "English"})
        assert text != FALLBACK and "{" not in text and "English" not in text
    assert swedish({"type": "value_error", "msg": "Value error, Ange datumet som ÅÅÅÅ-MM-DD."}) == (
        "Ange datumet som ÅÅÅÅ-MM-DD."
    )
    assert swedish({"type": "something_new", "msg": "English"}) == FALLBACK
