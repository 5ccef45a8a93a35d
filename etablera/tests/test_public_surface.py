"""The public surface stays put when the code moves: every URL (route and name) and the OpenAPI document.

Users bookmark pages, other systems call the API and generate clients from its document, so a move of code between
folders (issue #10: one package per domain) must change neither. The snapshots in `snapshots/` were taken before the
move; a deliberate change to a URL or to the API rewrites them with `ETABLERA_UPDATE_SNAPSHOTS=1 pytest
etablera/tests/test_public_surface.py`, and the diff shows a reviewer exactly what changed for users.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

SNAPSHOTS = Path(__file__).parent / "snapshots"


def url_lines() -> str:
    """One line per URL pattern: the full route, then its name. Sorted, so the order of the include()s in the
    assembly doesn't matter (no two routes overlap; test_no_two_routes_overlap)."""
    lines = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}{pattern.name}" if pattern.name else "-"
                lines.append(f"{prefix}{pattern.pattern}\t{name}")

    walk(get_resolver().url_patterns, "/", "")
    return "\n".join(sorted(lines)) + "\n"


def openapi_text() -> str:
    from etablera.api_v1 import api

    return json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def compare(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("ETABLERA_UPDATE_SNAPSHOTS") == "1":
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} changed: run with ETABLERA_UPDATE_SNAPSHOTS=1 if the change is meant"


def test_the_url_list_is_unchanged():
    compare("urls.txt", url_lines())


def test_the_openapi_document_is_unchanged_byte_for_byte():
    compare("openapi.json", openapi_text())


def test_no_two_routes_overlap():
    """Sorting the URL list above is only sound if the order of patterns decides nothing: no route is a prefix of
    another's. The pages' routes are literals with typed parts, so two equal routes are the risk. (The API lists a
    path once per method: django-ninja answers every method of a path from one view.)"""
    routes = [line.split("\t")[0] for line in url_lines().splitlines() if not line.startswith("/api/")]
    duplicates = {route for route in routes if routes.count(route) > 1}
    assert duplicates == set()
