"""Access in a generated data set: the audit events the services would have logged (registrations, arrivals,
cancellations, closings, the household page read on arrival), dated when it happened and marked
`changes["generated"] = true`; and the consents of persons in an open case to sharing with SFI and the
labour-market unit.

`Access._audit` is called by every domain that writes something the services would log.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.db import models

from etablera.access.models import AuditEvent, Consent
from etablera.access.sections import Section
from etablera.demo.generate.common import _GENERATED_JSON, GENERATED, Rows, _Place, _Staff
from etablera.rules.dates import age_on

CONSENT_SHARE = 0.25  # persons 16+ in an open case who consent to sharing with SFI and the labour-market unit
CONSENT_PURPOSE = "Samordning av etableringsinsatser mellan mottagningen, SFI och arbetsmarknadsenheten"


def generated_audit_events() -> models.QuerySet:
    return AuditEvent.objects.filter(**{f"changes__{GENERATED}": True})


class Access(Rows):
    """Consents (with their units) and the audit log."""

    TABLES = (
        (
            "consents",
            "samtycken",
            Consent,
            "id public_id person_id municipality_id given_by guardian_name sections purpose given_date "
            "valid_until method method_note document_reference withdrawn_date withdrawn_note "
            "recorded_by_id recorded_at",
        ),
        ("consent_units", "samtyckets enheter", Consent.units.through, "id consent_id unit_id"),
        (
            "audit",
            "loggposter",
            AuditEvent,
            "id at actor_id actor_name action channel object_type object_id person_public_id "
            "household_public_id municipality_code summary changes basis break_glass protected",
        ),
    )

    def _audit(
        self,
        at: dt.datetime,
        actor: _Staff | None,
        action: str,
        object_type: str,
        object_id: str,
        municipality_code: str,
        summary: str,
        *,
        person: uuid.UUID | None = None,
        household: uuid.UUID | None = None,
        changes: dict | None = None,
        basis: str = "",
        protected: bool = False,
    ) -> None:
        data = (
            _GENERATED_JSON
            if changes is None
            else json.dumps({GENERATED: True, **changes}, ensure_ascii=False)
        )
        self.audit.rows.append(
            (
                self.audit.take_ids(),
                at,
                actor.pk if actor else None,
                actor.username if actor else "",
                action,
                AuditEvent.Channel.PAGE,
                object_type,
                object_id,
                person,
                household,
                municipality_code,
                summary[:300],
                data,
                basis,
                False,
                protected,
            ),
        )

    def _consents(self, place: _Place, persons, arrival: dt.date, registrar: _Staff | None) -> None:
        """Persons 16+ in an open case who let the reception share social-services data with SFI and the
        labour-market unit (access.Consent; sections as the consent pages record them)."""
        rng = self.rng
        units = [place.units[key].pk for key in ("sfi", "arbete") if key in place.units]
        for person_id, _public_id, person, _relation, _sex in persons:
            if (
                not person.birth_date
                or age_on(person.birth_date, arrival) < 16
                or rng.random() >= CONSENT_SHARE
            ):
                continue
            given = min(arrival + dt.timedelta(days=rng.randint(1, 20)), self.today)
            withdrawn = None
            note = ""
            if rng.random() < 0.05:
                withdrawn = min(given + dt.timedelta(days=rng.randint(10, 200)), self.today)
                note = "Återkallat muntligt vid uppföljningsmöte."
            consent_id = self.consents.take_ids()
            self.consents.rows.append(
                (
                    consent_id,
                    self._uuid(),
                    person_id,
                    place.municipality.pk,
                    Consent.GivenBy.PERSON,
                    "",
                    json.dumps([Section.BASIC, Section.SOCIAL]),
                    CONSENT_PURPOSE,
                    given,
                    given + dt.timedelta(days=730),
                    Consent.Method.WRITTEN,
                    "",
                    f"GEN-SAMTYCKE-{consent_id}",
                    withdrawn,
                    note,
                    registrar.pk if registrar else None,
                    self._at(given),
                ),
            )
            for unit_id in units:
                self.consent_units.rows.append((self.consent_units.take_ids(), consent_id, unit_id))
