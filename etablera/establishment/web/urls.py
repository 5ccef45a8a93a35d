from django.urls import path

from etablera.establishment.web import programme, reports, views

urlpatterns = [
    # The reports (issue #12): programmes that end soon and the gap, and the cohort outcomes
    path("etablering/program-slutar/", reports.programme_ending, name="establishment_programme_ending"),
    path("etablering/utfall/", reports.outcomes, name="establishment_outcomes"),
    path("personer/<uuid:public_id>/etablering/", views.person_establishment, name="person_establishment"),
    path(
        "personer/<uuid:public_id>/etablering/kartlaggning/",
        views.assessment_action,
        name="establishment_assessment",
    ),
    path("personer/<uuid:public_id>/etablering/plan/", views.plan_action, name="establishment_plan"),
    path(
        "personer/<uuid:public_id>/etablering/program/",
        programme.programme_action,
        name="establishment_programme",
    ),
]
