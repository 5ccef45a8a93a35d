"""The people pages' addresses (included at the root by etablera/urls.py)."""

from django.urls import path

from etablera.people.web import changes, register, views

urlpatterns = [
    # Possible duplicates for the reception unit (issue #11); before personer/<uuid>/ for clarity only
    path("personer/dubbletter/", changes.duplicates_list, name="person_duplicates"),
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
    # Birth date, duplicates' merge and the household's register changes (issue #11)
    path("personer/<uuid:public_id>/fodelsedatum/", changes.person_birth_date, name="person_birth_date"),
    path("personer/<uuid:public_id>/sla-samman/", changes.person_merge, name="person_merge"),
    path("hushall/<uuid:public_id>/medlemmar/ny/", changes.household_add_member, name="household_add_member"),
    path(
        "hushall/<uuid:public_id>/medlemmar/lamnar/",
        changes.household_member_leaves,
        name="household_member_leaves",
    ),
    path("hushall/<uuid:public_id>/dela/", changes.household_split, name="household_split"),
    path("hushall/<uuid:public_id>/sla-ihop/", changes.household_merge, name="household_merge"),
    path("hushall/<uuid:public_id>/anknytningsperson/", changes.household_anchor, name="household_anchor"),
]
