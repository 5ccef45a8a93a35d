"""The establishment imports over the API (issue #12): the status per month and SFI enrolments, with the same
importer as the command line (establishment/importers), the file read as every import endpoint reads it
(etablera/api/uploads.py), and the answer of the reception imports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from etablera.access.policy import capabilities
from etablera.api.auth import current_user
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.api.uploads import CSV_BODY, csv_file
from etablera.establishment.importers import import_file
from etablera.reception.api.imports import ImportRowErrorOut

router = Router(tags=["Etablering"])

DRY_RUN = Query(False, description="true: kontrollera och räkna, spara ingenting (provkörning).")
COMMON = (
    "som `text/csv` i innehållet eller som fältet `file` i `multipart/form-data`, högst 2 MB. Personen anges med "
    "personnummer, samordningsnummer eller dossiernummer (nuvarande eller tidigare). Alla rader kontrolleras "
    "först, med samma regler som sidan; har en enda rad fel sparas ingenting och svaret har `ok: false` och alla "
    "filens fel, per rad och kolumn (som filens rubrikrad skriver den) med kod. En person du inte har "
    "behörighet att ändra är ett fel på raden (`not_permitted`), likadant som ett nummer som ingen har; numret "
    "upprepas aldrig i svaret. Samma fil igen ändrar ingenting (`unchanged`). 403 om du inte arbetar i en enhet."
)


class EstablishmentImportOut(Schema):
    ok: bool = Field(description="Sant när filen importerades (eller skulle importeras, vid provkörning).")
    dry_run: bool
    rows: int = Field(description="Rader i filen.")
    created: int = Field(description="Nya rader i Etablera.")
    updated: int = Field(description="Ändrade.")
    unchanged: int = Field(description="Fanns redan med samma uppgifter.")
    errors: list[ImportRowErrorOut]


def _run(request, kind: str, dry_run: bool) -> dict:
    user = current_user(request)
    if not user.is_authenticated or not capabilities(user).unit_ids:
        raise PermissionDenied(_("Etableringen importeras av den som arbetar i en enhet."))
    data = csv_file(request)
    result = import_file(kind, data, actor=user, dry_run=dry_run)
    return {**result.as_json(), "ok": result.ok, "dry_run": result.dry_run, "rows": result.rows}


@router.post(
    "/imports/monthly-status",
    response={200: EstablishmentImportOut, 403: Message, 422: ValidationErrorOut},
    summary="Importera status per månad (CSV)",
    description="Läser en fil med status per person och månad (formatet i docs/import-formats.md, avsnittet "
    "Status per månad), " + COMMON,
    openapi_extra=CSV_BODY,
)
def import_monthly_status(request, dry_run: bool = DRY_RUN):
    return _run(request, "monthly-status", dry_run)


@router.post(
    "/imports/sfi",
    response={200: EstablishmentImportOut, 403: Message, 422: ValidationErrorOut},
    summary="Importera SFI-anmälningar (CSV)",
    description="Läser en fil med SFI-anmälningar, en rad per person (formatet i docs/import-formats.md, avsnittet "
    "SFI-anmälningar), " + COMMON,
    openapi_extra=CSV_BODY,
)
def import_sfi(request, dry_run: bool = DRY_RUN):
    return _run(request, "sfi", dry_run)
