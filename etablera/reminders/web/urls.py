"""The reminders' pages (issue #18), included at the root by etablera/urls.py."""

from django.urls import path

from etablera.reminders.web import views

urlpatterns = [
    path("paminnelser/", views.outbox, name="reminders_outbox"),
    path("paminnelser/<uuid:public_id>/skicka-om/", views.resend, name="reminders_resend"),
    path("personer/<uuid:public_id>/paminnelser/", views.person_reminders, name="reminders_person"),
    path(
        "personer/<uuid:public_id>/paminnelser/<uuid:consent_id>/aterkalla/",
        views.consent_withdraw,
        name="reminders_consent_withdraw",
    ),
]
