"""The checked file of an import page waits in the session between its preview (a dry run) and the confirmation:
the import pages' view (web/import_view.py) keeps it here, and the confirmation imports exactly the bytes that were
previewed — the form sends back their SHA-256, so a second tab's preview or a stale page is refused, never imported.
At most IMPORT_MAX_BYTES (the forms' limit)."""

from __future__ import annotations

import base64
import hashlib


def keep_for_confirmation(request, key: str, data: bytes, **kept) -> str:
    """Keep the previewed file under `key` with what the confirmation needs again (`kept`: its name, its kind or
    municipality — JSON values); returns the token the confirmation form sends back."""
    token = hashlib.sha256(data).hexdigest()
    request.session[key] = {**kept, "sha256": token, "data": base64.b64encode(data).decode("ascii")}
    return token


def forget(request, key: str) -> None:
    request.session.pop(key, None)


def take_confirmed(request, key: str) -> tuple[bytes, dict] | None:
    """The previewed file and what was kept with it, once: None when there is none or the form's
    token is not that file's."""
    stored = request.session.pop(key, None)
    if not stored or stored.get("sha256") != request.POST.get("sha256"):
        return None
    return base64.b64decode(stored["data"]), stored
