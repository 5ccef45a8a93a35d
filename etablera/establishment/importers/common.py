"""What the establishment imports share (issue #12): the person by identity number, current or former
(people.selectors.identity_number_q), only one the importing user may write; the services' choices in Swedish; and
the trial run that validates every row with the services themselves.

The file format, the reading, the row errors and the run (all-or-nothing, one audit event) are the reception
imports' (reception/importers/base.py), so the files read and report the same way."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from etablera.access.policy import restrict
from etablera.people.models import Person
from etablera.people.selectors import identity_number_q
from etablera.reception.importers.base import Row, RowError

NUMBER = "identity_number"
NUMBER_ALIASES = {"identitetsnummer": NUMBER, "personnummer": NUMBER, "pnr": NUMBER}


def key(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().casefold())


def swedish_choices(choices) -> dict[str, str]:
    """'WORK', 'work', 'Arbete' and 'arbete' all mean WORK."""
    with translation.override("sv"):
        return {**{key(v): v for v, _ in choices}, **{key(str(label)): v for v, label in choices}}


def find_person(row: Row, actor) -> Person | None:
    """The person the row's identity number names (the current number or a former one). A number nobody holds and
    a person the actor may not see are the same error (`not_permitted`), so a file cannot probe who exists; the
    number itself is never echoed in the report."""
    raw = row.text(NUMBER, required=True)
    if not raw:
        return None
    query = identity_number_q(raw)
    if query is None:
        row.error(
            NUMBER,
            "invalid_identity_number",
            _("Ange ett helt personnummer eller samordningsnummer (ÅÅÅÅMMDD-NNNN) eller dossiernummer."),
            "",
        )
        return None
    persons = Person.objects.filter(query).select_related("municipality")
    if actor is not None:
        persons = restrict(actor, persons)
    found = list(persons.distinct()[:2])
    if len(found) != 1:
        row.error(
            NUMBER,
            "not_permitted",
            _("Ingen person med numret som du har behörighet att ändra etableringen för."),
            "",
        )
        return None
    return found[0]


def trial(row: Row, write: Callable[[], object], columns: dict[str, str]) -> None:
    """Write the row with the service inside a savepoint that is rolled back: the service's own validation, at the
    file's columns, before anything is saved (the real write comes once every row has passed)."""
    try:
        with transaction.atomic():
            write()
            transaction.set_rollback(True)
    except ValidationError as error:  # a StateConflict too, with its code status_conflict
        row.validation_error(error, columns, {})


def no_numbers(errors: list[RowError]) -> list[RowError]:
    """An identity number is personal data: a report may be mailed or printed, so it never repeats one."""
    return [RowError(e.row, e.column, e.code, e.message, "") if e.column == NUMBER else e for e in errors]
