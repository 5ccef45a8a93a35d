"""The pages of unaccompanied minors and young adults (issue #14)."""

from django.urls import path

from etablera.minors.web import housing_views, imports, plan_views, views

urlpatterns = [
    path("barn/", views.minors_list, name="minors_list"),
    path("barn/placeringar/", views.minors_placements, name="minors_placements"),
    path("barn/import/", imports.minors_placement_import, name="minors_placement_import"),
    path("personer/<uuid:public_id>/barn/", views.minors_child, name="minors_child"),
    path("personer/<uuid:public_id>/barn/andra/", views.minors_child_action, name="minors_child_action"),
    path("personer/<uuid:public_id>/barn/oppna/", views.minors_open, name="minors_open"),
    path(
        "personer/<uuid:public_id>/barn/bostadsbehov/",
        housing_views.minors_housing_need,
        name="minors_housing_need",
    ),
    path("personer/<uuid:public_id>/barn/plan/", plan_views.minors_care_plan, name="minors_care_plan"),
]
