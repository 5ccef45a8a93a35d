"""Import of household members: one row per person, grouped by the anvisning's reference (docs/import-formats.md,
"Hushållsmedlemmar"). The anvisningar file carries no personal data; this one does, so it is handled more strictly:
identity numbers are checked (rules/identity.py) and never echoed in an error report.

Each anvisning's rows are checked with reception.services.plan_members — the same checks as adding members by hand
on the anvisning's page — and written with services.add_members. A person whose identity number Etablera knows is
linked, not registered twice; a row already in the household is `unchanged`, so the same file again changes nothing.
Counts: `created` = persons registered, `updated` = persons Etablera already had, now members, `unchanged` = already
members.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.people.models import HouseholdMember, Person, ProtectedIdentity
from etablera.people.services import PersonInput
from etablera.reception import services
from etablera.reception.importers.base import Plan, Row, RowError, Table, read_table
from etablera.reception.models import Assignment
from etablera.rules import identity

REQUIRED = ("reference", "relation", "first_name", "last_name")
OPTIONAL = (
    "identity_number_type",
    "identity_number",
    "birth_date",
    "sex",
    "languages",
    "interpreter_language",
    "protected_identity",
    "household_name",
)
ALIASES = {
    "referens": "reference",
    "förnamn": "first_name",
    "efternamn": "last_name",
    "relation_i_hushållet": "relation",
    "nummertyp": "identity_number_type",
    "identitetsnummer": "identity_number",
    "födelsedatum": "birth_date",
    "kön": "sex",
    "språk": "languages",
    "tolkspråk": "interpreter_language",
    "skyddade_personuppgifter": "protected_identity",
    "hushåll": "household_name",
    "hushållets_namn": "household_name",
}
NAME_LENGTH = Person._meta.get_field("first_name").max_length
LAST_NAME_LENGTH = Person._meta.get_field("last_name").max_length
LANGUAGES_LENGTH = Person._meta.get_field("languages").max_length
INTERPRETER_LENGTH = Person._meta.get_field("interpreter_language").max_length


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold())


def _swedish_choices(choices) -> dict[str, str]:
    with translation.override("sv"):
        return {**{_key(v): v for v, _ in choices}, **{_key(str(label)): v for v, label in choices}}


RELATIONS = {
    **_swedish_choices(HouseholdMember.Relation.choices),
    "förälder": HouseholdMember.Relation.GUARDIAN,
}
NUMBER_TYPES = {
    **_swedish_choices(Person.IdentityNumberType.choices),
    "pnr": identity.PERSONNUMMER,
    "samordningsnr": identity.SAMORDNINGSNUMMER,
    "dossier": identity.DOSSIERNUMMER,
    "dossiernummer": identity.DOSSIERNUMMER,
    "dossiernr": identity.DOSSIERNUMMER,
    "inget": identity.NONE,
}
SEXES = {**_swedish_choices(Person.Sex.choices), "k": Person.Sex.FEMALE, "kvinna": Person.Sex.FEMALE}
PROTECTED = {
    **_swedish_choices(ProtectedIdentity.choices),
    "nej": ProtectedIdentity.NONE,
    "sekretessmarkering": ProtectedIdentity.CONFIDENTIALITY_MARKING,
    "skyddad folkbokföring": ProtectedIdentity.PROTECTED_REGISTRATION,
}
ALLOWED = {
    "relation": gettext_lazy(
        "Okänt värde. Ange vuxen, barn eller vårdnadshavare (eller ADULT, CHILD, GUARDIAN)."
    ),
    "identity_number_type": gettext_lazy(
        "Okänt värde. Ange personnummer, samordningsnummer, dossiernummer eller inget (eller PERSONNUMMER, "
        "SAMORDNINGSNUMMER, DOSSIERNUMMER, NONE)."
    ),
    "sex": gettext_lazy("Okänt värde. Ange kvinna, man, annat eller okänt (eller F, M, X, U)."),
    "protected_identity": gettext_lazy(
        "Okänt värde. Ange nej, sekretessmarkering, skyddad folkbokföring eller fingerade personuppgifter."
    ),
}
CODES = {
    "relation": "unknown_relation",
    "identity_number_type": "unknown_identity_number_type",
    "sex": "unknown_sex",
    "protected_identity": "unknown_protected_identity",
}
# A service's field -> the code of its error in this format, when the error carries none.
FIELD_CODES = {
    "identity_number": "invalid_identity_number",
    "birth_date": "invalid_date",
    "first_name": "missing_value",
    "last_name": "missing_value",
    "relation": "unknown_relation",
}


@dataclass
class MembersOperation:
    assignment: Assignment
    members: list[PersonInput]
    household_name: str


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def _choice(row: Row, column: str, choices: dict[str, str], default: str) -> str:
    raw = row.text(column)
    if not raw:
        return default
    value = choices.get(_key(raw))
    if value is None:
        row.error(column, CODES[column], str(ALLOWED[column]))
        return default
    return value


def _person(row: Row, category: str) -> PersonInput:
    number_type = _choice(row, "identity_number_type", NUMBER_TYPES, identity.NONE)
    number = row.text("identity_number", max_length=40)
    if number and number_type == identity.NONE and not row.has_error("identity_number_type"):
        row.error(
            "identity_number_type",
            "missing_value",
            _(
                "Ange nummertyp (personnummer, samordningsnummer eller dossiernummer) när ett nummer står på "
                "raden."
            ),
        )
    elif number and number_type != identity.NONE and not row.has_error("identity_number"):
        try:  # here too, so that a wrong number is listed even when another row of the household has an error
            identity.parse(number_type, number, today=timezone.localdate())
        except identity.IdentityNumberError as error:
            row.error("identity_number", "invalid_identity_number", str(error))
    return PersonInput(
        first_name=row.text("first_name", required=True, max_length=NAME_LENGTH),
        last_name=row.text("last_name", required=True, max_length=LAST_NAME_LENGTH),
        category=category,
        relation=_choice(row, "relation", RELATIONS, ""),
        identity_number_type=number_type,
        identity_number=number,
        birth_date=row.date("birth_date"),
        sex=_choice(row, "sex", SEXES, Person.Sex.UNKNOWN),
        languages=row.text("languages", max_length=LANGUAGES_LENGTH),
        interpreter_language=row.text("interpreter_language", max_length=INTERPRETER_LENGTH),
        needs_interpreter=bool(row.values.get("interpreter_language", "")),
        protected_identity=_choice(row, "protected_identity", PROTECTED, ProtectedIdentity.NONE),
    )


def _no_numbers(errors: list[RowError]) -> list[RowError]:
    """An identity number is personal data: a report may be mailed or printed, so it never repeats one."""
    return [
        RowError(e.row, e.column, e.code, e.message, "") if e.column == "identity_number" else e
        for e in errors
    ]


def plan(table: Table, *, permitted: set[int] | None = None) -> Plan:
    result = Plan()
    today = timezone.localdate()
    references = sorted({values.get("reference", "") for _, values in table.rows} - {""})
    assignments = {
        a.reference: a
        for a in Assignment.objects.filter(reference__in=references).select_related(
            "municipality", "household"
        )
    }
    groups: dict[str, list[tuple[Row, PersonInput]]] = defaultdict(list)
    for number, values in table.rows:
        row = Row(number, values)
        reference = row.text("reference", required=True, max_length=40)
        assignment = assignments.get(reference) if reference else None
        if reference and assignment is None and not row.has_error("reference"):
            row.error(
                "reference",
                "unknown_reference",
                _("Det finns ingen anvisning med denna referens i Etablera."),
            )
        if assignment is not None and permitted is not None and assignment.municipality_id not in permitted:
            # Said at every such row, and nothing more about the other municipality's anvisning (not its name).
            row.error(
                "reference",
                "not_permitted",
                _("Anvisningen hör till en kommun där du inte registrerar mottagande."),
            )
            assignment = None
        person = _person(row, assignment.category if assignment else "")
        if assignment is not None:
            groups[reference].append((row, person))
        result.errors.extend(_no_numbers(row.errors))
    for reference, rows in groups.items():
        assignment = assignments[reference]
        if any(row.errors for row, _ in rows):
            continue  # the cells are wrong already: the household's checks would only repeat them
        members = [person for _, person in rows]
        waiting = assignment.status == Assignment.Status.ASSIGNED
        try:
            plans = services.plan_members(assignment=assignment, members=members, today=today)
        except ValidationError as error:
            if waiting:
                result.errors.extend(_no_numbers(_group_errors(error, rows)))
                continue
            plans = None  # received or cancelled: that is what to say, not what the rows would break
        if not waiting and (plans is None or not all(p.in_household for p in plans)):
            first = rows[0][0]
            result.errors.append(
                RowError(
                    first.number,
                    "reference",
                    "status_conflict",
                    _(
                        "Anvisningen är redan mottagen eller avbruten: medlemmar läggs bara till en anvisning "
                        "som väntar på ankomst."
                    ),
                    reference,
                )
            )
            continue
        names = [row.values.get("household_name", "") for row, _ in rows]
        result.operations.append(MembersOperation(assignment, members, next((n for n in names if n), "")))
    return result


def _group_errors(error: ValidationError, rows: list[tuple[Row, PersonInput]]) -> list[RowError]:
    """plan_members keys its errors `members.<n>.<field>` (n from 1, in the file's order) and `members`, with the
    code of the rule they break where it has one."""
    found: list[RowError] = []
    for key, items in error.error_dict.items():
        parts = key.split(".")
        for item in items:
            message = str(item.message % item.params if item.params else item.message)
            code = item.code if item.code and item.code != "invalid" else None
            if len(parts) == 3 and parts[1].isdigit():
                row = rows[int(parts[1]) - 1][0]
                column = parts[2] if parts[2] in (*REQUIRED, *OPTIONAL) else ""
                code = code or FIELD_CODES.get(parts[2], "invalid_value")
                found.append(RowError(row.number, column, code, message, row.values.get(column, "")))
            else:
                first = rows[0][0]
                found.append(
                    RowError(
                        first.number,
                        "reference",
                        code or "invalid_value",
                        message,
                        first.values.get("reference", ""),
                    )
                )
    return found


# --- writing --------------------------------------------------------------------------------------------------


def write_many(operations: list[MembersOperation], actor) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for operation in operations:
        outcome = services.add_members(
            actor=actor,
            assignment=operation.assignment,
            members=operation.members,
            household_name=operation.household_name,
        )
        counts["created"] += outcome.created
        counts["updated"] += outcome.linked
        counts["unchanged"] += outcome.unchanged
    return counts


def write(operation: MembersOperation, actor) -> str:  # run_import's one-by-one path; write_many is used
    outcome = write_many([operation], actor)
    return "created" if outcome["created"] else ("updated" if outcome["updated"] else "unchanged")
