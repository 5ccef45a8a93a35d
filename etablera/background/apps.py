from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "etablera.background"
    label = "background"
    verbose_name = _("Bakgrundsjobb")

    def ready(self):
        # django-tasks-db registers its task results in the Django admin (admin.autodiscover ran in the admin app's
        # ready(), before this one). Off: a failed task's record could show an exception's text, which may name a
        # person; a job is read on its page, the queue's state with the worker's log (docs/operations.md).
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
