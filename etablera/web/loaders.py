"""Finds a domain's page templates in `etablera/<domain>/web/templates/`, beside its views.

Django's app_directories loader looks only in `<app>/templates/`; a domain keeps its pages (views, forms, urls,
templates) together in `<app>/web/`, so this loader looks there, in every installed app, in INSTALLED_APPS order.
Template names start with the domain (`housing/queue.html`), so two domains never shadow each other.
"""

from django.template.loaders.app_directories import Loader as AppDirectoriesLoader
from django.template.utils import get_app_template_dirs


class DomainPagesLoader(AppDirectoriesLoader):
    def get_dirs(self):
        return get_app_template_dirs("web/templates")
