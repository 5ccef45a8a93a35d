"""The activity requirement for social services (issue #13): the lists, the deviations, the support months' import
and the person's page."""

from django.urls import path

from etablera.activity.web import requirement_person, requirement_views

urlpatterns = [
    path("aktivitetskrav/", requirement_views.activity_requirement, name="activity_requirement"),
    path("aktivitetskrav/avvikelser/", requirement_views.activity_deviations, name="activity_deviations"),
    path(
        "aktivitetskrav/avvikelser/<uuid:public_id>/bedom/",
        requirement_views.activity_deviation_assess,
        name="activity_deviation_assess",
    ),
    path("aktivitetskrav/import/", requirement_views.activity_support_import, name="activity_support_import"),
    path(
        "personer/<uuid:public_id>/aktivitetskrav/",
        requirement_person.person_activity,
        name="person_activity",
    ),
    path(
        "personer/<uuid:public_id>/aktivitetskrav/andra/",
        requirement_person.person_activity_action,
        name="person_activity_action",
    ),
]
