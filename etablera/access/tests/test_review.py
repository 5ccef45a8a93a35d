"""Uppföljning av åtkomstloggen: who reviews what, the filters, the flags for unusual access, a person's history,
and the break-glass review."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from etablera.access import review, services
from etablera.access.models import AuditEvent, BreakGlassAccess
from etablera.access.policy import capabilities
from etablera.access.review import Flag, LogFilter
from etablera.organisation.models import Role, Unit
from etablera.people.models import Person, ProtectedIdentity
from etablera.testing.factories import HouseholdFactory, PersonFactory, UserFactory, personnummer

NOW = timezone.now()


def event(actor, *, minutes_ago=60, action="VIEW", person=None, household=None, code="0480", **fields):
    return AuditEvent.objects.create(
        at=NOW - dt.timedelta(minutes=minutes_ago),
        actor=actor,
        actor_name=actor.username if actor else "",
        action=action,
        channel=AuditEvent.Channel.PAGE,
        object_type="Person" if person else "Household",
        person_public_id=person.public_id if person else None,
        household_public_id=household.public_id if household else None,
        municipality_code=code,
        **fields,
    )


@pytest.fixture
def persons(nykoping):
    return [PersonFactory(municipality=nykoping) for _ in range(25)]


# --- who reviews ------------------------------------------------------------------------------------------------


def test_unit_managers_and_administrators_review_their_own_municipality(
    maja, carol, alice, bob, stina, charlie
):
    assert review.is_reviewer(maja) and review.is_reviewer(carol)
    for user in (alice, bob, stina, charlie):
        assert not review.is_reviewer(user)
    assert [m.code for m in review.reviewer_municipalities(maja)] == ["0480"]


def test_a_reviewer_sees_the_log_of_their_municipality_only(maja, alice, charlie, family, persons):
    here = event(alice, person=persons[0])
    event(charlie, person=persons[1], code="0381")
    assert list(review.reviewer_log(maja)) == [here]
    assert not review.reviewer_log(alice).exists()


def test_events_without_a_municipality_are_reviewed_where_the_user_works(maja, alice, charlie):
    login = AuditEvent.objects.create(
        actor=alice, actor_name="alice", action="LOGIN", channel="PAGE", object_type="User"
    )
    AuditEvent.objects.create(
        actor=charlie, actor_name="charlie", action="LOGIN", channel="PAGE", object_type="User"
    )
    assert list(review.reviewer_log(maja)) == [login]


# --- filters ----------------------------------------------------------------------------------------------------


def test_filters_by_user_unit_period_and_action(maja, alice, bob, persons, units):
    a1 = event(alice, person=persons[0], minutes_ago=10)
    a2 = event(alice, person=persons[1], minutes_ago=3 * 24 * 60, action="UPDATE")
    b1 = event(bob, person=persons[2], minutes_ago=20)
    today = timezone.localdate()

    def shown(**kwargs):
        # (the reviewer's own reading of the log is logged too: leave it out here)
        return {
            row.event for row in review.review_page(maja, LogFilter(**kwargs)).rows if row.event.actor != maja
        }

    assert shown() == {a1, a2, b1}
    assert shown(user_id=alice.pk) == {a1, a2}
    assert shown(unit_id=units[Unit.Function.SFI].pk) == {b1}
    assert shown(action="UPDATE") == {a2}
    assert shown(date_from=today - dt.timedelta(days=1)) == {a1, b1}
    assert shown(date_from=today - dt.timedelta(days=10), date_to=today - dt.timedelta(days=2)) == {a2}


def test_the_person_filter_includes_events_about_the_persons_household(maja, alice, family):
    member = family.members.first()
    other = PersonFactory()
    about_member = event(alice, person=member)
    about_household = event(alice, household=family)
    event(alice, person=other)
    rows = review.review_page(maja, LogFilter(person=member)).rows
    assert {row.event for row in rows} == {about_member, about_household}


def test_the_default_period_is_the_last_thirty_days(maja, alice, persons):
    recent = event(alice, person=persons[0], minutes_ago=60)
    event(alice, person=persons[1], minutes_ago=40 * 24 * 60)
    page = review.review_page(maja, LogFilter())
    assert [row.event for row in page.rows] == [recent]
    assert page.period == (timezone.localdate() - dt.timedelta(days=30), timezone.localdate())


def test_pages_of_fifty_with_counts(maja, alice, persons):
    for index in range(60):
        event(alice, person=persons[index % 3], minutes_ago=index + 1)
    alices = LogFilter(user_id=alice.pk)
    first = review.review_page(maja, alices)
    second = review.review_page(maja, alices, page=2)
    assert (first.count, first.pages, len(first.rows), len(second.rows)) == (60, 2, 50, 10)
    assert first.rows[0].event.at > second.rows[0].event.at  # newest first
    assert review.review_page(maja, alices, page=99).page == 2


# --- flags ------------------------------------------------------------------------------------------------------


def test_protected_break_glass_and_outside_unit_are_flagged(maja, alice, persons):
    normal = event(alice, person=persons[0], basis="RECEPTION")
    consent = event(alice, person=persons[1], basis="CONSENT")
    protected = event(alice, person=persons[2], basis="RECEPTION", protected=True)
    glass = event(alice, person=persons[3], basis="BREAK_GLASS", break_glass=True)
    admin = event(alice, person=persons[4], basis="ADMIN")
    page = review.review_page(maja, LogFilter(user_id=alice.pk))
    flags = {row.event: row.flags for row in page.rows}
    assert flags[normal] == [] and flags[consent] == []
    assert flags[protected] == [Flag.PROTECTED]
    assert flags[glass] == [Flag.BREAK_GLASS, Flag.OUTSIDE_UNIT]
    assert flags[admin] == [Flag.OUTSIDE_UNIT]
    assert page.flag_counts == {
        Flag.PROTECTED: 1,
        Flag.BREAK_GLASS: 1,
        Flag.OUTSIDE_UNIT: 2,
        Flag.MANY_PERSONS: 0,
    }
    assert page.flagged == 3 and page.total == 5
    only = review.review_page(maja, LogFilter(user_id=alice.pk, only_flagged=True))
    assert {row.event for row in only.rows} == {protected, glass, admin}
    assert only.count == 3


def test_many_persons_in_a_short_time_is_flagged(maja, alice, bob, persons):
    """More than 20 distinct persons within 10 minutes (the dated parameters)."""
    burst = [event(alice, person=persons[i], minutes_ago=100 - i * 0.4) for i in range(21)]
    calm = [
        event(bob, person=persons[i], minutes_ago=300 - i * 5) for i in range(21)
    ]  # 21 persons in 100 min
    again = [event(alice, person=persons[0], minutes_ago=50 - i) for i in range(3)]  # one person, repeatedly
    page = review.review_page(maja, LogFilter(only_flagged=True))
    assert {row.event for row in page.rows} == set(burst)
    assert all(row.flags == [Flag.MANY_PERSONS] for row in page.rows)
    assert page.flag_counts[Flag.MANY_PERSONS] == 21
    assert not set(calm) & {row.event for row in page.rows}
    assert not set(again) & {row.event for row in page.rows}


def test_twenty_persons_are_not_yet_many(maja, alice, persons):
    for i in range(20):
        event(alice, person=persons[i], minutes_ago=30 - i * 0.2)
    assert review.review_page(maja, LogFilter()).flag_counts[Flag.MANY_PERSONS] == 0


def test_find_bursts_merges_overlapping_windows():
    start = NOW
    person_ids = [uuid.uuid4() for _ in range(6)]
    reads = [(1, start + dt.timedelta(minutes=i), person_ids[i]) for i in range(6)]
    reads += [(2, start, person_ids[0]), (2, start + dt.timedelta(minutes=1), person_ids[1])]
    bursts = review.find_bursts(reads, limit=2, minutes=10)
    assert [(b.actor_id, b.start, b.end) for b in bursts] == [(1, start, start + dt.timedelta(minutes=5))]


# --- persons and the log ------------------------------------------------------------------------------------------


def test_a_person_is_found_by_identity_number_in_the_reviewers_municipality_only(
    maja, alice, nykoping, enkoping
):
    number = personnummer(dt.date(1985, 3, 5))
    person = PersonFactory(municipality=nykoping, identity_number=number, identity_number_type="PERSONNUMMER")
    elsewhere_number = personnummer(dt.date(1986, 4, 6))
    PersonFactory(
        municipality=enkoping, identity_number=elsewhere_number, identity_number_type="PERSONNUMMER"
    )
    assert review.find_person_by_number(maja, f"{number[:8]}-{number[8:]}") == person
    assert review.find_person_by_number(maja, number[2:]) == person  # ten digits
    assert review.find_person_by_number(maja, elsewhere_number) is None
    assert review.find_person_by_number(maja, "nonsense") is None
    logged = AuditEvent.objects.filter(actor=maja, person_public_id=person.public_id)
    assert logged.count() == 2  # one per look-up that found the person
    assert not any(number in e.summary or number[2:] in str(e.changes) for e in logged)
    with pytest.raises(Http404):
        review.get_person_for_review(alice, person.public_id)


def test_the_persons_and_households_shown_to_the_reviewer_are_logged(maja, alice, family):
    member = family.members.first()
    event(alice, person=member)
    event(alice, household=family)
    review.review_page(maja, LogFilter())
    listed = AuditEvent.objects.filter(actor=maja, action="LIST")
    assert {(e.person_public_id, e.household_public_id) for e in listed} == {
        (member.public_id, None),
        (None, family.public_id),
    }


def test_the_review_page_costs_a_fixed_number_of_queries(
    maja, alice, bob, persons, django_assert_max_num_queries
):
    for index, person in enumerate(persons):
        event(alice if index % 2 else bob, person=person, minutes_ago=index + 1)
    capabilities(maja)  # memberships, once per request
    with django_assert_max_num_queries(7):
        page = review.review_page(maja, LogFilter())
    assert len(page.rows) == 25
    assert all(row.person is not None and row.units for row in page.rows)


# --- a person's own access history ------------------------------------------------------------------------------


def test_the_access_history_says_who_when_and_what_in_plain_swedish(maja, alice, bob, family):
    member = family.members.first()
    event(alice, person=member, minutes_ago=30)
    event(bob, household=family, minutes_ago=20, action="UPDATE")
    event(alice, person=PersonFactory(), minutes_ago=10)  # someone else
    rows, cut_off = review.access_history(maja, member)
    assert not cut_off
    assert [(row.who, row.units, row.what) for row in rows] == [
        (bob.get_full_name(), ["SFI"], "Ändrade uppgifter om ditt hushåll"),
        (alice.get_full_name(), ["Mottagningsenheten"], "Läste dina personuppgifter"),
    ]


# --- break-glass review ---------------------------------------------------------------------------------------


@pytest.fixture
def grant(bob, family):
    return BreakGlassAccess.objects.create(
        user=bob,
        household=family,
        municipality=family.municipality,
        reason="Akut: barnet skadat, behöver kontakta vårdnadshavare",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )


def test_the_unit_manager_marks_a_break_glass_access_reviewed(maja, grant):
    assert review.break_glass_for_review(maja) == [grant]
    services.review_break_glass(actor=maja, access=grant, note="Rimligt skäl, kontrollerat med Bob")
    grant.refresh_from_db()
    assert grant.reviewed_by == maja and grant.reviewed_at is not None
    assert grant.review_note == "Rimligt skäl, kontrollerat med Bob"
    assert review.break_glass_for_review(maja) == []
    assert review.break_glass_for_review(maja, reviewed=True) == [grant]
    logged = AuditEvent.objects.get(actor=maja, action="UPDATE", object_type="BreakGlassAccess")
    assert logged.household_public_id == grant.household.public_id and logged.municipality_code == "0480"


def test_a_review_needs_a_note_and_happens_once(maja, carol, grant):
    with pytest.raises(ValidationError) as error:
        services.review_break_glass(actor=maja, access=grant, note="  ")
    assert error.value.message_dict == {"note": ["Skriv en kort anteckning om granskningen."]}
    services.review_break_glass(actor=maja, access=grant, note="OK")
    with pytest.raises(ValidationError) as error:
        services.review_break_glass(actor=carol, access=grant, note="OK igen")
    assert error.value.message_dict == {"note": ["Nödåtkomsten är redan granskad."]}


def test_only_reviewers_of_the_municipality_and_never_ones_own(alice, bob, charlie, grant, units):
    for user in (alice, charlie):
        with pytest.raises(PermissionDenied):
            services.review_break_glass(actor=user, access=grant, note="Granskat")
    UserFactory.with_role("bob", units[Unit.Function.SFI], Role.UNIT_MANAGER)
    bob.refresh_from_db()
    bob.__dict__.pop("_etablera_caps", None)
    with pytest.raises(PermissionDenied):
        services.review_break_glass(actor=bob, access=grant, note="Granskar mig själv")
    with pytest.raises(Http404):
        review.get_break_glass_for_review(charlie, grant.pk)


def test_protected_identity_is_flagged_from_the_audit_mark(maja, alice, nykoping):
    person = PersonFactory(municipality=nykoping, protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION)
    household = HouseholdFactory(municipality=nykoping)
    from etablera.access.audit import log_read

    log_read(alice, person, "Persondetaljer", basis="RECEPTION")
    log_read(alice, household, "Hushåll", basis="RECEPTION")
    rows = review.review_page(maja, LogFilter(only_flagged=True)).rows
    assert [row.event.person_public_id for row in rows] == [person.public_id]
    assert Person.objects.get(pk=person.pk).is_protected
