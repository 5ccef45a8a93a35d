"""Where the schablon goes (issue #15): a municipality's choice per year between a central pot that units and
associations apply to (Enköping's model) and a fixed split by share; and the forecast's editable parameters (KEFU's
method: the cohort leaving the programme × the share without work × the average cost of försörjningsstöd)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.money.models.common import actor, municipality_fk

TEXT = 2000
SHORT = 200


class FundingYear(models.Model):
    class Model(models.TextChoices):
        POT = "POT", _("Central pott som enheter och föreningar söker ur")
        SPLIT = "SPLIT", _("Fast fördelning efter andel")

    municipality = municipality_fk()
    year = models.PositiveSmallIntegerField(_("år"))
    model = models.CharField(_("fördelningsmodell"), max_length=5, choices=Model.choices)
    budget = models.PositiveBigIntegerField(_("budget (kr)"))
    note = models.TextField(_("anteckning"), max_length=TEXT, blank=True)
    created_by = actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality_id", "-year"]
        verbose_name = _("fördelning av schablonen")
        verbose_name_plural = _("fördelningar av schablonen")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="money_funding_year_once")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_model_display()}"


class PotApplication(models.Model):
    """An application to the central pot: from a unit of the municipality or an association, for a purpose, an
    amount and a period; decided, then reported back (what was spent, what it gave)."""

    class Status(models.TextChoices):
        APPLIED = "APPLIED", _("Inkommen")
        GRANTED = "GRANTED", _("Beviljad")
        REFUSED = "REFUSED", _("Avslagen")
        REPORTED = "REPORTED", _("Återrapporterad")

    funding_year = models.ForeignKey(
        FundingYear, on_delete=models.CASCADE, related_name="applications", verbose_name=_("år")
    )
    applicant_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sökande enhet"),
    )
    applicant_name = models.CharField(_("sökande förening eller organisation"), max_length=SHORT, blank=True)
    purpose = models.TextField(_("syfte"), max_length=TEXT)
    amount_applied = models.PositiveBigIntegerField(_("sökt belopp (kr)"))
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    amount_granted = models.PositiveBigIntegerField(_("beviljat belopp (kr)"), null=True, blank=True)
    decided_on = models.DateField(_("beslut den"), null=True, blank=True)
    decided_by = actor(verbose_name=_("beslutat av"))
    decision_note = models.TextField(_("motivering"), max_length=TEXT, blank=True)
    spent = models.PositiveBigIntegerField(_("använt belopp (kr)"), null=True, blank=True)
    report = models.TextField(_("återrapport"), max_length=TEXT, blank=True)
    reported_on = models.DateField(_("återrapporterad den"), null=True, blank=True)
    created_by = actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["funding_year_id", "period_start", "pk"]
        verbose_name = _("ansökan ur potten")
        verbose_name_plural = _("ansökningar ur potten")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="money_pot_period_order"
            ),
            models.CheckConstraint(
                condition=~Q(applicant_unit__isnull=True, applicant_name=""), name="money_pot_has_applicant"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name or self.applicant_unit_id}: {self.amount_applied} kr"


class SplitShare(models.Model):
    """One recipient's share of the year's budget under a fixed split."""

    funding_year = models.ForeignKey(
        FundingYear, on_delete=models.CASCADE, related_name="shares", verbose_name=_("år")
    )
    recipient_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhet"),
    )
    recipient_name = models.CharField(_("mottagare (förening eller annan)"), max_length=SHORT, blank=True)
    percent = models.DecimalField(_("andel (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["funding_year_id", "-percent", "pk"]
        verbose_name = _("andel av schablonen")
        verbose_name_plural = _("andelar av schablonen")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=100), name="money_share_percent"
            ),
            models.CheckConstraint(
                condition=~Q(recipient_unit__isnull=True, recipient_name=""), name="money_share_has_recipient"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name or self.recipient_unit_id}: {self.percent} %"


class ForecastSetting(models.Model):
    """The forecast's parameters for a municipality (KEFU's method), editable by the controller: the share of those
    leaving the establishment programme who have no work or studies, and the average monthly cost of försörjningsstöd
    per person who needs it."""

    municipality = models.OneToOneField(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("kommun")
    )
    share_without_work = models.DecimalField(
        _("andel utan arbete eller studier (%)"), max_digits=5, decimal_places=2, default=55
    )
    average_monthly_cost = models.PositiveIntegerField(
        _("genomsnittlig kostnad per person och månad (kr)"), default=6500
    )
    months_on_support = models.PositiveSmallIntegerField(
        _("månader med försörjningsstöd efter programmet"), default=12
    )
    source = models.CharField(_("underlag"), max_length=300, blank=True)
    updated_by = actor()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("prognosinställning")
        verbose_name_plural = _("prognosinställningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(share_without_work__gte=0) & Q(share_without_work__lte=100),
                name="money_forecast_share",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.share_without_work} %, {self.average_monthly_cost} kr"
