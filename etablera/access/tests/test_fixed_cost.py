"""What every signed-in request costs (issue #19): the session is read from the cache and not written when nothing
changed; the user's memberships come from the cache and are dropped whenever what they were made of changes; a
page's reads are written in one INSERT, also when the view fails, and nothing is shown that was not logged.
docs/decisions/0015-sessions-and-capabilities-in-the-cache.md."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etablera.access import capabilities_cache
from etablera.access.audit import log_read, reads_buffered
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.organisation.models import Membership, Role, Unit, User
from etablera.testing.factories import UserFactory
from etablera.testing.page_fixtures import *  # noqa: F403 (the page fixtures: a received family with tasks)
from etablera.testing.redis import empty_redis_or_skip, worker_database
from etablera.web.sessions import RENEWED

pytestmark = pytest.mark.django_db


def _statements(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def _writes_to(table: str, statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith(("INSERT", "UPDATE", "DELETE")) and f'"{table}"' in s]


# --- sessions ----------------------------------------------------------------------------------------------------


def test_an_ordinary_request_neither_writes_the_session_nor_reads_the_session_table(client, alice):
    client.force_login(alice)
    client.get(reverse("my_tasks"))
    statements = _statements(client, reverse("my_tasks"))
    assert not _writes_to("django_session", statements)
    assert not any('"django_session"' in s for s in statements), "the session comes from the cache"
    assert not any('"organisation_membership"' in s for s in statements), (
        "the memberships come from the cache"
    )


def test_the_session_is_renewed_when_its_last_renewal_is_old_and_an_idle_one_still_ends(
    client, alice, settings
):
    client.force_login(alice)
    session = client.session
    session[RENEWED] = int(time.time()) - settings.SESSION_RENEW_AFTER - 1
    session.save()
    before = session.get_expiry_date()
    time.sleep(1)  # the new expiry is a second later at least
    statements = _statements(client, reverse("my_tasks"))
    assert _writes_to("django_session", statements), "an old renewal is renewed"
    renewed = client.session
    assert renewed[RENEWED] >= int(time.time()) - 5
    assert renewed.get_expiry_date() > before
    # Idle longer than SESSION_COOKIE_AGE: the session has expired and the next request is sent to sign in.
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=before.replace(year=2000)
    )
    from django.core.cache import cache

    cache.clear()
    response = client.get(reverse("my_tasks"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- the memberships in the cache ---------------------------------------------------------------------------------


def _fresh(user: User) -> User:
    return User.objects.get(
        pk=user.pk
    )  # capabilities() also remembers them on the user object for one request


def _units(user: User) -> set[int]:
    return capabilities(_fresh(user)).unit_ids


def test_the_memberships_are_read_once_and_then_from_the_cache(alice):
    capabilities_cache.forget([alice.pk])
    capabilities(_fresh(alice))
    with CaptureQueriesContext(connection) as queries:
        capabilities(_fresh(alice))
    assert not any('"organisation_membership"' in q["sql"] for q in queries.captured_queries)


def test_every_change_to_the_memberships_drops_what_the_cache_holds(alice, units):
    sfi = units[Unit.Function.SFI]
    assert sfi.pk not in _units(alice)
    membership = Membership.objects.create(user=alice, unit=sfi, role=Role.CASEWORKER)  # save
    assert sfi.pk in _units(alice)
    membership.role = Role.STATISTICS
    membership.save()
    assert sfi.pk not in _units(alice)  # the statistics role is no staff role
    Membership.objects.filter(pk=membership.pk).update(role=Role.CASEWORKER)  # update(), no model signal
    assert sfi.pk in _units(alice)
    Membership.objects.filter(pk=membership.pk).delete()  # QuerySet.delete()
    assert sfi.pk not in _units(alice)
    Membership.objects.bulk_create([Membership(user=alice, unit=sfi, role=Role.CASEWORKER)])
    assert sfi.pk in _units(alice)
    Membership.objects.get(user=alice, unit=sfi).delete()  # the model's delete
    assert sfi.pk not in _units(alice)


def test_a_change_of_unit_or_user_drops_it_too(alice, units):
    reception = units[Unit.Function.RECEPTION]
    assert capabilities(_fresh(alice)).reception_municipality_ids
    Unit.objects.filter(pk=reception.pk).update(function=Unit.Function.SFI)
    assert not capabilities(_fresh(alice)).reception_municipality_ids
    reception.refresh_from_db()
    reception.function = Unit.Function.RECEPTION
    reception.save()
    assert capabilities(_fresh(alice)).reception_municipality_ids
    # A user saved (a deactivation, or a new user that took the id of a deleted one) starts afresh.
    capabilities_cache.store(alice.pk, [])
    alice.first_name = "Alicia"
    alice.save()
    assert capabilities(_fresh(alice)).unit_ids


def test_a_cache_that_fails_is_a_miss(alice, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(capabilities_cache.cache, "get", broken)
    monkeypatch.setattr(capabilities_cache.cache, "set", broken)
    assert capabilities(_fresh(alice)).unit_ids


# --- one audit INSERT per request -----------------------------------------------------------------------------


def test_a_page_writes_its_reads_in_one_insert(client, alice, received):
    client.force_login(alice)
    statements = _statements(client, reverse("household_detail", args=[received.household.public_id]))
    inserts = _writes_to("access_auditevent", statements)
    assert len(inserts) == 1
    members = received.household.members.count()
    events = AuditEvent.objects.filter(actor=alice, action="VIEW", summary="Hushållssida")
    assert events.count() == members + 1  # the household and each member, all in that one statement


def test_a_view_that_fails_still_has_its_reads_written(alice, received):
    person = received.household.members.first()
    with pytest.raises(RuntimeError), reads_buffered():
        log_read(alice, person, "Persondetaljer")
        assert not AuditEvent.objects.filter(summary="Persondetaljer").exists()  # gathered, not yet written
        raise RuntimeError("the view failed after reading")
    assert AuditEvent.objects.filter(summary="Persondetaljer", person_public_id=person.public_id).count() == 1


def test_a_read_after_the_answer_is_written_at_once(alice, received):
    with reads_buffered():
        pass
    log_read(alice, received.household, "Export")  # a streamed export's rows: no buffer any more
    assert AuditEvent.objects.filter(summary="Export").count() == 1


def test_a_user_signed_in_gets_the_memberships_they_have_now(client, units):
    """Two users, the cache warm for both: each page shows only the user's own municipality's work."""
    bea = UserFactory.with_role("bea", units[Unit.Function.SFI], Role.CASEWORKER)
    client.force_login(bea)
    assert client.get(reverse("unit_tasks")).status_code == 200
    Membership.objects.filter(user=bea).delete()
    assert client.get(reverse("unit_tasks")).status_code in (302, 403, 404)


# --- Redis where it is deployed ---------------------------------------------------------------------------------


@pytest.fixture
def redis_cache(settings):
    """ETABLERA_CACHE_BACKEND=redis's settings, on a Redis database of this xdist worker's own (2–7), emptied."""
    url = worker_database(2, 6)
    connection = empty_redis_or_skip(url)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "t",
        }
    }
    yield connection
    connection.flushdb()


def test_with_redis_a_signed_in_page_sends_no_query_for_session_or_memberships(client, alice, redis_cache):
    client.force_login(alice)
    client.get(reverse("my_tasks"))
    statements = _statements(client, reverse("my_tasks"))
    assert not any('"django_session"' in s or '"etablera_cache"' in s for s in statements)
    assert not any('"organisation_membership"' in s for s in statements)
    assert list(redis_cache.scan_iter("t:1:caps:*"))
    # Emptying the cache signs nobody out: the session is also in the database.
    redis_cache.flushdb()
    assert client.get(reverse("my_tasks")).status_code == 200
