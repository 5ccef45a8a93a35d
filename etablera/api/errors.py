"""Errors in one shape, in Swedish where a person will read them.

  401 {"detail": "Inloggning krävs …"}              no token, an unknown or a revoked token
  403 {"detail": "<the service's message>"}         the object is visible to you but you may not do this to it
  404 {"detail": "Hittades inte."}                  missing, or not yours to see (the two look the same)
  409 {"detail": "Uppgiften är redan klarmarkerad av …"}   a state change someone else made first (StateConflict)
  422 {"detail": [{"loc": ["body", "arrival_date"], "msg": "…", "code": "…"}]}
  413 {"detail": "Det du skickade är för stort: högst 2,5 MB."}   a body over DATA_UPLOAD_MAX_MEMORY_SIZE

A Django ValidationError from a service is keyed by field; its keys become `loc`, with a dotted key such as
"household.members.0.identity_number" split into parts (numbers as list indexes).

`install` also writes these answers into the OpenAPI document for every operation that can give them (401 for
every operation behind authentication, 422 for every operation with parameters or a body, 404 for every operation
with a path parameter), so that a router need not repeat them and a client may rely on the document. A state
change that can meet another (etablera/transitions.py) declares `409: Message` in its router; its description is
written here.
"""

from __future__ import annotations

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from etablera.api.messages import swedish
from etablera.transitions import StateConflict
from etablera.web.request_limits import too_large_message

UNAUTHORIZED = (
    "Inloggning krävs: skicka en giltig API-nyckel i huvudet 'Authorization: Bearer <nyckel>'. "
    "En återkallad nyckel gäller inte."
)
NOT_FOUND = "Hittades inte."
UNREADABLE_BODY = "Innehållet kunde inte läsas: skicka giltig JSON i UTF-8, utan tecknet NUL (U+0000)."
FORBIDDEN = "Du har inte behörighet till detta."


class LocatedValidationError(DjangoValidationError):
    """A service's ValidationError whose fields are (partly) query or path parameters, not body fields:
    `LocatedValidationError(error, year="path")` or `LocatedValidationError({"county": "…"}, default="query")`."""

    def __init__(self, message, default: str = "body", **where: str):
        super().__init__(message.error_dict if hasattr(message, "error_dict") else message)
        self.default = default
        self.where = where


def _loc(key: str, where: str) -> list[str | int]:
    if key == NON_FIELD_ERRORS:
        return [where]
    return [where, *(int(part) if part.isdigit() else part for part in key.split("."))]


def validation_errors(error: DjangoValidationError) -> list[dict]:
    """A Django ValidationError as a list of {loc, msg, code}."""
    default = getattr(error, "default", "body")
    where = getattr(error, "where", {})
    items: list[dict] = []
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            for item in errors:
                for message in item.messages:
                    loc = _loc(key, where.get(key, default))
                    items.append({"loc": loc, "msg": message, "code": item.code or "invalid"})
    else:
        for item in error.error_list:
            for message in item.messages:
                items.append({"loc": [default], "msg": message, "code": item.code or "invalid"})
    return items


# (status, description, response schema) of the answers this module gives, and which operations can give them.
COMMON_ANSWERS = {
    401: "Ingen giltig API-nyckel (saknas, okänd eller återkallad).",
    404: "Finns inte, eller du har inte tillgång till det (de två ser likadana ut).",
    422: "Ogiltiga parametrar eller ogiltigt innehåll: `detail` med `loc`, `msg` och `code` per fel.",
    413: "Innehållet är större än servern tar emot (DATA_UPLOAD_MAX_MEMORY_SIZE, 2,5 MB); ingenting har gjorts.",
}
CONFLICT = (
    "Ändringen görs inte: objektet är inte längre i det läge ändringen utgår från, någon annan har redan ändrat "
    "det (t.ex. klarmarkerat uppgiften). `detail` säger vad som hänt."
)


def _component(components: dict, model: type[Schema]) -> dict:
    """A $ref to `model` in the document's components, adding it (and what it refers to) when missing."""
    schemas = components.setdefault("schemas", {})
    if model.__name__ not in schemas:
        generated = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in generated.pop("$defs", {}).items():
            schemas.setdefault(name, definition)
        schemas[model.__name__] = generated
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def document_common_answers(schema: dict) -> dict:
    """Add the 401, 404 and 422 answers to each operation of an OpenAPI document that can give them."""
    from etablera.api.schemas import Message, ValidationErrorOut

    components = schema.setdefault("components", {})
    bodies = {401: Message, 404: Message, 422: ValidationErrorOut, 413: Message}
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            parameters = operation.get("parameters", [])
            applies = {
                401: bool(operation.get("security", schema.get("security"))),
                404: any(parameter.get("in") == "path" for parameter in parameters),
                422: bool(parameters) or "requestBody" in operation,
                413: "requestBody" in operation,
            }
            responses = operation.setdefault("responses", {})
            for key in (409, "409"):
                if key in responses:
                    responses[key]["description"] = CONFLICT
            for status, description in COMMON_ANSWERS.items():
                if applies[status] and str(status) not in responses and status not in responses:
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": _component(components, bodies[status])}},
                    }
    return schema


def install(api: NinjaAPI) -> None:
    """The error handlers below, the common answers in the OpenAPI document, and a parser that refuses input
    PostgreSQL cannot hold (parser.py)."""
    from etablera.api.parser import NulRefusingParser

    api.parser = NulRefusingParser()
    generate = api.get_openapi_schema

    def get_openapi_schema(*, path_prefix: str | None = None, path_params: dict | None = None):
        return document_common_answers(generate(path_prefix=path_prefix, path_params=path_params))

    api.get_openapi_schema = get_openapi_schema  # type: ignore[method-assign]

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request: HttpRequest, exc: DjangoValidationError):
        return api.create_response(request, {"detail": validation_errors(exc)}, status=422)

    @api.exception_handler(StateConflict)
    def state_conflict(request: HttpRequest, exc: StateConflict):
        """A change from a state the object is no longer in (a ValidationError, but not the client's input)."""
        return api.create_response(request, {"detail": exc.detail}, status=409)

    @api.exception_handler(NinjaValidationError)
    def schema_validation_error(request: HttpRequest, exc: NinjaValidationError):
        """Input that does not fit the schema (a missing field, a word where a date should be)."""
        detail = [
            {
                "loc": list(error.get("loc", [])),
                "msg": swedish(error),
                "code": error.get("type", "invalid"),
            }
            for error in exc.errors
        ]
        return api.create_response(request, {"detail": detail}, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        """ninja's own refusals. A body that is not JSON (ninja says 400 in English) is invalid input like any
        other: 422 in the same shape and in Swedish."""
        if exc.status_code == 400:
            detail = [{"loc": ["body"], "msg": UNREADABLE_BODY, "code": "json_invalid"}]
            return api.create_response(request, {"detail": detail}, status=422)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    @api.exception_handler(TooManyFieldsSent)
    @api.exception_handler(TooManyFilesSent)
    def too_large(request: HttpRequest, exc: Exception):
        """What etablera.web.request_limits could not see from the Content-Length (a multipart form's fields, a
        query string with too many parameters): the same 413, not Django's HTML 400 (a 500 with DEBUG)."""
        return api.create_response(request, {"detail": too_large_message(exc)}, status=413)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError):
        response = api.create_response(request, {"detail": UNAUTHORIZED}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="etablera"'
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return api.create_response(request, {"detail": NOT_FOUND}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied):
        return api.create_response(request, {"detail": str(exc) or FORBIDDEN}, status=403)
