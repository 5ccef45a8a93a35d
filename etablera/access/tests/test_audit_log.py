import pytest
from django.db import DatabaseError, connection, transaction

from etablera.access.audit import channel, log_list, log_read
from etablera.access.models import AppendOnlyError, AuditEvent


def test_a_read_records_who_what_and_which_person(alice, family):
    person = family.members.first()
    with channel(AuditEvent.Channel.API):
        log_read(alice, person, "Persondetaljer")
    event = AuditEvent.objects.get()
    assert event.actor == alice and event.actor_name == "alice"
    assert event.action == "VIEW" and event.channel == "API"
    assert event.person_public_id == person.public_id
    assert event.municipality_code == "0480"


def test_a_list_writes_one_row_per_household_in_one_statement(alice, family, django_assert_num_queries):
    with django_assert_num_queries(1):
        log_list(alice, [family, family], "Lista")
    assert AuditEvent.objects.filter(household_public_id=family.public_id).count() == 2


def test_the_application_cannot_change_or_delete_the_log(alice, family):
    log_read(alice, family)
    event = AuditEvent.objects.get()
    event.summary = "ändrad"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(summary="ändrad")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().summary == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_update_and_delete_of_the_log(alice, family):
    log_read(alice, family)
    for statement in ("UPDATE access_auditevent SET summary = 'x'", "DELETE FROM access_auditevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AuditEvent.objects.count() == 1
