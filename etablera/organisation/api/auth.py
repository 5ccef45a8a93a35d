"""The API's bearer token: `Authorization: Bearer etb_…`, made with `etablera api_token create`.

It lives with the organisation because the token belongs to an account (organisation.models.ApiToken); the
assembly (etablera/api_v1.py) hands it to the API with the shared session authentication.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from etablera.organisation.models import ApiToken


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; a revoked token or an inactive user is refused (401)."""

    openapi_description = "API-nyckel från `etablera api_token create ANVÄNDARNAMN --name BESKRIVNING`."

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.authenticate(token.strip()) if token else None
        if user is None:
            return None
        # Selectors and services read request.user through request.auth; keep both the same user.
        request.user = user
        return user
