from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "etablera.access"
    label = "access"
    verbose_name = _("Åtkomst och logg")

    def ready(self):
        from etablera.access import capabilities_cache, signals  # noqa: F401 — connect their receivers
