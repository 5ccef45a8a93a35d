"""The organisation pages' addresses (included at the root by etablera/urls.py)."""

from django.urls import path

from etablera.organisation.web import views

urlpatterns = [
    # Administration (issue #9): a municipal administrator's accounts and memberships, only their municipality's
    path("administration/", views.administration, name="administration"),
    path("administration/konton/ny/", views.account_create, name="account_create"),
    path("administration/konton/<int:user_id>/", views.account_detail, name="account_detail"),
    path(
        "administration/konton/<int:user_id>/medlemskap/",
        views.membership_add,
        name="membership_add",
    ),
    path(
        "administration/konton/<int:user_id>/inaktivera/",
        views.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "administration/konton/<int:user_id>/aktivera/",
        views.account_reactivate,
        name="account_reactivate",
    ),
    path(
        "administration/medlemskap/<int:membership_id>/",
        views.membership_update,
        name="membership_update",
    ),
    path(
        "administration/medlemskap/<int:membership_id>/ta-bort/",
        views.membership_remove,
        name="membership_remove",
    ),
]
