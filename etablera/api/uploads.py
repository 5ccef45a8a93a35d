"""A CSV file sent to an import endpoint: as `text/csv` in the body or as the field `file` of multipart/form-data,
at most 2 MB (as the import pages). Every import endpoint reads it the same way, with the same errors at the field."""

from __future__ import annotations

from etablera.api.errors import LocatedValidationError
from etablera.web.forms import IMPORT_MAX_BYTES

# The request body of every import endpoint in the OpenAPI document (`openapi_extra=CSV_BODY`): the endpoints read
# it with csv_file() below rather than as a declared parameter, so without this the document would show no body.
CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {
                "schema": {
                    "type": "string",
                    "maxLength": IMPORT_MAX_BYTES,
                    "description": "CSV-filen, UTF-8.",
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "CSV-filen, UTF-8."}
                    },
                    "required": ["file"],
                }
            },
        },
    }
}


def csv_file(request) -> bytes:
    """The file's bytes, or a 422 at `file`/`body`: too large, or no file at all (a request without its body, not an
    empty file to list the errors of)."""
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise LocatedValidationError({"file": "Bifoga CSV-filen i fältet file."})
        if upload.size > IMPORT_MAX_BYTES:
            raise LocatedValidationError({"file": "Filen är större än 2 MB."})
        return upload.read()
    data = request.body
    if len(data) > IMPORT_MAX_BYTES:
        raise LocatedValidationError({"body": "Filen är större än 2 MB."})
    if not data:
        raise LocatedValidationError(
            {"body": "Skicka CSV-filen i innehållet (text/csv) eller i fältet file."}
        )
    return data
