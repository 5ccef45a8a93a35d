"""The anvisningar import over the API (issue #11): the same importer as the page and the command line
(reception/importers), the file read as every import endpoint reads it (etablera/api/uploads.py). The members import
is beside the anvisning's members in api/assignments.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from etablera.access.policy import capabilities
from etablera.api.auth import current_user
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.api.uploads import CSV_BODY, csv_file
from etablera.reception.importers import import_file

router = Router(tags=["Mottagande"])


class ImportRowErrorOut(Schema):
    row: int = Field(description="Radnummer i filen (rubrikraden = 1; 0 = filen som helhet).")
    column: str = Field(
        description="Kolumnen som filens rubrikrad skriver den (t.ex. Referens eller reference); tom = hela raden."
    )
    code: str = Field(description="Felkod, se docs/import-formats.md.")
    message: str = Field(description="Vad som är fel, på användarens språk (svenska eller engelska).")
    value: str = Field(description="Cellens värde, förkortat och ofarligt att öppna i ett kalkylark.")


class AssignmentsImportOut(Schema):
    ok: bool = Field(description="Sant när filen importerades (eller skulle importeras, vid provkörning).")
    dry_run: bool
    rows: int = Field(description="Rader i filen.")
    created: int = Field(description="Nya anvisningar.")
    updated: int = Field(description="Anvisningar vars status flyttades framåt (mottagen eller avbruten).")
    unchanged: int = Field(description="Anvisningar som redan fanns med samma uppgifter.")
    errors: list[ImportRowErrorOut]


@router.post(
    "/imports/assignments",
    response={200: AssignmentsImportOut, 403: Message, 422: ValidationErrorOut},
    summary="Importera anvisningar (CSV)",
    description="Läser en fil med anvisningar, en rad per anvisning (formatet i docs/import-formats.md, avsnittet "
    "Anvisningar), som `text/csv` i innehållet eller som fältet `file` i `multipart/form-data`, högst 2 MB. Alla "
    "rader kontrolleras först; har en enda rad fel sparas ingenting och svaret har `ok: false` och alla filens "
    "fel, per rad och kolumn (som filens rubrikrad skriver den) med kod. En rad om en kommun där du inte "
    "registrerar mottagande, eller en referens som en sådan kommuns anvisning redan har, är ett fel på raden "
    "(`not_permitted`). Samma fil igen ändrar ingenting (`unchanged`). 403 om du inte registrerar mottagande.",
    openapi_extra=CSV_BODY,
)
def import_assignments(
    request,
    dry_run: bool = Query(False, description="true: kontrollera och räkna, spara ingenting (provkörning)."),
):
    user = current_user(request)
    if not user.is_authenticated or not capabilities(user).can_register_reception:
        raise PermissionDenied(_("Anvisningar importeras av mottagningsenheten."))
    data = csv_file(request)
    result = import_file("assignments", data, actor=user, dry_run=dry_run)
    return {**result.as_json(), "ok": result.ok, "dry_run": result.dry_run, "rows": result.rows}
