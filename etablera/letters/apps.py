from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    """Letters and appointments in the newcomer's own language (issue #18)."""

    name = "etablera.letters"
    label = "letters"
    verbose_name = _("Brev och kallelser")
