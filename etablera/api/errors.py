"""Errors in one shape, in Swedish where a person will read them.

  401 {"detail": "Inloggning krävs …"}              no token, an unknown or a revoked token
  403 {"detail": "<the service's message>"}         the object is visible to you but you may not do this to it
  404 {"detail": "Hittades inte."}                  missing, or not yours to see (the two look the same)
  422 {"detail": [{"loc": ["body", "arrival_date"], "msg": "…", "code": "…"}]}

A Django ValidationError from a service is keyed by field; its keys become `loc`, with a dotted key such as
"household.members.0.identity_number" split into parts (numbers as list indexes).
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

UNAUTHORIZED = (
    "Inloggning krävs: skicka en giltig API-nyckel i huvudet 'Authorization: Bearer <nyckel>'. "
    "En återkallad nyckel gäller inte."
)
NOT_FOUND = "Hittades inte."
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


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request: HttpRequest, exc: DjangoValidationError):
        return api.create_response(request, {"detail": validation_errors(exc)}, status=422)

    @api.exception_handler(NinjaValidationError)
    def schema_validation_error(request: HttpRequest, exc: NinjaValidationError):
        """Input that does not fit the schema (a missing field, a word where a date should be)."""
        detail = [
            {
                "loc": list(error.get("loc", [])),
                "msg": error.get("msg", ""),
                "code": error.get("type", "invalid"),
            }
            for error in exc.errors
        ]
        return api.create_response(request, {"detail": detail}, status=422)

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
