"""Reading the statements a request sent (issue #19, query-count guards): how many, and which one was sent again and
again — the mark of a query per row (N+1) or per step of a loop.

A statement is compared with its literals taken out (strings, numbers, the members of an IN list), so that the same
query for another row counts as the same. The cache's own lookups (the session and the memberships, `etablera_cache`)
and the savepoints of atomic blocks are not the page's statements and are left out.
"""

from __future__ import annotations

import re
from collections import Counter

_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
_IN_LIST = re.compile(r"\((?:\s*(?:\?|%s)\s*,?)+\)")
_NOT_THE_PAGES = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
_CACHE_TABLE = '"etablera_cache"'


def shape(sql: str) -> str:
    """The statement without its literals: the same query for another row has the same shape."""
    return _IN_LIST.sub("(?)", _NUMBER.sub("?", _STRING.sub("?", sql)))


def page_statements(captured: list[dict]) -> list[str]:
    """The statements of `CaptureQueriesContext.captured_queries` that the page itself sent."""
    return [
        q["sql"] for q in captured if not q["sql"].startswith(_NOT_THE_PAGES) and _CACHE_TABLE not in q["sql"]
    ]


def most_repeated(statements: list[str]) -> tuple[str, int]:
    """The shape sent most often and how often (("", 0) for none)."""
    counts = Counter(shape(sql) for sql in statements)
    return counts.most_common(1)[0] if counts else ("", 0)
