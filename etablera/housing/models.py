"""Housing: homes (HousingUnit), contracts between a household and a home, a household's housing need, and the
matching proposals that pair waiting households with free homes (issue #5).

A contract's address is the household's address, so wherever a household with a protected identity is shown next
to a home, the address is masked (etablera.housing.selectors decides; docs/security.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.organisation.models import Municipality
from etablera.people.models import Household


class Wish(models.TextChoices):
    """What a household wishes to live near, and what a home is near (the same words on both sides)."""

    SCHOOL = "SCHOOL", _("Nära skola")
    SFI = "SFI", _("Nära SFI")
    WORK = "WORK", _("Nära arbete")
    TRANSPORT = "TRANSPORT", _("Nära kollektivtrafik")


class HousingUnit(models.Model):
    """A home the municipality can offer: a flat, a house, a room, a hotel room or places in HVB and the like."""

    class Landlord(models.TextChoices):
        HOUSING_COMPANY = "HOUSING_COMPANY", _("Kommunalt bostadsbolag")
        PRIVATE = "PRIVATE", _("Privat hyresvärd")
        MUNICIPALITY = "MUNICIPALITY", _("Kommunen")

    class Kind(models.TextChoices):
        FLAT = "FLAT", _("Lägenhet")
        HOUSE = "HOUSE", _("Hus (villa, radhus)")
        MODULE = "MODULE", _("Modulbostad")
        SHARED_ROOM = "SHARED_ROOM", _("Rum i delat boende")
        HOTEL = "HOTEL", _("Hotell- eller vandrarhemsrum")
        TRANSITIONAL = "TRANSITIONAL", _("Genomgångsbostad")
        HVB = "HVB", _("Plats på HVB")
        SUPPORTED = "SUPPORTED", _("Plats i stödboende")
        EXIT = "EXIT", _("Plats i utslussboende")

    # Kinds that are housing for a while, not a home to stay in: a household there is still waiting.
    TEMPORARY_KINDS = {Kind.MODULE, Kind.SHARED_ROOM, Kind.HOTEL, Kind.TRANSITIONAL}
    # Places for young people (minors and young adults), counted in places rather than bedrooms.
    PLACEMENT_KINDS = {Kind.HVB, Kind.SUPPORTED, Kind.EXIT}

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="housing_units", verbose_name=_("kommun")
    )
    reference = models.CharField(
        _("objektnummer"),
        max_length=40,
        help_text=_("Hyresvärdens nummer för bostaden; en import känner igen bostaden på det."),
    )
    address_street = models.CharField(_("gatuadress"), max_length=200)
    address_postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    address_city = models.CharField(_("postort"), max_length=100, blank=True)
    area = models.CharField(_("område"), max_length=100, blank=True, help_text=_("Stadsdel eller ort"))
    landlord = models.CharField(_("hyresvärd"), max_length=20, choices=Landlord.choices)
    landlord_name = models.CharField(_("hyresvärdens namn"), max_length=200, blank=True)
    kind = models.CharField(_("typ av bostad"), max_length=20, choices=Kind.choices)
    rooms = models.PositiveSmallIntegerField(
        _("antal rum"), validators=[MinValueValidator(1)], help_text=_("Rum utöver kök")
    )
    bedrooms = models.PositiveSmallIntegerField(
        _("antal sovrum"), help_text=_("Rum att sova i; kök och vardagsrum räknas inte")
    )
    floor_area = models.PositiveIntegerField(_("yta (m²)"), null=True, blank=True)
    monthly_cost = models.PositiveIntegerField(_("kostnad per månad (kr)"))
    nightly_cost = models.PositiveIntegerField(
        _("kostnad per natt (kr)"), null=True, blank=True, help_text=_("För hotell och vandrarhem")
    )
    capacity = models.PositiveSmallIntegerField(
        _("antal hushåll eller platser"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Hur många hushåll (eller platser på HVB och stödboende) som kan bo här samtidigt"),
    )
    accessible = models.BooleanField(_("tillgänglighetsanpassad"), default=False)
    accessibility_note = models.CharField(_("om tillgängligheten"), max_length=200, blank=True)
    near = models.JSONField(_("nära"), default=list, blank=True)
    available_from = models.DateField(_("ledig från"), null=True, blank=True)
    available_to = models.DateField(_("ledig till"), null=True, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True, help_text=_("Bostaden kan erbjudas"))
    notes = models.TextField(_("anteckningar"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__code", "address_street", "reference"]
        verbose_name = _("bostad")
        verbose_name_plural = _("bostäder")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="housing_unit_unique_reference"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="housing_unit_capacity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(bedrooms__lte=models.F("rooms")), name="housing_unit_bedrooms_within_rooms"
            ),
            models.CheckConstraint(
                condition=models.Q(available_to__isnull=True)
                | models.Q(available_from__isnull=True)
                | models.Q(available_to__gte=models.F("available_from")),
                name="housing_unit_available_period",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "is_active", "available_from"])]

    def __str__(self) -> str:
        return f"{self.address_street} ({self.reference})"

    @property
    def is_temporary(self) -> bool:
        return self.kind in self.TEMPORARY_KINDS

    @property
    def address(self) -> str:
        return ", ".join(
            p for p in (self.address_street, f"{self.address_postal_code} {self.address_city}".strip()) if p
        )


class Contract(models.Model):
    """A household's right to live in a home for a period: the household's moves are its contracts in order."""

    class Kind(models.TextChoices):
        FIRST_HAND = "FIRST_HAND", _("Förstahandskontrakt")
        SECOND_HAND = "SECOND_HAND", _("Andrahandskontrakt (socialt kontrakt)")
        TEMPORARY = "TEMPORARY", _("Tidsbegränsat kontrakt utan besittningsskydd")
        ESTABLISHMENT = "ESTABLISHMENT", _("Etableringsboende (högst 36 månader)")
        PER_NIGHT = "PER_NIGHT", _("Hotell eller vandrarhem per natt")

    # Contracts under which the household is housed for good; the others are temporary housing.
    PERMANENT_KINDS = {Kind.FIRST_HAND, Kind.SECOND_HAND}

    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Utkast")
        ACTIVE = "ACTIVE", _("Gällande")
        ENDED = "ENDED", _("Avslutat")
        CANCELLED = "CANCELLED", _("Makulerat utkast")

    class Payer(models.TextChoices):
        HOUSEHOLD = "HOUSEHOLD", _("Hushållet")
        MUNICIPALITY = "MUNICIPALITY", _("Kommunen (mottagningen)")
        SOCIAL_SERVICES = "SOCIAL_SERVICES", _("Socialtjänsten (försörjningsstöd)")

    class EndReason(models.TextChoices):
        MOVED = "MOVED", _("Flyttat till annan bostad")
        TENANT_TERMINATED = "TENANT_TERMINATED", _("Uppsagt av hushållet")
        LANDLORD_TERMINATED = "LANDLORD_TERMINATED", _("Uppsagt av hyresvärden")
        PERIOD_ENDED = "PERIOD_ENDED", _("Avtalstiden löpte ut")
        NOT_PARTICIPATING = "NOT_PARTICIPATING", _("Avslutat i förtid: deltar inte i etableringsinsatser")
        MOVED_AWAY = "MOVED_AWAY", _("Flyttat från kommunen")
        OTHER = "OTHER", _("Annat skäl")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="housing_contracts", verbose_name=_("kommun")
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="housing_contracts", verbose_name=_("hushåll")
    )
    unit = models.ForeignKey(
        HousingUnit, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("bostad")
    )
    kind = models.CharField(_("typ av kontrakt"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    start_date = models.DateField(_("från och med"))
    end_date = models.DateField(_("till och med"), null=True, blank=True, help_text=_("Tomt: tills vidare"))
    planned_end_rule = models.JSONField(_("förklaring av sista dag"), default=dict, blank=True)
    payer = models.CharField(_("betalas av"), max_length=20, choices=Payer.choices)
    monthly_cost = models.PositiveIntegerField(_("kostnad per månad (kr)"))
    nightly_cost = models.PositiveIntegerField(_("kostnad per natt (kr)"), null=True, blank=True)
    end_reason = models.CharField(_("skäl till avslut"), max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.CharField(_("om avslutet"), max_length=300, blank=True)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("bostadskontrakt")
        verbose_name_plural = _("bostadskontrakt")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="contract_end_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ENDED") | models.Q(end_date__isnull=False),
                name="contract_ended_has_end_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="ESTABLISHMENT") | models.Q(end_date__isnull=False),
                name="contract_establishment_has_end_date",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["household", "start_date"]),
            models.Index(fields=["municipality", "status", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%Y-%m-%d}"

    @property
    def is_permanent(self) -> bool:
        return self.kind in self.PERMANENT_KINDS

    @property
    def occupies(self) -> bool:
        """Drafts hold the home as well as signed contracts do, so two offers cannot overbook it."""
        return self.status in (self.Status.DRAFT, self.Status.ACTIVE)


class HousingNeed(models.Model):
    """What a household needs from a home and by when; its status follows the household's contracts."""

    class Status(models.TextChoices):
        WAITING = "WAITING", _("Väntar på bostad")
        TEMPORARY = "TEMPORARY", _("Tillfälligt boende")
        PERMANENT = "PERMANENT", _("Permanent boende")
        CLOSED = "CLOSED", _("Avslutat (ordnat eget boende eller flyttat)")

    # Households still in the queue: without a home, or in temporary housing waiting for a permanent one.
    OPEN_STATUSES = (Status.WAITING, Status.TEMPORARY)

    class Reason(models.TextChoices):
        ASSIGNMENT = "ASSIGNMENT", _("Anvisad till kommunen")
        OVERCROWDED = "OVERCROWDED", _("Trångbodd (t.ex. egenbosatt)")
        TEMPORARY_ENDING = "TEMPORARY_ENDING", _("Tillfälligt boende upphör")
        LEAVING_PLACEMENT = "LEAVING_PLACEMENT", _("Lämnar HVB eller stödboende")
        OTHER = "OTHER", _("Annat")

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="housing_need", verbose_name=_("hushåll")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="housing_needs", verbose_name=_("kommun")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    reason = models.CharField(_("skäl"), max_length=20, choices=Reason.choices, default=Reason.ASSIGNMENT)
    registered_date = models.DateField(_("anmält"), default=timezone.localdate)
    house_by = models.DateField(_("bostad senast"), null=True, blank=True)
    house_by_rule = models.JSONField(_("förklaring av datumet"), default=dict, blank=True)
    bedrooms_override = models.PositiveSmallIntegerField(
        _("sovrum enligt bedömning"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt för att räkna efter normen; ange skäl om du ändrar"),
    )
    bedrooms_override_reason = models.CharField(_("skäl till bedömningen"), max_length=200, blank=True)
    needs_accessible = models.BooleanField(_("behöver tillgänglighetsanpassad bostad"), default=False)
    wishes = models.JSONField(_("önskemål"), default=list, blank=True)
    preferred_area = models.CharField(_("önskat område"), max_length=100, blank=True)
    max_monthly_cost = models.PositiveIntegerField(_("högsta kostnad per månad (kr)"), null=True, blank=True)
    current_bedrooms = models.PositiveSmallIntegerField(
        _("sovrum i nuvarande boende"),
        null=True,
        blank=True,
        help_text=_(
            "För hushåll som bor kvar i eget boende, t.ex. egenbosatta; tomt om hushållet saknar bostad"
        ),
    )
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["house_by", "registered_date", "pk"]
        verbose_name = _("bostadsbehov")
        verbose_name_plural = _("bostadsbehov")
        indexes = [models.Index(fields=["municipality", "status", "house_by"])]

    def __str__(self) -> str:
        return f"{self.household}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class HousingStatusSnapshot(models.Model):
    """How many households were in each housing status on a day, per municipality: the series behind the chart of
    households by housing status over time. Written by `snapshot_housing_status` (daily, idempotent per day)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("datum"))
    waiting = models.PositiveIntegerField(_("väntar"), default=0)
    temporary = models.PositiveIntegerField(_("tillfälligt boende"), default=0)
    permanent = models.PositiveIntegerField(_("permanent boende"), default=0)
    temporary_monthly_cost = models.PositiveBigIntegerField(
        _("kostnad för tillfälligt boende per månad"), default=0
    )

    class Meta:
        ordering = ["municipality", "date"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "date"], name="housing_snapshot_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.date}"


class MatchRun(models.Model):
    """One run of the matching for a municipality: who ran it, on what, and what it achieved."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    on_date = models.DateField(_("matchat per"))
    households = models.PositiveIntegerField(_("väntande hushåll"), default=0)
    units = models.PositiveIntegerField(_("lediga bostäder"), default=0)
    summary = models.JSONField(_("resultat"), default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("matchning")
        verbose_name_plural = _("matchningar")

    def __str__(self) -> str:
        return f"{self.municipality} {self.on_date}"


class MatchProposal(models.Model):
    """A proposed home for a household, with the reasons in words; the housing officer accepts or rejects it."""

    class Status(models.TextChoices):
        PROPOSED = "PROPOSED", _("Förslag")
        ACCEPTED = "ACCEPTED", _("Accepterat")
        REJECTED = "REJECTED", _("Avböjt")
        SUPERSEDED = "SUPERSEDED", _("Ersatt av ny matchning")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="housing_proposals")
    unit = models.ForeignKey(HousingUnit, on_delete=models.CASCADE, related_name="proposals")
    move_in = models.DateField(_("inflyttning"))
    on_time = models.BooleanField(_("före sista dag"), default=False)
    explanation = models.JSONField(_("motivering"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(_("skäl"), max_length=300, blank=True)
    contract = models.ForeignKey(Contract, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["move_in", "pk"]
        verbose_name = _("matchningsförslag")
        verbose_name_plural = _("matchningsförslag")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="REJECTED") | ~models.Q(reject_reason=""),
                name="proposal_rejected_has_reason",
            )
        ]
        indexes = [models.Index(fields=["household", "unit", "status"])]

    def __str__(self) -> str:
        return f"{self.household} → {self.unit}"
