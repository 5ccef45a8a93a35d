"""Sign-in with the municipality's identity provider (OpenID Connect), with the provider mocked: no network.

The flow is the real one of mozilla-django-oidc: /oidc/authenticate/ sends the browser to the provider with a
state, a nonce and a PKCE challenge; the provider sends it back to /oidc/callback/ with a code, which the backend
exchanges at the token endpoint (mocked) for an RS256-signed ID token (verified against the mocked JWKS) and reads
the userinfo endpoint (mocked).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import NoReverseMatch, clear_url_caches, reverse

from etablera.access.models import AuditEvent
from etablera.organisation.models import User
from etablera.organisation.oidc import MunicipalityOIDCBackend

PROJECT = Path(__file__).resolve().parents[3]
PROVIDER = "https://login.kommun.example"
CLIENT_ID = "etablera-test"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
JWK = {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key())), "kid": "k1", "alg": "RS256"}
BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "etablera.organisation.oidc.MunicipalityOIDCBackend",
    "django.contrib.auth.backends.ModelBackend",
]


@pytest.fixture(autouse=True)
def _no_network():
    """Every call to the provider is answered by the mocks below; anything else would go out on the network."""

    def refuse(self, method, url, *args, **kwargs):
        raise AssertionError(f"unexpected network call: {method} {url}")

    with mock.patch("requests.Session.request", refuse):
        yield


def reload_urls():
    importlib.reload(importlib.import_module("etablera.urls"))
    clear_url_caches()


@pytest.fixture
def oidc(settings, db):
    """OpenID Connect switched on as settings.py does it when OIDC_RP_CLIENT_ID is in the environment."""
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "hemlig-klientnyckel"  # noqa: S105 — a test value
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROVIDER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{PROVIDER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{PROVIDER}/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid email"
    settings.OIDC_MATCH_CLAIM = "email"
    settings.OIDC_MATCH_FIELD = "email"
    settings.OIDC_CREATE_USER = False
    settings.OIDC_USE_PKCE = True
    settings.OIDC_TIMEOUT = 10
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    settings.AXES_WHITELIST_CALLABLE = "etablera.organisation.oidc.not_throttled"
    reload_urls()
    yield settings
    settings.OIDC_ENABLED = False
    reload_urls()


class Provider:
    """The identity provider's token, userinfo and JWKS endpoints, answering what the test says."""

    def __init__(self, claims: dict, *, audience: str = CLIENT_ID, token_status: int = 200):
        self.claims = claims
        self.audience = audience
        self.token_status = token_status
        self.nonce = ""
        self.calls: list[str] = []

    @staticmethod
    def _response(url, status=200, body=None):
        response = requests.Response()
        response.status_code = status
        response.url = url
        response.headers["content-type"] = "application/json"
        response._content = json.dumps(body or {}).encode()
        return response

    def post(self, url, data=None, **kwargs):
        self.calls.append(f"POST {url}")
        assert url == f"{PROVIDER}/token"
        assert data["client_id"] == CLIENT_ID and data["code"] == "kod-123" and data["code_verifier"]
        assert kwargs["timeout"] == 10
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": PROVIDER,
                "aud": self.audience,
                "sub": "abc",
                "nonce": self.nonce,
                "iat": now,
                "exp": now + 60,
            },
            KEY,
            algorithm="RS256",
            headers={"kid": "k1"},
        )
        return self._response(url, self.token_status, {"id_token": id_token, "access_token": "at-1"})

    def get(self, url, headers=None, **kwargs):
        self.calls.append(f"GET {url}")
        if url == f"{PROVIDER}/jwks":
            return self._response(url, body={"keys": [JWK]})
        assert url == f"{PROVIDER}/userinfo" and headers["Authorization"] == "Bearer at-1"
        return self._response(url, body=self.claims)


def sign_in(client, provider: Provider, next_url: str = ""):
    """The browser's round trip: to the provider and back with a code. Returns the callback's response."""
    start = client.get(reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302 and start["Location"].startswith(f"{PROVIDER}/authorize?")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["client_id"] == [CLIENT_ID] and query["code_challenge_method"] == ["S256"]
    provider.nonce = query["nonce"][0]
    with (
        mock.patch("mozilla_django_oidc.auth.requests.post", side_effect=provider.post),
        mock.patch("mozilla_django_oidc.auth.requests.get", side_effect=provider.get),
    ):
        return client.get(
            reverse("oidc_authentication_callback"), {"code": "kod-123", "state": query["state"][0]}
        )


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def alice_with_email(alice):
    User.objects.filter(pk=alice.pk).update(email="Alice.Andersson@nykoping.example")
    return alice


# --- switched off (the default) -------------------------------------------------------------------------------------


def test_without_configuration_there_is_no_oidc_route_and_no_button(client, settings):
    assert not settings.OIDC_ENABLED
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    assert client.get("/oidc/authenticate/").status_code == 404
    page = client.get(reverse("login")).content.decode()
    assert "Logga in med kommunens inloggning" not in page
    assert not any("oidc" in backend for backend in settings.AUTHENTICATION_BACKENDS)


# --- switched on ----------------------------------------------------------------------------------------------------


def test_the_login_page_offers_the_municipality_sign_in(oidc, client):
    page = client.get(reverse("login") + "?next=/hushall/").content.decode()
    assert "Logga in med kommunens inloggning" in page
    assert f'href="{reverse("oidc_authentication_init")}?next=/hushall/"' in page
    assert 'name="password"' in page  # local accounts still work


def test_an_existing_account_signs_in_by_its_email_and_the_sign_in_is_logged(oidc, client, alice_with_email):
    provider = Provider({"sub": "abc", "email": "alice.andersson@NYKOPING.example"})
    response = sign_in(client, provider, next_url="/hushall/")
    assert response.status_code == 302 and response["Location"] == "/hushall/"
    assert signed_in_user_id(client) == str(alice_with_email.pk)
    assert provider.calls == [f"POST {PROVIDER}/token", f"GET {PROVIDER}/jwks", f"GET {PROVIDER}/userinfo"]
    login = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert login.actor == alice_with_email
    assert login.summary == "Inloggning med kommunens inloggning (OpenID Connect)"
    assert client.get(reverse("my_tasks")).status_code == 200  # the session works on the next request


def test_an_unknown_person_gets_no_account(oidc, client, alice_with_email):
    users = User.objects.count()
    response = sign_in(client, Provider({"sub": "x", "email": "okand.person@nykoping.example"}))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert signed_in_user_id(client) is None
    assert User.objects.count() == users
    failed = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert failed.actor is None
    assert "inget konto har email okand.person@nykoping.example" in failed.summary
    page = client.get(reverse("login")).content.decode()
    assert "Inloggningen med kommunens inloggning misslyckades" in page


def test_a_deactivated_account_is_refused_and_signed_out(oidc, client, alice_with_email):
    provider = Provider({"sub": "abc", "email": "alice.andersson@nykoping.example"})
    sign_in(client, provider)
    assert signed_in_user_id(client) == str(alice_with_email.pk)
    User.objects.filter(pk=alice_with_email.pk).update(is_active=False)
    # The session of a deactivated account ends at its next request.
    assert client.get(reverse("my_tasks")).status_code == 302
    assert MunicipalityOIDCBackend().get_user(alice_with_email.pk) is None
    client.logout()
    response = sign_in(client, provider)
    assert response["Location"] == reverse("login") and signed_in_user_id(client) is None
    refused = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert refused.actor == alice_with_email and "inaktiverat" in refused.summary


def test_two_accounts_with_the_same_address_are_refused(oidc, client, alice_with_email, bob):
    User.objects.filter(pk=bob.pk).update(email="alice.andersson@nykoping.example")
    response = sign_in(client, Provider({"sub": "abc", "email": "alice.andersson@nykoping.example"}))
    assert response["Location"] == reverse("login") and signed_in_user_id(client) is None
    assert "flera konton" in AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED).summary


def test_an_unverified_email_is_refused(oidc, client, alice_with_email):
    claims = {"sub": "abc", "email": "alice.andersson@nykoping.example", "email_verified": False}
    assert sign_in(client, Provider(claims))["Location"] == reverse("login")
    assert signed_in_user_id(client) is None


def test_a_configured_claim_matches_the_user_name(oidc, client, alice):
    oidc.OIDC_MATCH_CLAIM = "preferred_username"
    oidc.OIDC_MATCH_FIELD = "username"
    response = sign_in(client, Provider({"sub": "abc", "preferred_username": "ALICE"}))
    assert response.status_code == 302 and signed_in_user_id(client) == str(alice.pk)
    client.logout()
    sign_in(client, Provider({"sub": "abc", "email": "alice@nykoping.example"}))  # the claim is missing
    assert signed_in_user_id(client) is None
    assert (
        "saknar preferred_username" in AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED).summary
    )


def test_an_id_token_issued_to_another_client_is_refused(oidc, client, alice_with_email):
    provider = Provider(
        {"sub": "abc", "email": "alice.andersson@nykoping.example"}, audience="en-annan-klient"
    )
    response = sign_in(client, provider)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert signed_in_user_id(client) is None
    assert "SuspiciousOperation" in AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED).summary


def test_a_provider_that_fails_ends_on_the_login_page_not_an_error_page(oidc, client, alice_with_email):
    provider = Provider({"email": "alice.andersson@nykoping.example"}, token_status=500)
    response = sign_in(client, provider)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert signed_in_user_id(client) is None
    assert "HTTPError" in AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED).summary


def test_a_sign_in_cancelled_at_the_provider(oidc, client):
    start = client.get(reverse("oidc_authentication_init"))
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(reverse("oidc_authentication_callback"), {"error": "access_denied", "state": state})
    assert response["Location"] == reverse("login") and signed_in_user_id(client) is None
    failed = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert "access_denied" in failed.summary


def test_refused_sign_ins_do_not_lock_out_everyone_behind_the_same_address(oidc, client, alice_with_email):
    """django-axes would count a sign-in without a user name per IP address: five colleagues without an account
    behind the municipality's proxy would lock out the whole office. Sign-ins through the provider are not
    throttled (the provider checks the password); each refusal is in the audit log."""
    oidc.AXES_ENABLED = True
    for _ in range(oidc.AXES_FAILURE_LIMIT + 1):
        response = sign_in(client, Provider({"sub": "x", "email": "okand.person@nykoping.example"}))
        assert response["Location"] == reverse("login")
    response = sign_in(client, Provider({"sub": "abc", "email": "alice.andersson@nykoping.example"}))
    assert response.status_code == 302 and signed_in_user_id(client) == str(alice_with_email.pk)
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    assert failed.count() == oidc.AXES_FAILURE_LIMIT + 1


def test_passwords_stay_throttled_with_oidc_on(oidc, client, alice):
    oidc.AXES_ENABLED = True
    wrong = {"username": "alice", "password": "fel-lösenord-123"}
    for _ in range(oidc.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), wrong).status_code == 200
    assert client.post(reverse("login"), wrong).status_code == 429
    right = {"username": "alice", "password": "korrekt-häst-batteri"}
    assert client.post(reverse("login"), right).status_code == 429


def test_local_passwords_still_work_with_oidc_on(oidc, client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "korrekt-häst-batteri"})
    assert response.status_code == 302 and signed_in_user_id(client) == str(alice.pk)
    assert AuditEvent.objects.get(action=AuditEvent.Action.LOGIN).summary == "Inloggning"


def test_no_claim_value_reaches_the_log(oidc, client, alice_with_email, caplog):
    caplog.set_level(logging.DEBUG)
    sign_in(client, Provider({"sub": "x", "email": "okand.person@nykoping.example"}))
    sign_in(client, Provider({"sub": "abc", "email": "alice.andersson@nykoping.example"}))
    assert "okand.person" not in caplog.text and "alice.andersson" not in caplog.text.lower()
    assert "OpenID Connect sign-in refused: no_account" in caplog.text


# --- settings from the environment -----------------------------------------------------------------------------------


def _settings_in_a_fresh_process(tmp_path, extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "etablera.settings",
            "ETABLERA_VAR_DIR": str(tmp_path),
            "STATIC_ROOT": str(tmp_path / "static"),
            **extra_env,
        }
    )
    code = (
        "import django; django.setup(); from django.conf import settings; from django.urls import reverse; "
        "print(settings.OIDC_ENABLED, settings.AUTHENTICATION_BACKENDS[:2], "
        "'mozilla_django_oidc' in settings.INSTALLED_APPS, settings.OIDC_RP_CLIENT_SECRET, "
        "settings.OIDC_CREATE_USER, reverse('oidc_authentication_callback'), settings.AXES_WHITELIST_CALLABLE)"
    )
    return subprocess.run(  # noqa: S603 — our own interpreter
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_environment_switches_it_on_with_the_secret_from_a_file(tmp_path):
    secret = tmp_path / "oidc_secret"
    secret.write_text("hemlighet-från-fil\n", encoding="utf-8")
    result = _settings_in_a_fresh_process(
        tmp_path,
        {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET_FILE": str(secret),
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{PROVIDER}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{PROVIDER}/token",
            "OIDC_OP_USER_ENDPOINT": f"{PROVIDER}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{PROVIDER}/jwks",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True ['axes.backends.AxesStandaloneBackend', 'etablera.organisation.oidc.MunicipalityOIDCBackend'] "
        "True hemlighet-från-fil False /oidc/callback/ etablera.organisation.oidc.not_throttled"
    )


def test_a_half_configuration_stops_the_start(tmp_path):
    result = _settings_in_a_fresh_process(tmp_path, {"OIDC_RP_CLIENT_ID": CLIENT_ID})
    assert result.returncode != 0
    assert "OIDC_RP_CLIENT_SECRET" in result.stderr and "OIDC_OP_JWKS_ENDPOINT" in result.stderr
