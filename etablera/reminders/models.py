"""Reminders to newcomers (issue #18): a person's consent to reminders by SMS or e-mail, the phone number a unit
answers questions on, and the outbox — every reminder made, with what became of it. The outbox row is the log of
the message; its address and text are personal data and go `retention.reminder_days` after it was sent
(reminders/gallring.py)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.organisation.models import Unit
from etablera.people.models import Person


class Channel(models.TextChoices):
    SMS = "SMS", _("Sms")
    EMAIL = "EMAIL", _("E-post")


class ReminderConsent(models.Model):
    """The person agreed to reminders on a channel, as told to a member of staff who recorded it. In force until
    withdrawn; one in force per person and channel."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="reminder_consents", verbose_name=_("person")
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    given_at = models.DateTimeField(_("lämnat"), default=timezone.now)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrerat av"),
    )
    withdrawn_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("samtycke till påminnelser")
        verbose_name_plural = _("samtycken till påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "channel"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="reminders_one_consent_in_force",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_at__gte=models.F("given_at")),
                name="reminders_consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.channel}"


class UnitPhone(models.Model):
    """The number a unit answers newcomers' questions on, printed at the end of a reminder. Configuration, kept in
    the admin: no person's number."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="reminder_phone", verbose_name=_("enhet")
    )
    phone = models.CharField(_("telefon för frågor"), max_length=30)

    class Meta:
        verbose_name = _("telefon för frågor om påminnelser")
        verbose_name_plural = _("telefoner för frågor om påminnelser")

    def __str__(self) -> str:
        return f"{self.unit} {self.phone}"


class OutgoingMessage(models.Model):
    """One reminder to one person on one channel. Made once per appointment, person, channel and kind (the
    constraint): the day's run delivered twice makes nothing twice, and the send task sends only a QUEUED row."""

    class Status(models.TextChoices):
        QUEUED = "QUEUED", _("Väntar")
        SENT = "SENT", _("Skickat")
        FAILED = "FAILED", _("Misslyckades")
        SKIPPED = "SKIPPED", _("Skickas inte")

    class Kind(models.TextChoices):
        APPOINTMENT_REMINDER = "APPOINTMENT_REMINDER", _("Påminnelse om möte")

    class Reason(models.TextChoices):
        PROTECTED = "PROTECTED", _("Personen har skyddade personuppgifter")
        PROTECTED_HOUSEHOLD = "PROTECTED_HOUSEHOLD", _("Någon i hushållet har skyddade personuppgifter")
        NO_CONSENT = "NO_CONSENT", _("Inget samtycke till påminnelser i den här kanalen")
        NO_ADDRESS = "NO_ADDRESS", _("Inget telefonnummer eller ingen e-postadress")
        TOO_LATE = "TOO_LATE", _("Mötet har redan varit")
        MOVED = "MOVED", _("Mötet har flyttats till en annan dag")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="reminder_messages", verbose_name=_("person")
    )
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun")
    )
    # Null once the appointment is gone (deleted with its household): the row stays as the log of what was sent.
    appointment = models.ForeignKey(
        "letters.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("möte"),
    )
    appointment_date = models.DateField(_("mötets datum"))
    kind = models.CharField(_("slag"), max_length=30, choices=Kind.choices, default=Kind.APPOINTMENT_REMINDER)
    language = models.CharField(_("språk"), max_length=20)
    # Personal data, kept only until gallring (reminders/gallring.py): the number or address and the text.
    to_address = models.CharField(_("mottagare"), max_length=254, blank=True)
    subject = models.CharField(_("ämne"), max_length=200, blank=True)
    text = models.TextField(_("text"), max_length=2000, blank=True)
    parts = models.PositiveSmallIntegerField(_("antal sms"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(_("skäl"), max_length=30, choices=Reason.choices, blank=True)
    error = models.CharField(_("fel"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    provider_id = models.CharField(_("tjänstens id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("gallrat"), null=True, blank=True)

    class Meta:
        ordering = ["-appointment_date", "-pk"]
        verbose_name = _("utgående meddelande")
        verbose_name_plural = _("utgående meddelanden")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "person", "channel", "kind"], name="reminders_made_once"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "appointment_date"]),
            models.Index(fields=["status", "appointment_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.appointment_date} {self.status}"

    @property
    def to_masked(self) -> str:
        """The address as the staff's pages show it: a number's last three digits, an address's first letter and
        domain."""
        return mask(self.to_address)


def mask(address: str) -> str:
    if not address:
        return ""
    if "@" in address:
        local, _at, domain = address.partition("@")
        return f"{local[:1]}•••@{domain}"
    return "•" * max(len(address) - 3, 0) + address[-3:]
