"""The register as CSV for the municipality's records (issue #17): the associations with their own contact details
and what they offer — never a contact person (a person's data does not travel in a file). Every cell through
`safe_cell`; every download logged as an EXPORT."""

from __future__ import annotations

import tablib
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.web.exports import CONTENT_TYPES, safe_cell


def associations_csv(user, rows, languages: dict[int, list[str]]):
    headers = [
        _("Namn"),
        _("Slag"),
        _("Organisationsnummer"),
        _("E-post"),
        _("Telefon"),
        _("Webbplats"),
        _("Språk"),
        _("Erbjudanden"),
        _("Överenskommelser som gäller"),
        _("Med i nätverket"),
    ]
    dataset = tablib.Dataset(headers=headers, title=_("Föreningar"))
    for row in rows:
        values = (
            row.name,
            row.get_kind_display(),
            row.organisation_number,
            row.email,
            row.phone,
            row.website,
            ", ".join(languages.get(row.pk, [])),
            row.offer_count,
            row.agreements_in_force,
            _("Ja") if row.active else _("Nej"),
        )
        dataset.append([safe_cell(value) for value in values])
    today = timezone.localdate().isoformat()
    response = HttpResponse(dataset.export("csv"), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="foreningar-{today}.csv"'
    codes = sorted({row.municipality.code for row in rows}) if rows else []
    log_event(
        user,
        AuditEvent.Action.EXPORT,
        object_type="Association",
        summary=f"Föreningsregistret per {today}, {len(rows)} föreningar som csv",
        municipality_code=codes[0] if len(codes) == 1 else "",
    )
    return response
