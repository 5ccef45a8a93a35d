from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "etablera.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from etablera import lookups
        from etablera.organisation import checks  # noqa: F401 — registers the system check

        lookups.register()  # field__any=ids for every domain (etablera/lookups.py)
