from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "etablera.access"
    label = "access"
    verbose_name = "Åtkomst och logg"

    def ready(self):
        from etablera.access import signals  # noqa: F401 — connects the sign-in receivers
