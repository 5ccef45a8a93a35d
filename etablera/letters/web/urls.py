"""The letters' pages (issue #18), included at the root by etablera/urls.py."""

from django.urls import path

from etablera.letters.web import views

urlpatterns = [
    path("hushall/<uuid:public_id>/moten/", views.household_appointments, name="letters_household"),
    path("hushall/<uuid:public_id>/moten/ny/", views.appointment_create, name="letters_appointment_create"),
    path(
        "hushall/<uuid:public_id>/valkomstbrev/<str:language>/",
        views.welcome_letter,
        name="letters_welcome",
    ),
    path(
        "hushall/<uuid:public_id>/valkomstbrev/<str:language>/pdf/",
        views.welcome_letter_pdf,
        name="letters_welcome_pdf",
    ),
    path("moten/<uuid:public_id>/andra/", views.appointment_edit, name="letters_appointment_edit"),
    path("moten/<uuid:public_id>/kalender.ics", views.appointment_ics, name="letters_appointment_ics"),
    path("moten/<uuid:public_id>/kallelse/<str:language>/", views.invitation, name="letters_invitation"),
    path(
        "moten/<uuid:public_id>/kallelse/<str:language>/pdf/",
        views.invitation_pdf,
        name="letters_invitation_pdf",
    ),
    path("brev/oversattningar/", views.translations, name="letters_translations"),
]
