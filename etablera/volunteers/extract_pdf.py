"""A newcomer's wishes for a volunteer in the register extract's PDF (access/extract/document.py): what
`volunteers.extract.volunteers_extract` holds about the person, in plain Swedish, as tables."""

from __future__ import annotations

from typing import Any

from etablera.access import pdf


def volunteers_blocks(data: list[dict[str, Any]] | None) -> list:
    if not data:
        return []
    blocks: list = [pdf.Heading("Önskemål om volontär eller språkvän")]
    blocks.append(
        pdf.Table(
            ["Registrerad", "Gäller", "Önskar", "Språk", "Status", "Samtycke"],
            [
                [
                    w["registered"] or "",
                    w["kind"],
                    w["offers"],
                    w["languages"],
                    w["status"],
                    f"{w['consent']['given_by']}, {w['consent']['method']}, {w['consent']['date']}",
                ]
                for w in data
            ],
            [14, 14, 20, 18, 12, 22],
        )
    )
    matches = [m for w in data for m in w["matches"]]
    if matches:
        blocks.append(pdf.Heading("Matchningar med volontär"))
        blocks.append(
            pdf.Table(
                ["Volontär", "Uppdrag", "Status", "Start", "Slut", "Skäl", "Uppföljningar"],
                [
                    [
                        m["volunteer"],
                        m["offer"],
                        m["status"],
                        m["started"] or "",
                        m["ended"] or "",
                        m["end_reason"],
                        "; ".join(f"{f['date']} {f['outcome']}" for f in m["follow_ups"]),
                    ]
                    for m in matches
                ],
                [14, 14, 12, 12, 12, 16, 20],
            )
        )
    return blocks
