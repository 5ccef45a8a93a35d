"""An association's activities in the municipality's activities catalogue (issue #13's `activity.Activity`, kind
ASSOCIATION): the activity is the catalogue's own row, created through the catalogue's service so that schedule,
place, languages and capacity are checked and shown as every other activity's; this table only says whose it is."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from etablera.civil.models.associations import Association


class AssociationActivity(models.Model):
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("förening eller aktör"),
    )
    activity = models.OneToOneField(
        "activity.Activity",
        on_delete=models.CASCADE,
        related_name="association_link",
        verbose_name=_("aktivitet"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("förenings aktivitet")
        verbose_name_plural = _("föreningars aktiviteter")

    def __str__(self):
        return str(self.activity_id)
