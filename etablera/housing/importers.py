"""Import of homes from the housing company's CSV file: one row per home, keyed by (municipality, objektnummer)
(docs/import-formats.md, "Bostäder").

The file machinery (encodings, separator, header aliases, row errors with codes, all-or-nothing, dry run, the
audit event) is reception's importer base; every row is checked with `services.clean_unit`, the validation the
form and the API use, and written with `services.save_unit`, which makes a second import of the same file a no-op.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.access.policy import capabilities
from etablera.housing import services
from etablera.housing.models import Contract, HousingUnit, Wish
from etablera.organisation.models import Municipality
from etablera.reception.importers.base import (
    ImportResult,
    Plan,
    Row,
    Table,
    municipalities_by_code,
    read_table,
    run_import,
)
from etablera.rules import housing as rules

KIND = "housing_units"
LABEL = gettext_lazy("Bostäder")

# Codes of this format beyond the shared ones in reception.importers.codes.ERROR_CODES (the table in
# docs/import-formats.md, "Bostäder", lists exactly these; a test checks).
HOUSING_ERROR_CODES: dict[str, str] = {
    "unknown_landlord": "Okänd hyresvärd (bostadsbolag, privat eller kommunen).",
    "unknown_kind": "Okänd typ av bostad.",
    "unknown_near": "Okänt värde i nära (skola, sfi, arbete, kollektivtrafik).",
    "invalid_boolean": "Ange ja eller nej.",
    "invalid_postal_code": "Postnumret har inte fem siffror.",
    "too_many_bedrooms": "Fler sovrum än rum.",
    "invalid_period": "Ledig till är före ledig från.",
    "capacity_below_contracts": "Färre platser än bostaden har kontrakt samtidigt.",
}

REQUIRED = ("objektnummer", "adress", "hyresvärd", "typ", "rum", "sovrum")
OPTIONAL = (
    "kommunkod",
    "postnummer",
    "postort",
    "område",
    "hyresvärdens_namn",
    "yta",
    "hyra",
    "pris_per_natt",
    "platser",
    "tillgänglighetsanpassad",
    "nära",
    "ledig_från",
    "ledig_till",
    "anteckning",
)
# Header names as people and other systems write them (after read_table's normalising: lower case, spaces → _).
ALIASES = {
    "objektnr": "objektnummer",
    "objekt-nr": "objektnummer",
    "objekt": "objektnummer",
    "lägenhetsnummer": "objektnummer",
    "reference": "objektnummer",
    "gatuadress": "adress",
    "address": "adress",
    "address_street": "adress",
    "postnr": "postnummer",
    "postal_code": "postnummer",
    "ort": "postort",
    "city": "postort",
    "stadsdel": "område",
    "omrade": "område",
    "area": "område",
    "hyresvard": "hyresvärd",
    "landlord": "hyresvärd",
    "hyresvärd_namn": "hyresvärdens_namn",
    "hyresvardens_namn": "hyresvärdens_namn",
    "landlord_name": "hyresvärdens_namn",
    "bostadstyp": "typ",
    "typ_av_bostad": "typ",
    "kind": "typ",
    "antal_rum": "rum",
    "rooms": "rum",
    "antal_sovrum": "sovrum",
    "bedrooms": "sovrum",
    "yta_(m²)": "yta",
    "yta_(m2)": "yta",
    "yta_m2": "yta",
    "m2": "yta",
    "m²": "yta",
    "floor_area": "yta",
    "hyra_(kr/mån)": "hyra",
    "hyra_kr/mån": "hyra",
    "hyra_(kr/månad)": "hyra",
    "månadshyra": "hyra",
    "kostnad_per_månad": "hyra",
    "monthly_cost": "hyra",
    "pris_per_natt_(kr)": "pris_per_natt",
    "nattpris": "pris_per_natt",
    "kostnad_per_natt": "pris_per_natt",
    "nightly_cost": "pris_per_natt",
    "antal_platser": "platser",
    "capacity": "platser",
    "tillgänglig": "tillgänglighetsanpassad",
    "tillgänglighet": "tillgänglighetsanpassad",
    "accessible": "tillgänglighetsanpassad",
    "nara": "nära",
    "near": "nära",
    "ledig_fr.o.m.": "ledig_från",
    "ledig_from": "ledig_från",
    "ledig_fran": "ledig_från",
    "available_from": "ledig_från",
    "ledig_t.o.m.": "ledig_till",
    "available_to": "ledig_till",
    "anteckningar": "anteckning",
    "notes": "anteckning",
    "note": "anteckning",
    "municipality_code": "kommunkod",
}

# Optional column -> UnitInput field. A column the file does not have leaves an existing home's value as it is
# (a note typed on the page survives an import of a file without notes); an empty cell clears it.
FIELDS = {
    "postnummer": "address_postal_code",
    "postort": "address_city",
    "område": "area",
    "hyresvärdens_namn": "landlord_name",
    "yta": "floor_area",
    "hyra": "monthly_cost",
    "pris_per_natt": "nightly_cost",
    "platser": "capacity",
    "tillgänglighetsanpassad": "accessible",
    "nära": "near",
    "ledig_från": "available_from",
    "ledig_till": "available_to",
    "anteckning": "notes",
}
# clean_unit's fields -> the column, and the code when the service's error carries none.
COLUMNS = {
    "reference": "objektnummer",
    "address_street": "adress",
    "landlord": "hyresvärd",
    "kind": "typ",
    "rooms": "rum",
    "bedrooms": "sovrum",
    "capacity": "platser",
    **{name: column for column, name in FIELDS.items()},
}
CODES = {
    "reference": "missing_value",
    "address_street": "missing_value",
    "landlord": "unknown_landlord",
    "kind": "unknown_kind",
    "rooms": "invalid_number",
    "bedrooms": "too_many_bedrooms",  # the only bedroom rule left once the cell has parsed as 0 or more
    "monthly_cost": "missing_value",  # neither a rent nor a price per night
    "nightly_cost": "invalid_number",
    "floor_area": "invalid_number",
    "capacity": "invalid_number",
    "near": "unknown_near",
    "available_to": "invalid_period",
}


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold())


L, K = HousingUnit.Landlord, HousingUnit.Kind
LANDLORDS = {
    **{_key(value): value for value in L.values},
    "bostadsbolag": L.HOUSING_COMPANY,
    "bostadsbolaget": L.HOUSING_COMPANY,
    "kommunalt bostadsbolag": L.HOUSING_COMPANY,
    "allmännyttan": L.HOUSING_COMPANY,
    "allmännyttig": L.HOUSING_COMPANY,
    "privat": L.PRIVATE,
    "privat hyresvärd": L.PRIVATE,
    "kommunen": L.MUNICIPALITY,
    "kommun": L.MUNICIPALITY,
}
KINDS = {
    **{_key(value): value for value in K.values},
    "lägenhet": K.FLAT,
    "lgh": K.FLAT,
    "hus": K.HOUSE,
    "villa": K.HOUSE,
    "radhus": K.HOUSE,
    "hus (villa, radhus)": K.HOUSE,
    "modulbostad": K.MODULE,
    "modul": K.MODULE,
    "rum": K.SHARED_ROOM,
    "rum i delat boende": K.SHARED_ROOM,
    "hotell": K.HOTEL,
    "hotellrum": K.HOTEL,
    "vandrarhem": K.HOTEL,
    "hotell- eller vandrarhemsrum": K.HOTEL,
    "genomgångsbostad": K.TRANSITIONAL,
    "hvb": K.HVB,
    "plats på hvb": K.HVB,
    "stödboende": K.SUPPORTED,
    "plats i stödboende": K.SUPPORTED,
    "utslussboende": K.EXIT,
    "plats i utslussboende": K.EXIT,
}
NEAR = {
    **{_key(value): value for value in Wish.values},
    "skola": Wish.SCHOOL,
    "sfi": Wish.SFI,
    "arbete": Wish.WORK,
    "jobb": Wish.WORK,
    "kollektivtrafik": Wish.TRANSPORT,
    "buss": Wish.TRANSPORT,
}
YES = {"ja", "j", "x", "1", "sant", "true", "yes"}
NO = {"nej", "n", "0", "falskt", "false", "no"}
ALLOWED = {
    "hyresvärd": gettext_lazy("Okänt värde. Ange bostadsbolag, privat eller kommunen."),
    "typ": gettext_lazy(
        "Okänt värde. Ange lägenhet, hus, modulbostad, rum, hotell, genomgångsbostad, hvb, stödboende eller "
        "utslussboende."
    ),
}


@dataclass
class UnitOperation:
    row: int
    municipality: Municipality
    data: services.UnitInput
    existing: HousingUnit | None = None


@dataclass
class HousingImportResult(ImportResult):
    """The shared result, and per row what happened to which home (for the page's table)."""

    outcomes: list[tuple[int, str, str]] = field(default_factory=list)  # (row, objektnummer, outcome)


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def plan(table: Table, *, default: Municipality | None = None, permitted: set[int] | None = None) -> Plan:
    """Check every row. `default` is the municipality of the import (rows without a kommunkod belong to it);
    `permitted` the actor's housing municipalities (None: the command line, any municipality)."""
    result = Plan()
    today = timezone.localdate()
    municipalities = municipalities_by_code()
    present = set(table.columns)
    parsed: list[tuple[Row, Municipality | None, services.UnitInput]] = []
    for number, values in table.rows:
        row = Row(number, values)
        municipality = _municipality(row, municipalities, default, permitted)
        parsed.append((row, municipality, _unit_input(row)))
    existing = _existing({(m.pk, data.reference) for _r, m, data in parsed if m is not None})
    first_row: dict[tuple[int, str], int] = {}
    for row, municipality, data in parsed:
        if municipality is not None and data.reference:
            key = (municipality.pk, data.reference)
            if key in first_row:
                row.error(
                    "objektnummer",
                    "duplicate_reference",
                    _("Objektnumret finns redan på rad %(row)s; varje bostad ska stå på en rad.")
                    % {"row": first_row[key]},
                )
            else:
                first_row[key] = row.number
        current = existing.get((municipality.pk, data.reference)) if municipality else None
        if current is not None:
            _keep_what_the_file_does_not_say(data, current, present)
        try:
            # Also for a row with unreadable cells, so that every rule it breaks is reported at once (a cell
            # already reported is not reported twice).
            data = services.clean_unit(data, on=today)
        except ValidationError as error:
            row.validation_error(error, COLUMNS, CODES)
        if current is not None and not row.errors:
            _check_capacity(row, current, data.capacity)
        if row.errors:
            result.errors.extend(row.errors)
        elif municipality is not None:
            result.operations.append(UnitOperation(row.number, municipality, data, current))
    return result


def _municipality(
    row: Row,
    municipalities: dict[str, Municipality],
    default: Municipality | None,
    permitted: set[int] | None,
) -> Municipality | None:
    raw = row.text("kommunkod")
    municipality = default
    if raw:
        code = raw.zfill(4) if raw.isdigit() and len(raw) == 3 else raw  # Excel drops the leading zero
        municipality = municipalities.get(code)
        if municipality is None:
            row.error("kommunkod", "unknown_municipality", _("Okänd kommunkod (fyra siffror, t.ex. 0480)."))
            return None
    elif municipality is None:
        row.error("kommunkod", "missing_value", _("Ange kommunkod på raden eller välj kommun för importen."))
        return None
    if permitted is not None and municipality.pk not in permitted:
        # As reception's imports: an error at the row, listed with every other error of the file; nothing is saved.
        row.error(
            "kommunkod",
            "not_permitted",
            _("Du har inte behörighet att hantera bostäder i %(name)s.") % {"name": municipality.name},
        )
        return None
    if default is not None and municipality.pk != default.pk:
        row.error(
            "kommunkod",
            "municipality_mismatch",
            _("Raden gäller %(row)s, men importen görs för %(import)s.")
            % {"row": municipality.name, "import": default.name},
        )
        return None
    return municipality


def _unit_input(row: Row) -> services.UnitInput:
    """The row's cells as the service's input; a cell that could not be read is recorded as an error and given
    as empty."""
    data = services.UnitInput(
        reference=row.text("objektnummer", required=True, max_length=40),
        address_street=row.text("adress", required=True, max_length=200),
        landlord=_choice(row, "hyresvärd", LANDLORDS, "unknown_landlord") or "",
        kind=_choice(row, "typ", KINDS, "unknown_kind") or "",
        rooms=row.integer("rum", required=True, minimum=1, maximum=50),
        bedrooms=row.integer("sovrum", required=True, minimum=0, maximum=50),
        monthly_cost=row.integer("hyra", minimum=0, maximum=10_000_000),
        address_postal_code=_postal_code(row),
        address_city=row.text("postort", max_length=100),
        area=row.text("område", max_length=100),
        landlord_name=row.text("hyresvärdens_namn", max_length=200),
        floor_area=row.integer("yta", minimum=1, maximum=100_000),
        nightly_cost=row.integer("pris_per_natt", minimum=0, maximum=1_000_000),
        capacity=row.integer("platser", minimum=1, maximum=1000) or 1,
        accessible=_boolean(row, "tillgänglighetsanpassad"),
        near=_near(row),
        available_from=row.date("ledig_från"),
        available_to=row.date("ledig_till"),
        notes=row.text("anteckning", max_length=2000),
    )
    return data


def _choice(row: Row, column: str, choices: dict[str, str], code: str) -> str | None:
    raw = row.text(column, required=True)
    if not raw:
        return None
    value = choices.get(_key(raw))
    if value is None:
        row.error(column, code, str(ALLOWED[column]))
    return value


def _postal_code(row: Row) -> str:
    raw = row.text("postnummer")
    if not raw:
        return ""
    digits = re.sub(r"[\s\u00a0]", "", raw.upper().removeprefix("SE-"))
    if not re.fullmatch(r"\d{5}", digits):
        row.error("postnummer", "invalid_postal_code", _("Postnumret ska ha fem siffror, t.ex. 611 30."))
        return ""
    return f"{digits[:3]} {digits[3:]}"


def _boolean(row: Row, column: str) -> bool:
    raw = _key(row.text(column))
    if not raw or raw in NO:
        return False
    if raw in YES:
        return True
    row.error(column, "invalid_boolean", _("Ange ja eller nej."))
    return False


def _near(row: Row) -> list[str]:
    raw = row.text("nära")
    found: list[str] = []
    for word in re.split(r"[;,|/]", raw):
        word = _key(word).removeprefix("nära ").strip()
        if not word:
            continue
        value = NEAR.get(word)
        if value is None:
            row.error(
                "nära", "unknown_near", _("Okänt värde. Ange skola, sfi, arbete och/eller kollektivtrafik.")
            )
            return []
        if value not in found:
            found.append(value)
    return found


def _existing(keys: set[tuple[int, str]]) -> dict[tuple[int, str], HousingUnit]:
    found: dict[tuple[int, str], HousingUnit] = {}
    by_municipality: dict[int, list[str]] = {}
    for municipality_id, reference in keys:
        by_municipality.setdefault(municipality_id, []).append(reference)
    for municipality_id, references in by_municipality.items():
        for start in range(0, len(references), 500):
            units = HousingUnit.objects.filter(
                municipality_id=municipality_id, reference__in=references[start : start + 500]
            )
            for unit in units:
                found[(unit.municipality_id, unit.reference)] = unit
    return found


def _keep_what_the_file_does_not_say(data: services.UnitInput, unit: HousingUnit, present: set[str]) -> None:
    for column, name in FIELDS.items():
        if column not in present:
            if name == "monthly_cost" and "pris_per_natt" in present:
                continue  # the monthly cost follows the price per night the file gives
            setattr(data, name, getattr(unit, name))
    # Not in the format at all: set on the page, kept by every import.
    data.accessibility_note = unit.accessibility_note
    data.is_active = unit.is_active


def _check_capacity(row: Row, unit: HousingUnit, capacity: int) -> None:
    """save_unit would refuse it while writing; said here, at the row, before anything is written."""
    if capacity >= unit.capacity:
        return
    intervals = [(c.start_date, c.end_date) for c in unit.contracts.exclude(status=Contract.Status.CANCELLED)]
    peak = rules.peak_occupancy(intervals)
    if peak > capacity:
        row.error(
            "platser",
            "capacity_below_contracts",
            _("Bostaden har %(n)s kontrakt samtidigt; avsluta kontrakt innan antalet platser minskas.")
            % {"n": peak},
        )


# --- writing --------------------------------------------------------------------------------------------------


def _write(outcomes: list, operation: UnitOperation, actor) -> str:
    unit, outcome = services.save_unit(
        actor=actor, municipality=operation.municipality, data=operation.data, unit=operation.existing
    )
    outcomes.append((operation.row, unit.reference, outcome))
    return outcome


def import_units(
    file, *, actor=None, municipality: Municipality | None = None, dry_run: bool = False
) -> HousingImportResult:
    """Import homes from `file` (bytes, or a file opened in binary mode / an uploaded file).

    `municipality`: the municipality of the import (rows without a kommunkod belong to it); with an `actor` and no
    municipality, the actor's own when they keep housing in exactly one. With an `actor` (a page or the API)
    every row must be about a municipality where the actor keeps housing, otherwise PermissionDenied before
    anything is written; the command line runs as the system (actor None) and may import for any."""
    data = file if isinstance(file, bytes) else file.read()
    permitted = None
    if actor is not None:
        permitted = capabilities(actor).housing_municipality_ids
        if not permitted:
            raise PermissionDenied(_("Du har inte behörighet att hantera bostäder."))
        if municipality is not None and municipality.pk not in permitted:
            raise PermissionDenied(
                _("Du har inte behörighet att hantera bostäder i %(name)s.") % {"name": municipality.name}
            )
        if municipality is None and len(permitted) == 1:
            municipality = Municipality.objects.get(pk=next(iter(permitted)))
    outcomes: list[tuple[int, str, str]] = []
    result = run_import(
        kind=KIND,
        data=data,
        read=read,
        plan=functools.partial(plan, default=municipality, permitted=permitted),
        write=functools.partial(_write, outcomes),
        actor=actor,
        dry_run=dry_run,
    )
    return HousingImportResult(**vars(result), outcomes=sorted(outcomes) if result.ok else [])
