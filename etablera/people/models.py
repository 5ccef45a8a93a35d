"""Persons and households. Person URLs use a random public id; the identity number never leaves the page."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from etablera.organisation.models import Municipality
from etablera.rules import identity


class Category(models.TextChoices):
    """How the person came to the municipality (glossary; Migrationsverket's categories)."""

    RESETTLED = "RESETTLED", "Kvotflykting"
    ASSIGNED_FROM_FACILITY = "ASSIGNED_FROM_FACILITY", "Anvisad från anläggningsboende (ABO)"
    SELF_SETTLED = "SELF_SETTLED", "Egenbosatt (EBO)"
    FAMILY_REUNIFICATION = "FAMILY_REUNIFICATION", "Anhörig"
    TEMPORARY_PROTECTION = "TEMPORARY_PROTECTION", "Tillfälligt skydd"
    UNACCOMPANIED_MINOR = "UNACCOMPANIED_MINOR", "Ensamkommande barn"


class ProtectedIdentity(models.TextChoices):
    NONE = "NONE", "Inga skyddade personuppgifter"
    CONFIDENTIALITY_MARKING = "CONFIDENTIALITY_MARKING", "Sekretessmarkering"
    PROTECTED_REGISTRATION = "PROTECTED_REGISTRATION", "Skyddad folkbokföring"
    FICTITIOUS_IDENTITY = "FICTITIOUS_IDENTITY", "Fingerade personuppgifter"


class Person(models.Model):
    class IdentityNumberType(models.TextChoices):
        PERSONNUMMER = identity.PERSONNUMMER, "Personnummer"
        SAMORDNINGSNUMMER = identity.SAMORDNINGSNUMMER, "Samordningsnummer"
        DOSSIERNUMMER = identity.DOSSIERNUMMER, "Dossiernummer (Migrationsverket)"
        NONE = identity.NONE, "Inget nummer ännu"

    class Sex(models.TextChoices):
        FEMALE = "F", "Kvinna"
        MALE = "M", "Man"
        OTHER = "X", "Annat"
        UNKNOWN = "U", "Okänt"

    class ResidencePermit(models.TextChoices):
        PERMANENT = "PERMANENT", "Permanent uppehållstillstånd (PUT)"
        TEMPORARY = "TEMPORARY", "Tidsbegränsat uppehållstillstånd (TUT)"
        NONE = "NONE", "Inget beslut registrerat"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="persons", verbose_name="kommun"
    )
    identity_number_type = models.CharField(
        "nummertyp", max_length=20, choices=IdentityNumberType.choices, default=IdentityNumberType.NONE
    )
    identity_number = models.CharField("identitetsnummer", max_length=14, blank=True)
    first_name = models.CharField("förnamn", max_length=100)
    last_name = models.CharField("efternamn", max_length=100)
    birth_date = models.DateField("födelsedatum", null=True, blank=True)
    sex = models.CharField("kön", max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    languages = models.CharField(
        "språk", max_length=200, blank=True, help_text="Kommaseparerade, t.ex. arabiska, engelska"
    )
    interpreter_language = models.CharField("tolkspråk", max_length=60, blank=True)
    needs_interpreter = models.BooleanField("behöver tolk", default=False)
    citizenship = models.CharField("medborgarskap", max_length=60, blank=True)
    residence_permit = models.CharField(
        "uppehållstillstånd", max_length=10, choices=ResidencePermit.choices, default=ResidencePermit.NONE
    )
    residence_permit_date = models.DateField("datum för uppehållstillstånd", null=True, blank=True)
    category = models.CharField("kategori", max_length=30, choices=Category.choices)
    protected_identity = models.CharField(
        "skyddade personuppgifter",
        max_length=30,
        choices=ProtectedIdentity.choices,
        default=ProtectedIdentity.NONE,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "person"
        verbose_name_plural = "personer"
        constraints = [
            models.UniqueConstraint(
                fields=["identity_number"],
                condition=models.Q(
                    identity_number_type__in=[identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER]
                ),
                name="person_unique_personal_identity_number",
            ),
            models.CheckConstraint(
                condition=models.Q(identity_number_type=identity.NONE, identity_number="")
                | ~models.Q(identity_number_type=identity.NONE),
                name="person_number_needs_type",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "last_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_protected(self) -> bool:
        return self.protected_identity != ProtectedIdentity.NONE

    @property
    def identity_number_masked(self) -> str:
        if not self.identity_number:
            return ""
        return identity.IdentityNumber(self.identity_number_type, self.identity_number).masked

    @property
    def identity_number_display(self) -> str:
        return identity.format_number(self.identity_number_type, self.identity_number)


class Household(models.Model):
    """The persons received together. A family-reunification household links to the anchor person."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="households", verbose_name="kommun"
    )
    name = models.CharField("benämning", max_length=200, help_text="T.ex. hushållets efternamn")
    anchor_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reunified_households",
        verbose_name="anknytningsperson",
    )
    members = models.ManyToManyField(Person, through="HouseholdMember", related_name="households")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "hushåll"
        verbose_name_plural = "hushåll"

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        ADULT = "ADULT", "Vuxen"
        CHILD = "CHILD", "Barn"
        GUARDIAN = "GUARDIAN", "Vårdnadshavare"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="household_memberships")
    relation = models.CharField("relation", max_length=10, choices=Relation.choices)

    class Meta:
        ordering = ["person__birth_date", "pk"]
        verbose_name = "hushållsmedlem"
        verbose_name_plural = "hushållsmedlemmar"
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="household_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"
