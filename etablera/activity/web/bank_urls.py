"""The activities catalogue and the praktikplatsbank (issue #13): Swedish paths, English names."""

from django.urls import path

from etablera.activity.web import bank_views, catalogue_views, placement_views

urlpatterns = [
    path("aktiviteter/", catalogue_views.activity_catalogue, name="activity_catalogue"),
    path("aktiviteter/<uuid:public_id>/", catalogue_views.activity_detail, name="activity_detail"),
    path("arbete/arbetsgivare/", bank_views.employer_list, name="activity_employers"),
    path("arbete/arbetsgivare/<uuid:public_id>/", bank_views.employer_detail, name="activity_employer"),
    path("arbete/praktikplatser/", placement_views.placement_list, name="activity_placements"),
    path(
        "arbete/praktikplatser/<uuid:public_id>/", placement_views.placement_detail, name="activity_placement"
    ),
    path(
        "arbete/praktikplatser/<uuid:public_id>/erbjud/",
        placement_views.placement_offer,
        name="activity_placement_offer",
    ),
]
