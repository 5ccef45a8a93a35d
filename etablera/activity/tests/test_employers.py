"""The praktikplatsbank's employers: the organisation number checked and stored normalised, once per municipality,
contacts with a checked phone and e-mail, and only the labour-market unit and administrators write."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.activity.services import employers
from etablera.activity.tests.bank_fixtures import *  # noqa: F403


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_it_stores_the_number_normalised(lars, nykoping):
    employer = employers.create_employer(
        actor=lars, municipality=nykoping, name="Städ AB", organisation_number=" 5599000022 "
    )
    assert employer.organisation_number == ORGNR_2  # noqa: F405
    assert AuditEvent.objects.filter(summary="Arbetsgivare tillagd i praktikplatsbanken").count() == 1


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Ange organisationsnummer."),
        ("5599000010", "kontrollsiffran är fel"),
        ("12345", "tio siffror"),
        ("abcdefghij", "tio siffror"),
        ("1" * 21, "högst 20 tecken"),
    ],
)
def test_a_wrong_number_is_refused(lars, nykoping, number, message):
    errors = _errors(
        lambda: employers.create_employer(
            actor=lars, municipality=nykoping, name="X AB", organisation_number=number
        )
    )
    assert message in errors["organisation_number"][0]


def test_a_duplicate_names_the_employer_already_there(lars, nykoping, employer):
    errors = _errors(
        lambda: employers.create_employer(
            actor=lars, municipality=nykoping, name="Annat namn AB", organisation_number="5599000014"
        )
    )
    assert errors["organisation_number"] == [
        "Arbetsgivaren finns redan i praktikplatsbanken: Bageriet Exempel AB (559900-0014)."
    ]


def test_the_same_employer_may_be_in_another_municipality(carol, charlie, enkoping, employer):
    from etablera.organisation.models import Role
    from etablera.testing.factories import UnitFactory, UserFactory

    unit = UnitFactory(municipality=enkoping, name="AME Enköping", function="LABOUR_MARKET")
    erik = UserFactory.with_role("erik", unit, Role.CASEWORKER)
    other = employers.create_employer(
        actor=erik,
        municipality=enkoping,
        name="Bageriet Exempel AB",
        organisation_number=ORGNR,  # noqa: F405
    )
    assert other.organisation_number == employer.organisation_number


def test_alice_and_charlie_may_not_write_employers(alice, charlie, nykoping, employer):
    for user in (alice, charlie):
        with pytest.raises(PermissionDenied, match="arbetsmarknadsenheten"):
            employers.create_employer(
                actor=user,
                municipality=nykoping,
                name="X AB",
                organisation_number=ORGNR_2,  # noqa: F405
            )
    with pytest.raises(PermissionDenied):
        employers.add_contact(actor=alice, employer=employer, name="Kim", email="kim@exempel.se")


def test_an_administrator_writes_employers(carol, nykoping):
    employer = employers.create_employer(
        actor=carol,
        municipality=nykoping,
        name="Kommunens kök",
        organisation_number=ORGNR_2,  # noqa: F405
    )
    assert employer.created_by == carol


def test_update_refuses_another_employers_number(lars, nykoping, employer):
    other = employers.create_employer(
        actor=lars,
        municipality=nykoping,
        name="Städ AB",
        organisation_number=ORGNR_2,  # noqa: F405
    )
    errors = _errors(lambda: employers.update_employer(actor=lars, employer=other, organisation_number=ORGNR))  # noqa: F405
    assert "Bageriet Exempel AB" in errors["organisation_number"][0]
    employers.update_employer(actor=lars, employer=other, industry="Städ")
    other.refresh_from_db()
    assert other.industry == "Städ"


def test_a_contacts_phone_is_stored_in_e164(lars, employer):
    contact = employers.add_contact(
        actor=lars, employer=employer, name="Kim", phone="070-123 45 67", is_supervisor=True
    )
    assert contact.phone == "+46701234567" and contact.is_supervisor


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"phone": "12"}, "phone", "Telefonnumret finns inte"),
        ({"phone": "inte ett nummer"}, "phone", "Ange ett telefonnummer"),
        ({"email": "kim@"}, "email", "giltig e-postadress"),
        ({}, "phone", "Ange telefon eller e-post"),
        ({"name": "", "email": "kim@exempel.se"}, "name", "Ange kontaktpersonens namn."),
    ],
)
def test_a_contact_is_checked(lars, employer, values, field, message):
    errors = _errors(
        lambda: employers.add_contact(actor=lars, employer=employer, **{"name": "Kim", **values})
    )
    assert message in errors[field][0]


def test_a_contact_is_changed_with_the_same_checks(lars, alice, supervisor):
    errors = _errors(lambda: employers.update_contact(actor=lars, contact=supervisor, email="fel"))
    assert "giltig e-postadress" in errors["email"][0]
    employers.update_contact(actor=lars, contact=supervisor, role="Bagare", email="berit@exempel.se")
    supervisor.refresh_from_db()
    assert (supervisor.role, supervisor.email, supervisor.phone) == (
        "Bagare",
        "berit@exempel.se",
        "+46701234567",
    )
    assert AuditEvent.objects.filter(summary="Kontaktperson ändrad").count() == 1
    with pytest.raises(PermissionDenied):
        employers.update_contact(actor=alice, contact=supervisor, role="Chef")
