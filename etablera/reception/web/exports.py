"""The kommuntal report as CSV and Excel (tablib). Every download is logged as an EXPORT."""

from __future__ import annotations

import tablib
from django.http import HttpResponse
from django.utils.translation import gettext as _

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.reception.reports import QuotaReport
from etablera.web.exports import CONTENT_TYPES, safe_cell


def quota_rows(report: QuotaReport) -> list[tuple[str, object, bool]]:
    """(label, row, is_total) in table order: the areas, then the total (a single municipality has no total row)."""
    rows = [(row.name, row, False) for row in report.rows]
    if report.total is not None and report.scope != "municipality":
        label = (
            _("Hela riket")
            if report.scope == "country"
            else _("Totalt %(name)s") % {"name": report.total.name}
        )
        rows.append((label, report.total, True))
    return rows


def quota_dataset(report: QuotaReport) -> tablib.Dataset:
    area = _("Län") if report.scope == "country" else _("Kommun")
    headers = [_("Kod"), area, _("Tal"), _("Anvisade totalt"), _("varav avräknade"), _("Kvar att avräkna")]
    dataset = tablib.Dataset(headers=headers, title=_("Kommuntal %(year)s") % {"year": report.year})
    for label, row, _total in quota_rows(report):
        values = (row.code, label, row.quota, row.assigned_total, row.received, row.remaining)
        dataset.append([safe_cell(value) for value in values])
    return dataset


def quota_export(user, report: QuotaReport, fmt: str) -> HttpResponse:
    dataset = quota_dataset(report)
    content = dataset.export(fmt)
    scope = report.total.code if report.total else "riket"
    filename = f"kommuntal-{report.year}-{scope}-{report.as_of.isoformat()}.{fmt}"
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    log_event(
        user,
        AuditEvent.Action.EXPORT,
        object_type="QuotaReport",
        summary=f"Kommuntal {report.year} ({report.title}) per {report.as_of.isoformat()} som {fmt}",
    )
    return response
