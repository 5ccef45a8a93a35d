"""The kinds of background work: a domain registers what a kind runs, who may read what it makes and how a
download is logged, from its own module (followup/jobs.py for "board_report", registered in its AppConfig.ready).

Background knows no domain: the domains come to it, so the arrows point down (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from etablera.background.models import Job

Progress = Callable[[int, int, str], None]  # (step, steps, the step's label)
Result = tuple[bytes, str, str]  # (content, file name, content type)


@dataclass(frozen=True)
class Kind:
    name: str
    title: Any  # a lazy Swedish title: "Rapport till nämnden"
    run: Callable[[Job, Progress], Result]
    # May this user (still) read what a job with these parameters makes? Asked when the job is started and again
    # at every download: access can be withdrawn while the file waits.
    may_read: Callable[[Any, dict], bool]
    # Logs a download as the page's own export would be logged (an AuditEvent EXPORT).
    log_download: Callable[[Any, Job], None]
    # What the job is about, from its parameters, for its page's title ("Nyköpings kommun 2025"); figures only.
    describe: Callable[[dict], str] | None = None
    # Parameters that hold what the job works on and nothing after it (an uploaded file with personal data): taken
    # off the job when it ends, done or failed (lifecycle.py), so they wait no longer than the work.
    transient: tuple[str, ...] = ()
    # A kind whose result is read on the job's page rather than downloaded (an import's counts and errors): the
    # template shown there, and `show(user, job)` -> its context (asked only of one who may still read it).
    template: str = ""
    show: Callable[[Any, Job], dict] | None = None


_KINDS: dict[str, Kind] = {}


def register(
    kind: str,
    runner: Callable[[Job, Progress], Result],
    title: Any,
    *,
    may_read: Callable[[Any, dict], bool],
    log_download: Callable[[Any, Job], None],
    describe: Callable[[dict], str] | None = None,
    transient: tuple[str, ...] = (),
    template: str = "",
    show: Callable[[Any, Job], dict] | None = None,
) -> None:
    """Register `runner(job, progress) -> (bytes, filename, content_type)` for `kind`. Registering a kind again
    replaces it (ready() can run more than once in tests). A kind with a `template` shows its result on the job's
    page (`show`) and has no file to download."""
    _KINDS[kind] = Kind(kind, title, runner, may_read, log_download, describe, transient, template, show)


def get(kind: str) -> Kind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"no background runner is registered for {kind!r}") from None


def kinds() -> list[str]:
    return sorted(_KINDS)
