from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "etablera.people"
    label = "people"
    verbose_name = "Personer"
