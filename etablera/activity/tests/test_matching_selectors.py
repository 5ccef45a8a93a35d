"""The matching's reads (selectors.matching) and the job profile's service (services.profile): the features from
the mapping and the profile, who may ask, the proposals and candidates from the database, the fixed number of
queries, the reads logged, and protected identity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from etablera.access.models import AuditEvent
from etablera.activity import matching as m
from etablera.activity.models import CapacityAssessment, JobProfile, Placement
from etablera.activity.selectors import matching as selectors
from etablera.activity.services.profile import parse_codes, set_job_profile
from etablera.activity.tests.matching_fixtures import *  # noqa: F403
from etablera.people.models import Person, ProtectedIdentity
from etablera.rules.deadlines import render


def test_features_from_the_mapping_and_the_profile(alice, matched, today):
    set_job_profile(actor=alice, person=matched, wished_ssyk=["9111"], travel="NEAR", wishes="Inte kvällar")
    features = selectors.person_features(alice, [matched], today)[matched.pk]
    c = features.candidate
    assert c.experience == (m.Experience("5321", 4, "undersköterska"),)
    assert c.languages == ("arabiska",) and c.swedish == 1 and c.licence == 0
    assert c.wished == ("9111",) and c.travel == "NEAR" and c.postcode == "61132"
    assert c.capacity is None  # alice sees no capacity assessment (section SOCIAL): full time


def test_the_capacity_in_force_counts_for_who_may_see_it(sigrid, alice, matched, today):
    CapacityAssessment.objects.create(
        person=matched, municipality_id=matched.municipality_id, hours_per_week=Decimal(15),
        valid_from=today - dt.timedelta(days=10), assessor="Sigrid", reason="Ryggbesvär",
    )  # fmt: skip
    assert selectors.person_features(sigrid, [matched], today)[matched.pk].candidate.capacity == 15
    assert selectors.person_features(alice, [matched], today)[matched.pk].candidate.capacity is None


def test_a_protected_persons_postcode_is_never_used(alice, matched, care, today):
    Person.objects.filter(pk=matched.pk).update(protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING)
    matched.refresh_from_db()
    assert selectors.person_features(alice, [matched], today)[matched.pk].candidate.postcode == ""
    data = selectors.person_proposals(alice, matched.public_id)
    words = [render(x) for row in data.placements for x in row.proposal.explanation]
    assert "Nära hemmet" not in words and "I närområdet" not in words
    assert not any("611" in w for w in words)


def test_proposals_for_a_person(alice, matched, care, driving, cafe, full, today):
    data = selectors.person_proposals(alice, matched.public_id)
    # the care placement fits (58 experience + 10 Arabic + 10 near); the one that needs a licence is left out
    assert [(r.placement, r.proposal.score) for r in data.placements] == [(care, 78)]
    assert [render(x) for x in data.placements[0].proposal.raised] == [
        "Har arbetat som undersköterska (SSYK 5321) i 4 år",
        "Talar arabiska, som arbetsplatsen har nytta av",
        "Nära hemmet",
    ]
    # the café (Arabic 10, support 5, practise 8, near 10); the full activity is left out
    assert [(r.activity, r.proposal.score) for r in data.activities] == [(cafe, 33)]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, person_public_id=matched.public_id, summary__contains="förslag"
    ).exists()


def test_placements_not_open_and_activities_taken_are_not_proposed(alice, matched, care, participating):
    Placement.objects.filter(pk=care.pk).update(state=Placement.State.WITHDRAWN)
    data = selectors.person_proposals(alice, matched.public_id)
    assert data.placements == [] and data.activities == []  # he is already in the café


def test_who_may_ask_for_proposals(alice, bob, charlie, matched, sfi_task):
    with pytest.raises(PermissionDenied):  # bob (SFI) sees the family but does not work with the requirement
        selectors.person_proposals(bob, matched.public_id)
    with pytest.raises(Http404):
        selectors.person_proposals(charlie, matched.public_id)
    with pytest.raises(PermissionDenied):
        selectors.job_profile_page(bob, matched.public_id)


def test_candidates_for_social_services_are_those_covered(sigrid, covered, make_person, care, today):
    make_person("Nadia", ssyk="", languages=())  # no support months: not covered, not a candidate
    data = selectors.placement_candidates(sigrid, care.public_id)
    assert data.basis == "COVERAGE"
    assert [(r.person, r.proposal.score) for r in data.rows] == [(covered, 78)]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LIST, person_public_id=covered.public_id, summary__contains="kandidater"
    ).exists()


def test_candidates_for_others_are_those_their_unit_follows(units, matched, participating, care):
    from etablera.organisation.models import Role, Unit
    from etablera.testing.factories import UserFactory

    lena = UserFactory.with_role("lena", units[Unit.Function.LABOUR_MARKET], Role.CASEWORKER)
    data = selectors.placement_candidates(lena, care.public_id)
    assert data.basis == "INVOLVED" and [r.person for r in data.rows] == [matched]


def test_candidates_outside_the_bank_are_404(charlie, bob, care):
    for user in (charlie, bob):
        with pytest.raises(Http404):
            selectors.placement_candidates(user, care.public_id)


def _count(run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        result = run()
    return len(ctx.captured_queries), result


def test_candidates_cost_the_same_for_one_person_or_many(
    units, matched, make_person, participating, care, cafe, today
):
    from etablera.activity.models import Participation
    from etablera.organisation.models import Role, Unit
    from etablera.testing.factories import UserFactory

    lena = UserFactory.with_role("lena", units[Unit.Function.LABOUR_MARKET], Role.CASEWORKER)
    selectors.placement_candidates(lena, care.public_id)  # the user's capabilities, read once and kept
    few, data = _count(lambda: selectors.placement_candidates(lena, care.public_id))
    assert len(data.rows) == 1
    for name in ("Nadia", "Omar", "Hana", "Yusuf"):
        Participation.objects.create(
            person=make_person(name), municipality=cafe.municipality, kind="ACTIVITY", activity=cafe,
            hours_per_week=Decimal(6), starts_on=today, unit=cafe.unit,
        )  # fmt: skip
    many, data = _count(lambda: selectors.placement_candidates(lena, care.public_id))
    assert len(data.rows) == 5
    assert many == few


def test_proposals_cost_the_same_for_one_place_or_many(alice, matched, care, cafe, employer, units, today):
    selectors.person_proposals(alice, matched.public_id)
    few, data = _count(lambda: selectors.person_proposals(alice, matched.public_id))
    assert len(data.placements) == 1
    for i in range(5):
        Placement.objects.create(
            employer=employer, municipality=employer.municipality, unit=units["LABOUR_MARKET"], title=f"Plats {i}",
            ssyk="9111", tasks="Städa", starts_on=today, ends_on=today + dt.timedelta(days=30),
            hours_per_week=Decimal(10),
        )  # fmt: skip
    many, data = _count(lambda: selectors.person_proposals(alice, matched.public_id))
    assert len(data.placements) == 6
    assert many == few


def test_the_job_profile_is_checked(alice, matched):
    with pytest.raises(ValidationError) as error:
        set_job_profile(actor=alice, person=matched, wished_ssyk=["53", "abcd"], travel="NEAR")
    assert "SSYK" in error.value.message_dict["wished_ssyk"][0]
    with pytest.raises(ValidationError) as error:
        set_job_profile(actor=alice, person=matched, wished_ssyk=[], travel="MOON", wishes="x" * 301)
    assert set(error.value.message_dict) == {"travel", "wishes"}
    with pytest.raises(ValidationError):
        set_job_profile(
            actor=alice, person=matched, wished_ssyk=[str(5000 + i) for i in range(6)], travel="FAR"
        )
    assert not JobProfile.objects.filter(person=matched).exists()


def test_the_job_profile_is_created_once_and_changed(alice, bob, matched, sfi_task):
    profile = set_job_profile(
        actor=alice, person=matched, wished_ssyk=parse_codes("5321, 9111 5321"), travel="FAR"
    )
    assert profile.wished_ssyk == ["5321", "9111"] and profile.municipality_id == matched.municipality_id
    again = set_job_profile(actor=alice, person=matched, wished_ssyk=["9111"], travel="NEAR", wishes="Dagtid")
    assert again.pk == profile.pk and JobProfile.objects.get().wished_ssyk == ["9111"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_type="JobProfile").exists()
    with pytest.raises(PermissionDenied):
        set_job_profile(actor=bob, person=matched, wished_ssyk=[], travel="AREA")
