"""Plain PDF documents for a person: the access history and the register extract (docs/decisions/0006).

A document is built as a list of blocks (heading, paragraph, facts, table) and rendered with fpdf2, which is pure
Python and never interprets the text it is given as markup. Text is set in DejaVu Sans when the server has it (it
covers every Latin script a name can be written in); otherwise in the PDF core font Helvetica, where a character
outside Latin-1 is replaced by its base letter (Ş → S) so that nothing is lost silently.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIRS = [
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu (fonts-dejavu-core)
    "/usr/share/fonts/dejavu",  # Alpine, Fedora
    "/usr/share/fonts/TTF",  # Arch
]
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"


def font_dir() -> Path | None:
    configured = getattr(settings, "ETABLERA_PDF_FONT_DIR", "")
    for candidate in [configured, *FONT_DIRS]:
        if candidate and (Path(candidate) / REGULAR).is_file() and (Path(candidate) / BOLD).is_file():
            return Path(candidate)
    return None


@dataclass
class Heading:
    text: str


@dataclass
class Paragraph:
    text: str
    small: bool = False


@dataclass
class Facts:
    """Label–value pairs, one per line."""

    items: list[tuple[str, str]]


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)  # relative column widths


Block = Heading | Paragraph | Facts | Table


def latin1(text: str) -> str:
    """For the core font: Latin-1 as it is, other letters as their base letter, anything else as '?'."""
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


def document(title: str, footer_text: str) -> FPDF:
    """A new document with the house's page, header, footer and fonts, to add pages to (render, board_pdf)."""
    return _document_class()(title, footer_text)


@functools.cache
def _document_class() -> type[FPDF]:
    # fpdf2 (with fontTools and Pillow) is imported with the first PDF a process makes, not with this module, which
    # every export imports: about 32 MB of each web worker's memory (issue #19: under 250 MB) that most never need.
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    class _Document(FPDF):
        def __init__(self, title: str, footer_text: str):
            super().__init__(format="A4")
            self._title_text = title
            self._footer_text = footer_text
            fonts = font_dir()
            if fonts is not None:
                self.add_font("Body", "", str(fonts / REGULAR))
                self.add_font("Body", "B", str(fonts / BOLD))
                self.family_name = "Body"
                self.clean = str
            else:
                self.family_name = "Helvetica"
                self.clean = latin1
            self.set_margins(18, 18, 18)
            self.set_auto_page_break(True, margin=18)
            self.set_title(self.clean(title))
            self.set_creator("Etablera")
            self.set_lang("sv")

        def header(self):
            self.set_font(self.family_name, "", 8)
            self.set_text_color(80, 80, 80)
            self.cell(0, 5, self.clean(self._title_text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(2)
            self.set_text_color(0, 0, 0)

        def footer(self):
            self.set_y(-12)
            self.set_font(self.family_name, "", 8)
            self.set_text_color(80, 80, 80)
            self.cell(0, 5, self.clean(f"{self._footer_text} – {self.page_no()}/{{nb}}"), align="R")
            self.set_text_color(0, 0, 0)

    return _Document


def render(title: str, blocks: list[Block], *, footer: str = "") -> bytes:
    created = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    from fpdf.enums import XPos, YPos

    pdf = document(title, footer or f"Etablera {created}")
    pdf.add_page()
    clean = pdf.clean
    pdf.set_font(pdf.family_name, "B", 16)
    pdf.multi_cell(0, 8, clean(title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for block in blocks:
        if isinstance(block, Heading):
            pdf.ln(3)
            pdf.set_font(pdf.family_name, "B", 12)
            pdf.multi_cell(0, 7, clean(block.text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif isinstance(block, Paragraph):
            pdf.set_font(pdf.family_name, "", 8 if block.small else 10)
            pdf.multi_cell(0, 5, clean(block.text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif isinstance(block, Facts):
            pdf.set_font(pdf.family_name, "", 10)
            with pdf.table(
                col_widths=(35, 65),
                first_row_as_headings=False,
                line_height=5.5,
                borders_layout="NONE",
                text_align="LEFT",
                v_align="TOP",
            ) as table:
                for label, value in block.items:
                    row = table.row()
                    pdf.set_font(pdf.family_name, "B", 10)
                    row.cell(clean(label))
                    pdf.set_font(pdf.family_name, "", 10)
                    row.cell(clean(value or "–"))
            pdf.ln(1)
        elif isinstance(block, Table):
            pdf.set_font(pdf.family_name, "", 8)
            widths = tuple(block.widths) if block.widths else None
            with pdf.table(
                col_widths=widths,
                line_height=4.5,
                headings_style=_headings_style(pdf),
                borders_layout="HORIZONTAL_LINES",
                text_align="LEFT",
                v_align="TOP",
            ) as table:
                heading = table.row()
                for text in block.headers:
                    heading.cell(clean(text))
                for values in block.rows:
                    row = table.row()
                    for value in values:
                        row.cell(clean(value or ""))
            pdf.ln(2)
    return bytes(pdf.output())


def _headings_style(pdf: FPDF):
    from fpdf.fonts import FontFace

    return FontFace(family=pdf.family_name, emphasis="BOLD", fill_color=(235, 238, 242))


def local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
