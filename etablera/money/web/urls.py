"""The money pages (issue #15): each part's module lists its own paths."""

from etablera.money.web import (
    claims_views,
    costs_views,
    forecast_views,
    funding_views,
    payments_views,
    relocation_views,
    views,
)

urlpatterns = (
    views.urlpatterns
    + claims_views.urlpatterns
    + payments_views.urlpatterns
    + forecast_views.urlpatterns
    + funding_views.urlpatterns
    + relocation_views.urlpatterns
    + costs_views.urlpatterns
)
