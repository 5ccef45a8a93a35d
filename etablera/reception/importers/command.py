"""The shape every `etablera import KIND FILE.csv` command shares: read the file (or standard in), run the domain's
all-or-nothing import as the CLI channel, write a Swedish summary or JSON, and exit 1 when the file has errors
(then nothing is saved). A domain's command names its kinds, its import function and its label; the formats and
error codes are in docs/import-formats.md."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent

OUTPUT_HELP = "text = sammanfattning på svenska (standard), json = {created, updated, unchanged, errors}"
DRY_RUN_HELP = "kontrollera och räkna, men spara ingenting"


def read_file(path: str) -> bytes:
    """The file's bytes, `-` for standard in; a clear Swedish error for what cannot be read."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as error:
        raise CommandError(f"Filen {path} finns inte.") from error
    except IsADirectoryError as error:
        raise CommandError(f"{path} är en mapp, inte en fil.") from error
    except PermissionError as error:
        raise CommandError(f"Filen {path} går inte att läsa (behörighet saknas).") from error


def write_result(command: BaseCommand, result, *, output: str, title: str) -> None:
    """The summary (or JSON), then exit code 1 when the file had errors."""
    if output == "json":
        command.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        command.stdout.write(result.summary_sv(title))
    if result.errors:
        raise CommandError(
            f"Importen innehåller {len(result.errors)} fel; ingenting har sparats.", returncode=1
        )


def add_common_arguments(parser) -> None:
    parser.add_argument("file", help="CSV-filen; - läser från standard in")
    parser.add_argument("--format", choices=["text", "json"], default="text", help=OUTPUT_HELP)
    parser.add_argument("--dry-run", action="store_true", help=DRY_RUN_HELP)


class ImportCommand(BaseCommand):
    """A domain's import command: set `kinds`, `kind_help`, and `run_import(kind, data, dry_run)` / `label(kind)`
    (as static methods taking the domain's importers)."""

    kinds: Iterable[str] = ()
    kind_help = ""
    run_import: Callable
    label: Callable[[str], str]

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(self.kinds), help=self.kind_help)
        add_common_arguments(parser)

    def handle(self, *args, **options):
        kind, path = options["kind"], options["file"]
        data = read_file(path)
        with channel(AuditEvent.Channel.CLI):
            result = type(self).run_import(kind, data, dry_run=options["dry_run"])
        write_result(
            self, result, output=options["format"], title=f"{type(self).label(kind)} ({Path(path).name})"
        )


class SingleImportCommand(BaseCommand):
    """A domain's import command for one kind of file (no kind argument): set `run_import(data, dry_run)` and
    `label()` as static methods."""

    run_import: Callable
    label: Callable[[], str]

    def add_arguments(self, parser):
        add_common_arguments(parser)

    def handle(self, *args, **options):
        path = options["file"]
        data = read_file(path)
        with channel(AuditEvent.Channel.CLI):
            result = type(self).run_import(data, dry_run=options["dry_run"])
        write_result(
            self, result, output=options["format"], title=f"{type(self).label()} ({Path(path).name})"
        )
