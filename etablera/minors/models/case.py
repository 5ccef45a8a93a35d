"""The child's case (the social services' record of an unaccompanied child, kept through the young-adult years to 21)
and what is recorded on it: tracing of parents, follow-up visits, relatives who arrive later. An age assessment
that moves the birth date is the register's (people.services.birth_dates, kind AGE_UPLIFT): every date of the case
is computed from the person's birth date, so it follows."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

TEXT = 2000
SHORT = 200


def _actor():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )


def _municipality(verbose_name, *, null: bool = True):
    return models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        related_name="+",
        verbose_name=verbose_name,
    )


class OnCase:
    """A record on the child's case: its person and municipality are the case's (for the audit log)."""

    @property
    def person(self):
        return self.case.person

    @property
    def municipality(self):
        return self.case.municipality


class ChildCase(models.Model):
    """One per child: the municipalities involved, the asylum status, the investigation, and the decisions at 18."""

    class AsylumStatus(models.TextChoices):
        SEEKING = "SEEKING", _("Asylsökande")
        TEMPORARY_PERMIT = "TEMPORARY_PERMIT", _("Tidsbegränsat uppehållstillstånd")
        PERMANENT_PERMIT = "PERMANENT_PERMIT", _("Permanent uppehållstillstånd")
        REFUSED = "REFUSED", _("Avslag")
        OTHER = "OTHER", _("Annat")

    class After18(models.TextChoices):
        UNDECIDED = "UNDECIDED", _("Inte beslutat")
        KEEP = "KEEP", _("Kommunen behåller ansvaret")
        RETURN = "RETURN", _("Ansvaret återgår till Migrationsverket")
        NOT_NEEDED = "NOT_NEEDED", _("Behövs inte (uppehållstillstånd)")

    class Status(models.TextChoices):
        OPEN = "OPEN", _("Pågående")
        CLOSED = "CLOSED", _("Avslutat")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="child_case", verbose_name=_("barnet")
    )
    # The municipality responsible (ansvarskommun): its social services own the case (section SOCIAL).
    municipality = _municipality(_("ansvarig kommun"), null=False)
    arrival_municipality = _municipality(_("ankomstkommun"))
    assigned_municipality = _municipality(_("anvisningskommun"))
    residing_municipality = _municipality(_("vistelsekommun"))
    arrived_on = models.DateField(_("ankom"), null=True, blank=True)
    asylum_status = models.CharField(
        _("asylstatus"), max_length=20, choices=AsylumStatus.choices, default=AsylumStatus.SEEKING
    )
    permit_decided_on = models.DateField(_("beslut om uppehållstillstånd"), null=True, blank=True)
    investigation_started_on = models.DateField(_("utredning inledd"), null=True, blank=True)
    investigation_decided_on = models.DateField(_("utredning beslutad"), null=True, blank=True)
    report_sent_on = models.DateField(_("anmälan om fortsatt ansvar skickad"), null=True, blank=True)
    after_18 = models.CharField(
        _("beslut vid 18 år"), max_length=12, choices=After18.choices, default=After18.UNDECIDED
    )
    after_18_decided_on = models.DateField(_("beslut om ansvar efter 18"), null=True, blank=True)
    young_adult_plan = models.TextField(_("plan för unga vuxna (18–21)"), blank=True, max_length=TEXT)
    # The social services' plan for the child (vårdplan, SoL 11 kap. 3 §). Where the person has an individual plan
    # in "Establishment", this plan is shown inside it (to those who see section SOCIAL); until then it stands alone.
    care_plan = models.TextField(_("barnets plan"), blank=True, max_length=TEXT)
    care_plan_updated_on = models.DateField(_("barnets plan uppdaterad"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    closed_reason = models.CharField(_("skäl till avslut"), max_length=SHORT, blank=True)
    created_by = _actor()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("barnärende")
        verbose_name_plural = _("barnärenden")
        indexes = [models.Index(fields=["municipality", "status"], name="childcase_municipality_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(investigation_decided_on__isnull=True)
                | Q(
                    investigation_started_on__isnull=False,
                    investigation_decided_on__gte=F("investigation_started_on"),
                ),
                name="childcase_investigation_order",
            ),
            models.CheckConstraint(
                condition=Q(status="OPEN", closed_on__isnull=True)
                | Q(status="CLOSED", closed_on__isnull=False),
                name="childcase_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Barnärende {self.public_id}"


class TracingRequest(OnCase, models.Model):
    """A request to trace the child's parents (e.g. through the Red Cross) and its outcome."""

    class Outcome(models.TextChoices):
        PENDING = "PENDING", _("Pågår")
        FOUND = "FOUND", _("Föräldrar hittade")
        NOT_FOUND = "NOT_FOUND", _("Inte hittade")
        CLOSED = "CLOSED", _("Avslutad av annat skäl")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(ChildCase, on_delete=models.CASCADE, related_name="tracing_requests")
    requested_on = models.DateField(_("begärd"))
    via = models.CharField(_("genom"), max_length=SHORT)
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    closed_on = models.DateField(_("avslutad"), null=True, blank=True)
    note = models.TextField(_("anteckning"), blank=True, max_length=TEXT)
    recorded_by = _actor()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("requested_on")),
                name="tracing_closed_after_request",
            )
        ]

    def __str__(self) -> str:
        return f"Efterforskning {self.requested_on}"


class FollowUpVisit(OnCase, models.Model):
    """A social worker's follow-up visit of the child (in a placement, or wherever the child lives)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(ChildCase, on_delete=models.CASCADE, related_name="visits")
    placement = models.ForeignKey(
        "minors.Placement", on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )
    visited_on = models.DateField(_("besöksdatum"))
    note = models.TextField(_("anteckning"), blank=True, max_length=TEXT)
    recorded_by = _actor()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"Uppföljningsbesök {self.visited_on}"


class RelativeLink(OnCase, models.Model):
    """A relative who arrives later (family reunification): their household, with its own reception, linked to the
    child."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(ChildCase, on_delete=models.CASCADE, related_name="relatives")
    household = models.ForeignKey("people.Household", on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("släktskap"), max_length=SHORT)
    noted_on = models.DateField(_("noterad"))
    recorded_by = _actor()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "household"], name="relative_once_per_case")]

    def __str__(self) -> str:
        return f"Anhörig: {self.relation}"
