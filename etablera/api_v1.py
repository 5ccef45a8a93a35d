"""The REST API, /api/v1/: the assembly of every domain's routers (`etablera/<domain>/api/`). Nothing imports
this module but the project's urls. The routers call the same selectors and services as the pages, so
permissions, validation and the audit log are the same whichever way a user comes in.

OpenAPI 3 at /api/v1/openapi.json, interactive docs at /api/v1/docs. See docs/api.md.
"""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from etablera.access.api import consent as access_consent
from etablera.access.api import log as access_log
from etablera.activity.api import bank as activity_bank
from etablera.activity.api import matching as activity_matching
from etablera.activity.api import requirement as activity_requirement
from etablera.activity.api import week as activity_week
from etablera.api import errors
from etablera.api.auth import SessionAuth
from etablera.civil.api import associations as civil_associations
from etablera.establishment.api import imports as establishment_imports
from etablera.establishment.api import plans as establishment_plans
from etablera.establishment.api import programme as establishment_programme
from etablera.establishment.api import records as establishment_records
from etablera.establishment.api import reports as establishment_reports
from etablera.grants.api import grants as grants_api
from etablera.housing.api import contracts as housing_contracts
from etablera.housing.api import units as housing_units
from etablera.minors.api import cases as minors_cases
from etablera.minors.api import housing as minors_housing
from etablera.minors.api import plan as minors_plan
from etablera.money.api import claims as money_claims
from etablera.money.api import entitlements as money_entitlements
from etablera.money.api import forecast as money_forecast
from etablera.money.api import funding as money_funding
from etablera.money.api import payments as money_payments
from etablera.organisation.api import router as organisation
from etablera.organisation.api.auth import ApiTokenAuth
from etablera.people.api import router as people
from etablera.reception.api import assignments as reception_assignments
from etablera.reception.api import households as reception_households
from etablera.reception.api import imports as reception_imports
from etablera.reception.api import tasks as reception_tasks
from etablera.volunteers.api import volunteers as volunteers_api

# Each domain's routers, in the order of the OpenAPI document, with the name their operations' ids carry. An
# operationId is public (clients are generated from it), so it is named here, not taken from where the code lives:
# `etablera_api_<name>_<function>`, as it was when every router sat in etablera/api/ (issue #10). The households
# share "people" with the persons: they were one router then.
ROUTERS = [
    ("organisation", organisation.router),
    ("people", people.router),
    ("people", reception_households.router),
    ("reception", reception_assignments.router),
    ("reception", reception_imports.router),
    ("tasks", reception_tasks.router),
    ("access", access_log.router),
    ("consent", access_consent.router),
    ("housing", housing_units.router),
    ("housing_contracts", housing_contracts.router),
    ("establishment", establishment_records.router),
    ("establishment", establishment_plans.router),
    ("establishment", establishment_programme.router),
    ("establishment", establishment_imports.router),
    ("establishment", establishment_reports.router),
    ("activity", activity_requirement.router),
    ("activity", activity_bank.router),
    ("activity", activity_week.router),
    ("activity", activity_matching.router),
    ("minors", minors_cases.router),
    ("minors", minors_housing.router),
    ("minors", minors_plan.router),
    ("money", money_entitlements.router),
    ("money", money_claims.router),
    ("money", money_payments.router),
    ("money", money_forecast.router),
    ("money", money_funding.router),
    ("civil", civil_associations.router),
    ("grants", grants_api.router),
    ("volunteers", volunteers_api.router),
]


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON with å, ä and ö as themselves rather than \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Etablera API",
    version="1",
    description="Mottagande och etablering av nyanlända: kommuner, enheter, personer, hushåll, kommuntal, "
    "anvisningar, mottaganden och uppgifter.\n\n"
    "Autentisering: `Authorization: Bearer <API-nyckel>` (skapas med `etablera api_token create`). "
    "En inloggad webbläsarsession fungerar också här i dokumentationen. "
    "Personer och hushåll visas bara för den som har tillgång, efter sökning, och varje läsning loggas. "
    "Fel: 401 utan giltig nyckel, 404 för det som saknas eller som du inte har tillgång till, 403 när du ser "
    "men inte får ändra, 422 med `detail: [{loc, msg, code}]` och svenska meddelanden vid fälten.",
    urls_namespace="api-v1",
    auth=[ApiTokenAuth(), SessionAuth()],
    renderer=ReadableJSONRenderer(),
)
errors.install(api)

for name, router in ROUTERS:
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            operation.operation_id = (
                operation.operation_id or f"etablera_api_{name}_{operation.view_func.__name__}"
            )
    api.add_router("/", router)
