from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "etablera.followup"
    label = "followup"
    verbose_name = _("Uppföljning")

    def ready(self):
        # The board report as background work (etablera/background/): the worker finds its runner here.
        from etablera.followup import jobs

        jobs.register()
