"""`etablera report minors --municipality 0480 [--as-of 2026-12-01] [--format table|csv|json]` (issue #14): the open
cases of unaccompanied minors and young adults, counted by the kind of their running placement, and the reports of
continued responsibility due within three weeks (or overdue). No names: a case is named by its id. The report
command (reception/management/commands/report.py) calls `minors`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from etablera.access.audit import channel, log_event
from etablera.access.models import AuditEvent
from etablera.minors.models import Placement
from etablera.minors.selectors import MinorsFigures, figures, window_days
from etablera.organisation.models import Municipality
from etablera.web.exports import safe_cell


def as_json(municipality: Municipality, data: MinorsFigures) -> dict:
    return {
        "municipality": municipality.code,
        "municipality_name": municipality.name,
        "as_of": data.as_of.isoformat(),
        "open_cases": data.open_cases,
        "under_18": data.under_18,
        "young_adults": data.young_adults,
        "placements_by_kind": data.by_kind,
        "without_placement": data.without_placement,
        "reports_due_within_days": window_days("REPORT", data.as_of),
        "reports_due": data.reports_due,
    }


def _line(label: str, count: int) -> str:
    return f"{label:<40}{count:>6}"


def render_table(municipality: Municipality, data: MinorsFigures) -> str:
    labels = dict(Placement.Kind.choices)
    out = [
        _("Ensamkommande barn och unga vuxna, %(name)s, per %(date)s")
        % {"name": municipality.name, "date": data.as_of.isoformat()},
        "",
        _line(_("Pågående ärenden"), data.open_cases),
        _line(_("varav under 18 år"), data.under_18),
        _line(_("varav 18–20 år"), data.young_adults),
        "",
        _("Pågående placeringar per form"),
    ]
    for kind, count in data.by_kind.items():
        out.append(_line(f"  {labels[kind]}", count))
    out.append(_line("  " + _("Ingen placering"), data.without_placement))
    out += [
        "",
        _("Anmälan om fortsatt ansvar inom %(days)s dagar: %(n)s")
        % {"days": window_days("REPORT", data.as_of), "n": len(data.reports_due)},
    ]
    for due in data.reports_due:
        late = _(" (försenad)") if due["overdue"] else ""
        out.append(f"  {due['due']}  {due['case']}{late}")
    return "\n".join(out)


def render_csv(municipality: Municipality, data: MinorsFigures) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([_("Kommun"), _("Placeringsform"), _("Antal")])
    labels = dict(Placement.Kind.choices)
    for kind, count in data.by_kind.items():
        writer.writerow([municipality.code, str(labels[kind]), count])
    writer.writerow([municipality.code, _("Ingen placering"), data.without_placement])
    return buffer.getvalue().rstrip("\n")


RENDERERS = {
    "table": render_table,
    "csv": render_csv,
    "json": lambda m, d: json.dumps(as_json(m, d), ensure_ascii=False, indent=2),
}


def minors(options: dict, as_of: dt.date) -> str:
    code = (options.get("municipality") or "").strip()
    if not code:
        raise CommandError("Ange kommunen med --municipality, t.ex. 0480.")
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise CommandError(
            f"Okänd kommunkod: {safe_cell(code[:20])}. Kommunkoden har fyra siffror, t.ex. 0480."
        )
    with channel(AuditEvent.Channel.CLI):
        data = figures(municipality.pk, as_of)
        log_event(
            None,
            AuditEvent.Action.EXPORT,
            object_type="ChildCase",
            summary=f"Rapport ensamkommande per {as_of.isoformat()}: {data.open_cases} ärenden (utan namn)",
            municipality_code=municipality.code,
        )
    return RENDERERS[options["format"]](municipality, data)
