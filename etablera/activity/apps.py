from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "etablera.activity"
    label = "activity"
    verbose_name = _("Aktivitetskrav och arbete")
