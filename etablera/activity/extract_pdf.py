"""The activity requirement's part of the register extract's PDF (access/extract/document.py): what
`activity.extract.activity_extract` holds about the person, in plain Swedish, as tables."""

from __future__ import annotations

from typing import Any

from etablera.access import pdf

NONE = "Inga uppgifter."


def _label(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return value.get("label", "")
    return str(value)


def _table(blocks: list, title: str, headers: list[str], rows: list[list[str]], widths: list[int]) -> None:
    blocks.append(pdf.Heading(title))
    blocks.append(pdf.Table(headers, rows, widths) if rows else pdf.Paragraph(NONE))


def activity_blocks(data: dict[str, Any] | None) -> list:
    if not data:
        return []
    blocks: list = []
    _table(
        blocks,
        "Aktivitetskrav: försörjningsstöd per månad",
        ["Månad", "Belopp (kr)", "Källa"],
        [[m["month"], str(m["amount"]), _label(m["source"])] for m in data["support_months"]],
        [25, 25, 50],
    )
    _table(
        blocks,
        "Aktivitetskrav: undantag",
        ["Skäl", "Från", "Till och med", "Anteckning"],
        [
            [_label(e["ground"]), e["valid_from"], e["valid_until"] or "", e["note"]]
            for e in data["exemptions"]
        ],
        [35, 15, 15, 35],
    )
    _table(
        blocks,
        "Aktivitetskrav: bedömd förmåga",
        ["Timmar i veckan", "Från", "Till och med", "Bedömd av", "Skäl"],
        [
            [c["hours_per_week"], c["valid_from"], c["valid_until"] or "", c["assessor"], c["reason"]]
            for c in data["capacity"]
        ],
        [12, 13, 13, 22, 40],
    )
    _table(
        blocks,
        "Aktivitetskrav: planer",
        ["Upprättad", "Timmar", "Jobbsökande", "Innehåll", "Status"],
        [
            [p["drawn_up_on"], p["hours_per_week"], p["job_seeking_hours"], p["content"], _label(p["status"])]
            for p in data["plans"]
        ],
        [13, 10, 12, 50, 15],
    )
    _table(
        blocks,
        "Aktivitetskrav: avvikelser",
        ["Datum", "Slag", "Vad som hände", "Bedömning", "Status"],
        [
            [d["occurred_on"], _label(d["kind"]), d["description"], d["assessment"], _label(d["status"])]
            for d in data["deviations"]
        ],
        [12, 18, 30, 25, 15],
    )
    _table(
        blocks,
        "Aktivitetskrav: veckoplan och närvaro",
        ["Vad", "Timmar i veckan", "Från", "Till och med", "Närvaro (veckor)"],
        [
            [
                f"{_label(p['kind'])}: {p['what']}",
                p["hours_per_week"],
                p["starts_on"],
                p["ends_on"] or "",
                "; ".join(f"{a['week']} {a['hours_attended']} h" for a in p["attendance"]),
            ]
            for p in data["participations"]
        ],
        [30, 12, 13, 13, 32],
    )
    _table(
        blocks,
        "Aktivitetskrav: praktikplatser",
        ["Praktikplats", "Arbetsgivare", "Från", "Till", "Utfall"],
        [
            [
                p["title"],
                p["employer"],
                p["starts_on"],
                p["ends_on"],
                _label(p["outcome"]) or _label(p["state"]),
            ]
            for p in data["placements"]
        ]
        + [
            [o["placement"], "", o["offered_on"], "", f"{_label(o['status'])} {o['decline_reason']}".strip()]
            for o in data["offers"]
        ],
        [28, 25, 13, 13, 21],
    )
    _table(
        blocks,
        "Aktivitetskrav: jobbcoach",
        ["Jobbcoach", "Tilldelad", "Första kontakt senast", "Första kontakt", "Avslutad"],
        [
            [
                j["coach"],
                j["assigned_on"],
                j["first_contact_due"],
                j["first_contact_on"] or "",
                j["ended_on"] or "",
            ]
            for j in data["job_coaches"]
        ],
        [28, 18, 18, 18, 18],
    )
    return blocks
