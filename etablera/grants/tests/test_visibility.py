"""Who sees and handles grants (grants/visibility.py): registered with the policy, so `restrict()` answers for a
programme and an application — Nyköping's civil-society staff see Nyköping's, another municipality and the other
units nothing, an unconfirmed application nobody; the reception-only short query gives the general rule's answer;
only unit managers and administrators decide."""

from __future__ import annotations

import pytest

from etablera.access import visibility as access_visibility
from etablera.access.policy import capabilities, restrict
from etablera.grants import selectors, visibility
from etablera.grants.models import Application, GrantProgramme
from etablera.organisation.models import Role, Unit
from etablera.testing.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kultur(nykoping):
    """A caseworker of culture and leisure (not reception): the general rule, not the reception-only query."""
    unit = UnitFactory(
        municipality=nykoping, name="Kultur och fritid", function=Unit.Function.CULTURE_LEISURE
    )
    return UserFactory.with_role("kultur", unit, Role.CASEWORKER, first_name="Kim")


def test_the_rules_are_registered_with_the_policy():
    for model in (GrantProgramme, Application):
        assert access_visibility.rule_for(model) is visibility.RULES[model]


def test_civil_society_staff_of_the_municipality_see_its_grants(
    alice, carol, erik, kultur, programme, make_application
):
    application = make_application()
    for user in (alice, carol, erik, kultur):
        assert list(restrict(user, GrantProgramme.objects.all())) == [programme], user
        assert list(restrict(user, Application.objects.all())) == [application], user


@pytest.mark.parametrize("who", ["bob", "sigrid", "stina", "charlie"])
def test_other_units_and_municipalities_see_no_grant(who, request, programme, make_application):
    make_application()
    user = request.getfixturevalue(who)
    assert not restrict(user, GrantProgramme.objects.all()).exists()
    assert not restrict(user, Application.objects.all()).exists()


def test_an_unconfirmed_application_is_nobodys_case_yet(alice, kultur, make_application):
    make_application(confirmed_at=None)
    assert not restrict(alice, Application.objects.all()).exists()
    assert not restrict(kultur, Application.objects.all()).exists()


def test_the_short_query_for_reception_staff_gives_the_general_answer(alice, programme, make_application):
    make_application()
    make_application(confirmed_at=None)
    caps = capabilities(alice)
    reach = access_visibility.base.Reach(user=alice, caps=caps, involvement=())
    for model in (GrantProgramme, Application):
        rule = visibility.RULES[model]
        short = rule.reception_only(caps, model.objects.all())
        general = rule.visible(reach, model.objects.all())
        assert sorted(short.values_list("pk", flat=True)) == sorted(general.values_list("pk", flat=True))


def test_who_handles_and_who_decides(alice, carol, erik, kultur, bob, charlie, nykoping):
    assert [
        visibility.handles(capabilities(u), nykoping.pk) for u in (alice, carol, erik, kultur, bob, charlie)
    ] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    assert [
        visibility.decides(capabilities(u), nykoping.pk) for u in (alice, carol, erik, kultur, bob, charlie)
    ] == [
        False,
        True,
        True,
        False,
        False,
        False,
    ]


def test_the_selectors_read_through_the_rule(alice, charlie, programme, make_application):
    application = make_application(
        status=Application.Status.GRANTED, amount_granted=5000, decided_at=programme.created_at
    )
    assert selectors.get_application_for_user(alice, application.public_id) == application
    with pytest.raises(selectors.Http404):
        selectors.get_application_for_user(charlie, application.public_id)
    assert selectors.decided_and_reported(alice).totals.granted == 5000
    assert selectors.decided_and_reported(alice, [programme.municipality_id + 1]).rows == []
    assert selectors.decided_and_reported(charlie).rows == []
