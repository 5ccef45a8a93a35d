"""restrict_to_seen (access/policy.py): for persons a list has read through restrict(), the rows a user may read in a
section — the same answer restrict() gives for them, without building the persons' reach again."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.access.policy import restrict, restrict_to_seen
from etablera.access.sections import Section
from etablera.activity.models import Exemption, Participation
from etablera.activity.tests.requirement_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def exemptions(adults, today):
    return [
        Exemption.objects.create(
            person=p,
            municipality_id=p.municipality_id,
            ground="SICKNESS",
            valid_from=today - dt.timedelta(days=3),
        )
        for p in adults
    ]


def _same(user, queryset, ids, section):
    return set(restrict_to_seen(user, queryset, ids, section)) == set(
        restrict(user, queryset).filter(person_id__in=ids)
    )


def test_social_services_read_the_section_the_reception_does_not(sigrid, alice, support, adults, exemptions):
    ids = [p.pk for p in adults]
    assert set(restrict_to_seen(sigrid, Exemption.objects.all(), ids, Section.SOCIAL)) == set(exemptions)
    assert not restrict_to_seen(alice, Exemption.objects.all(), ids, Section.SOCIAL).exists()
    assert _same(sigrid, Exemption.objects.all(), ids, Section.SOCIAL)
    assert _same(alice, Exemption.objects.all(), ids, Section.SOCIAL)


def test_a_consent_naming_the_unit_and_the_section_opens_it(alice, adults, exemptions, make_consent):
    unit = alice.memberships.first().unit
    make_consent(adults[0], [unit], [Section.BASIC, Section.SOCIAL], purpose="Gemensam planering")
    ids = [p.pk for p in adults]
    assert list(restrict_to_seen(alice, Exemption.objects.all(), ids, Section.SOCIAL)) == [exemptions[0]]
    assert _same(alice, Exemption.objects.all(), ids, Section.SOCIAL)


def test_basic_adds_nothing_and_other_persons_never_come(sigrid, adults, today):
    assert not restrict_to_seen(sigrid, Participation.objects.all(), []).exists()
    assert (
        str(restrict_to_seen(sigrid, Participation.objects.all(), [adults[0].pk]).query).count("EXISTS") == 0
    )
