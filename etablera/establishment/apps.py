from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstablishmentConfig(AppConfig):
    name = "etablera.establishment"
    label = "establishment"
    verbose_name = _("Etablering")
