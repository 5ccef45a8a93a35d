from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Reminders to newcomers by SMS and e-mail before their appointments (issue #18)."""

    name = "etablera.reminders"
    label = "reminders"
    verbose_name = _("Påminnelser")
