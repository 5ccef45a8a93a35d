"""What a person wants to hear about, and how often (issue #18): in the app always, by e-mail as a daily or weekly
digest or not at all. A digest holds counts and links, never a person (notices/digest.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticePreference(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "DAILY", _("Varje vardag")
        WEEKLY = "WEEKLY", _("En gång i veckan (måndagar)")
        NEVER = "NEVER", _("Aldrig – bara i Etablera")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preference",
        verbose_name=_("användare"),
    )
    frequency = models.CharField(
        _("e-post"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    # The kinds (notices/kinds.py) the person has turned off; empty = all of them. Kept as what is off rather than
    # what is on, so a kind added later reaches everyone until they turn it off.
    muted = models.JSONField(_("avstängda"), default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inställning för aviseringar")
        verbose_name_plural = _("inställningar för aviseringar")

    def __str__(self) -> str:
        return f"{self.user_id} {self.frequency}"


class DigestSent(models.Model):
    """One digest to one person for one day: unique, so a digest run delivered twice sends nothing the second time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    items = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="notices_digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
