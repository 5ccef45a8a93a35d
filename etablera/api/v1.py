"""The REST API, /api/v1/. Routers live beside this file, one per area; they call the same selectors and services
as the pages, so permissions, validation and the audit log are the same whichever way a user comes in.

OpenAPI 3 at /api/v1/openapi.json, interactive docs at /api/v1/docs. See docs/api.md.
"""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from etablera.api import (
    access,
    consent,
    errors,
    housing,
    housing_contracts,
    organisation,
    people,
    reception,
    tasks,
)
from etablera.api.auth import ApiTokenAuth, SessionAuth


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

api.add_router("/", organisation.router)
api.add_router("/", people.router)
api.add_router("/", reception.router)
api.add_router("/", tasks.router)
api.add_router("/", access.router)
api.add_router("/", consent.router)
api.add_router("/", housing.router)
api.add_router("/", housing_contracts.router)
