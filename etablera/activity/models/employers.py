"""The praktikplatsbank: employers (organisation number checked), their contact persons and supervisors, and the
work placements they offer, from open to filled to ended with an outcome — and each offer of a placement to a
person, accepted or declined with a reason."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.activity.models.common import HOURS, SHORT, TEXT, _actor, _municipality, _unit


class Employer(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = _municipality()
    name = models.CharField(_("namn"), max_length=200)
    organisation_number = models.CharField(_("organisationsnummer"), max_length=11)
    industry = models.CharField(_("bransch"), max_length=200, blank=True)
    address = models.CharField(_("adress"), max_length=SHORT, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=5, blank=True)
    notes = models.TextField(_("anteckningar"), max_length=TEXT, blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    created_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("arbetsgivare")
        verbose_name_plural = _("arbetsgivare")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation_number"], name="employer_once_per_municipality"
            )
        ]

    def __str__(self):
        return self.name


class EmployerContact(models.Model):
    """A contact person at the employer; a supervisor (handledare) guides placements."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("arbetsgivare")
    )
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), max_length=254, blank=True)
    is_supervisor = models.BooleanField(_("handledare"), default=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self):
        return self.name


class Placement(models.Model):
    """One work placement (praktikplats) for one person at a time."""

    class State(models.TextChoices):
        OPEN = "OPEN", _("Ledig")
        OFFERED = "OFFERED", _("Erbjuden")
        FILLED = "FILLED", _("Tillsatt")
        ENDED = "ENDED", _("Avslutad")
        WITHDRAWN = "WITHDRAWN", _("Återtagen av arbetsgivaren")

    class Outcome(models.TextChoices):
        EMPLOYMENT = "EMPLOYMENT", _("Anställning")
        STUDIES = "STUDIES", _("Studier")
        NONE = "NONE", _("Varken arbete eller studier")

    class SwedishLevel(models.TextChoices):
        NONE = "NONE", _("Inga krav")
        BASIC = "BASIC", _("Grundläggande")
        GOOD = "GOOD", _("Goda kunskaper")
        FLUENT = "FLUENT", _("Flytande")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="placements", verbose_name=_("arbetsgivare")
    )
    municipality = _municipality()
    unit = _unit(_("ansvarig enhet"), null=False)
    title = models.CharField(_("benämning"), max_length=200)
    ssyk = models.CharField(_("yrke (SSYK)"), max_length=4)
    tasks = models.TextField(_("arbetsuppgifter"), max_length=TEXT)
    swedish_level = models.CharField(
        _("krav på svenska"), max_length=10, choices=SwedishLevel.choices, default=SwedishLevel.NONE
    )
    languages = models.JSONField(_("andra språk som är till hjälp"), default=list, blank=True)
    driving_licence = models.BooleanField(_("kräver körkort"), default=False)
    postcode = models.CharField(_("postnummer"), max_length=5, blank=True)
    starts_on = models.DateField(_("startar"))
    ends_on = models.DateField(_("slutar"))
    hours_per_week = models.DecimalField(_("timmar i veckan"), **HOURS)
    supervisor = models.ForeignKey(
        EmployerContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handledare"),
    )
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.OPEN)
    participant = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("deltagare"),
    )
    ended_on = models.DateField(_("avslutad"), null=True, blank=True)
    outcome = models.CharField(_("utfall"), max_length=12, choices=Outcome.choices, blank=True)
    employer_follow_up = models.TextField(_("arbetsgivarens uppföljning"), max_length=TEXT, blank=True)
    followed_up_on = models.DateField(_("uppföljd"), null=True, blank=True)
    created_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("praktikplats")
        verbose_name_plural = _("praktikplatser")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="placement_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=40), name="placement_hours_in_week"
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["FILLED", "ENDED"]) | Q(participant__isnull=False),
                name="placement_filled_has_participant",
            ),
            models.CheckConstraint(
                condition=Q(state="ENDED", ended_on__isnull=False) & ~Q(outcome="")
                | ~Q(state="ENDED") & Q(outcome=""),
                name="placement_ended_has_outcome",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "state"])]

    def __str__(self):
        return self.title


class PlacementOffer(models.Model):
    """A placement offered to a person, with the proposal's explanation, and the answer."""

    class Status(models.TextChoices):
        OFFERED = "OFFERED", _("Erbjuden")
        ACCEPTED = "ACCEPTED", _("Tackade ja")
        DECLINED = "DECLINED", _("Tackade nej")
        WITHDRAWN = "WITHDRAWN", _("Återtagen")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="offers", verbose_name=_("praktikplats")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="placement_offers", verbose_name=_("person")
    )
    municipality = _municipality()
    offered_on = models.DateField(_("erbjuden"))
    explanation = models.JSONField(_("varför förslaget"), default=list, blank=True)  # catalogue messages
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    answered_on = models.DateField(_("svar"), null=True, blank=True)
    decline_reason = models.CharField(_("skäl att tacka nej"), max_length=SHORT, blank=True)
    offered_by = _actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-offered_on", "-pk"]
        verbose_name = _("erbjudande om praktikplats")
        verbose_name_plural = _("erbjudanden om praktikplats")
        constraints = [
            models.UniqueConstraint(
                fields=["placement"], condition=Q(status="OFFERED"), name="one_open_offer_per_placement"
            ),
            models.CheckConstraint(
                condition=~Q(status="DECLINED") | ~Q(decline_reason=""), name="declined_offer_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.placement_id}: {self.get_status_display()}"
