"""The REST API, /api/v1/. Routers live beside this file, one per area; they call the same selectors and services
as the pages."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Etablera API",
    version="1",
    description="Mottagande och etablering av nyanlända: kommuner, enheter, personer, hushåll, kommuntal, "
    "anvisningar, mottaganden och uppgifter.",
    urls_namespace="api-v1",
)
