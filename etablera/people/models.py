"""Persons and households. Person URLs use a random public id; the identity number never leaves the page."""

from __future__ import annotations

import uuid

import phonenumbers
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from etablera.access.sections import Section
from etablera.organisation.models import Municipality
from etablera.people.names import person_name_key
from etablera.rules import identity


class Category(models.TextChoices):
    """How the person came to the municipality (glossary; Migrationsverket's categories)."""

    RESETTLED = "RESETTLED", _("Kvotflykting")
    ASSIGNED_FROM_FACILITY = "ASSIGNED_FROM_FACILITY", _("Anvisad från anläggningsboende (ABO)")
    SELF_SETTLED = "SELF_SETTLED", _("Egenbosatt (EBO)")
    FAMILY_REUNIFICATION = "FAMILY_REUNIFICATION", _("Anhörig")
    TEMPORARY_PROTECTION = "TEMPORARY_PROTECTION", _("Tillfälligt skydd")
    UNACCOMPANIED_MINOR = "UNACCOMPANIED_MINOR", _("Ensamkommande barn")


class ProtectedIdentity(models.TextChoices):
    NONE = "NONE", _("Inga skyddade personuppgifter")
    CONFIDENTIALITY_MARKING = "CONFIDENTIALITY_MARKING", _("Sekretessmarkering")
    PROTECTED_REGISTRATION = "PROTECTED_REGISTRATION", _("Skyddad folkbokföring")
    FICTITIOUS_IDENTITY = "FICTITIOUS_IDENTITY", _("Fingerade personuppgifter")


class Person(models.Model):
    class IdentityNumberType(models.TextChoices):
        PERSONNUMMER = identity.PERSONNUMMER, _("Personnummer")
        SAMORDNINGSNUMMER = identity.SAMORDNINGSNUMMER, _("Samordningsnummer")
        DOSSIERNUMMER = identity.DOSSIERNUMMER, _("Dossiernummer (Migrationsverket)")
        NONE = identity.NONE, _("Inget nummer ännu")

    class Sex(models.TextChoices):
        FEMALE = "F", _("Kvinna")
        MALE = "M", _("Man")
        OTHER = "X", _("Annat")
        UNKNOWN = "U", _("Okänt")

    class ResidencePermit(models.TextChoices):
        PERMANENT = "PERMANENT", _("Permanent uppehållstillstånd (PUT)")
        TEMPORARY = "TEMPORARY", _("Tidsbegränsat uppehållstillstånd (TUT)")
        NONE = "NONE", _("Inget beslut registrerat")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="persons", verbose_name=_("kommun")
    )
    identity_number_type = models.CharField(
        _("nummertyp"), max_length=20, choices=IdentityNumberType.choices, default=IdentityNumberType.NONE
    )
    identity_number = models.CharField(_("identitetsnummer"), max_length=14, blank=True)
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    birth_date = models.DateField(_("födelsedatum"), null=True, blank=True)
    sex = models.CharField(_("kön"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    languages = models.CharField(
        _("språk"), max_length=200, blank=True, help_text=_("Kommaseparerade, t.ex. arabiska, engelska")
    )
    interpreter_language = models.CharField(_("tolkspråk"), max_length=60, blank=True)
    needs_interpreter = models.BooleanField(_("behöver tolk"), default=False)
    citizenship = models.CharField(_("medborgarskap"), max_length=60, blank=True)
    residence_permit = models.CharField(
        _("uppehållstillstånd"), max_length=10, choices=ResidencePermit.choices, default=ResidencePermit.NONE
    )
    residence_permit_date = models.DateField(_("datum för uppehållstillstånd"), null=True, blank=True)
    # Contact: the phone number stored in E.164 (+46701234567), validated with `phonenumbers` by the services.
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), max_length=254, blank=True)
    category = models.CharField(_("kategori"), max_length=30, choices=Category.choices)
    # Folkbokföringsadress / bostadsadress. Never shown for a protected identity without authorisation and a reason.
    address_street = models.CharField(_("gatuadress"), max_length=200, blank=True)
    address_postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    address_city = models.CharField(_("postort"), max_length=100, blank=True)
    anonymised_at = models.DateTimeField(_("avidentifierad"), null=True, blank=True, editable=False)
    deceased_on = models.DateField(_("avliden"), null=True, blank=True)
    # Both names as search compares them (people/names.py); kept by save() and by every bulk write of persons.
    name_key = models.CharField(max_length=201, blank=True, editable=False)
    protected_identity = models.CharField(
        _("skyddade personuppgifter"),
        max_length=30,
        choices=ProtectedIdentity.choices,
        default=ProtectedIdentity.NONE,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
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

    def save(self, *args, **kwargs):
        self.name_key = person_name_key(self.first_name, self.last_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

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

    @property
    def phone_display(self) -> str:
        """The stored E.164 number as people write it: 070-123 45 67 for a Swedish one, +44 … for others."""
        if not self.phone:
            return ""
        try:
            number = phonenumbers.parse(self.phone)
        except phonenumbers.NumberParseException:
            return self.phone
        style = phonenumbers.PhoneNumberFormat
        return phonenumbers.format_number(
            number, style.NATIONAL if number.country_code == 46 else style.INTERNATIONAL
        )


class FormerIdentityNumber(models.Model):
    """A number the person has had before the current one (dossiernummer → samordningsnummer → personnummer):
    kept so that a search by an old number still finds the person and no one else can be given it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="former_identity_numbers")
    number_type = models.CharField(_("nummertyp"), max_length=20, choices=Person.IdentityNumberType.choices)
    number = models.CharField(_("identitetsnummer"), max_length=14)
    replaced_at = models.DateTimeField(_("ersatt"), default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = _("tidigare identitetsnummer")
        verbose_name_plural = _("tidigare identitetsnummer")
        indexes = [models.Index(fields=["number"], name="former_identity_number_idx")]

    def __str__(self) -> str:
        return f"{self.get_number_type_display()} {self.number_masked}"

    @property
    def number_masked(self) -> str:
        return identity.IdentityNumber(self.number_type, self.number).masked

    @property
    def number_display(self) -> str:
        return identity.format_number(self.number_type, self.number)


class ResidencePermitDecision(models.Model):
    """One decision on a residence permit (Migrationsverket). A person may have several over time (a TUT, then an
    extension, then a PUT); the current one is the latest decided, and Person.residence_permit mirrors it."""

    class Kind(models.TextChoices):
        PERMANENT = Person.ResidencePermit.PERMANENT.value, Person.ResidencePermit.PERMANENT.label
        TEMPORARY = Person.ResidencePermit.TEMPORARY.value, Person.ResidencePermit.TEMPORARY.label

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residence_permit_decisions")
    kind = models.CharField(_("typ av tillstånd"), max_length=10, choices=Kind.choices)
    decided_on = models.DateField(_("beslutsdatum"))
    valid_from = models.DateField(_("gäller från"))
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-decided_on", "-created_at", "-pk"]
        verbose_name = _("beslut om uppehållstillstånd")
        verbose_name_plural = _("beslut om uppehållstillstånd")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="residence_permit_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on.isoformat()}"


class BirthDateChange(models.Model):
    """A change of a person's birth date, kept as history: a correction of a mistyped or wrongly registered date,
    or an age uplift (ålder uppskriven) after Migrationsverket's age assessment. Every age-based rule reads the
    person's current date; this row says what it was before, why it changed and who changed it."""

    class Kind(models.TextChoices):
        CORRECTION = "CORRECTION", _("Rättelse")
        AGE_UPLIFT = "AGE_UPLIFT", _("Ålder uppskriven")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="birth_date_changes")
    kind = models.CharField(_("typ av ändring"), max_length=10, choices=Kind.choices)
    old_date = models.DateField(_("tidigare födelsedatum"), null=True, blank=True)
    new_date = models.DateField(_("nytt födelsedatum"))
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    reason = models.CharField(_("skäl"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ändring av födelsedatum")
        verbose_name_plural = _("ändringar av födelsedatum")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.new_date.isoformat()}"


class Household(models.Model):
    """The persons received together. A family-reunification household links to the anchor person."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="households", verbose_name=_("kommun")
    )
    name = models.CharField(_("benämning"), max_length=200, help_text=_("T.ex. hushållets efternamn"))
    anchor_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reunified_households",
        verbose_name=_("anknytningsperson"),
    )
    members = models.ManyToManyField(Person, through="HouseholdMember", related_name="households")
    anonymised_at = models.DateTimeField(_("avidentifierad"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("hushåll")
        verbose_name_plural = pgettext_lazy("plural", "hushåll")

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        ADULT = "ADULT", _("Vuxen")
        CHILD = "CHILD", _("Barn")
        GUARDIAN = "GUARDIAN", _("Vårdnadshavare")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="household_memberships")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    # The day the person joined a household that already existed (a newborn, a relative who came later); empty
    # for those who came with it.
    joined_on = models.DateField(_("ingår sedan"), null=True, blank=True)

    class Meta:
        ordering = ["person__birth_date", "pk"]
        verbose_name = _("hushållsmedlem")
        verbose_name_plural = _("hushållsmedlemmar")
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="household_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"


class FormerHouseholdMember(models.Model):
    """Someone who was a member of the household and is no longer: moved out, died, went with a split or a merge.
    HouseholdMember holds only the present members, so every count and list of members stays as it is; this is
    the household's memory of the others."""

    class Reason(models.TextChoices):
        MOVED_OUT = "MOVED_OUT", _("Flyttat från hushållet")
        DECEASED = "DECEASED", _("Avliden")
        SPLIT = "SPLIT", _("Till ett nytt hushåll (delning)")
        MERGED = "MERGED", _("Hushållen slogs ihop")
        DUPLICATE = "DUPLICATE", _("Dubblett, sammanförd")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="former_memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="former_household_memberships")
    relation = models.CharField(_("relation"), max_length=10, choices=HouseholdMember.Relation.choices)
    joined_on = models.DateField(_("ingick sedan"), null=True, blank=True)
    left_on = models.DateField(_("lämnade"))
    reason = models.CharField(_("skäl"), max_length=10, choices=Reason.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-left_on", "-pk"]
        verbose_name = _("tidigare hushållsmedlem")
        verbose_name_plural = _("tidigare hushållsmedlemmar")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_reason_display()})"


class HouseholdChange(models.Model):
    """The household's own history of who came, who left and how it was re-shaped: what the reception's timeline
    cannot know, written by the people services in the same transaction as the change."""

    class Kind(models.TextChoices):
        MEMBER_ADDED = "MEMBER_ADDED", _("Medlem tillagd")
        MEMBER_LEFT = "MEMBER_LEFT", _("Medlem har flyttat")
        MEMBER_DIED = "MEMBER_DIED", _("Medlem har avlidit")
        SPLIT = "SPLIT", _("Hushållet delat")
        MERGED = "MERGED", _("Hushåll sammanslagna")
        ANCHOR_CHANGED = "ANCHOR_CHANGED", _("Ny anknytningsperson")
        PERSONS_MERGED = "PERSONS_MERGED", _("Dubbletter sammanförda")
        BIRTH_DATE_CHANGED = "BIRTH_DATE_CHANGED", _("Födelsedatum ändrat")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("händelse"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    other_household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    on_date = models.DateField(_("datum"))
    text = models.CharField(_("beskrivning"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("ändring i hushållet")
        verbose_name_plural = _("ändringar i hushållet")
        indexes = [models.Index(fields=["household", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class PersonMerge(models.Model):
    """The trace of two registrations of one person made one: the kept person, and what the removed duplicate
    was (its public id, name, birth date and masked number) and what moved from it. Audited besides."""

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    removed_public_id = models.UUIDField(_("dubblettens id"))
    removed_name = models.CharField(_("dubblettens namn"), max_length=201)
    removed_birth_date = models.DateField(_("dubblettens födelsedatum"), null=True, blank=True)
    removed_number_masked = models.CharField(_("dubblettens nummer (maskerat)"), max_length=20, blank=True)
    moved = models.JSONField(_("flyttat"), default=dict)
    reason = models.CharField(_("skäl"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("sammanförda dubbletter")
        verbose_name_plural = _("sammanförda dubbletter")

    def __str__(self) -> str:
        return f"{self.removed_name} → {self.kept}"


class Note(models.Model):
    """A journal note about a person, in a section (social services, school, health, basic reception data).
    Visible only to the units that own the section or that the person's consent names."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    section = models.CharField(_("del"), max_length=10, choices=Section.choices)
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("anteckning"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("anteckning")
        verbose_name_plural = _("anteckningar")
        indexes = [models.Index(fields=["person", "section", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {self.text[:40]}"
