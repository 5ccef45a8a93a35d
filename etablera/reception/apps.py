from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "etablera.reception"
    label = "reception"
    verbose_name = "Mottagande"
