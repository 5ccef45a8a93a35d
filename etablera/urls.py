from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from etablera.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("etablera.web.urls")),
]

if settings.OIDC_ENABLED:
    # Sign-in with the municipality's identity provider (settings.py, OIDC section; etablera/organisation/oidc.py).
    from etablera.organisation import oidc

    urlpatterns.append(path("oidc/", include(oidc.urlpatterns)))
