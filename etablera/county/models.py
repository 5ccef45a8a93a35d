"""The county board's allocation of a länstal into kommuntal (issue #16): the criteria per municipality and year, and
the county's own adjustments with their reasons. The model itself is etablera/county/allocation.py."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from etablera.organisation.fields import actor
from etablera.organisation.models import County, Municipality

YEAR_VALIDATORS = [MinValueValidator(2016), MaxValueValidator(2100)]


class AllocationCriteria(models.Model):
    """One municipality's figures for one year's kommuntal (lag 2016:38 7 §, förordning 2016:39 6 §).

    Earlier reception left empty (None) is counted from Etablera's own register when the model runs
    (etablera/county/criteria.py), and the run says so.
    """

    class Status(models.TextChoices):
        OFFICIAL = "official", _("Officiell statistik")
        UNVERIFIED = "unverified", _("Ej kontrollerad (uppskattning)")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="allocation_criteria", verbose_name=_("kommun")
    )
    year = models.PositiveSmallIntegerField(_("kommuntalsår"), validators=YEAR_VALIDATORS)
    population = models.PositiveIntegerField(_("befolkning"), help_text=_("Folkmängd (antal invånare)."))
    labour_market = models.PositiveIntegerField(
        _("arbetsmarknad"),
        help_text=_(
            "Ett tal för kommunens arbetsmarknad, till exempel antal förvärvsarbetande eller ett index. Bara "
            "kommunens andel av länets summa räknas, så alla kommuner i länet ska ha samma slags tal."
        ),
    )
    asylum_seekers = models.PositiveIntegerField(
        _("asylsökande"), help_text=_("Asylsökande inskrivna hos Migrationsverket och boende i kommunen.")
    )
    earlier_newcomers = models.PositiveIntegerField(
        _("tidigare mottagna nyanlända"),
        null=True,
        blank=True,
        help_text=_("Tomt: räknas ur Etableras register (mottagna personer de närmast föregående åren)."),
    )
    earlier_minors = models.PositiveIntegerField(
        _("tidigare mottagna ensamkommande barn"),
        null=True,
        blank=True,
        help_text=_("Tomt: räknas ur Etableras register över ensamkommande barn."),
    )
    source = models.CharField(_("källa"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNVERIFIED)

    class Meta:
        ordering = ["-year", "municipality__code"]
        verbose_name = _("fördelningsunderlag")
        verbose_name_plural = pgettext_lazy("plural", "fördelningsunderlag")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="allocation_criteria_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class Adjustment(models.Model):
    """The county board's own decision for one municipality: a fixed kommuntal and why (e.g. the housing situation,
    which förordning 2016:39 6 § lets the board weigh). The rest of the länstal goes to the other municipalities."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+", verbose_name=_("län"))
    year = models.PositiveSmallIntegerField(_("kommuntalsår"), validators=YEAR_VALIDATORS)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="allocation_adjustments",
        verbose_name=_("kommun"),
    )
    kommuntal = models.PositiveIntegerField(_("kommuntal"))
    reason = models.CharField(_("skäl"), max_length=500)
    created_by = actor(verbose_name=_("registrerad av"))
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now)

    class Meta:
        ordering = ["-year", "municipality__code"]
        verbose_name = _("justering av kommuntal")
        verbose_name_plural = _("justeringar av kommuntal")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="adjustment_unique_year"),
            models.CheckConstraint(condition=models.Q(kommuntal__gte=0), name="adjustment_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.kommuntal}"


# --- municipality visits (kommunbesök, issue #16) ------------------------------------------------------------------
# The county board visits each municipality of its county to follow up its readiness for reception (its mission, as
# seed 002 puts it: "följa upp kommunernas beredskap och kapacitet för mottagande"). The municipality answers the county's question template before the visit, the board reads the answers
# side by side, and after the visit keeps its notes and what is to be followed up. No person is in any of it: the
# texts are about how the municipality works, and every text field tells the writer not to name anyone.

VISIT_ANSWER = 4000  # one answer to one question: the seed's longest answers are about 3 000 characters
VISIT_NOTE = 4000
NO_PERSONAL_DATA = _("Skriv inte namn eller personuppgifter.")


class VisitTemplate(models.Model):
    """A question template for municipality visits. County empty: the county boards' common template (the one
    seeded from Länsstyrelsen i Södermanlands län's report, seed 002); a county may later keep its own."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("län")
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.CharField(_("beskrivning"), max_length=1000, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("frågemall för kommunbesök")
        verbose_name_plural = _("frågemallar för kommunbesök")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="visit_template_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class VisitQuestion(models.Model):
    """One question of a template, in its area. Answers point here, so a question that has answers is kept
    (PROTECT): a changed template gets new questions rather than rewording old ones."""

    class Area(models.TextChoices):
        STRATEGY = "strategy", _("Övergripande integrationsarbete")
        RECEPTION = "reception", _("Mottagande")
        HOUSING = "housing", _("Bosättning")
        MINORS = "minors", _("Ensamkommande barn")
        CIVIL_SOCIETY = "civil_society", _("Samverkan med civilsamhället")
        REGIONAL = "regional", _("Regional samverkan och Länsstyrelsens roll")

    template = models.ForeignKey(
        VisitTemplate, on_delete=models.PROTECT, related_name="questions", verbose_name=_("frågemall")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    area = models.CharField(_("område"), max_length=20, choices=Area.choices)
    text = models.CharField(_("fråga"), max_length=500)

    class Meta:
        ordering = ["template", "number"]
        verbose_name = _("fråga i frågemallen")
        verbose_name_plural = _("frågor i frågemallen")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="visit_question_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Visit(models.Model):
    """The county board's visit to one municipality in one year."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        ANSWERED = "answered", _("Frågorna besvarade")
        HELD = "held", _("Genomfört")
        CLOSED = "closed", _("Avslutat")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+", verbose_name=_("län"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="county_visits", verbose_name=_("kommun")
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    template = models.ForeignKey(
        VisitTemplate, on_delete=models.PROTECT, related_name="visits", verbose_name=_("frågemall")
    )
    planned_on = models.DateField(_("planerat datum"))
    held_on = models.DateField(_("genomfört datum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    submitted_by = actor(verbose_name=_("svaren skickade av"))
    submitted_at = models.DateTimeField(_("svaren skickade"), null=True, blank=True)
    created_by = actor(verbose_name=_("planerat av"))
    created_at = models.DateTimeField(_("registrerat"), default=timezone.now)

    class Meta:
        ordering = ["-year", "planned_on", "municipality__name"]
        verbose_name = _("kommunbesök")
        verbose_name_plural = pgettext_lazy("plural", "kommunbesök")
        constraints = [
            models.UniqueConstraint(fields=["county", "municipality", "year"], name="visit_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class Answer(models.Model):
    """The municipality's answer to one question before the visit. A draft until the visit's answers are sent
    (Visit.Status.ANSWERED); the county board reads them only then."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="answers", verbose_name=_("besök")
    )
    question = models.ForeignKey(
        VisitQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("fråga")
    )
    text = models.CharField(_("svar"), max_length=VISIT_ANSWER, blank=True, help_text=NO_PERSONAL_DATA)
    answered_by = actor(verbose_name=_("besvarad av"))
    answered_at = models.DateTimeField(_("besvarad"), default=timezone.now)

    class Meta:
        ordering = ["visit", "question__number"]
        verbose_name = _("svar inför kommunbesök")
        verbose_name_plural = _("svar inför kommunbesök")
        constraints = [
            models.UniqueConstraint(fields=["visit", "question"], name="visit_answer_unique_question"),
        ]

    def __str__(self) -> str:
        return f"{self.visit}: {self.question.number}"


class VisitNote(models.Model):
    """The county board's notes from the visit (minnesanteckningar)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="notes", verbose_name=_("besök"))
    text = models.CharField(_("anteckning"), max_length=VISIT_NOTE, help_text=NO_PERSONAL_DATA)
    created_by = actor(verbose_name=_("skriven av"))
    created_at = models.DateTimeField(_("skriven"), default=timezone.now)

    class Meta:
        ordering = ["visit", "created_at"]
        verbose_name = _("anteckning från kommunbesök")
        verbose_name_plural = _("anteckningar från kommunbesök")

    def __str__(self) -> str:
        return f"{self.visit}: {self.created_at:%Y-%m-%d}"


class FollowUp(models.Model):
    """Something agreed at the visit, to be followed up: what, who is responsible (the municipality, or named in
    words, such as "Länsstyrelsen"), by when, and when it was done."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("besök")
    )
    what = models.CharField(_("vad"), max_length=500, help_text=NO_PERSONAL_DATA)
    by_municipality = models.BooleanField(_("kommunen ansvarar"), default=False)
    responsible = models.CharField(
        _("ansvarig"),
        max_length=200,
        blank=True,
        help_text=_("En myndighet, en förvaltning eller en funktion – inte en persons namn."),
    )
    due_on = models.DateField(_("klart senast"), null=True, blank=True)
    done_on = models.DateField(_("klart"), null=True, blank=True)
    created_by = actor(verbose_name=_("registrerad av"))
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now)

    class Meta:
        ordering = ["visit", "done_on", "due_on", "pk"]
        verbose_name = _("uppföljningspunkt")
        verbose_name_plural = _("uppföljningspunkter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(by_municipality=True) | ~models.Q(responsible=""),
                name="follow_up_has_responsible",
            ),
        ]

    def __str__(self) -> str:
        return self.what
