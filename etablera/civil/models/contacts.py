"""An association's contact persons: personal data of persons outside the register, so few fields — a name, a role
and a way to reach them — kept while the cooperation lasts and gallrade after the association has left the network
(access/gallring.py, `retention.civil_contact_years`)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from etablera.civil.models.associations import Association


class ContactPerson(models.Model):
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("förening eller aktör")
    )
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), max_length=254, blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self):
        return self.name
