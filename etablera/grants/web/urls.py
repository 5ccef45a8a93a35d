"""Grants (issue #17): the public pages under /medverka/bidrag/ (no account) and the staff's under
/civilsamhallet/bidrag/."""

from django.urls import path

from etablera.grants.web import public_views, staff_views

urlpatterns = [
    # Public: the open programmes, the form, the links sent by e-mail.
    path("medverka/bidrag/", public_views.programme_list, name="grants_public_list"),
    path("medverka/bidrag/tack/", public_views.applied, name="grants_applied"),
    path("medverka/bidrag/bekrafta/<str:token>/", public_views.confirm, name="grants_confirm"),
    path("medverka/bidrag/aterrapport/<str:token>/", public_views.report, name="grants_report"),
    path("medverka/bidrag/<uuid:public_id>/", public_views.apply, name="grants_apply"),
    # Staff.
    path("civilsamhallet/bidrag/", staff_views.programme_list, name="grants_programmes"),
    path("civilsamhallet/bidrag/nytt/", staff_views.programme_create, name="grants_programme_create"),
    path("civilsamhallet/bidrag/rapport/", staff_views.report, name="grants_report_page"),
    path("civilsamhallet/bidrag/<uuid:public_id>/", staff_views.programme_detail, name="grants_programme"),
    path(
        "civilsamhallet/bidrag/<uuid:public_id>/andra/",
        staff_views.programme_edit,
        name="grants_programme_edit",
    ),
    path(
        "civilsamhallet/bidrag/<uuid:public_id>/status/",
        staff_views.programme_status,
        name="grants_programme_status",
    ),
    path(
        "civilsamhallet/bidrag/<uuid:public_id>/ansokningar.csv",
        staff_views.programme_export,
        name="grants_programme_export",
    ),
    path(
        "civilsamhallet/bidrag/ansokan/<uuid:public_id>/",
        staff_views.application_detail,
        name="grants_application",
    ),
    path(
        "civilsamhallet/bidrag/ansokan/<uuid:public_id>/bedom/",
        staff_views.application_assess,
        name="grants_application_assess",
    ),
    path(
        "civilsamhallet/bidrag/ansokan/<uuid:public_id>/beslut/",
        staff_views.application_decide,
        name="grants_application_decide",
    ),
    path(
        "civilsamhallet/bidrag/ansokan/<uuid:public_id>/utbetalning/",
        staff_views.application_pay,
        name="grants_application_pay",
    ),
    path(
        "civilsamhallet/bidrag/ansokan/<uuid:public_id>/aterrapport/",
        staff_views.application_report,
        name="grants_application_report",
    ),
]
