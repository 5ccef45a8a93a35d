"""Production hardening: deploy checks, CSP, cookies, login throttling."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent

PROJECT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "ETABLERA_DEBUG"))}
    for line in (PROJECT / "deploy" / "production.env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    secret = tmp_path / "secret_key"
    secret.write_text(
        "x" * 20 + "-production-secret-key-that-is-long-and-random-enough-0123456789", encoding="utf-8"
    )
    env["SECRET_KEY_FILE"] = str(secret)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    env["ETABLERA_VAR_DIR"] = str(tmp_path)
    env["STATIC_ROOT"] = str(tmp_path / "static")
    return env


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    result = subprocess.run(  # noqa: S603 — our own interpreter and command
        [sys.executable, "-m", "etablera.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_carry_a_strict_content_security_policy(client, alice):
    client.force_login(alice)
    response = client.get(reverse("my_tasks"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_is_http_only_and_same_site(client, alice, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = client.post(reverse("login"), {"username": "alice", "password": "korrekt-häst-batteri"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_user_name_for_a_while(client, alice, settings):
    settings.AXES_ENABLED = True
    wrong = {"username": "alice", "password": "fel-lösenord-123"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), wrong).status_code == 200  # the form again, with its error
    assert client.post(reverse("login"), wrong).status_code == 429  # the last allowed failure locks
    locked = client.post(reverse("login"), {"username": "alice", "password": "korrekt-häst-batteri"})
    assert locked.status_code == 429
    assert "tillfälligt spärrad" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="LOGIN_FAILED").count() >= settings.AXES_FAILURE_LIMIT


def test_a_successful_login_works_with_throttling_on(client, alice, settings):
    settings.AXES_ENABLED = True
    response = client.post(reverse("login"), {"username": "alice", "password": "korrekt-häst-batteri"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
