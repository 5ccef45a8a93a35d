from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from etablera.organisation.models import LAST_USED_PRECISION, ApiToken
from etablera.testing.api_client import BASE, ApiClient


def test_it_refuses_a_request_without_a_token(alice):
    response = ApiClient().get("/counties")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_an_unknown_token(alice):
    assert ApiClient(raw_token="etb_not-a-real-token").get("/counties").status_code == 401


def test_it_refuses_a_malformed_authorization_header(alice):
    client = Client(headers={"Authorization": "Token whatever"})
    assert client.get(BASE + "/counties").status_code == 401


def test_it_accepts_a_valid_token_and_records_its_use(alice):
    token, raw = ApiToken.issue(user=alice, name="rapport")
    response = ApiClient(raw_token=raw).get("/counties")
    assert response.status_code == 200
    assert response.json()["count"] == 21
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_its_use_is_written_once_a_minute_not_on_every_request(alice):
    token, raw = ApiToken.issue(user=alice, name="rapport")
    client = ApiClient(raw_token=raw)
    assert client.get("/counties").status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    with CaptureQueriesContext(connection) as again:
        assert client.get("/counties").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first
    assert not [
        q
        for q in again.captured_queries
        if q["sql"].startswith("UPDATE") and "organisation_apitoken" in q["sql"]
    ]
    # A minute on (its precision in `api_token list` and the admin) the next request writes it again.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - LAST_USED_PRECISION)
    assert client.get("/counties").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > first


def test_it_refuses_a_revoked_token(alice):
    token, raw = ApiToken.issue(user=alice, name="gammal")
    assert ApiClient(raw_token=raw).get("/counties").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert ApiClient(raw_token=raw).get("/counties").status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(alice):
    _, raw = ApiToken.issue(user=alice, name="x")
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert ApiClient(raw_token=raw).get("/counties").status_code == 401


def test_a_revoked_token_is_refused_for_writes_too(alice, received):
    token, raw = ApiToken.issue(user=alice, name="x")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    task = received.tasks.first()
    response = ApiClient(raw_token=raw).post(f"/tasks/{task.pk}/complete", {})
    assert response.status_code == 401
    task.refresh_from_db()
    assert task.status == "OPEN"


def test_a_logged_in_session_can_read_for_the_interactive_docs(alice):
    client = Client()
    client.force_login(alice)
    assert client.get(BASE + "/counties").status_code == 200


def test_a_session_write_needs_the_csrf_token(alice, received):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    task = received.tasks.first()
    response = client.post(BASE + f"/tasks/{task.pk}/complete", {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    task.refresh_from_db()
    assert task.status == "OPEN"
    # With the CSRF cookie and header, as the docs page sends them, the same write goes through.
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(
        BASE + f"/tasks/{task.pk}/complete",
        {},
        content_type="application/json",
        headers={"X-CSRFToken": "a" * 32},
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == "DONE"


def test_the_openapi_document_and_docs_are_served(alice):
    client = Client()
    schema = client.get(BASE + "/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert "ApiTokenAuth" in schema.json()["components"]["securitySchemes"]
    docs = client.get(BASE + "/docs")
    assert docs.status_code == 200
    # Swagger UI comes from this server (ninja's static files), not from a CDN.
    assert b"cdn.jsdelivr" not in docs.content and b"swagger-ui" in docs.content
