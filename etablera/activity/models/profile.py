"""What a person wants and can take, for matching to placements and activities beyond the mapping: the
occupations they wish to work in (SSYK), how far they can travel, and the days they cannot."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.activity.models.common import SHORT, _actor, _municipality


class JobProfile(models.Model):
    class Travel(models.TextChoices):
        NEAR = "NEAR", _("Bara nära hemmet (samma postnummerområde)")
        AREA = "AREA", _("Inom kommunen och närområdet")
        FAR = "FAR", _("Kan resa längre")

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="job_profile", verbose_name=_("person")
    )
    municipality = _municipality()
    wished_ssyk = models.JSONField(_("önskade yrken (SSYK)"), default=list, blank=True)
    travel = models.CharField(_("kan resa"), max_length=5, choices=Travel.choices, default=Travel.AREA)
    wishes = models.CharField(_("önskemål i övrigt"), max_length=SHORT, blank=True)
    updated_by = _actor()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("önskemål om arbete")
        verbose_name_plural = _("önskemål om arbete")

    def __str__(self):
        return f"{self.person_id}: {self.get_travel_display()}"
