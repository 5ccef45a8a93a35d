"""The people pages' addresses (included at the root by etablera/urls.py)."""

from django.urls import path

from etablera.people.web import views

urlpatterns = [
    # Personer: the person page with consents, section notes and the protected address (public id only)
    path("personer/<uuid:public_id>/", views.person_detail, name="person_detail"),
    path("personer/<uuid:public_id>/adress/", views.person_address, name="person_address"),
    path("personer/<uuid:public_id>/samtycken/", views.consent_create, name="consent_create"),
    path(
        "personer/<uuid:public_id>/samtycken/<uuid:consent_id>/aterkalla/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("personer/<uuid:public_id>/anteckningar/", views.note_create, name="person_note_create"),
]
