"""An association or other actor in the municipality's network: a sports club, a faith community, a study
association, the library. An organisation, not a person — its contact persons are kept apart (few fields, their own
retention), so the register can be shown to every unit that works with the network."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.organisation.fields import actor, municipality_fk


class Association(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "ASSOCIATION", _("Ideell förening")
        FAITH = "FAITH", _("Trossamfund")
        STUDY = "STUDY", _("Studieförbund")
        SPORTS = "SPORTS", _("Idrottsförening")
        LIBRARY = "LIBRARY", _("Bibliotek")
        OTHER = "OTHER", _("Annan aktör")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = municipality_fk(related_name="associations")
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    # Checked and formatted (NNNNNN-NNNN) by the service with python-stdnum; empty for an actor without one of its
    # own, such as the municipality's library.
    organisation_number = models.CharField(_("organisationsnummer"), max_length=11, blank=True)
    description = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    email = models.EmailField(_("e-post"), max_length=254, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    website = models.URLField(_("webbplats"), max_length=300, blank=True)
    active = models.BooleanField(_("aktiv i nätverket"), default=True)
    # The day the association left the network (made inactive): its contact persons are gallrade a number of years
    # after it (rules/retention.py, `retention.civil_contact_years`); cleared when it comes back.
    left_on = models.DateField(_("lämnade nätverket"), null=True, blank=True)
    created_by = actor()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("förening eller aktör")
        verbose_name_plural = _("föreningar och aktörer")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation_number"],
                condition=~Q(organisation_number=""),
                name="civil_association_orgnr_once",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "active"])]

    def __str__(self):
        return self.name
