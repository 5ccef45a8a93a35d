"""A large import of anvisningar (or their household members) as background work (issue #18): the
"assignment_import" kind of etablera/background/, registered when the app is ready (apps.py). The import page
(web/views/imports.py) starts it for a file of more than BACKGROUND_ROWS rows once the user confirms; the worker
runs the same importer the page runs for a small file (importers.import_file, all-or-nothing, its own audit event),
as the user who started it, and the job's page shows the same counts or errors the page would.

The uploaded file waits in the job's parameters ("fil") only until the job ends (the kind's `transient`): then it is
taken off, and only the counts and the errors are kept, as long as any job's result (gallring). Nothing of the file
goes to a log: a failure logs the job's id and kind (background/tasks.py)."""

from __future__ import annotations

import base64
import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.access.policy import capabilities
from etablera.background import registry
from etablera.organisation.models import Municipality
from etablera.reception.importers import assignments as assignment_format
from etablera.reception.importers import import_file
from etablera.reception.importers import members as member_format
from etablera.reception.importers.base import FileError
from etablera.reception.models import Assignment

KIND = "assignment_import"
# A file of more rows goes to the worker. A thousand anvisningar are checked and saved within a couple of seconds
# on the page (the import benchmark), which a user waits for; a file of several thousands (a county's year) would
# hold the request, and the user, long enough for a proxy's timeout, with nothing to show meanwhile.
BACKGROUND_ROWS = 1000
# The job's progress is written every this many rows checked: often enough to move the bar every second or two,
# seldom enough that the writes cost nothing beside the checking.
PROGRESS_EVERY = 250

FORMATS = {"assignments": assignment_format, "members": member_format}
RESULT_TYPE = "application/json"


def rows_in(kind: str, data: bytes) -> int | None:
    """How many rows the file has (read as the importer reads it, without the database), or None when it cannot be
    read: then the page imports it as a small file, and the importer reports why."""
    try:
        return len(FORMATS[kind].read(data).rows)
    except FileError:
        return None


def _municipality_codes(kind: str, table) -> set[str]:
    """The municipalities the file's rows are about: their codes for anvisningar, their anvisningar's for members."""
    if kind == "assignments":
        codes = {values.get("municipality_code", "") for _, values in table.rows} - {""}
        return {code.zfill(4) if code.isdigit() and len(code) == 3 else code for code in codes}
    references = {values.get("reference", "") for _, values in table.rows} - {""}
    found = Assignment.objects.filter(reference__in=sorted(references)).values_list(
        "municipality__code", flat=True
    )
    return set(found)


def parameters(*, kind: str, data: bytes, name: str, user) -> dict:
    """The job's parameters: what the file holds, its name and rows, the requester's municipalities it is about (who
    may read the result), and the file itself until the job ends."""
    try:
        table = FORMATS[kind].read(data)
    except FileError:  # the importer will say why; the job is then only its requester's business
        rows, codes = 0, set()
    else:
        rows, codes = len(table.rows), _municipality_codes(kind, table)
    own = Municipality.objects.filter(
        pk__in=capabilities(user).reception_municipality_ids, code__in=sorted(codes)
    ).values_list("code", flat=True)
    return {
        "slag": kind,
        "namn": name[:200],
        "rader": rows,
        "kommuner": sorted(own),
        "fil": base64.b64encode(data).decode("ascii"),
    }


def may_read(user, parameters: dict) -> bool:
    """The import page's rule: one who registers reception, in every municipality of the file that was theirs when
    they started it (a file about others only is refused row by row, as on the page)."""
    ids = capabilities(user).reception_municipality_ids
    if not ids:
        return False
    wanted = set(parameters.get("kommuner") or ())
    own = set(Municipality.objects.filter(pk__in=ids, code__in=wanted).values_list("code", flat=True))
    return wanted <= own


def run(job, progress: registry.Progress) -> registry.Result:
    kind = job.parameters["slag"]
    data = base64.b64decode(job.parameters["fil"])
    progress(0, 0, _("Filen läses"))

    def checked(done: int, rows: int) -> None:
        # One step per row, and the saving as the last.
        label = _("Raderna kontrolleras") if done < rows else _("Importen sparas")
        progress(done, rows + 1, label)

    result = import_file(kind, data, actor=job.requested_by, progress=checked, every=PROGRESS_EVERY)
    content = {
        "kind": kind,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "errors": [error.as_dict() for error in result.errors],
    }
    return json.dumps(content).encode(), "import.json", RESULT_TYPE


def describe(parameters: dict) -> str:
    return _("%(name)s, %(rows)s rader") % {
        "name": parameters.get("namn", ""),
        "rows": parameters.get("rader", 0),
    }


def show(user, job) -> dict:
    """What the job's page shows: as the import page, the counts of a saved import or the errors of a refused one."""
    content = json.loads(bytes(job.result).decode())
    return {
        "kind": content["kind"],
        "rows": content["rows"],
        "created": content["created"],
        "updated": content["updated"],
        "unchanged": content["unchanged"],
        "errors": content["errors"],
        "file_name": job.parameters.get("namn", ""),
    }


def log_download(user, job) -> None:
    """Never called: the result is read on the job's page (there is no file); the import logged itself."""


def register() -> None:
    registry.register(
        KIND,
        run,
        gettext_lazy("Import av anvisningar"),
        may_read=may_read,
        log_download=log_download,
        describe=describe,
        transient=("fil",),
        template="reception/assignments/import_job_result.html",
        show=show,
    )
