"""Keeping personal data out of log output (issue #3, Hardening).

Log files are read by people who may not read case files (operations staff, a hosting supplier) and are kept
and copied without gallring, so nothing in them may identify a person. Etablera itself never logs names or
identity numbers; what could still carry them is what Django and libraries log for us:

- an exception's *message* ("… Amal Exempel …", a database error quoting the row it refused). The traceback —
  which file and line — stays; the message of every exception in the chain is replaced.
- a query string in a logged URL (the development server logs whole request lines, `GET /x/?q=… HTTP/1.1`).
  Searches are POSTs, so this is a second line of defence.
- the request attached to django.request records, from which an error mail or an error tracker would copy GET
  and POST data, cookies and headers. It is taken off the record.

`NoPersonalData` is wired in settings.LOGGING on the loggers that carry requests and exceptions (django,
django.request, django.server, django.security) — a logger's filters see its records before any handler does —
and on the console handler, for records of every other logger.
"""

from __future__ import annotations

import logging
import re
import traceback

REMOVED = "[borttaget]"

# A path (or a request line's method) followed by a query string: "/hushall/?q=Amal", "GET /x?q=1 HTTP/1.1". The
# query string is cut whole, whatever it holds: in a request line up to the protocol (a space, a quote, '<' or '#'
# typed into the address stays inside it), elsewhere up to the next white space. Quotes do not end it: the logged
# text can be a quoted request line whose query string holds a quote itself (`"GET /hushall/?sok='&namn=…"`).
_QUERY_STRING = re.compile(r"(?:(?P<path>/[^\s?]*)|(?<=[A-Z] ))\?(?:[^\n]*?(?=\sHTTP/\d)|\S*)")


def strip_query_strings(text: str) -> str:
    """Every query string in `text` replaced by a marker; the paths stay (persons appear in them only by
    random public ids)."""
    return _QUERY_STRING.sub(lambda match: f"{match['path'] or ''}?{REMOVED}", text)


def traceback_without_messages(error: BaseException) -> str:
    """The traceback of `error` and the exceptions it was raised from, in Python's usual form, with each
    exception's type and where it happened but without its message."""
    lines: list[str] = []
    seen: set[int] = set()

    def walk(exc: BaseException) -> None:
        seen.add(id(exc))
        if exc.__cause__ is not None and id(exc.__cause__) not in seen:
            walk(exc.__cause__)
            lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
        elif exc.__context__ is not None and not exc.__suppress_context__ and id(exc.__context__) not in seen:
            walk(exc.__context__)
            lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
        if exc.__traceback__ is not None:
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_tb(exc.__traceback__))
        kind = type(exc)
        name = (
            kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        )
        lines.append(f"{name}: {REMOVED}\n")

    walk(error)
    return "".join(lines).rstrip("\n")


class NoPersonalData(logging.Filter):
    """Cleans a record in place and lets it through: query strings out of the message, messages out of the
    exception, the request off the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what there is, never fail the logging call
            message = str(record.msg)
        record.msg = strip_query_strings(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = traceback_without_messages(record.exc_info[1])
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = strip_query_strings(record.exc_text)
        if hasattr(record, "request"):
            del record.request
        return True
