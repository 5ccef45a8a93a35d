from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "etablera.housing"
    label = "housing"
    verbose_name = _("Boende")

    def ready(self) -> None:
        from etablera.housing import jobs

        jobs.register()  # matching for several municipalities runs as background work (issue #18)
