"""The matching's pages (issue #13): proposals for a person, candidates for a placement, the job profile."""

from django.urls import path

from etablera.activity.web import matching_views as views

urlpatterns = [
    path(
        "personer/<uuid:public_id>/aktivitetskrav/forslag/",
        views.person_proposals,
        name="activity_person_proposals",
    ),
    path(
        "personer/<uuid:public_id>/aktivitetskrav/onskemal/",
        views.job_profile,
        name="activity_job_profile",
    ),
    path(
        "arbete/praktikplatser/<uuid:public_id>/kandidater/",
        views.placement_candidates,
        name="activity_placement_candidates",
    ),
]
