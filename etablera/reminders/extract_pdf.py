"""A person's appointments and reminders in the register extract's PDF (access/extract/document.py): what
`letters.extract.letters_extract` and `reminders.extract.reminders_extract` hold about the person (issue #18), in
plain Swedish, as tables. The appointments are here with the reminders because a reminder is about one of them. The
person's own number and address are shown in full, as the extract shows their contact details."""

from __future__ import annotations

from typing import Any

from etablera.access import pdf


def _short(value: str | None) -> str:
    return (value or "").replace("T", " ")[:16]


def appointments_blocks(data: list[dict[str, Any]] | None) -> list:
    if not data:
        return []
    rows = [
        [
            a["date"],
            f"{a['start']}-{a['end']}",
            a["kind"],
            ", ".join(filter(None, [a["place"], a["place_address"]])),
            f"{a['interpreter_language']} ({a['interpreter_status']})" if a["interpreter_language"] else "",
        ]
        for a in data
    ]
    return [
        pdf.Heading("Möten och tider"),
        pdf.Table(["Datum", "Tid", "Möte", "Plats", "Tolk"], rows, [14, 14, 24, 32, 16]),
    ]


def reminders_blocks(data: dict[str, list[dict[str, Any]]] | None) -> list:
    if not data or not (data.get("consents") or data.get("messages")):
        return []
    blocks: list = [pdf.Heading("Påminnelser med sms och e-post")]
    if data["consents"]:
        blocks.append(
            pdf.Table(
                ["Samtycke till påminnelser", "Lämnat", "Återkallat"],
                [[c["channel"], _short(c["given_at"]), _short(c["withdrawn_at"])] for c in data["consents"]],
                [40, 30, 30],
            )
        )
    if data["messages"]:
        blocks.append(
            pdf.Table(
                ["Kanal", "Mötets dag", "Status", "Skickat", "Till", "Text"],
                [
                    [
                        m["channel"],
                        m["appointment_date"],
                        m["status"] + (f": {m['reason']}" if m["reason"] else ""),
                        _short(m["sent_at"]),
                        m["to"],
                        m["text"],
                    ]
                    for m in data["messages"]
                ],
                [8, 12, 20, 14, 16, 30],
            )
        )
    return blocks
