"""Every URL name and API operation there is, read from the URL resolver and the OpenAPI document: what the
matrix must have a row for."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

# Views that are not pages of ours: Django's admin, the OpenAPI document and docs (no personal data).
NOT_IN_MATRIX = {"openapi-json", "openapi-view", "api-root"}


def web_routes() -> set[tuple[str, str]]:
    """(name, route) of every named URL of ours: not Django's admin, not the API (read from its schema)."""
    routes = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith(("admin/", "api/")):
                    walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                routes.add((pattern.name, route))

    walk(get_resolver().url_patterns)
    return routes


def web_url_names() -> set[str]:
    return {name for name, _route in web_routes()} - NOT_IN_MATRIX


def api_operations() -> set[str]:
    from etablera.api_v1 import api as ninja_api

    schema = ninja_api.get_openapi_schema()
    prefix = "/api/v1"
    return {
        f"{method.upper()} {path.removeprefix(prefix)}"
        for path, operations in schema["paths"].items()
        for method in operations
    }
