"""Model fields every domain declares the same way: who registered or decided something (kept when the account goes:
SET_NULL, no reverse accessor on the user), and the municipality a record belongs to (never deleted from under it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def actor(related_name: str = "+", verbose_name=None) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name or _("registrerad av"),
    )


def municipality_fk(related_name: str = "+", verbose_name=None, db_index: bool = True) -> models.ForeignKey:
    return models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=verbose_name or _("kommun"),
        db_index=db_index,
    )
