"""What every download shares: the content types, and cells defused so a spreadsheet runs no formula and accepts
every stored text. Knows no domain: each domain's downloads (and their line in the audit log) are in
`etablera/<domain>/web/exports.py`."""

from __future__ import annotations

import re

# OWASP "CSV injection": a cell beginning with one of these may be run as a formula by Excel or LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Control characters (not tab, line feed, carriage return) that openpyxl refuses in a worksheet: one in a stored
# name made the whole Excel download fail. Nobody types them on purpose, so they are left out of CSV as well.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value):
    """A cell as stored text should be in a file: no control characters, and a text that a spreadsheet would run
    as a formula (also after leading spaces, which some spreadsheets skip) prefixed with an apostrophe."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    if value.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
