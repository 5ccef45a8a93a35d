"""The access pages' addresses (included at the root by etablera/urls.py)."""

from django.urls import path

from etablera.access.web.views import break_glass, log

urlpatterns = [
    # Nödåtkomst (the identity number only in the body of a POST)
    path("nodatkomst/", break_glass.break_glass, name="break_glass"),
    # Åtkomstlogg: uppföljning, en persons åtkomsthistorik, registerutdrag, nödåtkomster; gallring
    path("logg/", log.access_log, name="access_log"),
    path("logg/person/<uuid:public_id>/", log.access_history, name="access_history"),
    path("logg/person/<uuid:public_id>/registerutdrag/", log.register_extract, name="register_extract"),
    path("registerutdrag/", log.register_extract_lookup, name="register_extract_lookup"),
    path("logg/nodatkomst/", log.break_glass_review, name="break_glass_review"),
    path(
        "logg/nodatkomst/<int:access_id>/granskad/",
        log.break_glass_mark_reviewed,
        name="break_glass_mark_reviewed",
    ),
    path("gallring/", log.retention_dry_run, name="retention_dry_run"),
]
