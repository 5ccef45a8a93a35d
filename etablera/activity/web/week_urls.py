"""The week's pages (issue #13): my participants, the person's week, an activity's attendance sheet, the attendance
import, and "Räcker utbudet?"."""

from django.urls import path

from etablera.activity.web import attendance_views, report_views, week_views

urlpatterns = [
    path("aktivitetskrav/deltagare/", week_views.activity_participants, name="activity_participants"),
    # The person's week (GET) and its changes (POST): a new participation — as the proposals for a person post it,
    # kind, activity, hours_per_week and starts_on — or another `action`. One name for both: no two equal routes.
    path(
        "personer/<uuid:public_id>/aktivitetskrav/vecka/",
        week_views.person_activity_week,
        name="activity_participation_add",
    ),
    path(
        "aktiviteter/<uuid:public_id>/narvaro/",
        attendance_views.activity_attendance,
        name="activity_attendance",
    ),
    path(
        "aktivitetskrav/narvaro/import/",
        attendance_views.activity_attendance_import,
        name="activity_attendance_import",
    ),
    path("aktivitetskrav/utbud/", report_views.activity_offer_report, name="activity_offer_report"),
]
