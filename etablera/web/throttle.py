"""Rate limits for the pages people outside the municipality use (the volunteers' sign-up, the grant application):
at most `limit` accepted posts per sender address and scope within `window`.

Counted in the database, not in a per-process cache, so the limit holds across every app server and worker without
a cache service; the sender's address is kept only as a keyed hash (HMAC with the secret key) for as long as the
window lasts. The address comes from django-axes' helper, so a deployment behind a proxy configures it once
(AXES_PROXY_COUNT) for both the sign-in throttle and this one.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from etablera.web.models import ThrottleHit


def sender_key(request) -> str:
    address = get_client_ip_address(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def allow(request, scope: str, *, limit: int, window: timedelta) -> bool:
    """True, and the post counted, when the sender has made fewer than `limit` posts to `scope` within `window`;
    False (nothing counted) when the limit is reached. Call it only for a post that would be accepted otherwise too,
    or before any work when every post should count — the caller decides which."""
    now = timezone.now()
    key = sender_key(request)
    with transaction.atomic():
        # Old hits are forgotten here rather than by a scheduled job: the table never holds more than a window.
        ThrottleHit.objects.filter(scope=scope, at__lt=now - window).delete()
        if ThrottleHit.objects.filter(scope=scope, key=key).count() >= limit:
            return False
        ThrottleHit.objects.create(scope=scope, key=key, at=now)
    return True
