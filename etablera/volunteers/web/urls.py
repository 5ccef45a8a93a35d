"""The volunteers' pages (issue #17): the public sign-up under /medverka/ (not /medverka/bidrag/, the grants'),
and the staff's pages under /civilsamhallet/volontarer/ and /civilsamhallet/matchningar/."""

from django.urls import path

from etablera.volunteers.web import match_views, public_views, views

urlpatterns = [
    path("medverka/", public_views.sign_up, name="volunteers_sign_up"),
    path("medverka/bekrafta/<str:token>/", public_views.confirm, name="volunteers_confirm"),
    path("medverka/avsluta/<str:token>/", public_views.withdraw, name="volunteers_withdraw"),
    path("medverka/fornya/<str:token>/", public_views.renew, name="volunteers_renew"),
    path("civilsamhallet/volontarer/", views.volunteer_list, name="volunteers_list"),
    path("civilsamhallet/volontarer/rapport/", views.volunteer_report, name="volunteers_report"),
    path("civilsamhallet/volontarer/onskemal/ny/", match_views.wish_new, name="volunteers_wish_new"),
    path("civilsamhallet/volontarer/<uuid:public_id>/", views.volunteer_detail, name="volunteers_detail"),
    path("civilsamhallet/matchningar/", match_views.match_list, name="volunteers_matches"),
    path(
        "civilsamhallet/matchningar/onskan/<uuid:public_id>/", match_views.wish_detail, name="volunteers_wish"
    ),
    path("civilsamhallet/matchningar/<uuid:public_id>/", match_views.match_detail, name="volunteers_match"),
    path(
        "civilsamhallet/matchningar/<uuid:public_id>/<slug:action>/",
        match_views.match_action,
        name="volunteers_match_action",
    ),
]
