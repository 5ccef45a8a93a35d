"""What the money domain's models share."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What an expected or received amount is for (förordning 2010:1122 and 2017:193)."""

    SCHABLON = "SCHABLON", _("Schablonersättning")
    INITIAL_COSTS = "INITIAL_COSTS", _("Initiala kostnader")
    MINORS_DAYS = "MINORS_DAYS", _("Ensamkommande barn, per dygn")
    CLAIM = "CLAIM", _("Sökt ersättning")
    OTHER = "OTHER", _("Övrigt")


def municipality_fk(related_name: str = "+", verbose_name=None, db_index: bool = True):
    return models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=verbose_name or _("kommun"),
        db_index=db_index,
    )


def actor(related_name: str = "+", verbose_name=None):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name or _("registrerad av"),
    )
