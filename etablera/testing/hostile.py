"""Hostile stored text (issue #9, finding 6): values people may type, and checks that every place shows them as text.

Names, notes and reasons are stored as typed. What must hold is where they are shown: a page escapes markup, a CSV
or Excel cell that a spreadsheet would run as a formula is defused, a PDF sets the text as it is (fpdf2's markdown
and HTML modes are never used on user text). These helpers read an answer and say what is wrong with it.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

from etablera.testing.pdf import streams as pdf_streams

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BRACES = "{{7*7}}"
MARKDOWN = "**fet** __kursiv__"  # fpdf2's markdown would set these in bold and italics and drop the marks
CONTROL = "\x07\x1b[31m"  # a bell and a terminal colour: openpyxl cannot write them into a worksheet
FORMULAS = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")

# What an unescaped value leaves in HTML. The escaped forms (&lt;script&gt;, &quot;&gt;&lt;img) never match.
RAW_MARKUP = ("<script>alert(", "<img src=x onerror")
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

# OWASP "CSV injection": a cell starting with one of these may run as a formula. A plain number is harmless.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[-+]?\d+([.,]\d+)?")


def hostile(prefix: str = "", limit: int = 300) -> str:
    """A value with a formula prefix, markup that would run if unescaped, and a template expression."""
    value = f"{prefix} {SCRIPT}{IMG} {BRACES}" if prefix else f"{SCRIPT}{IMG} {BRACES}"
    assert len(value) <= limit, f"{value!r} is longer than the field ({limit})"
    return value


def raw_markup(html: str) -> list[str]:
    """Each unescaped hostile value in the HTML, with a little of what surrounds it (to find the template)."""
    found = []
    lowered = html.lower()
    for marker in RAW_MARKUP:
        start = lowered.find(marker)
        while start != -1:
            found.append(html[max(0, start - 120) : start + 60])
            start = lowered.find(marker, start + 1)
    return found


class PageParser(HTMLParser):
    """The download links (a `format=` in the query) and the forms of a page, with the names of their fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.downloads: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "format=" in (attrs.get("href") or ""):
            self.downloads.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "buttons": [],  # (name, value) of each named submit button: one submission each
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif (
            tag in ("input", "select", "textarea", "button") and self._form is not None and attrs.get("name")
        ):
            kind = (attrs.get("type") or ("submit" if tag == "button" else "")).lower()
            if kind == "submit" and attrs.get("name"):
                self._form["buttons"].append((attrs["name"], attrs.get("value", "")))
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            name = attrs["name"]
            # Hidden fields keep their value (the CSRF token, a step); everything a person types is hostile.
            self._form["fields"][name] = attrs.get("value", "") if kind == "hidden" else None

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def parse_page(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def dangerous(cell) -> bool:
    return (
        isinstance(cell, str) and cell.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(cell.strip())
    )


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def xlsx_cells(content: bytes) -> list:
    """Every cell's value; a formula cell (openpyxl stores any text starting with "=" as one) as "FORMULA:…"."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                cells.append(f"FORMULA:{cell.value}" if cell.data_type == "f" else cell.value)
    return cells


_PDF_TEXT = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj")
_PDF_ESCAPE = re.compile(rb"\\(.)", re.S)


def pdf_text(content: bytes) -> str:
    """The text a PDF in the core font shows, without spaces or line breaks (fpdf2 breaks long values over lines).
    Only for PDFs set in Helvetica: with an embedded font the text is written as glyph numbers."""
    shown = []
    for data in pdf_streams(content):
        for text in _PDF_TEXT.findall(data):
            shown.append(_PDF_ESCAPE.sub(rb"\1", text).decode("latin-1"))
    return re.sub(r"\s+", "", "".join(shown))
