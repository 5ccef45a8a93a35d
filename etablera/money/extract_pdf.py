"""The money domain in the register extract's PDF (access/extract/document.py): what `money.extract.money_extract`
holds about the person, in plain Swedish, as tables."""

from __future__ import annotations

from typing import Any

from etablera.access import pdf

NONE = "Inga uppgifter."
KINDS = {
    "SCHABLON": "Schablonersättning",
    "INITIAL_COSTS": "Initiala kostnader",
    "MINORS_DAYS": "Ensamkommande barn, per dygn",
    "CLAIM": "Sökt ersättning",
    "OTHER": "Övrigt",
}


def _table(blocks: list, title: str, headers: list[str], rows: list[list[str]], widths: list[int]) -> None:
    blocks.append(pdf.Heading(title))
    blocks.append(pdf.Table(headers, rows, widths) if rows else pdf.Paragraph(NONE))


def money_blocks(data: dict[str, Any] | None) -> list:
    if not data or not any(data.values()):
        return []
    blocks: list = []
    _table(
        blocks,
        "Statlig ersättning till kommunen för dig",
        ["År", "Ersättning", "Kommun", "Mottagen", "Belopp (kr)"],
        [
            [
                str(e["year"]),
                KINDS.get(e["kind"], e["kind"]),
                e["municipality"],
                e["received_on"] or "",
                str(e["amount"]),
            ]
            for e in data["entitlements"]
        ],
        [10, 30, 25, 15, 20],
    )
    if data["payments"]:
        _table(
            blocks,
            "Inbetalningar som anger dig",
            ["Månad", "Ersättning", "Belopp (kr)", "Verifikation"],
            [
                [p["month"], KINDS.get(p["kind"], p["kind"]), str(p["amount"]), p["reference"]]
                for p in data["payments"]
            ],
            [15, 35, 20, 30],
        )
    if data["claims"]:
        _table(
            blocks,
            "Ansökningar om ersättning som anger dig",
            ["Ersättning", "Benämning", "Status", "Sök senast"],
            [[c["kind"], c["title"], c["status"], c["deadline"]] for c in data["claims"]],
            [30, 35, 15, 20],
        )
    if data["moves"]:
        _table(
            blocks,
            "Flyttar till annan kommun",
            ["Från", "Till", "Datum"],
            [[m["from"], m["to"], m["moved_on"]] for m in data["moves"]],
            [35, 35, 30],
        )
    return blocks
