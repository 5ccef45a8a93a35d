from django.urls import path

from etablera.establishment.web import imports, plans, programme, reports, views

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
    path("etablering/planer/", plans.caseload, name="establishment_plans"),
    path(
        "personer/<uuid:public_id>/etablering/plan/avsluta/",
        plans.plan_close,
        name="establishment_plan_close",
    ),
    path(
        "personer/<uuid:public_id>/etablering/plan/nasta-mote/",
        plans.plan_next_meeting,
        name="establishment_plan_next_meeting",
    ),
    path(
        "personer/<uuid:public_id>/etablering/plan/insatser/<int:intervention_id>/status/",
        plans.intervention_status,
        name="establishment_intervention_status",
    ),
    path(
        "personer/<uuid:public_id>/etablering/plan/mal/<int:goal_id>/status/",
        plans.goal_status,
        name="establishment_goal_status",
    ),
    path(
        "personer/<uuid:public_id>/etablering/program/",
        programme.programme_action,
        name="establishment_programme",
    ),
    path("etablering/import/", imports.establishment_import, name="establishment_import"),
]
