"""Swedish identity numbers, through python-stdnum (which implements Skatteverket's Luhn check and the
samordningsnummer day + 60), and Migrationsverket's dossiernummer.

Folkbokföringslagen (1991:481) 18 § (personnummer), 18 a § (samordningsnummer). We store all 12 digits with the
century and never show the number in URLs or logs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from stdnum import exceptions as stdnum_exceptions
from stdnum import luhn
from stdnum.se import personnummer as stdnum_personnummer

PERSONNUMMER = "PERSONNUMMER"
SAMORDNINGSNUMMER = "SAMORDNINGSNUMMER"
DOSSIERNUMMER = "DOSSIERNUMMER"
NONE = "NONE"


class IdentityNumberError(ValueError):
    """An identity number that does not hold; the message is Swedish and meant for the user."""


@dataclass(frozen=True)
class IdentityNumber:
    kind: str
    value: str  # normalised: 12 digits for personnummer/samordningsnummer, "12-345678" or "12-345678/2" for dossier
    birth_date: dt.date | None = None

    @property
    def masked(self) -> str:
        """For screens that must show that a number exists without showing it: 'ÅÅÅÅMMDD-****'."""
        if self.kind in (PERSONNUMMER, SAMORDNINGSNUMMER):
            return f"{self.value[:8]}-****"
        return self.value


# ASCII digits only: `\d` would also take Arabic-Indic or full-width digits, which are no identity number.
_DOSSIER = re.compile(r"^(\d{2})-?(\d{6})(/\d{1,2})?$", re.ASCII)


def parse(kind: str, raw: str, today: dt.date | None = None) -> IdentityNumber:
    """Validate and normalise `raw` as an identity number of type `kind`."""
    raw = (raw or "").strip()
    if kind == NONE:
        if raw:
            raise IdentityNumberError("Ange nummertyp när ett identitetsnummer finns.")
        return IdentityNumber(NONE, "")
    if kind == DOSSIERNUMMER:
        match = _DOSSIER.match(raw.replace(" ", ""))
        if not match:
            raise IdentityNumberError(
                "Dossiernummer ska ha åtta siffror, till exempel 12-345678 (eventuellt /1)."
            )
        return IdentityNumber(DOSSIERNUMMER, f"{match.group(1)}-{match.group(2)}{match.group(3) or ''}")
    if kind not in (PERSONNUMMER, SAMORDNINGSNUMMER):
        raise IdentityNumberError("Okänd nummertyp.")
    return _parse_personal(kind, raw, today or dt.date.today())  # noqa: DTZ011 — a date, in local time


def _parse_personal(kind: str, raw: str, today: dt.date) -> IdentityNumber:
    label = "Personnumret" if kind == PERSONNUMMER else "Samordningsnumret"
    compact = stdnum_personnummer.compact(raw)
    if len(compact) not in (11, 13):
        raise IdentityNumberError(f"{label} ska ha 10 eller 12 siffror (ÅÅÅÅMMDD-NNNN).")
    digits = compact[:-5] + compact[-4:]
    # isdigit() alone also takes '²' or '٣' (int() then fails, or normalises them silently): ASCII digits only.
    if compact[-5] not in "-+" or not (digits.isascii() and digits.isdigit()):
        raise IdentityNumberError(f"{label} får bara innehålla siffror och bindestreck (ÅÅÅÅMMDD-NNNN).")
    day = int(compact[-7:-5])
    is_coordination = day > 60
    if kind == PERSONNUMMER and is_coordination:
        raise IdentityNumberError("Numret är ett samordningsnummer (dag + 60), inte ett personnummer.")
    if kind == SAMORDNINGSNUMMER and not is_coordination:
        raise IdentityNumberError("Ett samordningsnummer har dag + 60; detta ser ut som ett personnummer.")
    # stdnum knows the personnummer's date rules; a samordningsnummer is the same with day + 60.
    birth_form = f"{compact[:-7]}{day - 60:02d}{compact[-5:]}" if is_coordination else compact
    if len(birth_form) == 11:
        birth_form = _with_century(birth_form, today)
    try:
        birth_date = stdnum_personnummer.get_birth_date(birth_form)
    except stdnum_exceptions.ValidationError as error:
        raise IdentityNumberError(f"{label} innehåller inget giltigt datum.") from error
    try:
        luhn.validate(digits[-10:])
    except stdnum_exceptions.ValidationError as error:
        raise IdentityNumberError(f"{label} har fel kontrollsiffra.") from error
    if birth_date > today:
        raise IdentityNumberError(f"{label} anger ett födelsedatum i framtiden.")
    twelve = f"{birth_date.year:04d}{digits[-8:]}"
    return IdentityNumber(kind, twelve, birth_date)


def _with_century(ten: str, today: dt.date) -> str:
    """YYMMDD-NNNN as YYYYMMDD-NNNN, the century counted from `today` (not the machine's clock, as stdnum does):
    the latest year with those two digits that is not after today, a hundred years earlier with '+' (folkbokföringslagen
    18 §: '+' from the year the person turns 100)."""
    yy = int(ten[:2])
    year = today.year - (today.year - yy) % 100
    try:
        if dt.date(year, int(ten[2:4]), int(ten[4:6])) > today:
            year -= 100
    except ValueError:
        pass  # no such date: stdnum says so below
    if ten[6] == "+":
        year -= 100
    return f"{year:04d}{ten[2:6]}-{ten[7:]}"


def format_number(kind: str, value: str) -> str:
    """Display form: ÅÅÅÅMMDD-NNNN."""
    if kind in (PERSONNUMMER, SAMORDNINGSNUMMER) and len(value) == 12:
        return f"{value[:8]}-{value[8:]}"
    return value
