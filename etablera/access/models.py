"""The audit log: every read of personal data and every change, append-only.

Rows are never updated or deleted through the application (save/delete refuse it), and on PostgreSQL a trigger
refuses UPDATE and DELETE as well (migration 0003). Person and household are referred to by their public ids, not
by foreign keys, so that the log outlives gallring of the records it speaks of.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        VIEW = "VIEW", _("Läsning")
        LIST = "LIST", _("Visning i lista")
        CREATE = "CREATE", _("Registrering")
        UPDATE = "UPDATE", _("Ändring")
        DELETE = "DELETE", _("Borttagning")
        EXPORT = "EXPORT", _("Export")
        IMPORT = "IMPORT", _("Import")
        LOGIN = "LOGIN", _("Inloggning")
        LOGIN_FAILED = "LOGIN_FAILED", _("Misslyckad inloggning")
        LOGOUT = "LOGOUT", _("Utloggning")

    class Channel(models.TextChoices):
        PAGE = "PAGE", _("Webbsida")
        API = "API", _("API")
        CLI = "CLI", _("Kommandorad")
        SYSTEM = "SYSTEM", _("System")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No index of its own: (actor, at) below begins with it. Every request writes here; each index is a write more.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor_name = models.CharField(max_length=150, blank=True)
    # The actor's full name as it was when the event was written (first and last name, 150 each, and a space), so
    # that renaming an account does not rewrite who read what. Null on rows written before it was kept (they show
    # the account's current name); "" for an account without a name or for no actor.
    actor_full_name = models.CharField(max_length=301, null=True, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64, blank=True)
    person_public_id = models.UUIDField(null=True, blank=True, db_index=True)
    household_public_id = models.UUIDField(null=True, blank=True, db_index=True)
    municipality_code = models.CharField(max_length=4, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # Marks for the log review (issue #3): how the access was granted, and whether it touched a protected identity.
    basis = models.CharField(max_length=20, blank=True)
    break_glass = models.BooleanField(default=False)
    protected = models.BooleanField(default=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("åtkomstlogg")
        indexes = [models.Index(fields=["actor", "at"]), models.Index(fields=["municipality_code", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Åtkomstloggen kan inte ändras.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Åtkomstloggen kan inte raderas.")

    @property
    def actor_full_name_then(self) -> str:
        """The actor's full name at the time of the event ("" if none); for older rows, the account's current
        name. Reads `actor` only for those rows (select it with the events)."""
        if self.actor_full_name is not None:
            return self.actor_full_name
        return self.actor.get_full_name() if self.actor_id is not None else ""

    @property
    def actor_display(self) -> str:
        """Who did it, as the screens and documents name them: the full name then, else the user name then."""
        name = self.actor_full_name_then or self.actor_name
        return name or (self.actor.get_username() if self.actor_id is not None else "")


class Consent(models.Model):
    """A person's consent to share their data with named units (OSL 12 kap. 2 §; SoL 2 kap. 7 § for SIP).

    Access follows consent at once: a consent counts only from `given_date`, up to and including `valid_until`,
    and not from `withdrawn_date`.
    """

    class GivenBy(models.TextChoices):
        PERSON = "PERSON", _("Personen själv")
        GUARDIAN = "GUARDIAN", _("Vårdnadshavare eller god man")

    class Method(models.TextChoices):
        WRITTEN = "WRITTEN", _("Skriftligt")
        ORAL = "ORAL", _("Muntligt")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="consents")
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    given_by = models.CharField(
        _("lämnat av"), max_length=10, choices=GivenBy.choices, default=GivenBy.PERSON
    )
    guardian_name = models.CharField(_("vårdnadshavarens namn"), max_length=200, blank=True)
    units = models.ManyToManyField("organisation.Unit", related_name="consents", verbose_name=_("enheter"))
    sections = models.JSONField(_("delar"), default=list)
    purpose = models.CharField(_("syfte"), max_length=300)
    given_date = models.DateField(_("lämnat"))
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    method = models.CharField(_("hur det lämnades"), max_length=10, choices=Method.choices)
    method_note = models.CharField(_("anteckning om hur"), max_length=300, blank=True)
    document_reference = models.CharField(_("dokumentreferens"), max_length=100, blank=True)
    withdrawn_date = models.DateField(_("återkallat"), null=True, blank=True)
    withdrawn_note = models.CharField(_("anteckning om återkallelse"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-given_date", "-pk"]
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("given_date")),
                name="consent_valid_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_date__isnull=True)
                | models.Q(withdrawn_date__gte=models.F("given_date")),
                name="consent_withdrawn_after_given",
            ),
        ]
        indexes = [models.Index(fields=["person", "withdrawn_date"])]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.given_date})"

    def is_active(self, on) -> bool:
        return (
            self.given_date <= on
            and (self.valid_until is None or on <= self.valid_until)
            and (self.withdrawn_date is None or on < self.withdrawn_date)
        )


def active_consents_q(on, prefix: str = "") -> models.Q:
    """The condition for consents in force on `on`, usable from related models with `prefix` ('consents__')."""
    return (
        models.Q(**{f"{prefix}given_date__lte": on})
        & (models.Q(**{f"{prefix}valid_until__isnull": True}) | models.Q(**{f"{prefix}valid_until__gte": on}))
        & (
            models.Q(**{f"{prefix}withdrawn_date__isnull": True})
            | models.Q(**{f"{prefix}withdrawn_date__gt": on})
        )
    )


class BreakGlassAccess(models.Model):
    """Nödåtkomst: a user opened a household outside their access in an emergency, stating why. Time-limited,
    marked in the log, and listed for the unit manager's review."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    household = models.ForeignKey("people.Household", on_delete=models.PROTECT, related_name="break_glass")
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("skäl"))
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("granskningsanteckning"), max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("nödåtkomst")
        verbose_name_plural = _("nödåtkomster")
        indexes = [
            models.Index(fields=["user", "expires_at"]),
            models.Index(fields=["municipality", "reviewed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"
