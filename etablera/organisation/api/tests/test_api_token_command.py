from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from etablera.access.models import AuditEvent
from etablera.organisation.models import ApiToken
from etablera.testing.api_client import ApiClient


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_prints_a_working_token_once_and_keeps_only_its_hash(alice):
    out, err = run("create", "alice", "--name", "Rapportverktyg")
    raw = out.strip()
    assert raw.startswith("etb_")
    token = ApiToken.objects.get(user=alice)
    assert token.name == "Rapportverktyg" and raw not in (token.digest, token.prefix)
    assert "visas inte igen" in err
    assert ApiClient(raw_token=raw).get("/counties").status_code == 200
    event = AuditEvent.objects.get(object_type="ApiToken")
    assert event.channel == "CLI" and raw not in event.summary


def test_list_shows_tokens_without_the_secret(alice, bob):
    raw = run("create", "alice", "--name", "Första")[0].strip()
    run("create", "bob", "--name", "Andra")
    out, _ = run("list")
    assert "Första" in out and "Andra" in out and raw not in out
    only_bob, _ = run("list", "bob")
    assert "Andra" in only_bob and "Första" not in only_bob


def test_revoke_stops_the_token(alice):
    raw = run("create", "alice", "--name", "Tillfällig")[0].strip()
    token = ApiToken.objects.get()
    out, _ = run("revoke", str(token.pk))
    assert "återkallad" in out
    assert ApiClient(raw_token=raw).get("/counties").status_code == 401
    assert "återkallad" in run("list")[0]
    assert "redan återkallad" in run("revoke", str(token.pk))[0]


def test_it_refuses_unknown_users_and_tokens(alice):
    with pytest.raises(CommandError, match="Okänd användare"):
        run("create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="Ingen API-nyckel"):
        run("revoke", "12345")
