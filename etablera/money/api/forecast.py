"""The forecast over the API (issue #15): per month, how many leave the establishment programme, how many are
expected to lack work or studies, what their försörjningsstöd may cost (KEFU's method) and the schablon and initial
costs the state is expected to pay; and the forecast's parameters per municipality. The same selector and service
as the page /ersattning/prognos/.

Who: the money capability reads its municipality's forecast and parameters (403 otherwise); saving the parameters
needs the manage capability (403 otherwise). No names: counts and sums."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Path, Query, Router

from etablera.access.policy import capabilities
from etablera.api.auth import current_user
from etablera.api.errors import LocatedValidationError
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.money import selectors_forecast as selectors
from etablera.money.api.schemas_forecast import ForecastOut, ForecastSettingIn, ForecastSettingOut
from etablera.money.services import forecast as services
from etablera.organisation.models import Municipality
from etablera.rules.dates import add_months

router = Router(tags=["money"])
ERRORS = {403: Message, 422: ValidationErrorOut}
CODE_LENGTH = Municipality._meta.get_field("code").max_length
NOT_YOURS = "Ersättningarna följs av controllern och integrationsenheten i kommunen."


def _municipality(user, code: str, manage: bool = False) -> Municipality:
    caps = capabilities(user)
    ids = caps.money_manage_municipality_ids if manage else caps.money_municipality_ids
    municipality = Municipality.objects.filter(code=code, pk__in=ids).first()
    if municipality is None:
        raise PermissionDenied(gettext(services.NOT_YOURS) if manage else NOT_YOURS)
    return municipality


def _month(text: str) -> dt.date:
    try:
        if len(text) != 7 or text[4] != "-":
            raise ValueError(text)
        month = dt.date(int(text[:4]), int(text[5:7]), 1)
        if not 2016 <= month.year <= 2100:
            raise ValueError(text)
        return month
    except ValueError as error:
        raise LocatedValidationError(
            {"from": "Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-01, från 2016."}, default="query"
        ) from error


def _setting(municipality: Municipality, setting) -> dict:
    return {
        "municipality": municipality.code,
        "share_without_work": float(setting.share_without_work),
        "average_monthly_cost": setting.average_monthly_cost,
        "months_on_support": setting.months_on_support,
        "source": setting.source,
        "saved": setting.pk is not None,
        "updated_at": setting.updated_at.isoformat() if setting.pk and setting.updated_at else None,
    }


def _persons(value) -> float:
    return round(float(value), 2)


@router.get(
    "/money/forecast",
    response={200: ForecastOut, **ERRORS},
    summary="Prognos: försörjningsstöd och förväntad ersättning per månad",
    description="KEFU:s metod: de som lämnar etableringsprogrammet varje månad × andelen utan arbete eller studier × "
    "genomsnittligt försörjningsstöd, under så många månader som angetts från månaden efter programmet; bredvid "
    "den förväntade schablonersättningen och de initiala kostnaderna enligt de beräknade raderna. "
    "`missing_years`: år i perioden som inte är beräknade. Samma siffror som sidan /ersattning/prognos/. Inga namn.",
)
def get_forecast(
    request,
    municipality: str = Query(..., max_length=CODE_LENGTH, description="Kommunkod, t.ex. 0480."),
    start: str = Query(
        "", alias="from", max_length=7, description="Första månaden, ÅÅÅÅ-MM. Utan värde: nästa månad."
    ),
    months: int = Query(24, ge=1, le=selectors.MAX_MONTHS, description="Antal månader, 1–60."),
):
    user = current_user(request)
    chosen = _municipality(user, municipality)
    first = _month(start) if start else add_months(timezone.localdate().replace(day=1), 1)
    data = selectors.forecast(user, chosen.pk, first, months)
    return {
        "municipality": chosen.code,
        "municipality_name": chosen.name,
        "start": f"{data.start:%Y-%m}",
        "end": f"{data.end:%Y-%m}",
        "setting": _setting(chosen, data.setting),
        "missing_years": data.missing_years,
        "months": [
            {
                "month": f"{m.month:%Y-%m}",
                "leaving": m.leaving,
                "without_work": _persons(m.without_work),
                "on_support": _persons(m.on_support),
                "cost": m.cost,
                "schablon": m.schablon,
                "initial_costs": m.initial_costs,
                "income": m.income,
                "net": m.net,
            }
            for m in data.months
        ],
        "total": {
            "leaving": data.leaving,
            "without_work": _persons(data.without_work),
            "cost": data.cost,
            "schablon": data.schablon,
            "initial_costs": data.initial_costs,
            "income": data.income,
            "net": data.net,
        },
    }


MUNICIPALITY_PATH = Path(..., max_length=CODE_LENGTH, description="Kommunkod, t.ex. 0480.")


@router.get(
    "/money/forecast-settings/{municipality}",
    response={200: ForecastSettingOut, **ERRORS},
    summary="Prognosens värden för en kommun",
    description="Andel utan arbete eller studier, genomsnittligt försörjningsstöd per person och månad, antal "
    "månader och underlag. `saved` false: kommunen har inga egna värden och standardvärdena gäller.",
)
def get_forecast_settings(request, municipality: str = MUNICIPALITY_PATH):
    user = current_user(request)
    chosen = _municipality(user, municipality)
    return _setting(chosen, selectors.setting_for(chosen.pk))


@router.put(
    "/money/forecast-settings/{municipality}",
    response={200: ForecastSettingOut, **ERRORS},
    summary="Ändra prognosens värden för en kommun",
    description="Sparar alla fyra värdena. Kräver behörighet att hantera kommunens ersättningar (annars 403). "
    "Andel 0–100 % med högst två decimaler, kostnad 0–1 000 000 kr, månader 1–60, underlag högst 300 tecken; "
    "fel ger 422 med svenska meddelanden vid fälten och inget sparas.",
)
def put_forecast_settings(request, body: ForecastSettingIn, municipality: str = MUNICIPALITY_PATH):
    user = current_user(request)
    chosen = _municipality(user, municipality, manage=True)
    try:
        setting = services.save_settings(user, chosen, **body.dict())
    except ValidationError as error:
        raise LocatedValidationError(error.message_dict, default="body") from error
    return _setting(chosen, setting)
