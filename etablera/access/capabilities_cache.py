"""A user's memberships kept in the cache between requests (issue #19), so that a signed-in page does not ask the
database for them each time; `policy.capabilities()` reads them here first.

What is kept: the user's memberships with their units, municipalities and counties (as `capabilities()` loads
them), under the user's id, for a session's length, filled at sign-in (access/signals.py). Dropped whenever what
they were made of changes — a membership saved or deleted, its unit, the unit's municipality or the user saved (a
deactivation, a new user taking a reused id) — at once and again when the transaction commits, so that a request
that read the old rows in between cannot leave them behind. Memberships or units changed in bulk
(`QuerySet.update()`, `delete()`, `bulk_create()`), which sends no model signal, send
`organisation.models.memberships_changed`, heard here too. A cache that fails or holds something unreadable (an
older release's objects) is a miss: the memberships are read from the database as before.
docs/decisions/0015-sessions-and-capabilities-in-the-cache.md.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from etablera.organisation.models import Membership, Municipality, Unit, User, memberships_changed

logger = logging.getLogger(__name__)

# The version is part of the key: a release that changes what is kept changes it, and never reads the old objects.
_KEY = "caps:1:{}"


def _key(user_id: int) -> str:
    return _KEY.format(user_id)


def memberships(user_id: int) -> list[Membership] | None:
    """The user's memberships as last stored, or None when the cache has none (or cannot answer)."""
    try:
        value = cache.get(_key(user_id))
    except Exception:  # an unreadable entry or a cache that is down: read the database instead
        logger.warning("capabilities cache: read failed", exc_info=True)
        return None
    return value if isinstance(value, list) else None


def store(user_id: int, rows: list[Membership]) -> None:
    try:
        cache.set(_key(user_id), rows, timeout=settings.SESSION_COOKIE_AGE)
    except Exception:
        logger.warning("capabilities cache: write failed", exc_info=True)


def forget(user_ids: Iterable[int]) -> None:
    """Drop the stored memberships of these users, now and when the current transaction commits."""
    keys = [_key(user_id) for user_id in set(user_ids) if user_id is not None]
    if not keys:
        return

    def drop():
        try:
            cache.delete_many(keys)
        except Exception:
            logger.warning("capabilities cache: delete failed", exc_info=True)

    drop()
    transaction.on_commit(drop)


def forget_unit_members(unit_ids: Iterable[int]) -> None:
    forget(Membership.objects.filter(unit_id__in=list(unit_ids)).values_list("user_id", flat=True))


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="etablera.caps_cache.membership")
def _membership_changed(sender, instance: Membership, **kwargs) -> None:
    forget([instance.user_id])


@receiver(memberships_changed, dispatch_uid="etablera.caps_cache.bulk")
def _changed_in_bulk(sender, user_ids, **kwargs) -> None:
    forget(user_ids)


@receiver(post_save, sender=User, dispatch_uid="etablera.caps_cache.user")
def _user_changed(sender, instance: User, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) == {"last_login"}:
        return  # a sign-in's own save (Django's update_last_login) changes nothing the memberships depend on
    forget([instance.pk])


@receiver(post_save, sender=Unit, dispatch_uid="etablera.caps_cache.unit")
def _unit_changed(sender, instance: Unit, created: bool, **kwargs) -> None:
    if not created:
        forget_unit_members([instance.pk])


@receiver(post_save, sender=Municipality, dispatch_uid="etablera.caps_cache.municipality")
def _municipality_changed(sender, instance: Municipality, created: bool, **kwargs) -> None:
    if not created:
        forget_unit_members(Unit.objects.filter(municipality=instance).values_list("pk", flat=True))
