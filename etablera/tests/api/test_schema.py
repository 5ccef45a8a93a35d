"""The OpenAPI document is the API's contract: every URL Django serves under /api/v1/ is in it, every operation
has a written summary and description, and every query and path parameter says what it means."""

import re

from django.urls import URLResolver, get_resolver
from ninja import NinjaAPI, Query, Router, Schema

from etablera.api_v1 import api

# ninja's own views: the schema, the docs page and the root that only says where the docs are.
NINJA_VIEWS = {"openapi-json", "openapi-view", "api-root"}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def operations_of(pattern) -> set[str]:
    """The HTTP methods a ninja URL pattern serves (its PathView sits in the view's closure)."""
    cells = [cell.cell_contents for cell in pattern.callback.__closure__ or ()]
    path_view = next(c for c in cells if hasattr(c, "operations"))
    return {method.lower() for operation in path_view.operations for method in operation.methods}


def schema_problems(patterns: list[tuple[str, object]], schema: dict, prefix: str) -> list[str]:
    problems = []
    paths = schema["paths"]
    url_names = set()
    for route, pattern in patterns:
        if not route.startswith(prefix) or pattern.name in NINJA_VIEWS:
            continue
        url_names.add(pattern.name)
        openapi_path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        if openapi_path not in paths:
            problems.append(f"{openapi_path}: served by Django but missing from the OpenAPI document")
            continue
        for method in operations_of(pattern) - set(paths[openapi_path]):
            problems.append(f"{method.upper()} {openapi_path}: missing from the OpenAPI document")
    generated = {name.title().replace("_", " ") for name in url_names}
    for path, methods in paths.items():
        for method, operation in methods.items():
            where = f"{method.upper()} {path}"
            summary = (operation.get("summary") or "").strip()
            if not summary or summary in generated:
                problems.append(f"{where}: no written summary")
            if not (operation.get("description") or "").strip():
                problems.append(f"{where}: no description")
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("query", "path") and not (parameter.get("description") or "").strip():
                    problems.append(f"{where}: parameter '{parameter['name']}' has no description")
    return problems


def test_every_api_url_operation_and_parameter_is_documented():
    patterns = list(walk(get_resolver().url_patterns))
    api_routes = [route for route, p in patterns if route.startswith("api/v1/") and p.name not in NINJA_VIEWS]
    assert len(api_routes) >= 25  # the walk did find the API
    assert schema_problems(patterns, api.get_openapi_schema(), "api/v1/") == []


def test_the_schema_check_finds_undocumented_things():
    """The check above would catch an operation without summary, a parameter without description, and a URL
    that is not in the document."""

    class Filter(Schema):
        colour: str | None = None

    router = Router()

    @router.get("/things/{thing_id}")
    def get_thing(request, thing_id: int, filters: Query[Filter]):
        return {}

    bad = NinjaAPI(urls_namespace="bad-api-for-test")
    bad.add_router("/", router)
    urls, _, _ = bad.urls
    patterns = list(walk(urls, "bad/"))
    problems = schema_problems(patterns, bad.get_openapi_schema(path_prefix="/bad/"), "bad/")
    assert "GET /bad/things/{thing_id}: no written summary" in problems
    assert "GET /bad/things/{thing_id}: no description" in problems
    assert "GET /bad/things/{thing_id}: parameter 'thing_id' has no description" in problems
    assert "GET /bad/things/{thing_id}: parameter 'colour' has no description" in problems
    hidden = schema_problems(patterns, {"paths": {}}, "bad/")
    assert hidden == ["/bad/things/{thing_id}: served by Django but missing from the OpenAPI document"]


def test_no_person_or_household_schema_exposes_an_internal_id():
    components = api.get_openapi_schema()["components"]["schemas"]
    for name, component in components.items():
        if name.startswith(("Person", "Household", "Member")):
            assert "id" not in component.get("properties", {}), name
