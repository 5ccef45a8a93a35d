"""How the API knows who is calling.

The documented way is a bearer token (`Authorization: Bearer etb_…`, made with `etablera api_token create`).
A signed-in browser session is accepted too, so that the interactive docs at /api/v1/docs work for a user who is
logged in to Etablera; a session request that changes something must carry the CSRF token, as a page form does.
The bearer token is the organisation's (its model and `ApiTokenAuth` are in etablera/organisation/); this module
knows no domain.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.security.apikey import APIKeyCookie


class SessionAuth(APIKeyCookie):
    """The browser session of a logged-in user (for the interactive docs). CSRF is checked for unsafe methods.

    Unlike ninja's `django_auth`, a request without a logged-in session is simply not authenticated here (so it
    gets 401, not a CSRF error), and the CSRF check only runs when the session would be used.
    """

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "Inloggad session i webbläsaren (för den interaktiva dokumentationen)."

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        return super().__call__(request)  # checks CSRF, then `authenticate`

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user if request.user.is_authenticated else None


def current_user(request: HttpRequest):
    """The authenticated user of an API request."""
    return request.auth
