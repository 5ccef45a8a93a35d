from django.urls import path

from etablera.establishment.web import programme, views

urlpatterns = [
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
