"""A request body over Django's limit (DATA_UPLOAD_MAX_MEMORY_SIZE) is answered before anything reads it.

Django refuses such a body only when something reads it (the CSRF check reads a form, ninja reads JSON), by raising
RequestDataTooBig: its HTML "Bad Request (400)" in English, and on the API with DEBUG a server error with a
traceback. The middleware below answers first: the API's JSON error (413, docs/api.md) on /api/, and a Swedish page
(413) elsewhere. A JSON or CSV body is judged by its Content-Length. Django counts only a multipart form's fields,
not its files, against the limit (an import checks its file's size itself), so a page's form is read here, before
the CSRF check would read it; on the API the handlers in etablera/api/errors.py answer when ninja reads it (read
here, the body could no longer be read as JSON by an operation that takes JSON). A form or a query string with too
many fields (DATA_UPLOAD_MAX_NUMBER_FIELDS) is the same 413 on the API; on a page, Django's 400 on the Swedish
400.html.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"
FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


def size_text(size: int) -> str:
    """2 621 440 -> "2,5 MB"; 1000 -> "1 kB" (Swedish decimal comma)."""
    value, unit = (size / (1024 * 1024), "MB") if size >= 1024 * 1024 else (size / 1024, "kB")
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {unit}"


def too_large_message(error: Exception | None = None) -> str:
    # The API speaks Swedish whatever the language (as its other messages, docs/api.md).
    if isinstance(error, TooManyFieldsSent | TooManyFilesSent):
        return f"Det du skickade har för många fält: högst {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}."
    return f"Det du skickade är för stort: högst {size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}."


def too_large(request) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.content_type == "multipart/form-data":  # files do not count: read the form
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django reads such a body as empty
    return length > limit


def too_large_response(request, error: Exception | None = None):
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": too_large_message(error)}, status=413, json_dumps_params={"ensure_ascii": False}
        )
    limit = size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return render(request, "413.html", {"limit": limit}, status=413)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if too_large(request):
            return too_large_response(request)
        if (
            request.method == "POST"
            and request.content_type in FORMS
            and not request.path_info.startswith(API_PREFIX)
        ):
            try:
                request.POST  # noqa: B018 - read now, while the error can still be answered as above
            except RequestDataTooBig as error:
                return too_large_response(request, error)
            # Too many fields: Django's 400, on the Swedish 400.html.
        return self.get_response(request)
