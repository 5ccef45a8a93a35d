from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "etablera.web"
    label = "web"
    verbose_name = "Webb"
