"""The housing lists as CSV and Excel (tablib): the queue, the homes, contracts ending, temporary housing and
young adults. Every download is logged as an EXPORT."""

from __future__ import annotations

import tablib
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.web.exports import CONTENT_TYPES, safe_cell

# --- housing (issue #5) -----------------------------------------------------------------------------------------
# A protected household's address is masked in a file as on the page: a download travels further than a screen.
# So is the address of a home such a household lives in (`unit.address_masked`, etablera.housing.protection).


def _download(user, dataset: tablib.Dataset, fmt: str, *, name: str, object_type: str, summary: str):
    content = dataset.export(fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    log_event(user, AuditEvent.Action.EXPORT, object_type=object_type, summary=f"{summary} som {fmt}")
    return response


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")


def _date(value) -> str:
    return value.isoformat() if value else ""


def _address(unit, masked: bool) -> str:
    return _("Skyddad adress") if masked else unit.address


def _current_home(row) -> str:
    if row.contract is not None:
        return f"{_address(row.contract.unit, row.address_masked)} ({row.contract.unit.get_kind_display()})"
    if row.need.current_bedrooms is not None:
        n = row.need.current_bedrooms
        return ngettext("Eget boende, %(n)s sovrum", "Eget boende, %(n)s sovrum", n) % {"n": n}
    return _("Saknar bostad")


def housing_queue_export(user, rows, fmt: str, on):
    headers = [
        _("Hushåll"),
        _("Personer"),
        _("Sovrum som behövs"),
        _("Nuvarande boende"),
        _("Trångbodd"),
        _("Bostad senast"),
        _("Dagar kvar"),
        _("Status"),
    ]
    dataset = tablib.Dataset(headers=headers, title=_("Bostadskö"))
    for row in rows:
        values = (
            row.household.name,
            row.bedrooms.adults + row.bedrooms.children,
            row.bedrooms.bedrooms,
            _current_home(row),
            _yes_no(row.overcrowded),
            _date(row.need.house_by),
            row.days_left if row.days_left is not None else "",
            row.need.get_status_display(),
        )
        dataset.append([safe_cell(value) for value in values])
    return _download(
        user,
        dataset,
        fmt,
        name=f"bostadsko-{on.isoformat()}",
        object_type="HousingQueue",
        summary=f"Bostadskö per {on.isoformat()}, {len(rows)} hushåll",
    )


def housing_units_export(user, rows, fmt: str, on):
    headers = [
        _("Objektnummer"),
        _("Adress"),
        _("Område"),
        _("Typ av bostad"),
        _("Rum"),
        _("Sovrum"),
        _("Kostnad per månad (kr)"),
        _("Tillgänglighetsanpassad"),
        _("Lediga platser idag"),
        _("Ledig från"),
        _("Hyresvärd"),
    ]
    dataset = tablib.Dataset(headers=headers, title=_("Bostäder"))
    for row in rows:
        unit = row.unit
        values = (
            unit.reference,
            _address(unit, unit.address_masked),
            "" if unit.address_masked else unit.area,
            unit.get_kind_display(),
            unit.rooms,
            unit.bedrooms,
            unit.monthly_cost,
            _yes_no(unit.accessible),
            row.free_places,
            _date(row.free_from),
            unit.landlord_name or unit.get_landlord_display(),
        )
        dataset.append([safe_cell(value) for value in values])
    return _download(
        user,
        dataset,
        fmt,
        name=f"bostader-{on.isoformat()}",
        object_type="HousingUnit",
        summary=f"Bostäder per {on.isoformat()}, {len(rows)} st",
    )


def _contract_values(row) -> list:
    contract = row.contract
    return [
        row.household.name,
        _address(contract.unit, row.address_masked),
        contract.unit.get_kind_display(),
        contract.get_kind_display(),
        _date(contract.start_date),
        _date(contract.end_date),
        contract.monthly_cost,
        contract.get_payer_display(),
    ]


def _contract_headers() -> list[str]:
    return [
        _("Hushåll"),
        _("Bostad"),
        _("Typ av bostad"),
        _("Typ av kontrakt"),
        _("Från och med"),
        _("Till och med"),
        _("Kostnad per månad (kr)"),
        _("Betalas av"),
    ]


def contracts_ending_export(user, rows, fmt: str, on):
    dataset = tablib.Dataset(headers=_contract_headers(), title=_("Kontrakt som slutar"))
    for row in rows:
        dataset.append([safe_cell(value) for value in _contract_values(row)])
    return _download(
        user,
        dataset,
        fmt,
        name=f"kontrakt-som-slutar-{on.isoformat()}",
        object_type="Contract",
        summary=f"Kontrakt som slutar inom 90 dagar per {on.isoformat()}, {len(rows)} st",
    )


def temporary_housing_export(user, rows, figures, fmt: str, on):
    """The households in temporary housing (for those who see them), the cost comparison and the series: one sheet
    each in Excel; CSV holds one table, so it is the households for housing staff and the comparison otherwise."""
    sheets = []
    if rows:
        households = tablib.Dataset(
            headers=[*_contract_headers(), _("Sedan"), _("Månader")], title=_("Tillfälligt boende")
        )
        for row in rows:
            values = [*_contract_values(row), _date(row.since), round(row.months, 1)]
            households.append([safe_cell(value) for value in values])
        sheets.append(households)
    comparison = tablib.Dataset(
        headers=[
            _("Typ av bostad"),
            _("Hushåll"),
            _("Kostnad per månad (kr)"),
            _("Genomsnitt per hushåll (kr)"),
            _("Samma hushåll i lägenheter (kr)"),
            _("Skillnad (kr)"),
        ],
        title=_("Kostnadsjämförelse"),
    )
    for item in figures.comparison:
        values = (
            str(item.label),
            item.households,
            item.monthly_cost,
            item.average,
            item.flat_equivalent,
            item.difference,
        )
        comparison.append([safe_cell(value) for value in values])
    sheets.append(comparison)
    series = tablib.Dataset(
        headers=[_("Datum"), _("Väntar på bostad"), _("Tillfälligt boende"), _("Permanent boende")],
        title=_("Boendestatus över tid"),
    )
    for point in figures.series:
        series.append([_date(point.date), point.waiting, point.temporary, point.permanent])
    sheets.append(series)
    content = tablib.Databook(sheets).export("xlsx") if fmt == "xlsx" else sheets[0].export("csv")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="tillfalligt-boende-{on.isoformat()}.{fmt}"'
    log_event(
        user,
        AuditEvent.Action.EXPORT,
        object_type="TemporaryHousing",
        summary=f"Tillfälligt boende och kostnader per {on.isoformat()} som {fmt}"
        + (f", {len(rows)} hushåll" if rows else ", bara siffror"),
    )
    return response


def young_adults_export(user, rows, fmt: str, on):
    headers = [
        _("Namn"),
        _("Hushåll"),
        _("Fyller"),
        _("Datum"),
        _("Vad som händer"),
        _("Nuvarande boende"),
        _("Bostadsbehov registrerat"),
    ]
    dataset = tablib.Dataset(headers=headers, title=_("Unga vuxna"))
    for row in rows:
        home = (
            f"{_address(row.contract.unit, row.address_masked)} ({row.contract.unit.get_kind_display()})"
            if row.contract
            else ""
        )
        values = (
            row.person.full_name,
            row.household.name if row.household else "",
            row.transition.age,
            _date(row.transition.date),
            row.transition.meaning,
            home,
            _yes_no(row.has_need),
        )
        dataset.append([safe_cell(value) for value in values])
    return _download(
        user,
        dataset,
        fmt,
        name=f"unga-vuxna-{on.isoformat()}",
        object_type="Person",
        summary=f"Unga vuxna som fyller 18 eller 21 per {on.isoformat()}, {len(rows)} rader",
    )
