"""The audit log: every read of personal data and every change, append-only.

Rows are never updated or deleted through the application (save/delete refuse it), and on PostgreSQL a trigger
refuses UPDATE and DELETE as well (migration 0003). Person and household are referred to by their public ids, not
by foreign keys, so that the log outlives gallring of the records it speaks of.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    """Bulk changes are refused as well; only inserts are allowed."""

    def update(self, **kwargs):
        raise AppendOnlyError("Åtkomstloggen kan inte ändras.")

    def delete(self):
        raise AppendOnlyError("Åtkomstloggen kan inte raderas.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "VIEW", "Läsning"
        LIST = "LIST", "Visning i lista"
        CREATE = "CREATE", "Registrering"
        UPDATE = "UPDATE", "Ändring"
        DELETE = "DELETE", "Borttagning"
        EXPORT = "EXPORT", "Export"
        IMPORT = "IMPORT", "Import"
        LOGIN = "LOGIN", "Inloggning"
        LOGIN_FAILED = "LOGIN_FAILED", "Misslyckad inloggning"
        LOGOUT = "LOGOUT", "Utloggning"

    class Channel(models.TextChoices):
        PAGE = "PAGE", "Webbsida"
        API = "API", "API"
        CLI = "CLI", "Kommandorad"
        SYSTEM = "SYSTEM", "System"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64, blank=True)
    person_public_id = models.UUIDField(null=True, blank=True, db_index=True)
    household_public_id = models.UUIDField(null=True, blank=True, db_index=True)
    municipality_code = models.CharField(max_length=4, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "loggpost"
        verbose_name_plural = "åtkomstlogg"
        indexes = [models.Index(fields=["actor", "at"]), models.Index(fields=["municipality_code", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Åtkomstloggen kan inte ändras.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Åtkomstloggen kan inte raderas.")
