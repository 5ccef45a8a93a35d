"""`etablera gallring --dry-run | --execute [--municipality KOD] [--format text|json]`.

--dry-run lists what gallring would do today (counts per record type, and the households by public id — never a
name); --as-of DATE shows what a dry run on another day would list. --execute anonymises and removes, in one
transaction, and writes an audit event per municipality with the counts. See etablera/access/gallring.py for what
is done to each record and etablera/rules/retention.py for the rules and their sources. Finished background jobs and
their files go after `background.result_days` (etablera/background/gallring.py), whatever --municipality says.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from etablera.access import gallring
from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.access.sections import Section
from etablera.background import gallring as background_gallring
from etablera.organisation.models import Municipality


class Command(BaseCommand):
    help = (
        "Gallring enligt socialtjänstlagen och kommunens dokumenthanteringsplan: --dry-run visar vad som skulle "
        "gallras, --execute avidentifierar och raderar och loggar vad som gjordes."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument(
            "--dry-run", action="store_true", help="visa vad som skulle gallras; ändra ingenting"
        )
        mode.add_argument("--execute", action="store_true", help="gallra nu (avidentifiera och radera)")
        parser.add_argument("--municipality", help="bara denna kommun (kommunkod, t.ex. 0480)")
        parser.add_argument(
            "--as-of",
            help="med --dry-run: visa vad som skulle gallras detta datum (ÅÅÅÅ-MM-DD) i stället för i dag",
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="text (standard) eller json"
        )

    def handle(self, *args, **options):
        municipality_ids = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"Okänd kommunkod: {options['municipality']}")
            municipality_ids = [municipality.pk]
        today = None
        if options["as_of"]:
            if options["execute"]:
                raise CommandError(
                    "--as-of går bara att använda med --dry-run: gallring sker alltid med dagens datum."
                )
            try:
                today = dt.date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError("Ogiltigt datum för --as-of. Skriv ÅÅÅÅ-MM-DD.") from error
        with channel(AuditEvent.Channel.CLI):
            if options["execute"]:
                result = gallring.execute(municipality_ids=municipality_ids)
                jobs = background_gallring.execute()
            else:
                result = gallring.plan(today=today, municipality_ids=municipality_ids)
                jobs = background_gallring.plan(today)
        if options["format"] == "json":
            data = {"executed": options["execute"], **result.as_json(), "background_jobs": jobs}
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(render_text(result, executed=options["execute"], background_jobs=jobs))


def render_text(result: gallring.Plan, *, executed: bool, background_jobs: int = 0) -> str:
    counts = result.counts()
    title = "Gallring genomförd" if executed else "Gallring – provkörning (ingenting ändras)"
    lines = [f"{title} {result.today.isoformat()}", ""]
    verb = "avidentifierades" if executed else "avidentifieras"
    removed = "raderades" if executed else "raderas"
    lines.append(f"Hushåll som {verb}: {counts['households']}")
    lines.append(f"Personer som {verb}: {counts['persons']}")
    for section in Section:
        lines.append(f"Anteckningar som {removed}, {section.label}: {counts['notes'][section.value]}")
    lines.append(f"Anteckningar på uppgifter som töms: {counts['task_notes']}")
    parts = counts["establishment_parts"]
    lines.append(f"Kartläggningens hälsa och förmåga som {removed}: {parts.get('establishment.HEALTH', 0)}")
    lines.append(f"Kartläggningar av barn som {removed}: {parts.get('establishment.SCHOOL', 0)}")
    for reason, number in counts["kept_households"].items():
        lines.append(f"Hushåll som sparas ({gallring.KEPT_LABELS.get(reason, reason)}): {number}")
    lines.append(f"Bakgrundsjobb med sina filer som {removed}: {background_jobs}")
    lines.append(f"Föreningars kontaktpersoner som {removed}: {counts.get('civil', {}).get('contacts', 0)}")
    lines += _civil_society_lines(counts, executed=executed)
    cleared = "tömdes" if executed else "töms"
    reminders = counts.get("reminders", {}).get("reminder_messages", 0)
    lines.append(f"Påminnelser vars mottagare och text {cleared}: {reminders}")  # issue #18
    if result.households:
        lines += ["", "Hushåll (publikt id, kommun, sista anteckning, gallras senast):"]
        for record in result.households:
            lines.append(
                f"  {record.public_id}  {record.municipality_code}  {record.outcome.last_entry.isoformat()}  "
                f"{record.outcome.complete_by.isoformat()}"
            )
    if result.is_empty and not background_jobs and not _civil_society_due(counts) and not reminders:
        lines += ["", "Ingenting att gallra."]
    return "\n".join(lines) + "\n"


def _civil_society_lines(counts: dict, *, executed: bool) -> list[str]:
    """The grants' and volunteers' counts (issue #17), as the JSON output has them (`counts.grants`,
    `counts.volunteers`): what gallring does to each, grants/gallring.py and volunteers/gallring.py."""
    removed = "raderades" if executed else "raderas"
    cleared = "tömdes" if executed else "töms"
    gone = "togs bort" if executed else "tas bort"
    grants = counts.get("grants", {})
    volunteers = counts.get("volunteers", {})
    return [
        f"Bidragsansökningar som aldrig bekräftades och {removed}: {grants.get('unconfirmed', 0)}",
        f"Avslagna eller återkallade bidragsansökningar vars kontaktperson {gone}: {grants.get('rejected', 0)}",
        f"Beviljade bidragsansökningar vars kontaktpersons e-post och telefon {gone}: {grants.get('granted', 0)}",
        f"Obekräftade anmälningar som volontär som {removed}: {volunteers.get('unconfirmed', 0)}",
        f"Avslutade volontärer vars uppgifter {removed}: {volunteers.get('withdrawn', 0)}",
        f"Inaktiva volontärer vars uppgifter {removed}: {volunteers.get('inactive', 0)}",
        f"Avslutade matchningar vars anteckningar {cleared}: {volunteers.get('match_notes', 0)}",
    ]


def _civil_society_due(counts: dict) -> bool:
    return any(any(counts.get(domain, {}).values()) for domain in ("grants", "volunteers", "civil"))
