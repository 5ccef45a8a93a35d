from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoneyConfig(AppConfig):
    name = "etablera.money"
    label = "money"
    verbose_name = _("Statlig ersättning och kostnader")
