"""The board report as a PDF (issue #16): the content of board_report.py — the introduction, the forecast, and per
indicator its definition, a bar chart of the municipality, the county and the country drawn with fpdf's rectangles
and the same figures in a table beside it, and women and men apart — in the house's PDF (access/pdf.py: its page,
header, footer and fonts, DejaVu Sans when the server has it, else Helvetica with Latin-1 text). Figures only."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from etablera.access import pdf
from etablera.establishment.reports.outcome_tables import shown
from etablera.followup.board_report import BoardReport, Section
from etablera.followup.suppression import SUPPRESSED

CHART_WIDTH, LABEL_WIDTH, BAR_HEIGHT, BAR_GAP = 130, 40, 5, 2  # mm
BAR_COLOUR = (47, 93, 140)


def _paragraph(doc, text: str, *, size: int = 10, bold: bool = False) -> None:
    from fpdf.enums import XPos, YPos  # with the first PDF, as access/pdf.py imports fpdf

    doc.set_font(doc.family_name, "B" if bold else "", size)
    doc.multi_cell(0, 5 if size <= 10 else 7, doc.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(1)


def _table(doc, headers: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
    doc.set_font(doc.family_name, "", 8)
    with doc.table(
        col_widths=widths,
        line_height=4.5,
        headings_style=pdf._headings_style(doc),
        borders_layout="HORIZONTAL_LINES",
        text_align=("LEFT", *("RIGHT" for _ in widths[1:])),
        v_align="TOP",
    ) as table:
        heading = table.row()
        for text in headers:
            heading.cell(doc.clean(text))
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(doc.clean(value))
    doc.ln(2)


def _chart(doc, section: Section, full: float) -> None:
    """Horizontal bars from the left margin; a figure without a bar has its "–" (or why) written instead."""
    height = len(section.figures) * (BAR_HEIGHT + BAR_GAP)
    if doc.will_page_break(height + 2):
        doc.add_page()
    top, left = doc.get_y(), doc.l_margin
    plot = CHART_WIDTH - LABEL_WIDTH - 14
    doc.set_font(doc.family_name, "", 8)
    for index, figure in enumerate(section.figures):
        y = top + index * (BAR_HEIGHT + BAR_GAP)
        doc.set_xy(left, y)
        doc.cell(LABEL_WIDTH - 2, BAR_HEIGHT, doc.clean(figure.area), align="R")
        x = left + LABEL_WIDTH
        if isinstance(figure.value, int | float):
            width = plot * figure.value / full
            doc.set_fill_color(*BAR_COLOUR)
            if width > 0:
                doc.rect(x, y, width, BAR_HEIGHT, style="F")
            doc.set_xy(x + width + 1, y)
            doc.cell(14, BAR_HEIGHT, doc.clean(shown(figure.value)))
        else:
            doc.set_xy(x + 1, y)
            text = SUPPRESSED if figure.value == SUPPRESSED else _("inget att räkna på")
            doc.cell(plot, BAR_HEIGHT, doc.clean(text))
    doc.set_xy(left, top + height + 2)


def _section(doc, report: BoardReport, section: Section) -> None:
    if doc.will_page_break(40):
        doc.add_page()
    doc.ln(3)
    _paragraph(doc, section.title, size=12, bold=True)
    _paragraph(doc, str(section.indicator.definition), size=8)
    source = _("Enhet: %(unit)s. Källa: %(source)s.") % {
        "unit": section.indicator.unit,
        "source": section.indicator.source,
    }
    if str(section.indicator.official):
        source += " " + _("Motsvarar: %(official)s") % {"official": section.indicator.official}
    _paragraph(doc, source, size=8)
    if section.note:
        _paragraph(doc, section.note)
        return
    if section.has_figures:
        _chart(doc, section, section.scale)
    _table(
        doc,
        [_("Område"), _("Täljare"), _("Nämnare"), _("Värde")],
        [[figure.area, *figure.shown] for figure in section.figures],
        (40, 20, 20, 20),
    )
    if section.by_sex:
        _paragraph(doc, _("Kvinnor och män"), size=9, bold=True)
        _table(
            doc,
            [_("Kön"), *report.areas],
            [[label, *values] for label, values in section.by_sex],
            (25, 25, 25, 25),
        )


def _forecast(doc, report: BoardReport) -> None:
    f = report.forecast
    if f is None:
        return
    doc.ln(3)
    _paragraph(doc, _("Väntade mottagna resten av året"), size=12, bold=True)
    _paragraph(
        doc,
        _(
            "%(area)s, kommuntal %(year)s: %(quota)s personer, %(received)s avräknade, %(remaining)s kvar att avräkna "
            "per %(date)s. En prognos, inte ett beslut: den ändras när nya anvisningar kommer."
        )
        % {
            "area": f.area,
            "year": f.year,
            "quota": f.quota,
            "received": f.received,
            "remaining": f.remaining,
            "date": f.as_of.isoformat(),
        },
        size=9,
    )
    _table(
        doc,
        [_("Månad"), _("Anvisade"), _("Ännu inte anvisade"), _("Totalt")],
        [[_month(f.year, m.month), str(m.on_hand), str(m.not_assigned), str(m.total)] for m in f.months],
        (40, 20, 20, 20),
    )


def _month(year: int, month: int) -> str:
    return date_format(dt.date(year, month, 1), "F").capitalize()


def _windows_latin(text: str) -> str:
    """For the core font: what Windows-1252 has as it is (the "–" of a hidden cell among it), the rest as
    access/pdf.latin1 writes it."""
    out = []
    for char in text:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            out.append(pdf.latin1(char))
    return "".join(out)


def render_report(report: BoardReport) -> bytes:
    created = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    doc = pdf.document(report.title, f"Etablera {created}")
    if doc.clean is pdf.latin1:
        # The core fonts are written in WinAnsiEncoding (Windows-1252), which has the dash that marks a hidden
        # figure; Latin-1 alone would turn it into "?".
        doc.core_fonts_encoding = "cp1252"
        doc.clean = _windows_latin
    doc.add_page()
    _paragraph(doc, report.title, size=16, bold=True)
    for text in report.introduction:
        _paragraph(doc, text)
    _forecast(doc, report)
    for section in report.sections:
        _section(doc, report, section)
    return bytes(doc.output())
