"""Grants to associations (issue #17): a programme (a grant round with a budget, a period for applications, criteria
and a form's extra questions), and the applications to it from associations — assessed, decided, paid and reported
back. An application is the association's; what is personal in it is the contact person's name, e-mail and phone
(gallring: grants/gallring.py)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.organisation.fields import actor, municipality_fk

TEXT = 4000
SHORT = 200


class GrantProgramme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Utkast")
        OPEN = "OPEN", _("Öppen för ansökningar")
        CLOSED = "CLOSED", _("Stängd")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = municipality_fk(related_name="grant_programmes")
    name = models.CharField(_("namn"), max_length=SHORT)
    criteria = models.TextField(_("kriterier"), max_length=TEXT)
    budget = models.PositiveBigIntegerField(_("budget (kr)"))
    opens_on = models.DateField(_("ansökan öppnar"))
    closes_on = models.DateField(_("sista ansökningsdag"))
    # [{name, label, max_length, required}], checked by rules.grants.clean_extra_fields.
    extra_fields = models.JSONField(_("extra frågor i formuläret"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The central pot (issue #15) the grants are paid from, when the municipality runs the schablon that way.
    funding_year = models.ForeignKey(
        "money.FundingYear",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_programmes",
        limit_choices_to={"model": "POT"},
        verbose_name=_("kommunens centrala pott"),
    )
    created_by = actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "name", "pk"]
        verbose_name = _("bidragsprogram")
        verbose_name_plural = _("bidragsprogram")
        constraints = [
            models.CheckConstraint(condition=Q(opens_on__lte=F("closes_on")), name="grants_programme_period"),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.name

    def accepts_on(self, day) -> bool:
        return self.status == self.Status.OPEN and self.opens_on <= day <= self.closes_on


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "SUBMITTED", _("Inkommen")
        UNDER_ASSESSMENT = "UNDER_ASSESSMENT", _("Under bedömning")
        GRANTED = "GRANTED", _("Beviljad")
        REJECTED = "REJECTED", _("Avslagen")
        WITHDRAWN = "WITHDRAWN", _("Återtagen")
        PAID = "PAID", _("Utbetald")
        REPORTED = "REPORTED", _("Återrapporterad")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        GrantProgramme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("bidragsprogram"),
    )
    # The programme's, kept here too so that the reference is unique per municipality by a constraint.
    municipality = municipality_fk()
    reference = models.CharField(_("diarienummer"), max_length=20)
    association = models.ForeignKey(
        "civil.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grant_applications",
        verbose_name=_("förening i registret"),
    )
    association_name = models.CharField(_("föreningens namn"), max_length=SHORT)
    organisation_number = models.CharField(_("organisationsnummer"), max_length=11)
    contact_name = models.CharField(_("kontaktperson"), max_length=SHORT)
    contact_email = models.EmailField(_("e-post"), max_length=254)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    description = models.TextField(_("projektbeskrivning"), max_length=TEXT)
    amount_applied = models.PositiveBigIntegerField(_("sökt belopp (kr)"))
    answers = models.JSONField(_("svar på extra frågor"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    # Double opt-in: the link's token is kept only as its SHA-256.
    confirm_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    # Assessment and decision.
    assessment = models.TextField(_("bedömning"), max_length=TEXT, blank=True)
    assessed_by = actor(verbose_name=_("bedömd av"))
    assessed_at = models.DateTimeField(_("bedömd"), null=True, blank=True)
    amount_granted = models.PositiveBigIntegerField(_("beviljat belopp (kr)"), null=True, blank=True)
    decision_reasons = models.TextField(_("motivering"), max_length=TEXT, blank=True)
    conditions = models.TextField(_("villkor"), max_length=TEXT, blank=True)
    decided_by = actor(verbose_name=_("beslutat av"))
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    # Payment.
    paid_on = models.DateField(_("utbetald den"), null=True, blank=True)
    paid_amount = models.PositiveBigIntegerField(_("utbetalt belopp (kr)"), null=True, blank=True)
    payment_reference = models.CharField(_("betalningsreferens"), max_length=100, blank=True)
    paid_by = actor(verbose_name=_("utbetalning registrerad av"))
    # Report back: the link in the decision e-mail carries a token kept only as its SHA-256.
    report_deadline = models.DateField(_("återrapport senast"), null=True, blank=True)
    report_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    report_text = models.TextField(_("vad som gjordes"), max_length=TEXT, blank=True)
    # {"women": {"0–12": 3, ...}, "men": {...}, "other": {...}}
    report_participants = models.JSONField(_("deltagare"), default=dict, blank=True)
    report_money_used = models.PositiveBigIntegerField(_("använt belopp (kr)"), null=True, blank=True)
    report_submitted_at = models.DateTimeField(_("återrapport inkom"), null=True, blank=True)
    report_received_by = actor(verbose_name=_("återrapport registrerad av"))
    reminded_at = models.DateTimeField(_("påmind"), null=True, blank=True)
    contact_cleared_at = models.DateTimeField(_("kontaktuppgifter gallrade"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reference", "pk"]
        verbose_name = _("ansökan om bidrag")
        verbose_name_plural = _("ansökningar om bidrag")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference"], name="grants_reference_once"),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_granted__lte=F("amount_applied")),
                name="grants_granted_at_most_applied",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["status", "report_deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.association_name}"

    @property
    def is_late(self) -> bool:
        """The report back is overdue, or came in after its deadline."""
        if self.report_deadline is None:
            return False
        if self.report_submitted_at is not None:
            return timezone.localdate(self.report_submitted_at) > self.report_deadline
        late_states = (self.Status.GRANTED, self.Status.PAID)
        return self.status in late_states and timezone.localdate() > self.report_deadline

    def participant_total(self) -> int:
        return sum(
            count for by_band in (self.report_participants or {}).values() for count in by_band.values()
        )
