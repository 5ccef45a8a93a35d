"""The network's meetings (Nyköping meets its associations monthly): when and where, who came, the notes, and the
follow-ups agreed — each with who is responsible and by when, marked done once (the row locked)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.civil.models.associations import Association
from etablera.organisation.fields import actor, municipality_fk


class NetworkMeeting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = municipality_fk(related_name="network_meetings")
    held_on = models.DateField(_("datum"))
    place = models.CharField(_("plats"), max_length=200)
    notes = models.TextField(_("anteckningar"), max_length=5000, blank=True)
    attending = models.ManyToManyField(
        Association, related_name="meetings", blank=True, verbose_name=_("deltagande föreningar")
    )
    created_by = actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("nätverksmöte")
        verbose_name_plural = _("nätverksmöten")
        indexes = [models.Index(fields=["municipality", "held_on"])]

    def __str__(self):
        return f"{self.held_on} {self.place}"


class FollowUp(models.Model):
    meeting = models.ForeignKey(
        NetworkMeeting, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("nätverksmöte")
    )
    text = models.CharField(_("vad ska göras"), max_length=500)
    responsible = models.CharField(_("ansvarig"), max_length=200)
    due_on = models.DateField(_("klart senast"), null=True, blank=True)
    done_on = models.DateField(_("klart"), null=True, blank=True)
    done_by = actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self):
        return self.text
