"""`etablera letters welcome|invitation`: one letter as PDF, for scripting and for the checks.

    etablera letters welcome --reference DEMO-ANV-001 --language ti --output welcome.pdf
    etablera letters invitation --appointment <uuid> --language ar --output kallelse.pdf

The read is written to the audit log (channel CLI). Nothing about the persons is printed: only the file written.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.letters import languages, render, selectors


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise CommandError(f"Ogiltigt mötes-id: {value!r}") from error


class Command(BaseCommand):
    help = "Brev: skriv ett välkomstbrev (welcome) eller en kallelse (invitation) som PDF på valt språk."

    def add_arguments(self, parser):
        parser.add_argument("letter", choices=["welcome", "invitation"])
        parser.add_argument("--reference", help="welcome: anvisningens referens hos Migrationsverket")
        parser.add_argument("--appointment", type=_uuid, help="invitation: mötets id")
        parser.add_argument("--language", choices=languages.CODES, default="sv", help="brevets språk")
        parser.add_argument("--output", required=True, help="PDF-filen som skrivs")

    def handle(self, *args, letter, reference, appointment, language, output, **options):
        with channel(AuditEvent.Channel.CLI):
            if letter == "welcome":
                if not reference:
                    raise CommandError("Ange --reference (anvisningens referens).")
                data = selectors.for_command(reference=reference)
                if data is None:
                    raise CommandError(f"Ingen anvisning med ett hushåll har referensen {reference!r}.")
                rendered = render.welcome_html(data.household, data.members, data.appointments, language)
            else:
                if appointment is None:
                    raise CommandError("Ange --appointment (mötets id).")
                found = selectors.for_command(appointment_id=appointment)
                if found is None:
                    raise CommandError(f"Inget möte har id {appointment}.")
                rendered = render.invitation_html(found, selectors.participants(found), language)
            Path(output).write_bytes(render.pdf(rendered))
        draft = " (maskinöversättning, ej granskad)" if rendered.draft else ""
        self.stdout.write(f"Skrev {output} på {rendered.language.name}{draft}.")
