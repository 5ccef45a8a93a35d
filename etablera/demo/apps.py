from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "etablera.demo"
    label = "demo"
    verbose_name = "Demodata"
