"""An agreement between the municipality and an association: an idéburet offentligt partnerskap (IOP) or another
kind, for a period, with a reference to where the signed document is kept (the diarium, not this system)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.civil.models.associations import Association
from etablera.organisation.fields import actor


class Agreement(models.Model):
    class Kind(models.TextChoices):
        IOP = "IOP", _("Idéburet offentligt partnerskap (IOP)")
        OTHER = "OTHER", _("Annan överenskommelse")

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("förening eller aktör"),
    )
    kind = models.CharField(_("slag"), max_length=10, choices=Kind.choices)
    starts_on = models.DateField(_("gäller från"))
    ends_on = models.DateField(_("gäller till"))
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    document_reference = models.CharField(_("diarienummer eller dokument"), max_length=200, blank=True)
    created_by = actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("överenskommelse")
        verbose_name_plural = _("överenskommelser")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="civil_agreement_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on}–{self.ends_on}"
