"""The people pages' addresses (included at the root by etablera/urls.py)."""

from django.urls import path

from etablera.people.web import register, views

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
    # Keeping the register true (issue #11): "Ändra", identity numbers and residence permits
    path("personer/<uuid:public_id>/andra/", register.person_edit, name="person_edit"),
    path("personer/<uuid:public_id>/andra/adress/", register.person_address_set, name="person_address_set"),
    path("personer/<uuid:public_id>/andra/skydd/", register.person_protection, name="person_protection"),
    path("personer/<uuid:public_id>/identitet/", register.person_register_page, name="person_register"),
    path(
        "personer/<uuid:public_id>/identitet/nummer/",
        register.person_identity_number,
        name="person_identity_number",
    ),
    path(
        "personer/<uuid:public_id>/identitet/uppehallstillstand/",
        register.person_residence_permit,
        name="person_residence_permit",
    ),
]
