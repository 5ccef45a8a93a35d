"""Sending an SMS: one small interface, the provider chosen by a setting, as Django chooses its e-mail backend.

The interface
-------------
A provider is a class with a no-argument constructor and one method::

    class SmsBackend(Protocol):
        def send(self, number: str, text: str) -> str: ...

`number` is the recipient in E.164 (``+46701234567``, as people.Person.phone stores it); `text` is the message,
already composed in the recipient's language (reminders/texts.py). `send` returns the provider's id of the message
(kept on the outbox row, to trace a message with the provider) or raises `SmsError` with a message that holds no
number and no text: the outbox keeps it as the reason a send failed, and the log may show it.

The setting
-----------
``ETABLERA_SMS_BACKEND`` is the dotted path of the class (settings.py reads it from the environment):

- ``etablera.reminders.sms.FileBackend`` (the default, for the demo and development): each message is written as
  a file under ``var/sms/`` (``ETABLERA_SMS_FILE_PATH``), nothing leaves the machine — like Django's file e-mail
  backend under ``var/mail/``.
- ``etablera.reminders.sms.LocmemBackend`` (the tests): each message is appended to ``sms.outbox``.
- ``etablera.reminders.sms.HttpBackend``: a generic HTTP provider. POSTs ``{"to": number, "message": text,
  "from": ETABLERA_SMS_SENDER}`` as JSON to ``ETABLERA_SMS_URL`` with ``Authorization: Bearer
  <ETABLERA_SMS_TOKEN>`` (the token from the environment or ``ETABLERA_SMS_TOKEN_FILE``), and expects a 2xx
  answer whose JSON body has the message's id in ``id`` (or ``message_id``). Any other answer, a timeout
  (``ETABLERA_SMS_TIMEOUT`` seconds) or a refused connection raises `SmsError`. Most SMS gateways take this shape
  or something close to it; one that does not gets its own small class with the same `send`.

A provider of one's own: write the class anywhere importable and name it in ``ETABLERA_SMS_BACKEND``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The provider did not take the message. The text says why, without the number or the message."""


class SmsBackend(Protocol):
    def send(self, number: str, text: str) -> str:
        """Send `text` to `number` (E.164); return the provider's id of the message, or raise SmsError."""
        ...


def get_backend() -> SmsBackend:
    return import_string(settings.ETABLERA_SMS_BACKEND)()


def send_sms(number: str, text: str) -> str:
    return get_backend().send(number, text)


# The outbox of the locmem backend, as django.core.mail.outbox is for e-mail: (number, text, id) per message.
outbox: list[tuple[str, str, str]] = []


class LocmemBackend:
    """For the tests: keeps each message in `outbox`."""

    def send(self, number: str, text: str) -> str:
        message_id = f"locmem-{uuid.uuid4()}"
        outbox.append((number, text, message_id))
        return message_id


class FileBackend:
    """For the demo and development: one file per message under ETABLERA_SMS_FILE_PATH (var/sms/)."""

    def send(self, number: str, text: str) -> str:
        directory = Path(settings.ETABLERA_SMS_FILE_PATH)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            message_id = f"file-{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}"
            (directory / f"{message_id}.txt").write_text(f"Till: {number}\n\n{text}\n", encoding="utf-8")
        except OSError as error:
            raise SmsError(f"Kunde inte skriva sms-filen ({type(error).__name__}).") from None
        return message_id


class HttpBackend:
    """A generic HTTP provider: JSON by POST with a bearer token (the module's docstring)."""

    def send(self, number: str, text: str) -> str:
        url = settings.ETABLERA_SMS_URL
        if not url.startswith(("https://", "http://")):
            raise SmsError("ETABLERA_SMS_URL saknas eller är inte en http(s)-adress.")
        body = json.dumps({"to": number, "message": text, "from": settings.ETABLERA_SMS_SENDER}).encode()
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {settings.ETABLERA_SMS_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.ETABLERA_SMS_TIMEOUT) as response:  # noqa: S310
                answer = response.read(65536)
        except urllib.error.HTTPError as error:
            raise SmsError(f"Sms-tjänsten svarade {error.code}.") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"Sms-tjänsten gick inte att nå ({type(error).__name__}).") from None
        try:
            data = json.loads(answer or b"{}")
            message_id = str(data.get("id") or data.get("message_id") or "")
        except (ValueError, AttributeError):
            message_id = ""
        if not message_id:
            raise SmsError("Sms-tjänstens svar saknade meddelandets id.")
        return message_id[:100]


# GSM 03.38's basic set: a text only of these goes as 7-bit characters, 160 to one SMS (153 per part when split).
# Any other character (Arabic, Ge'ez, Cyrillic, …) makes the whole message UCS-2: 70 to one SMS, 67 per part.
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")  # two 7-bit characters each


def gsm_length(text: str) -> int | None:
    """The length in GSM 7-bit characters, or None when the text needs UCS-2."""
    length = 0
    for char in text:
        if char in GSM_BASIC:
            length += 1
        elif char in GSM_EXTENDED:
            length += 2
        else:
            return None
    return length


def parts(text: str) -> int:
    """How many SMS the text is sent as (a longer text goes as a multi-part message, each part billed)."""
    length = gsm_length(text)
    if length is not None:
        return 1 if length <= 160 else -(-length // 153)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= 70 else -(-units // 67)
