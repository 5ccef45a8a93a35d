from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "etablera.reception"
    label = "reception"
    verbose_name = _("Mottagande")
