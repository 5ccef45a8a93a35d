from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "etablera.access"
    label = "access"
    verbose_name = "Åtkomst och logg"
