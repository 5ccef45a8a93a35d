"""The child's case in the register extract's PDF (access/extract/document.py): what `minors.extract.minors_extract`
holds about the person, in plain Swedish, as tables."""

from __future__ import annotations

from typing import Any

from etablera.access import pdf

NONE = "Inga uppgifter."


def _label(value) -> str:
    return value.get("label", "") if isinstance(value, dict) else ("" if value is None else str(value))


def _table(blocks: list, title: str, headers: list[str], rows: list[list[str]], widths: list[int]) -> None:
    blocks.append(pdf.Heading(title))
    blocks.append(pdf.Table(headers, rows, widths) if rows else pdf.Paragraph(NONE))


def minors_blocks(data: dict[str, Any] | None) -> list:
    if not data:
        return []
    case = data["case"]
    blocks: list = []
    _table(
        blocks,
        "Barnärende (ensamkommande)",
        ["Uppgift", "Värde"],
        [
            ["Ansvarig kommun", case["municipality"]],
            ["Ankomstkommun", case["arrival_municipality"]],
            ["Anvisningskommun", case["assigned_municipality"]],
            ["Vistelsekommun", case["residing_municipality"]],
            ["Ankom", case["arrived_on"] or ""],
            ["Asylstatus", _label(case["asylum_status"])],
            ["Utredning inledd", case["investigation_started_on"] or ""],
            ["Utredning beslutad", case["investigation_decided_on"] or ""],
            ["Anmälan om fortsatt ansvar skickad", case["report_sent_on"] or ""],
            ["Beslut vid 18 år", _label(case["after_18"])],
            ["Plan för tiden 18–21 år", case["young_adult_plan"]],
            ["Barnets plan", case["care_plan"]],
            ["Barnets plan uppdaterad", case["care_plan_updated_on"] or ""],
            ["Status", _label(case["status"])],
        ],
        [35, 65],
    )
    _table(
        blocks,
        "Barnärende: placeringar",
        ["Form", "Utförare", "Från", "Till", "Skäl till avslut"],
        [
            [_label(p["kind"]), p["provider"], p["starts_on"], p["ends_on"] or "", _label(p["end_reason"])]
            for p in data["placements"]
        ],
        [20, 30, 15, 15, 20],
    )
    _table(
        blocks,
        "Barnärende: företrädare",
        ["Typ", "Namn", "Förordnad", "Upphörde"],
        [
            [_label(g["kind"]), g["name"], g["appointed_on"] or "", g["ended_on"] or ""]
            for g in data["guardians"]
        ],
        [30, 30, 20, 20],
    )
    _table(
        blocks,
        "Barnärende: uppföljningsbesök",
        ["Datum", "Anteckning"],
        [[v["visited_on"], v["note"]] for v in data["visits"]],
        [20, 80],
    )
    _table(
        blocks,
        "Barnärende: efterforskning av föräldrar",
        ["Begärd", "Genom", "Utfall", "Avslutad"],
        [[t["requested_on"], t["via"], _label(t["outcome"]), t["closed_on"] or ""] for t in data["tracing"]],
        [20, 35, 25, 20],
    )
    if data["relatives"]:
        _table(
            blocks,
            "Barnärende: anhöriga",
            ["Släktskap", "Hushåll", "Noterad"],
            [[r["relation"], r["household"], r["noted_on"]] for r in data["relatives"]],
            [30, 50, 20],
        )
    return blocks
