"""Helpers for API tests: a JSON client that carries a user's bearer token, and reading 422 bodies."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from etablera.organisation.models import ApiToken

BASE = "/api/v1"


class ApiClient:
    """A test client speaking JSON with `Authorization: Bearer …` for one user."""

    def __init__(self, user=None, raw_token: str | None = None):
        if user is not None and raw_token is None:
            token, raw_token = ApiToken.issue(user=user, name="test")
            # A key in steady use, its last use written a moment ago (a request writes it once a minute:
            # organisation.models.LAST_USED_PRECISION), so that a test counting a request's statements counts what
            # every request costs, not the first request's write.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        headers = {"Authorization": f"Bearer {raw_token}"} if raw_token else {}
        self.client = Client(headers=headers)
        self.user = user

    def get(self, path: str, params: dict | None = None):
        return self.client.get(BASE + path, params or {})

    def post(self, path: str, body: dict | None = None):
        return self.client.post(BASE + path, body or {}, content_type="application/json")

    def put(self, path: str, body: dict | None = None):
        return self.client.put(BASE + path, body or {}, content_type="application/json")

    def patch(self, path: str, body: dict | None = None):
        return self.client.patch(BASE + path, body or {}, content_type="application/json")

    def delete(self, path: str, body: dict | None = None):
        return self.client.delete(BASE + path, body or {}, content_type="application/json")


def messages(response) -> dict[tuple, str]:
    """A 422 body as {loc tuple: msg}."""
    return {tuple(item["loc"]): item["msg"] for item in response.json()["detail"]}
