"""The links in a volunteer's e-mails. Only a token's SHA-256 is stored, so a copy of the database opens no link.

- Confirmation: 32 random bytes (secrets), valid `volunteers.confirm_days`; a new one replaces the old when the
  form is sent again.
- Withdrawal: HMAC-SHA256 of a random per-volunteer salt under the secret key, so every e-mail (the first and any
  later one) can carry the same link without the token being stored; changing the secret key changes the links.

Tokens carry 256 bits: not guessable, and a plain SHA-256 is enough to store them (no password stretching needed
for a random value of that size)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_confirm_token() -> tuple[str, str]:
    """(token for the link, hash to store)."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def new_salt() -> str:
    return secrets.token_hex(32)


def withdraw_token(salt: str) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), f"volunteers.withdraw:{salt}".encode(), hashlib.sha256)
    return mac.hexdigest()


def looks_like_token(token: str) -> bool:
    """A cheap check before any query: the URL takes any slug, a token is 43–64 URL-safe characters."""
    return 40 <= len(token) <= 64
