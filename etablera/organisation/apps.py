from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "etablera.organisation"
    label = "organisation"
    verbose_name = "Organisation"
