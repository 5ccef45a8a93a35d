"""Sign-in with the municipality's identity provider (OpenID Connect), besides local accounts. Optional: on only
when OIDC_RP_CLIENT_ID is set (settings.py, OIDC section; docs/operations.md, "Inloggning med OpenID Connect").

The identity provider says *who* someone is; Etablera decides *what they may see*, through memberships (unit and
role) that an administrator gives. So a sign-in is matched to an EXISTING account by one claim (OIDC_MATCH_CLAIM,
default `email`) compared case-insensitively with one user field (OIDC_MATCH_FIELD: `email` or `username`), and
no account is ever created: everyone in the municipality's directory can authenticate there, but only the few who
work with reception have business here, and an account appearing by itself would escape the administrator's
decision. A sign-in is refused when no account or more than one matches, when the account is deactivated, or when
the provider says the e-mail address is unverified. Refusals go to the audit log with their reason; successful
sign-ins are logged there by etablera.access.signals like every other sign-in. Python's log gets reason codes
only, never a claim's value.
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent

logger = logging.getLogger(__name__)

MATCH_FIELDS = ("email", "username")


class MunicipalityOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow (state, nonce, PKCE, signature check), matching existing accounts only."""

    @property
    def match_claim(self) -> str:
        return self.get_settings("OIDC_MATCH_CLAIM", "email")

    @property
    def match_field(self) -> str:
        field = self.get_settings("OIDC_MATCH_FIELD", "email")
        if field not in MATCH_FIELDS:
            raise SuspiciousOperation("OIDC_MATCH_FIELD must be email or username")
        return field

    def verify_token(self, token, **kwargs):
        """The library checks signature, algorithm, expiry and nonce; the ID token must also be issued to us."""
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (a signed userinfo answer comes without a nonce argument)
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("The ID token was issued to another client.")
        return payload

    def _claimed(self, claims: dict) -> str:
        value = claims.get(self.match_claim)
        return value.strip() if isinstance(value, str) else ""

    def describe_user_by_claims(self, claims):
        return f"claim {self.match_claim}"  # the library logs this: the claim's name, never its value

    def filter_users_by_claims(self, claims):
        value = self._claimed(claims)
        if not value:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(**{f"{self.match_field}__iexact": value})

    def get_or_create_user(self, access_token, id_token, payload):
        """The one existing, active account the provider's claim points at — or nobody."""
        claims = self.get_userinfo(access_token, id_token, payload)
        value = self._claimed(claims)
        if not value:
            return self._refuse(None, "no_claim", f"svaret saknar {self.match_claim}")
        if self.match_claim == "email" and claims.get("email_verified") is False:
            return self._refuse(None, "unverified_email", f"e-postadressen {value} är inte verifierad")
        users = list(self.filter_users_by_claims(claims).order_by("pk")[:2])
        if not users:
            return self._refuse(None, "no_account", f"inget konto har {self.match_field} {value}")
        if len(users) > 1:
            return self._refuse(None, "several_accounts", f"flera konton har {self.match_field} {value}")
        user = users[0]
        if not self.user_can_authenticate(user):
            return self._refuse(user, "inactive", "kontot är inaktiverat")
        return user

    def create_user(self, claims):
        """Never: accounts are created by an administrator, who also gives the memberships (module docstring)."""
        return None

    def get_user(self, user_id):
        """The signed-in user on every request: a deactivated account is signed out at its next request (the
        library's own get_user does not look at is_active)."""
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _refuse(self, user, code: str, reason: str) -> None:
        logger.info("OpenID Connect sign-in refused: %s", code)
        _log_failure(user, reason)
        return None


def _log_failure(user, reason: str) -> None:
    """A refused or failed sign-in, in the audit log (where the reviewer needs who and why)."""
    log_event(
        user,
        AuditEvent.Action.LOGIN_FAILED,
        object_type="User",
        summary=f"Misslyckad inloggning med kommunens inloggning: {reason}",
    )


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the identity provider sends the browser back. Any failure — refused, cancelled, a provider that does
    not answer, a token that does not verify — ends on the login page with one message, never on an error page."""

    def get(self, request):
        if request.GET.get("error"):  # cancelled or refused at the provider: a code such as access_denied
            _log_failure(None, f"identitetsleverantören svarade {request.GET['error'][:40]}")
        try:
            return super().get(request)
        except (
            requests.RequestException,
            SuspiciousOperation,
            jwt.PyJWTError,
            KeyError,
            ValueError,
        ) as error:
            logger.warning("OpenID Connect sign-in failed: %s", type(error).__name__)
            _log_failure(None, f"tekniskt fel ({type(error).__name__})")
            return self.login_failure()

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "Inloggningen med kommunens inloggning misslyckades. Om det händer igen: kontakta Etableras "
                "administratör, som kan se om du har ett konto här."
            ),
        )
        return redirect("login")


def not_throttled(request, credentials) -> bool:
    """django-axes (AXES_WHITELIST_CALLABLE, set with the OIDC settings): a sign-in through the identity provider is
    neither counted nor locked. It carries no user name, so axes would count it per IP address only, and a whole
    office behind one address would be locked out after five people without an account had tried. There is
    nothing to guess here anyway — the provider checks the password (and throttles), a code is single-use — and
    every refusal is in the audit log. Password sign-ins always carry a user name and stay throttled."""
    if request is None or "username" in (credentials or {}):
        return False
    try:
        return request.path == reverse("oidc_authentication_callback")
    except NoReverseMatch:
        return False


# Included under oidc/ by etablera/urls.py when OpenID Connect is configured. The names are the library's.
urlpatterns = [
    path("authenticate/", OIDCAuthenticationRequestView.as_view(), name="oidc_authentication_init"),
    path("callback/", CallbackView.as_view(), name="oidc_authentication_callback"),
]
