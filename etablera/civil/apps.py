from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivilConfig(AppConfig):
    name = "etablera.civil"
    label = "civil"
    verbose_name = _("Civilsamhället")
