"""Volunteers and language friends (issue #17): a resident's sign-up through the public form, its confirmation
and withdrawal, staff review; newcomers' wishes for a volunteer, the matches between them and their follow-ups.

A volunteer is not a registered person: their data is their own section, read only by the staff who work with civil
society (capabilities.civil_municipality_ids) and never shown on a public page. A newcomer's wish is about a
registered person (etablera.people) and goes with the person's register extract.

Flen's group matching (one volunteer with several households) is several matches of the same volunteer, one per
wish: each household gives its own consent, has its own follow-ups and ends on its own; the volunteer's load (their
running matches) is a criterion of the ranking. A separate group table would add a second place for consent and
outcome without a question it answers better.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from etablera.organisation.models import Municipality
from etablera.volunteers.codes import Offer, language_names, offer_names


class ConsentText(models.Model):
    """The text of the consent to the processing of a volunteer's data (GDPR art. 6.1 a), versioned: the newest
    version in force in the reader's language is shown on the form; a volunteer records the version they accepted."""

    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("språk"), max_length=10, choices=[("sv", "svenska"), ("en", "English")])
    text = models.TextField(_("text"), max_length=5000)
    lawful_basis = models.CharField(_("rättslig grund"), max_length=200)
    in_force_from = models.DateField(_("gäller från"))

    class Meta:
        verbose_name = _("samtyckestext")
        verbose_name_plural = _("samtyckestexter")
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="volunteers_consent_version")
        ]

    def __str__(self):
        return f"v{self.version} ({self.language})"


class Volunteer(models.Model):
    class Status(models.TextChoices):
        UNCONFIRMED = "UNCONFIRMED", _("Ej bekräftad")
        CONFIRMED = "CONFIRMED", _("Bekräftad e-post, väntar på granskning")
        APPROVED = "APPROVED", _("Godkänd")
        REJECTED = "REJECTED", _("Inte godkänd")
        WITHDRAWN = "WITHDRAWN", _("Avslutad av volontären")
        # Approved, but did not renew within the grace period (renewal.py): not proposed for matching; renewing
        # through the e-mail's link makes them approved again, and gallring erases them after a few years.
        INACTIVE = "INACTIVE", _("Vilande – har inte förnyat")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("kommun")
    )
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), max_length=254)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    offers = models.CharField(_("erbjuder"), max_length=200)  # codes.pack of Offer
    languages = models.CharField(_("språk"), max_length=200)  # codes.pack of ISO 639 codes
    area = models.CharField(_("område"), max_length=200, blank=True)
    availability = models.CharField(_("tillgänglighet"), max_length=500, blank=True)
    takes_families = models.BooleanField(_("kan ta emot en familj"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    review_note = models.TextField(_("granskningsanteckning"), max_length=2000, blank=True)
    background_check_note = models.TextField(
        _("belastningsregister (anteckning)"),
        max_length=2000,
        blank=True,
        help_text=_(
            "Där det krävs, t.ex. uppdrag med barn: att utdrag visats och när. Aldrig utdraget självt."
        ),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    consent_text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("samtyckestext")
    )
    consent_at = models.DateTimeField(_("samtycke lämnat"))
    # Tokens: only their SHA-256 is stored. The confirmation token is random and expires; the withdrawal token is
    # derived from the secret key and `withdraw_salt` (tokens.py), so every e-mail can carry the same link.
    confirm_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    confirm_token_expires_at = models.DateTimeField(null=True, blank=True)
    withdraw_salt = models.CharField(max_length=64, blank=True)
    withdraw_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The yearly renewal (renewal.py): the link's token (random, only its hash kept) is made when the e-mail is sent,
    # `renewal_requested_at` says it was sent in this period, so the daily command mails each volunteer once.
    renew_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    renewal_requested_at = models.DateTimeField(_("ombedd att förnya"), null=True, blank=True)
    inactive_since = models.DateTimeField(_("vilande sedan"), null=True, blank=True)
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    renewed_at = models.DateTimeField(_("senast förnyad"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    erased_at = models.DateTimeField(_("uppgifterna raderade"), null=True, blank=True)

    class Meta:
        verbose_name = _("volontär")
        verbose_name_plural = _("volontärer")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self):
        return self.name

    @property
    def offer_names(self) -> str:
        return offer_names(self.offers)

    @property
    def language_names(self) -> str:
        return language_names(self.languages)


class NewcomerWish(models.Model):
    """A registered person who wants a volunteer, with their consent to be matched (who gave it, when, how)."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "INDIVIDUAL", _("Enskild person")
        FAMILY = "FAMILY", _("Familj")

    class Status(models.TextChoices):
        WAITING = "WAITING", _("Väntar")
        MATCHED = "MATCHED", _("Matchad")
        WITHDRAWN = "WITHDRAWN", _("Återkallad")

    class ConsentMethod(models.TextChoices):
        ORAL = "ORAL", _("Muntligt")
        WRITTEN = "WRITTEN", _("Skriftligt")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="newcomer_wishes", verbose_name=_("kommun")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="volunteer_wishes", verbose_name=_("person")
    )
    kind = models.CharField(_("gäller"), max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    languages = models.CharField(_("språk"), max_length=200)
    offers = models.CharField(_("önskar"), max_length=200)
    area = models.CharField(_("område"), max_length=200, blank=True)
    note = models.TextField(_("anteckning"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    consent_given_by = models.CharField(_("samtycke lämnat av"), max_length=200)
    consent_method = models.CharField(_("samtycket lämnades"), max_length=20, choices=ConsentMethod.choices)
    consent_date = models.DateField(_("samtyckets datum"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        verbose_name = _("önskan om volontär")
        verbose_name_plural = _("önskemål om volontär")
        ordering = ["created_at"]

    def __str__(self):
        return str(self.public_id)

    @property
    def offer_names(self) -> str:
        return offer_names(self.offers)

    @property
    def language_names(self) -> str:
        return language_names(self.languages)


class Match(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "PROPOSED", _("Föreslagen")
        STARTED = "STARTED", _("Pågår")
        ENDED = "ENDED", _("Avslutad")

    class EndReason(models.TextChoices):
        COMPLETED = "COMPLETED", _("Klar – målet nått")
        NEWCOMER_MOVED = "NEWCOMER_MOVED", _("Den nyanlände har flyttat")
        NEWCOMER_DECLINED = "NEWCOMER_DECLINED", _("Den nyanlände ville inte fortsätta")
        VOLUNTEER_STOPPED = "VOLUNTEER_STOPPED", _("Volontären slutade")
        NO_CONTACT = "NO_CONTACT", _("Ingen kontakt blev av")
        NOT_SUITABLE = "NOT_SUITABLE", _("Passade inte")
        WITHDRAWN = "WITHDRAWN", _("Volontären avslutade sitt uppdrag")
        OTHER = "OTHER", _("Annat")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="volunteer_matches", verbose_name=_("kommun")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="matches", verbose_name=_("volontär")
    )
    wish = models.ForeignKey(
        NewcomerWish, on_delete=models.CASCADE, related_name="matches", verbose_name=_("önskan")
    )
    offer = models.CharField(_("uppdrag"), max_length=20, choices=Offer.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    explanation = models.JSONField(_("förklaring"), default=list, blank=True)
    score = models.IntegerField(_("poäng"), default=0)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)
    # The newcomer's consent to share their contact details with the volunteer, recorded before the start.
    contact_consent_by = models.CharField(
        _("samtycke till kontaktuppgifter lämnat av"), max_length=200, blank=True
    )
    contact_consent_date = models.DateField(_("samtyckets datum"), null=True, blank=True)
    started_at = models.DateField(_("startad"), null=True, blank=True)
    ended_at = models.DateField(_("avslutad"), null=True, blank=True)
    end_reason = models.CharField(_("skäl"), max_length=30, choices=EndReason.choices, blank=True)
    end_note = models.TextField(_("anteckning om avslutet"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("matchning")
        verbose_name_plural = _("matchningar")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="ENDED") | ~models.Q(end_reason=""),
                name="volunteers_match_end_reason",
            )
        ]

    def __str__(self):
        return str(self.public_id)


class FollowUp(models.Model):
    class Outcome(models.TextChoices):
        MET = "MET", _("Har träffats")
        ONGOING = "ONGOING", _("Pågår")
        ENDED = "ENDED", _("Avslutad")

    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("matchning")
    )
    date = models.DateField(_("datum"))
    outcome = models.CharField(_("läge"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("anteckning"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date} {self.outcome}"
