"""The county board's pages (issue #16), and the municipality's side of the county's visits."""

from etablera.county.web import allocation_views, indicator_views, views, visits_views

urlpatterns = (
    views.urlpatterns + indicator_views.urlpatterns + allocation_views.urlpatterns + visits_views.urlpatterns
)
