"""A CSV file sent to an import endpoint: as `text/csv` in the body or as the field `file` of multipart/form-data,
at most 2 MB (as the import pages). Every import endpoint reads it the same way, with the same errors at the field."""

from __future__ import annotations

from etablera.api.errors import LocatedValidationError
from etablera.web.forms import IMPORT_MAX_BYTES


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
