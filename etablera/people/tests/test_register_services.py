"""Keeping a person's register data true (issue #11), through the services: each refusal at its field with nothing
saved, who may, the audit event (identity numbers masked), the history kept, the search by a former number and the
refusal of a number another person holds or held."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from etablera.access.models import AuditEvent
from etablera.people import selectors, services
from etablera.people.models import FormerIdentityNumber, Person, ProtectedIdentity, ResidencePermitDecision
from etablera.testing.factories import HouseholdFactory, personnummer
from etablera.transitions import StateConflict


@pytest.fixture
def adult(family) -> Person:
    return family.members.order_by("birth_date", "pk").first()


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def _samordningsnummer(birth: dt.date, serial: int) -> str:
    from stdnum import luhn

    base = f"{birth:%y%m}{birth.day + 60:02d}{serial:03d}"
    return f"{birth.year // 100:02d}{base}{luhn.calc_check_digit(base)}"


# --- the plain fields and contact -------------------------------------------------------------------------------


def test_an_edit_changes_the_fields_sent_normalises_the_phone_and_audits_old_and_new(alice, adult):
    old_name = adult.first_name
    services.update_person(
        actor=alice,
        person=adult,
        changes={
            "first_name": " Amira ",
            "phone": "070-123 45 67",
            "email": "amira@exempel.se",
            "citizenship": "Syrien",
        },
    )
    adult.refresh_from_db()
    assert (adult.first_name, adult.phone, adult.email, adult.citizenship) == (
        "Amira",
        "+46701234567",
        "amira@exempel.se",
        "Syrien",
    )
    assert adult.phone_display == "070-123 45 67"
    event = AuditEvent.objects.get(person_public_id=adult.public_id, action=AuditEvent.Action.UPDATE)
    assert event.changes["first_name"] == [old_name, "Amira"]
    assert event.changes["phone"] == ["", "+46701234567"]
    assert set(event.changes) == {"first_name", "phone", "email", "citizenship"}
    assert event.summary.startswith("Personuppgifter ändrade: förnamn") and event.actor == alice


def test_a_foreign_phone_number_is_kept_in_e164(alice, adult):
    services.update_person(actor=alice, person=adult, changes={"phone": "+44 20 7946 0958"})
    adult.refresh_from_db()
    assert adult.phone == "+442079460958" and adult.phone_display.startswith("+44 20")


def test_each_bad_field_is_refused_at_its_field_and_nothing_is_saved(alice, adult):
    before = Person.objects.values().get(pk=adult.pk)
    errors = _errors(
        lambda: services.update_person(
            actor=alice,
            person=adult,
            changes={
                "first_name": "  ",
                "last_name": "",
                "sex": "Q",
                "phone": "12",
                "email": "inte-en-adress",
                "citizenship": "x" * 61,
                "languages": "y" * 201,
            },
        )
    )
    assert errors["first_name"] == ["Ange förnamn."]
    assert errors["last_name"] == ["Ange efternamn."]
    assert errors["sex"] == ["Välj kön."]
    assert errors["phone"] == ["Telefonnumret finns inte. Kontrollera riktnummer och antal siffror."]
    assert errors["email"] == ["Ange en giltig e-postadress, till exempel namn@exempel.se."]
    assert errors["citizenship"] == ["Högst 60 tecken."]
    assert errors["languages"] == ["Högst 200 tecken."]
    assert Person.objects.values().get(pk=adult.pk) == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


def test_field_limits_phone_text_and_unknown_fields(alice, adult):
    assert _errors(lambda: services.update_person(actor=alice, person=adult, changes={"phone": "0" * 31}))[
        "phone"
    ] == ["Telefonnumret får vara högst 30 tecken."]
    assert _errors(lambda: services.update_person(actor=alice, person=adult, changes={"phone": "abc"}))[
        "phone"
    ] == ["Ange ett telefonnummer, till exempel 070-123 45 67 eller +46 70 123 45 67."]
    assert _errors(
        lambda: services.update_person(actor=alice, person=adult, changes={"first_name": "A" * 101})
    )["first_name"] == ["Högst 100 tecken."]
    assert _errors(
        lambda: services.update_person(actor=alice, person=adult, changes={"identity_number": "1"})
    )["identity_number"] == ["Fältet kan inte ändras här."]
    assert _errors(
        lambda: services.update_person(actor=alice, person=adult, changes={"email": "a@" + "b" * 260})
    )["email"] == ["Högst 254 tecken."]


def test_an_interpreter_language_means_an_interpreter_is_needed(alice, adult):
    services.update_person(
        actor=alice, person=adult, changes={"interpreter_language": "dari", "needs_interpreter": False}
    )
    adult.refresh_from_db()
    assert adult.needs_interpreter and adult.interpreter_language == "dari"


def test_nothing_changed_writes_no_event(alice, adult):
    services.update_person(actor=alice, person=adult, changes={"first_name": adult.first_name})
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


def test_who_may_edit_reception_and_the_administrator_not_other_units_or_municipalities(
    alice, carol, bob, charlie, stina, received
):
    person = received.household.members.order_by("birth_date", "pk").first()
    services.update_person(actor=carol, person=person, changes={"citizenship": "Syrien"})
    services.update_person(actor=alice, person=person, changes={"citizenship": "Irak"})
    for user, message in (
        (bob, "Bara mottagningsenheten och kommunens administratörer kan ändra personens uppgifter."),
        (charlie, "Du har inte tillgång till personen."),
        (stina, "Du har inte tillgång till personen."),
    ):
        with pytest.raises(PermissionDenied, match=message):
            services.update_person(actor=user, person=person, changes={"citizenship": "Eritrea"})
        with pytest.raises(PermissionDenied):
            services.record_residence_permit(
                actor=user, person=person, kind="PERMANENT", decided_on=dt.date.today() - dt.timedelta(days=1)
            )
    person.refresh_from_db()
    assert person.citizenship == "Irak"


def test_an_edit_from_an_old_reading_is_refused(alice, carol, adult):
    version = adult.updated_at
    services.update_person(
        actor=carol,
        person=Person.objects.get(pk=adult.pk),
        changes={"citizenship": "Syrien"},
        version=version,
    )
    with pytest.raises(StateConflict) as caught:
        services.update_person(
            actor=alice,
            person=Person.objects.get(pk=adult.pk),
            changes={"citizenship": "Irak"},
            version=version,
        )
    assert "Någon annan har ändrat personens uppgifter" in caught.value.detail
    assert Person.objects.get(pk=adult.pk).citizenship == "Syrien"


# --- the address ----------------------------------------------------------------------------------------------------


def test_an_address_is_normalised_and_audited_with_the_old_one(alice, adult):
    Person.objects.filter(pk=adult.pk).update(
        address_street="Gamla vägen 1", address_postal_code="611 30", address_city="Nyköping"
    )
    adult.refresh_from_db()
    services.set_address(
        actor=alice, person=adult, street="Nya vägen 2", postal_code="61134", city="Nyköping"
    )
    adult.refresh_from_db()
    assert (adult.address_street, adult.address_postal_code) == ("Nya vägen 2", "611 34")
    event = AuditEvent.objects.get(person_public_id=adult.public_id, summary="Adress ändrad")
    assert event.changes["address_street"] == ["Gamla vägen 1", "Nya vägen 2"]


def test_a_bad_address_is_refused_at_its_fields(alice, adult):
    errors = _errors(
        lambda: services.set_address(actor=alice, person=adult, street="Väg 1", postal_code="6113", city="")
    )
    assert errors == {
        "postal_code": ["Postnumret ska ha fem siffror, till exempel 611 30."],
        "city": ["Ange postort."],
    }
    errors = _errors(
        lambda: services.set_address(actor=alice, person=adult, street="", postal_code="", city="x" * 101)
    )
    assert errors == {"city": ["Högst 100 tecken."], "street": ["Ange gatuadress."]}


def test_a_protected_address_is_written_but_never_logged(alice, family, adult):
    Person.objects.filter(pk=adult.pk).update(protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION)
    child = family.members.order_by(
        "-birth_date"
    ).first()  # masked too: their household has a protected member
    for person in (Person.objects.get(pk=adult.pk), child):
        services.set_address(
            actor=alice, person=person, street="Hemlig gata 9", postal_code="611 30", city="Nyköping"
        )
        person.refresh_from_db()
        assert person.address_street == "Hemlig gata 9"
    events = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE)
    assert events.count() == 2
    for event in events:
        assert event.protected and event.changes == {"address": "ändrad"}
        assert "Hemlig" not in event.summary and "Hemlig" not in str(event.changes)


# --- protected identity ---------------------------------------------------------------------------------------------


def test_protected_identity_is_set_and_lifting_needs_a_reason(alice, bob, received):
    person = received.household.members.order_by("birth_date", "pk").first()
    services.set_protected_identity(
        actor=alice, person=person, level=ProtectedIdentity.CONFIDENTIALITY_MARKING
    )
    assert Person.objects.get(pk=person.pk).is_protected
    assert _errors(
        lambda: services.set_protected_identity(actor=alice, person=person, level="NONE", reason="för kort")
    )["reason"] == ["Ange skälet till att skyddet hävs (minst 15 tecken)."]
    assert _errors(
        lambda: services.set_protected_identity(actor=alice, person=person, level="CONFIDENTIALITY_MARKING")
    ) == {"level": ["Personen har redan den nivån."]}
    assert _errors(lambda: services.set_protected_identity(actor=alice, person=person, level="HEMLIG"))[
        "level"
    ] == ["Välj nivå av skyddade personuppgifter."]
    with pytest.raises(PermissionDenied):
        services.set_protected_identity(
            actor=bob, person=person, level="NONE", reason="Skatteverket har hävt skyddet"
        )
    services.set_protected_identity(
        actor=alice, person=person, level="NONE", reason="Skatteverket har hävt skyddet"
    )
    assert not Person.objects.get(pk=person.pk).is_protected
    lifted = AuditEvent.objects.filter(
        person_public_id=person.public_id, summary__startswith="Skyddade"
    ).order_by("pk")
    assert [e.changes["protected_identity"] for e in lifted] == [
        ["NONE", "CONFIDENTIALITY_MARKING"],
        ["CONFIDENTIALITY_MARKING", "NONE"],
    ]
    assert lifted.last().summary == "Skyddade personuppgifter hävda. Skäl: Skatteverket har hävt skyddet"
    assert all(e.protected for e in lifted)


# --- identity numbers -----------------------------------------------------------------------------------------------


def test_dossier_then_samordningsnummer_then_personnummer_keeps_every_number(alice, adult):
    birth = adult.birth_date
    coordination = _samordningsnummer(birth, 123)
    number = personnummer(birth, serial=456)
    services.change_identity_number(
        actor=alice, person=adult, number_type="DOSSIERNUMMER", number="12-345678"
    )
    services.change_identity_number(
        actor=alice, person=adult, number_type="SAMORDNINGSNUMMER", number=coordination
    )
    services.change_identity_number(actor=alice, person=adult, number_type="PERSONNUMMER", number=number)
    adult.refresh_from_db()
    assert (adult.identity_number_type, adult.identity_number) == ("PERSONNUMMER", number)
    former = list(
        FormerIdentityNumber.objects.filter(person=adult).order_by("pk").values_list("number_type", "number")
    )
    assert former == [("DOSSIERNUMMER", "12-345678"), ("SAMORDNINGSNUMMER", coordination)]
    events = AuditEvent.objects.filter(
        person_public_id=adult.public_id, summary__startswith="Identitetsnummer"
    ).order_by("pk")
    assert events.count() == 3
    last = events.last()
    assert last.summary == "Identitetsnummer ändrat: samordningsnummer → personnummer"
    assert last.changes["identity_number"] == [f"{coordination[:8]}-****", f"{number[:8]}-****"]
    assert events.first().changes["identity_number"] == ["", "12-******"]
    for event in AuditEvent.objects.all():  # no whole number anywhere in the log
        text = event.summary + str(event.changes)
        assert number not in text and coordination not in text and "345678" not in text


def test_the_search_finds_a_person_by_a_former_number(alice, adult):
    number = personnummer(adult.birth_date, serial=457)
    coordination = _samordningsnummer(adult.birth_date, 124)
    services.change_identity_number(
        actor=alice, person=adult, number_type="DOSSIERNUMMER", number="12-345679"
    )
    services.change_identity_number(
        actor=alice, person=adult, number_type="SAMORDNINGSNUMMER", number=coordination
    )
    services.change_identity_number(actor=alice, person=adult, number_type="PERSONNUMMER", number=number)
    for query in (f"{coordination[:8]}-{coordination[8:]}", coordination, number, "12-345679", "12345679"):
        assert [p.pk for p in selectors.search_persons(alice, query)] == [adult.pk], query
    assert selectors.count_persons(alice, coordination) == 1


def test_a_number_held_now_or_formerly_by_another_person_is_refused_and_names_them(alice, nykoping, adult):
    other = HouseholdFactory.with_members([50], municipality=nykoping).members.get()
    old = personnummer(adult.birth_date, serial=300)
    Person.objects.filter(pk=other.pk).update(birth_date=adult.birth_date)
    other.refresh_from_db()
    services.change_identity_number(
        actor=alice, person=other, number_type="DOSSIERNUMMER", number="34-567890"
    )
    services.change_identity_number(actor=alice, person=other, number_type="PERSONNUMMER", number=old)
    for kind, number in (("DOSSIERNUMMER", "34-567890"), ("PERSONNUMMER", old)):
        with pytest.raises(services.DuplicateIdentityNumber) as caught:
            services.change_identity_number(actor=alice, person=adult, number_type=kind, number=number)
        assert caught.value.holder == other
        assert caught.value.message_dict == {
            "identity_number": [
                "Numret tillhör redan en annan person i Etablera (nu eller tidigare). "
                "Det kan vara samma person registrerad två gånger."
            ]
        }
    adult.refresh_from_db()
    assert adult.identity_number == "" and not FormerIdentityNumber.objects.filter(person=adult).exists()


def test_identity_number_refusals_at_their_fields(alice, adult):
    number = personnummer(adult.birth_date, serial=458)
    errors = _errors(
        lambda: services.change_identity_number(actor=alice, person=adult, number_type="NONE", number="")
    )
    assert errors == {"identity_number_type": ["Välj nummertyp."]}
    errors = _errors(
        lambda: services.change_identity_number(
            actor=alice, person=adult, number_type="PERSONNUMMER", number="19900101-0000"
        )
    )
    assert errors == {"identity_number": ["Personnumret har fel kontrollsiffra."]}
    other_birth = personnummer(adult.birth_date - dt.timedelta(days=3), serial=458)
    errors = _errors(
        lambda: services.change_identity_number(
            actor=alice, person=adult, number_type="PERSONNUMMER", number=other_birth
        )
    )
    assert "stämmer inte med personens födelsedatum" in errors["identity_number"][0]
    services.change_identity_number(actor=alice, person=adult, number_type="PERSONNUMMER", number=number)
    errors = _errors(
        lambda: services.change_identity_number(
            actor=alice, person=adult, number_type="PERSONNUMMER", number=number
        )
    )
    assert errors == {"identity_number": ["Personen har redan detta nummer."]}
    errors = _errors(
        lambda: services.change_identity_number(
            actor=alice, person=adult, number_type="DOSSIERNUMMER", number="12-345678"
        )
    )
    assert errors == {
        "identity_number_type": ["Ett personnummer ersätts inte av ett dossiernummer (migrationsverket)."]
    }
    errors = _errors(
        lambda: services.change_identity_number(
            actor=alice, person=adult, number_type="PERSONNUMMER", number="1" * 21
        )
    )
    assert errors == {"identity_number": ["Högst 20 tecken."]}


# --- residence permits ----------------------------------------------------------------------------------------------


def test_residence_permit_decisions_are_a_history_and_the_latest_is_current(alice, adult, today):
    first = services.record_residence_permit(
        actor=alice,
        person=adult,
        kind="TEMPORARY",
        decided_on=today - dt.timedelta(days=400),
        valid_until=today - dt.timedelta(days=35),
    )
    second = services.record_residence_permit(
        actor=alice, person=adult, kind="PERMANENT", decided_on=today - dt.timedelta(days=40)
    )
    adult.refresh_from_db()
    assert adult.residence_permit == "PERMANENT" and adult.residence_permit_date == second.decided_on
    assert first.valid_from == first.decided_on
    assert list(ResidencePermitDecision.objects.filter(person=adult)) == [second, first]
    assert [p.pk for p in selectors.residence_permits(alice, adult)] == [second.pk, first.pk]
    # An older decision registered later does not become the current one.
    services.record_residence_permit(
        actor=alice,
        person=adult,
        kind="TEMPORARY",
        decided_on=today - dt.timedelta(days=800),
        valid_until=today - dt.timedelta(days=401),
    )
    adult.refresh_from_db()
    assert adult.residence_permit == "PERMANENT"
    event = AuditEvent.objects.filter(
        person_public_id=adult.public_id, action=AuditEvent.Action.CREATE
    ).order_by("pk")[1]
    assert event.changes["residence_permit"] == ["TEMPORARY", "PERMANENT"]


def test_residence_permit_refusals_at_their_fields(alice, adult, today):
    def record(**kwargs):
        return _errors(lambda: services.record_residence_permit(actor=alice, person=adult, **kwargs))

    assert record(kind="X", decided_on=None) == {
        "kind": ["Välj typ av tillstånd (permanent eller tidsbegränsat)."],
        "decided_on": ["Ange beslutsdatum."],
    }
    assert record(kind="PERMANENT", decided_on=today + dt.timedelta(days=1))["decided_on"] == [
        "Beslutsdatum kan inte ligga i framtiden."
    ]
    assert record(kind="PERMANENT", decided_on=adult.birth_date - dt.timedelta(days=1))["decided_on"] == [
        "Beslutsdatum kan inte ligga före personens födelsedatum."
    ]
    assert record(kind="PERMANENT", decided_on=today, valid_until=today + dt.timedelta(days=9)) == {
        "valid_until": ["Ett permanent uppehållstillstånd gäller tills vidare: lämna slutdatumet tomt."]
    }
    assert record(kind="TEMPORARY", decided_on=today) == {
        "valid_until": ["Ange till och med vilket datum tillståndet gäller."]
    }
    assert record(kind="TEMPORARY", decided_on=today, valid_until=today - dt.timedelta(days=1)) == {
        "valid_until": ["Slutdatumet kan inte ligga före startdatumet."]
    }
    assert not ResidencePermitDecision.objects.exists()


def test_a_former_number_learnt_afterwards_is_kept_and_refused_for_another(alice, nykoping, adult):
    services.record_former_identity_number(
        actor=alice, person=adult, number_type="DOSSIERNUMMER", number="1234 5678"
    )
    former = FormerIdentityNumber.objects.get(person=adult)
    assert (former.number_type, former.number) == ("DOSSIERNUMMER", "12-345678")
    event = AuditEvent.objects.get(
        summary="Tidigare identitetsnummer registrerat: dossiernummer (migrationsverket)"
    )
    assert event.changes == {"former_identity_number": "12-******"}
    other = HouseholdFactory.with_members([50], municipality=nykoping).members.get()
    with pytest.raises(services.DuplicateIdentityNumber):
        services.record_former_identity_number(
            actor=alice, person=other, number_type="DOSSIERNUMMER", number="12-345678"
        )
    assert selectors.search_persons(alice, "12-345678") == [adult]


def test_a_name_search_finds_in_the_users_municipalities_only_and_says_so_as_the_index_takes_it(
    alice, charlie, nykoping, enkoping
):
    # The search names the municipalities in a form the trigram index over (municipality, name) can take
    # (selectors.in_municipalities): the answer must stay exactly the policy's.
    here = HouseholdFactory.with_members([40], municipality=nykoping).members.get()
    there = HouseholdFactory.with_members([40], municipality=enkoping).members.get()
    Person.objects.filter(pk__in=[here.pk, there.pk]).update(last_name="Trigramsson")
    assert [p.pk for p in selectors.search_persons(alice, "trigram")] == [here.pk]
    assert [p.pk for p in selectors.search_persons(charlie, "trigram")] == [there.pk]
    assert selectors.count_persons(alice, "Trigramsson") == 1
    assert selectors.search_persons(alice, "Ingensson") == []
    if connection.vendor == "postgresql":
        sql = str(selectors._matching_persons(alice, "trigram").query)
        assert '"people_person"."municipality_id" = ANY(' in sql
        assert "::bigint[]" in sql
