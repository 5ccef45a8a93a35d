from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "etablera.reception"
    label = "reception"
    verbose_name = _("Mottagande")

    def ready(self) -> None:
        from django.utils.translation import gettext

        from etablera.reception import jobs, receivers
        from etablera.rules import deadlines

        receivers.connect()
        jobs.register()  # a large import runs as background work (issue #18)
        # A deadline's texts are shown in the reader's language (rules import no Django: they are given gettext).
        deadlines.set_translator(gettext)
