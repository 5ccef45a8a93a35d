"""The register extract as a PDF for the person: the extract's data (content.build_extract) written out in plain
Swedish, section by section."""

from __future__ import annotations

from typing import Any

from etablera.access import pdf
from etablera.activity.extract_pdf import activity_blocks
from etablera.establishment.extract_pdf import establishment_blocks
from etablera.minors.extract_pdf import minors_blocks
from etablera.money.extract_pdf import money_blocks
from etablera.reminders.extract_pdf import appointments_blocks, reminders_blocks
from etablera.volunteers.extract_pdf import volunteers_blocks

SECTION_TITLES = {
    "households": "Hushåll",
    "assignments": "Anvisningar från Migrationsverket",
    "reception_cases": "Mottagande",
    "tasks": "Uppgifter som gäller dig eller ditt hushåll",
    "household_events": "Händelser i hushållets ärende",
    "notes": "Anteckningar",
    "consents": "Samtycken",
    "break_glass": "Nödåtkomst till ditt hushåll",
    "access_log": "Vem som har läst eller ändrat uppgifter om dig",
}


def _label(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "label" in value:
        return value["label"]
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list):
        return ", ".join(_label(item) for item in value)
    return str(value)


def _short(value: str | None) -> str:
    return (value or "").replace("T", " ")[:16]


def extract_pdf(data: dict[str, Any]) -> bytes:
    person = data["person"]
    address = person["address"]
    blocks: list[pdf.Block] = [
        pdf.Paragraph(
            f"Utdraget visar alla uppgifter som {data['extract']['controller']} har om dig i Etablera, "
            f"systemet för mottagande av nyanlända. Det skapades {_short(data['extract']['created_at'])}."
        ),
        pdf.Heading("Personuppgifter"),
        pdf.Facts(
            [
                ("Namn", f"{person['first_name']} {person['last_name']}"),
                (person["identity_number_type"]["label"], person["identity_number"]),
                ("Födelsedatum", person["birth_date"] or ""),
                ("Kön", _label(person["sex"])),
                (
                    "Adress",
                    " ".join(filter(None, [address["street"], address["postal_code"], address["city"]])),
                ),
                ("Språk", person["languages"]),
                (
                    "Behöver tolk",
                    _label(person["needs_interpreter"]) + f" {person['interpreter_language']}".rstrip(),
                ),
                ("Telefon", person.get("phone") or ""),
                ("E-post", person.get("email") or ""),
                ("Medborgarskap", person["citizenship"]),
                ("Uppehållstillstånd", _label(person["residence_permit"])),
                ("Kategori", _label(person["category"])),
                ("Skyddade personuppgifter", _label(person["protected_identity"])),
                ("Kommun", person["municipality"]["name"]),
                ("Registrerad", _short(person["created_at"])),
            ]
        ),
    ]
    # The person's own histories (issue #11): every residence permit decision and every number they have had.
    blocks.append(pdf.Heading("Beslut om uppehållstillstånd"))
    permits = person.get("residence_permits") or []
    if permits:
        blocks.append(
            pdf.Table(
                ["Slag", "Beslutat", "Gäller från", "Gäller till"],
                [
                    [_label(p["kind"]), p["decided_on"] or "", p["valid_from"] or "", p["valid_until"] or ""]
                    for p in permits
                ],
                [40, 20, 20, 20],
            )
        )
    else:
        blocks.append(pdf.Paragraph("Inga uppgifter."))
    blocks.append(pdf.Heading("Tidigare identitetsnummer"))
    formers = person.get("former_identity_numbers") or []
    if formers:
        blocks.append(
            pdf.Table(
                ["Slag", "Nummer", "Ersatt"],
                [
                    [_label(f["identity_number_type"]), f["identity_number"], _short(f["replaced_at"])]
                    for f in formers
                ],
                [35, 35, 30],
            )
        )
    else:
        blocks.append(pdf.Paragraph("Inga uppgifter."))
    blocks.append(pdf.Heading("Ändringar av födelsedatum"))
    changes = person.get("birth_date_changes") or []
    if changes:
        blocks.append(
            pdf.Table(
                ["Slag", "Tidigare", "Nytt", "Skäl"],
                [[_label(c["kind"]), c["old_date"] or "", c["new_date"] or "", c["reason"]] for c in changes],
                [25, 18, 18, 39],
            )
        )
    else:
        blocks.append(pdf.Paragraph("Inga uppgifter."))
    tables = {
        "households": (
            ["Hushåll", "Din relation", "Övriga i hushållet"],
            lambda h: [
                h["name"],
                _label(h["relation"]) or ("Anknytningsperson" if h["is_anchor_person"] else ""),
                ", ".join(f"{m['name']} ({_label(m['relation'])})" for m in h["other_members"]),
            ],
            [30, 20, 50],
        ),
        "assignments": (
            ["Referens", "Kategori", "Beslut", "Status", "Mottagen"],
            lambda a: [
                a["reference"],
                _label(a["category"]),
                a["decision_date"],
                _label(a["status"]),
                a["received_date"] or "",
            ],
            [20, 30, 15, 20, 15],
        ),
        "reception_cases": (
            ["Hushåll", "Ankomst", "Status", "Avslutat"],
            lambda c: [c["household"], c["arrival_date"], _label(c["status"]), c["closed_date"] or ""],
            [40, 20, 20, 20],
        ),
        "tasks": (
            ["Uppgift", "Enhet", "Senast", "Status", "Anteckningar"],
            lambda t: [
                t["title"],
                t["unit"],
                t["due_date"],
                _label(t["status"])
                + (f": {t['not_applicable_reason']}" if t["not_applicable_reason"] else ""),
                "; ".join(e["text"] for e in t["events"] if e["text"]),
            ],
            [27, 22, 12, 14, 25],
        ),
        "household_events": (
            ["Tid", "Händelse", "Av", "Text"],
            lambda e: [_short(e["at"]), _label(e["kind"]), e["by"], e["text"]],
            [16, 18, 18, 48],
        ),
        "notes": (
            ["Tid", "Del", "Enhet", "Anteckning"],
            lambda n: [_short(n["created_at"]), _label(n["section"]), n["unit"], n["text"]],
            [16, 18, 22, 44],
        ),
        "consents": (
            ["Lämnat", "Gäller enheter", "Delar", "Syfte", "Till och med", "Återkallat"],
            lambda c: [
                c["given_date"],
                ", ".join(c["units"]),
                _label(c["sections"]),
                c["purpose"],
                c["valid_until"] or "",
                c["withdrawn_date"] or "",
            ],
            [12, 20, 20, 24, 12, 12],
        ),
        "break_glass": (
            ["Tid", "Användare", "Skäl", "Granskad"],
            lambda g: [_short(g["started_at"]), g["user"], g["reason"], _short(g["reviewed_at"])],
            [15, 20, 50, 15],
        ),
        "access_log": (
            ["Tid", "Vem", "Enhet", "Vad", "Uppgift"],
            lambda e: [
                _short(e["at"]),
                e["user"],
                ", ".join(e["units"]),
                _label(e["action"]),
                _label(e["record"]),
            ],
            [16, 20, 24, 20, 20],
        ),
    }
    for key, (headers, row, widths) in tables.items():
        blocks.append(pdf.Heading(SECTION_TITLES[key]))
        if data[key]:
            blocks.append(pdf.Table(headers, [row(item) for item in data[key]], widths))
        else:
            blocks.append(pdf.Paragraph("Inga uppgifter."))
    blocks += establishment_blocks(data.get("establishment"))  # issue #12 (establishment/extract_pdf.py)
    blocks += activity_blocks(data.get("activity"))  # issue #13 (activity/extract_pdf.py)
    blocks += minors_blocks(data.get("minors"))  # issue #14 (minors/extract_pdf.py)
    blocks += money_blocks(data.get("money"))  # issue #15 (money/extract_pdf.py)
    blocks += volunteers_blocks(data.get("volunteers"))  # issue #17 (volunteers/extract_pdf.py)
    blocks += appointments_blocks(data.get("appointments"))  # issue #18 (reminders/extract_pdf.py)
    blocks += reminders_blocks(data.get("reminders"))  # issue #18 (reminders/extract_pdf.py)
    blocks.append(
        pdf.Paragraph(
            "Du har rätt att begära att felaktiga uppgifter rättas. Kontakta kommunen om du har frågor om "
            "utdraget.",
            small=True,
        )
    )
    return pdf.render(
        "Registerutdrag", blocks, footer=f"Registerutdrag {_short(data['extract']['created_at'])}"
    )
