from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "etablera.web"
    label = "web"
    verbose_name = _("Webb")

    def ready(self):
        from etablera.web import database, sessions  # noqa: F401 — connect their receivers
