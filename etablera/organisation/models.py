"""Counties, municipalities, units (boards, teams, external actors), users and their roles in units."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class County(models.Model):
    code = models.CharField(_("länskod"), max_length=2, unique=True)
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("län")
        verbose_name_plural = pgettext_lazy("plural", "län")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("kommunkod"), max_length=4, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("län")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


# Sent with `user_ids` when memberships change without a model signal — QuerySet.update(), delete() or
# bulk_create() of memberships, update() of units — so that what is kept about those users' memberships (the
# capabilities cache, etablera/access/capabilities_cache.py) can be dropped.
memberships_changed = Signal()


class UnitQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        user_ids = set(Membership.objects.filter(unit__in=self).values_list("user_id", flat=True))
        count = super().update(**kwargs)
        memberships_changed.send(sender=Unit, user_ids=user_ids)
        return count

    def municipal(self) -> UnitQuerySet:
        """The municipality's own units and its partners': every unit but the county board's, which is placed at a
        municipality (its seat) without being part of it — no task, plan, consent, share or caseload names it, and
        the municipality's administrators neither see nor manage its accounts (the operators do)."""
        return self.exclude(function=Unit.Function.COUNTY_BOARD)


class Unit(models.Model):
    """A board, department or team of a municipality, or an external actor the municipality works with.

    `function` says what the unit answers for; process-template steps name a function, and the municipality's
    unit with that function owns the task.
    """

    class Kind(models.TextChoices):
        BOARD = "BOARD", _("Nämnd")
        DEPARTMENT = "DEPARTMENT", _("Förvaltning")
        TEAM = "TEAM", _("Enhet")
        EXTERNAL = "EXTERNAL", _("Extern aktör")

    class Function(models.TextChoices):
        RECEPTION = "RECEPTION", _("Mottagning och integration")
        SOCIAL_SERVICES = "SOCIAL_SERVICES", _("Socialtjänst")
        SFI = "SFI", _("SFI (svenska för invandrare)")
        SCHOOL = "SCHOOL", _("Skola och förskola")
        LABOUR_MARKET = "LABOUR_MARKET", _("Arbetsmarknad")
        CULTURE_LEISURE = "CULTURE_LEISURE", _("Kultur och fritid")
        HOUSING = "HOUSING", _("Bostad")
        CIVIC_ORIENTATION = "CIVIC_ORIENTATION", _("Samhällsorientering")
        ADMINISTRATION = "ADMINISTRATION", _("Ledning och administration")
        MIGRATION_AGENCY = "MIGRATION_AGENCY", _("Migrationsverket")
        EMPLOYMENT_SERVICE = "EMPLOYMENT_SERVICE", _("Arbetsförmedlingen")
        SOCIAL_INSURANCE = "SOCIAL_INSURANCE", _("Försäkringskassan")
        TAX_AGENCY = "TAX_AGENCY", _("Skatteverket")
        REGION = "REGION", _("Regionen (hälso- och sjukvård)")
        HOUSING_COMPANY = "HOUSING_COMPANY", _("Bostadsbolag")
        # The county administrative board: placed at a municipality of its county (its seat), it sees the figures
        # of every municipality in the county and never a person (access/policy.py, `county_ids`).
        COUNTY_BOARD = "COUNTY_BOARD", _("Länsstyrelsen")
        OTHER = "OTHER", _("Annat")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("kommun")
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices, default=Kind.TEAM)
    function = models.CharField(_("ansvarsområde"), max_length=30, choices=Function.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("ingår i"),
    )
    email = models.EmailField(_("funktionsbrevlåda"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__code", "name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unit_unique_name")]
        indexes = [models.Index(fields=["municipality", "function"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_external(self) -> bool:
        return self.kind == self.Kind.EXTERNAL


# The functions a process step or a task can be given to: every one but the county board's, which follows the
# municipalities' figures and never holds a household's task (it would see the household through it).
TASK_FUNCTION_CHOICES = [(value, label) for value, label in Unit.Function.choices if value != "COUNTY_BOARD"]


class User(AbstractUser):
    """A staff member. What they may do comes from their memberships (unit + role), not from Django groups."""

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = pgettext_lazy("plural", "användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    CASEWORKER = "CASEWORKER", _("Handläggare")
    COORDINATOR = "COORDINATOR", _("Samordnare")
    UNIT_MANAGER = "UNIT_MANAGER", _("Enhetschef")
    ADMINISTRATOR = "ADMINISTRATOR", _("Administratör")
    STATISTICS = "STATISTICS", _("Statistik (läsbehörighet)")


class MembershipQuerySet(models.QuerySet):
    """Memberships changed in bulk tell whose (`memberships_changed`); a model's save and delete send Django's own
    signals."""

    def update(self, **kwargs) -> int:
        user_ids = set(self.values_list("user_id", flat=True))
        count = super().update(**kwargs)
        memberships_changed.send(sender=Membership, user_ids=user_ids)
        return count

    def delete(self):
        user_ids = set(self.values_list("user_id", flat=True))
        result = super().delete()
        memberships_changed.send(sender=Membership, user_ids=user_ids)
        return result

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        memberships_changed.send(sender=Membership, user_ids={m.user_id for m in created})
        return created


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("användare")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("enhet")
    )
    may_view_protected_address = models.BooleanField(
        _("får se skyddade adresser"),
        default=False,
        help_text=_(
            "Uttrycklig behörighet att, efter angivet skäl, se adress för person med skyddade personuppgifter."
        ),
    )
    may_produce_register_extract = models.BooleanField(
        _("får ta fram registerutdrag"),
        default=False,
        help_text=_(
            "Uttrycklig behörighet att, med angivet skäl eller diarienummer, ta fram registerutdrag åt den "
            "registrerade för personer i enhetens kommun."
        ),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = pgettext_lazy("plural", "medlemskap")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"

    @property
    def municipality(self) -> Municipality:
        """The unit's municipality, so that an audit event about a membership carries the municipality's code."""
        return self.unit.municipality


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# How old an API key's "last used" may be before a request writes it again: it is shown to the minute (`etablera
# api_token list`, the admin), and written on every request it was an UPDATE per API call — the fixed cost of a
# request that issue #19 takes down, as sessions are written only when they change (decision 0015).
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token itself is shown once when created."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("användare")
    )
    name = models.CharField(_("beskrivning"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        raw = "etb_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[4:12], digest=_hash_token(raw))
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = cls.objects.select_related("user").filter(digest=_hash_token(raw), revoked_at=None).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user
