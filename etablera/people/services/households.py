"""Registering persons and households: the person's data checked (`clean_person_input`) and a household with its
members created in one go. Each function validates fully before it writes, and logs the change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.organisation.models import Municipality
from etablera.people.models import Household, HouseholdMember, Person
from etablera.rules import identity


@dataclass
class PersonInput:
    first_name: str
    last_name: str
    category: str
    relation: str = HouseholdMember.Relation.ADULT
    identity_number_type: str = identity.NONE
    identity_number: str = ""
    birth_date: dt.date | None = None
    sex: str = Person.Sex.UNKNOWN
    languages: str = ""
    interpreter_language: str = ""
    needs_interpreter: bool = False
    citizenship: str = ""
    residence_permit: str = Person.ResidencePermit.NONE
    residence_permit_date: dt.date | None = None
    protected_identity: str = Person.protected_identity.field.default
    extra: dict = field(default_factory=dict)


def clean_person_input(
    data: PersonInput, *, today: dt.date | None = None, exclude_pk: int | None = None
) -> dict:
    """Check a person's data; return the model fields, or raise ValidationError keyed by field (Swedish)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not data.first_name.strip():
        errors["first_name"] = "Ange förnamn."
    if not data.last_name.strip():
        errors["last_name"] = "Ange efternamn."
    valid_categories = {value for value, _ in Person._meta.get_field("category").choices}
    if data.category not in valid_categories:
        errors["category"] = "Välj en kategori."
    valid_relations = {value for value, _ in HouseholdMember.Relation.choices}
    if data.relation not in valid_relations:
        errors["relation"] = "Välj relation i hushållet (vuxen, barn eller vårdnadshavare)."
    birth_date = data.birth_date
    number = ""
    try:
        parsed = identity.parse(data.identity_number_type, data.identity_number, today=today)
        number = parsed.value
        if parsed.birth_date:
            if birth_date and birth_date != parsed.birth_date:
                errors["birth_date"] = (
                    f"Födelsedatumet stämmer inte med identitetsnumret ({parsed.birth_date.isoformat()})."
                )
            birth_date = parsed.birth_date
    except identity.IdentityNumberError as error:
        errors["identity_number"] = str(error)
    if birth_date and birth_date > today:
        errors["birth_date"] = "Födelsedatum kan inte ligga i framtiden."
    if data.residence_permit_date and data.residence_permit_date > today:
        errors["residence_permit_date"] = "Datum för uppehållstillstånd kan inte ligga i framtiden."
    if number and data.identity_number_type in (identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER):
        clash = Person.objects.filter(
            identity_number=number,
            identity_number_type__in=[identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER],
        )
        if exclude_pk:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors["identity_number"] = "Det finns redan en person med detta nummer i Etablera."
    if errors:
        raise ValidationError(errors)
    return {
        "first_name": data.first_name.strip(),
        "last_name": data.last_name.strip(),
        "category": data.category,
        "identity_number_type": data.identity_number_type,
        "identity_number": number,
        "birth_date": birth_date,
        "sex": data.sex,
        "languages": data.languages.strip(),
        "interpreter_language": data.interpreter_language.strip(),
        "needs_interpreter": data.needs_interpreter or bool(data.interpreter_language.strip()),
        "citizenship": data.citizenship.strip(),
        "residence_permit": data.residence_permit,
        "residence_permit_date": data.residence_permit_date,
        "protected_identity": data.protected_identity,
    }


@transaction.atomic
def create_household(
    *,
    actor,
    municipality: Municipality,
    name: str,
    members: list[PersonInput],
    anchor_person: Person | None = None,
) -> Household:
    """Register a household and its members. All members are validated before anything is saved."""
    if actor is not None and municipality.pk not in capabilities(actor).reception_municipality_ids:
        # The CLI and imports run as the system (actor None), already authorised by who may run them.
        raise PermissionDenied("Du har inte behörighet att registrera hushåll i denna kommun.")
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Ange en benämning för hushållet, till exempel efternamnet."]
    if not members:
        errors["members"] = ["Ett hushåll måste ha minst en person."]
    cleaned: list[tuple[PersonInput, dict]] = []
    for index, member in enumerate(members, start=1):
        try:
            cleaned.append((member, clean_person_input(member)))
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                errors.setdefault(f"members.{index}.{field_name}", []).extend(messages)
    numbers = [c["identity_number"] for _, c in cleaned if c["identity_number"]]
    if len(numbers) != len(set(numbers)):
        errors.setdefault("members", []).append("Samma identitetsnummer förekommer två gånger i hushållet.")
    if anchor_person is not None and anchor_person.municipality_id != municipality.pk:
        errors["anchor_person"] = ["Anknytningspersonen hör till en annan kommun."]
    if errors:
        raise ValidationError(errors)
    household = Household.objects.create(
        municipality=municipality, name=name.strip(), anchor_person=anchor_person
    )
    for member, fields in cleaned:
        person = Person.objects.create(municipality=municipality, **fields)
        HouseholdMember.objects.create(household=household, person=person, relation=member.relation)
        log_change(actor, AuditEvent.Action.CREATE, person, "Person registrerad")
    log_change(actor, AuditEvent.Action.CREATE, household, f"Hushåll registrerat med {len(cleaned)} personer")
    return household
