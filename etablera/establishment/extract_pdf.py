"""The establishment part of the register extract's PDF (access/extract/document.py): what
`establishment.extract.establishment_extract` holds about the person, in plain Swedish, as tables — the mapping
(with its health part and a child's mapping when kept), each plan with its goals, interventions and follow-up
meetings, the programme, SFI with its breaks, civic orientation and the status per month."""

from __future__ import annotations

from typing import Any

from etablera.access import pdf

NONE = "Inga uppgifter."


def _label(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return value.get("label", "")
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def _table(blocks: list, title: str, headers: list[str], rows: list[list[str]], widths: list[int]) -> None:
    blocks.append(pdf.Heading(title))
    blocks.append(pdf.Table(headers, rows, widths) if rows else pdf.Paragraph(NONE))


def _assessment(blocks: list, a: dict[str, Any] | None) -> None:
    blocks.append(pdf.Heading("Etablering: kartläggning"))
    if a is None:
        blocks.append(pdf.Paragraph(NONE))
        return
    blocks.append(
        pdf.Facts(
            [
                ("Status", _label(a["status"])),
                ("Klar senast", a["due_date"] or ""),
                ("Klar", a["completed_on"] or ""),
                ("Läs- och skrivförmåga", _label(a["literacy"])),
                ("Körkort", _label(a["driving_licence"])),
                ("Mål och önskemål", a["goals"]),
                ("Behov av stöd", a["needs"]),
            ]
        )
    )
    rows = [
        [_label(e["level"]), _label(e["years"]), e["field"], e["country"], _label(e["validation_wanted"])]
        for e in a["educations"]
    ]
    if rows:
        blocks.append(
            pdf.Table(
                ["Utbildning", "År", "Inriktning", "Land", "Vill få den bedömd"], rows, [30, 8, 27, 20, 15]
            )
        )
    rows = [[w["ssyk_code"], w["occupation"], _label(w["years"])] for w in a["work_experiences"]]
    if rows:
        blocks.append(pdf.Table(["Yrkeskod (SSYK)", "Yrke", "År"], rows, [25, 60, 15]))
    rows = [[s["language"], _label(s["level"])] for s in a["languages"]]
    if rows:
        blocks.append(pdf.Table(["Språk", "Nivå"], rows, [50, 50]))
    if a["health"]:
        h = a["health"]
        blocks.append(
            pdf.Table(
                ["Hälsa", "Förmåga", "Timmar per vecka", "Anpassningar"],
                [[h["health"], _label(h["capacity"]), _label(h["capacity_hours"]), h["adjustments"]]],
                [40, 15, 15, 30],
            )
        )
    if a["child"]:
        c = a["child"]
        blocks.append(
            pdf.Facts(
                [
                    ("Pedagogisk kartläggning", c["pedagogical"]),
                    ("Social kartläggning", c["social"]),
                    ("Hälsokartläggning", c["health"]),
                    ("Rekommenderad placering", c["placement_recommendation"]),
                    ("Skola", c["school"]),
                    ("Överlämnad till skolan", c["handover_on"] or ""),
                ]
            )
        )


def _plans(blocks: list, plans: list[dict[str, Any]]) -> None:
    _table(
        blocks,
        "Etablering: planer",
        ["Plan", "Status", "Upprättad", "Huvudansvarig", "Avslutad", "Utfall"],
        [
            [
                _label(p["kind"]) + (f", version {p['revision']}" if p["revision"] > 1 else ""),
                _label(p["status"]),
                p["started_on"] or "",
                p["responsible"],
                p["closed_on"] or "",
                " ".join(filter(None, [_label(p["closed_outcome"]), p["closed_reason"]])),
            ]
            for p in plans
        ],
        [28, 12, 12, 22, 12, 14],
    )
    for p in plans:
        if p["municipality_responsibility"] or p["region_responsibility"]:
            blocks.append(
                pdf.Facts(
                    [
                        ("Kommunen ansvarar för", p["municipality_responsibility"]),
                        ("Regionen ansvarar för", p["region_responsibility"]),
                    ]
                )
            )
        if p["goals"]:
            blocks.append(
                pdf.Table(
                    ["Mål", "Område", "Måldatum", "Status"],
                    [
                        [g["description"], _label(g["area"]), g["target_date"] or "", _label(g["status"])]
                        for g in p["goals"]
                    ],
                    [45, 20, 15, 20],
                )
            )
        if p["interventions"]:
            blocks.append(
                pdf.Table(
                    ["Insats", "Av", "Från", "Till", "Timmar/v", "Status", "Resultat"],
                    [
                        [
                            i["what"],
                            i["by"],
                            i["from"] or "",
                            i["to"] or "",
                            _label(i["hours_per_week"]),
                            _label(i["status"]),
                            i["outcome"],
                        ]
                        for i in p["interventions"]
                    ],
                    [22, 18, 11, 11, 8, 12, 18],
                )
            )
        if p["meetings"]:
            blocks.append(
                pdf.Table(
                    ["Uppföljningsmöte", "Överenskommet", "Planen ska revideras"],
                    [
                        [m["held_on"] or "", m["agreed_actions"], _label(m["revise_plan"])]
                        for m in p["meetings"]
                    ],
                    [18, 64, 18],
                )
            )


def establishment_blocks(data: dict[str, Any] | None) -> list[pdf.Block]:
    """The blocks of the extract's establishment part; every part is shown, "Inga uppgifter." when empty."""
    data = data or {}
    blocks: list[pdf.Block] = []
    _assessment(blocks, data.get("assessment"))
    _plans(blocks, data.get("plans") or [])
    _table(
        blocks,
        "Etablering: etableringsprogrammet",
        ["Anvisad", "Plan upprättad", "Start", "Planerat slut", "Slut", "Skäl"],
        [
            [
                p["referral_date"] or "",
                p["plan_date"] or "",
                p["start_date"] or "",
                p["planned_end"] or "",
                p["actual_end"] or "",
                _label(p["end_reason"]),
            ]
            for p in data.get("programme") or []
        ],
        [16, 16, 16, 16, 16, 20],
    )
    _table(
        blocks,
        "Etablering: SFI",
        ["Anmäld", "Start", "Kurs", "Studieväg", "Timmar/v", "Status", "Avslutad", "Uppehåll"],
        [
            [
                e["enrolled_on"] or "",
                e["start_date"] or "",
                e["course"],
                _label(e["study_path"]),
                _label(e["hours_per_week"]),
                _label(e["status"]),
                e["completed_on"] or "",
                "; ".join(f"{i['from']}–{i['to'] or ''} {i['reason']}".strip() for i in e["interruptions"]),
            ]
            for e in data.get("sfi") or []
        ],
        [12, 12, 7, 9, 8, 14, 12, 26],
    )
    civic = data.get("civic_orientation")
    _table(
        blocks,
        "Etablering: samhällsorientering",
        ["Start", "Språk", "Timmar", "Klar"],
        [[civic["start_date"] or "", civic["language"], _label(civic["hours"]), civic["completed_on"] or ""]]
        if civic
        else [],
        [25, 35, 15, 25],
    )
    _table(
        blocks,
        "Etablering: status per månad",
        ["Månad", "Status", "Anteckning"],
        [[m["month"], _label(m["status"]), m["note"]] for m in data.get("monthly_status") or []],
        [15, 30, 55],
    )
    return blocks
