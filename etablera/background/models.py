"""A job: one piece of long work a user started from a page (a board report, later a large import or a matching
at county scale), its progress while the worker runs it and its file when done. The user who started it is the only
one who sees it; the file is kept a limited time (`background.result_days`, removed by gallring)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "QUEUED", _("Väntar på sin tur")
        RUNNING = "RUNNING", _("Pågår")
        DONE = "DONE", _("Klar")
        FAILED = "FAILED", _("Misslyckades")

    public_id = models.UUIDField(_("publikt id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("slag"), max_length=50)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("beställt av")
    )
    parameters = models.JSONField(_("parametrar"), default=dict, blank=True)
    # The requester's language: the worker writes the step labels and the file in it.
    language = models.CharField(_("språk"), max_length=10, default="sv")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.PositiveIntegerField(_("steg"), default=0)
    steps = models.PositiveIntegerField(_("antal steg"), default=0)
    label = models.CharField(_("pågående steg"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    result = models.BinaryField(_("resultat"), null=True, blank=True)
    result_name = models.CharField(_("filnamn"), max_length=200, blank=True)
    result_type = models.CharField(_("filtyp"), max_length=100, blank=True)
    # A message from services.FAILED_MESSAGE (a Swedish msgid, shown in the reader's language); the exception
    # itself goes to the log only.
    error = models.CharField(_("fel"), max_length=300, blank=True)
    task_id = models.CharField(_("köns id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("bakgrundsjobb")
        verbose_name_plural = pgettext_lazy("plural", "bakgrundsjobb")
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="background_job_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__lte=models.F("steps")) | models.Q(steps=0),
                name="background_job_step_within_steps",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def error_shown(self) -> str:
        """The stored message in the reader's language."""
        return gettext(self.error) if self.error else ""


class ScheduledRun(models.Model):
    """One run of a scheduled job for one slot (its day and time): the row is made when the slot's task is put on the
    queue, and its uniqueness is what lets every worker keep the schedule — whichever comes first enqueues the slot,
    the others find the row and leave it. The task marks it started and finished, so a second delivery does nothing.
    No personal data: the job's name, its times and a count-only summary."""

    name = models.CharField(_("jobb"), max_length=60)
    slot = models.DateTimeField(_("planerad tid"))
    enqueued_at = models.DateTimeField(_("lagd i kön"), default=timezone.now)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    succeeded = models.BooleanField(_("lyckades"), null=True, blank=True)
    summary = models.CharField(_("resultat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("schemalagd körning")
        verbose_name_plural = _("schemalagda körningar")
        ordering = ["-slot", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="background_scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.name} {self.slot:%Y-%m-%d %H:%M}"
