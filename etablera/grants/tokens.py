"""The links sent by e-mail (confirm an application, report back): a random token in the link, only its SHA-256 in
the database, so a copy of the database opens no link."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """(token for the link, hash to store)."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
