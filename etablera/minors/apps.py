from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinorsConfig(AppConfig):
    name = "etablera.minors"
    label = "minors"
    verbose_name = _("Ensamkommande barn och unga vuxna")
