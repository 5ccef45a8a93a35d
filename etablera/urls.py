"""The assembly: every domain's pages and the API under one root. Nothing imports this module.

Each domain keeps its pages' addresses in `etablera/<domain>/web/urls.py`; they are included here at the root, so
the addresses are the same as before the domains got their own folders (etablera/tests/test_public_surface.py).
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from etablera.api_v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("etablera.reception.web.urls")),
    path("", include("etablera.people.web.urls")),
    path("", include("etablera.access.web.urls")),
    path("", include("etablera.organisation.web.urls")),
    path("", include("etablera.housing.web.urls")),
    path("", include("etablera.establishment.web.urls")),
    path("", include("etablera.activity.web.urls")),
    path("", include("etablera.minors.web.urls")),
    path("", include("etablera.money.web.urls")),
    path("", include("etablera.followup.web.urls")),
    path("", include("etablera.county.web.urls")),
    path("", include("etablera.background.web.urls")),
    path("", include("etablera.notices.web.urls")),
    path("", include("etablera.civil.web.urls")),
    path("", include("etablera.volunteers.web.urls")),
    path("", include("etablera.grants.web.urls")),
    path("", include("etablera.letters.web.urls")),
    path("", include("etablera.reminders.web.urls")),
]

if settings.OIDC_ENABLED:
    # Sign-in with the municipality's identity provider (settings.py, OIDC section; etablera/organisation/oidc.py).
    from etablera.organisation import oidc

    urlpatterns.append(path("oidc/", include(oidc.urlpatterns)))
