"""Sessions that are written when they change, not on every request (issue #19).

Django's SESSION_SAVE_EVERY_REQUEST renews a session's expiry by writing it on every request: an UPDATE and a commit
for each page, the largest part of what any signed-in page cost. Instead, a signed-in session remembers when it was
last renewed, and a request writes it again only when that is more than SESSION_RENEW_AFTER seconds ago. The expiry
(SESSION_COOKIE_AGE after the last write) therefore comes at most SESSION_RENEW_AFTER seconds *earlier* than "an
hour after the last request" — never later — and a working user's session is written a few times an hour instead of
on every click. docs/decisions/0015-sessions-and-capabilities-in-the-cache.md.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

# The session key under which the time of the last renewal (seconds since the epoch) is kept.
RENEWED = "_etablera_renewed"


def needs_renewal(renewed: int | None, now: float) -> bool:
    return renewed is None or now - renewed >= settings.SESSION_RENEW_AFTER


class SessionRenewalMiddleware:
    """After Django's SessionMiddleware: marks a live session changed when its last renewal is too old, so that
    SessionMiddleware writes it (with a new expiry) when the response leaves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key is not None:  # the browser sent a session cookie: look it up (the cache first)
            renewed = session.get(RENEWED)
            now = time.time()
            if not session.is_empty() and needs_renewal(renewed, now):
                session[RENEWED] = int(now)
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="etablera.web.sessions.signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    """A sign-in writes the session anyway: count it as its first renewal."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED] = int(time.time())
