"""The register's person page and a newcomer's wish for a volunteer (issue #17): the link "Önskar en volontär /
språkvän" to the wish form with the person chosen (by public id, never a personnummer), only for those who work
with civil society where the person lives; a line with a link instead while a wish is open or a match runs; and no
query of its own (it rides on the person's query)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etablera.access import services as access_services
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.volunteers import selectors, services
from etablera.volunteers.models import NewcomerWish

pytestmark = pytest.mark.django_db

LINK = "Önskar en volontär / språkvän"


def _person(family):
    return family.members.order_by("birth_date", "pk").first()


def _wish(alice, person, today) -> NewcomerWish:
    return services.register_wish(
        actor=alice,
        person=person,
        kind="INDIVIDUAL",
        languages=["ar"],
        offers=["LANGUAGE_FRIEND"],
        consent_given_by="Personen själv",
        consent_method="ORAL",
        consent_date=today,
    )


def test_the_person_page_links_to_the_wish_form_with_the_person_chosen(signed_in, alice, family):
    person = _person(family)
    client = signed_in(alice)
    body = client.get(reverse("person_detail", args=[person.public_id])).content.decode()
    href = f"/civilsamhallet/volontarer/onskemal/ny/?person={person.public_id}"
    assert LINK in body and href in body
    form = client.get(href)
    assert form.status_code == 200
    assert (
        f'value="{person.public_id}"' in form.content.decode() and person.first_name in form.content.decode()
    )


def test_no_link_for_those_who_do_not_work_with_civil_society(signed_in, alice, sigrid, units, family, today):
    person = _person(family)
    # Social services see the person through the person's consent, and do not work with civil society.
    access_services.record_consent(
        actor=alice,
        person=person,
        units=[units[Unit.Function.SOCIAL_SERVICES]],
        sections=[Section.BASIC],
        purpose="Samordning",
        given_date=today,
        method="WRITTEN",
    )
    response = signed_in(sigrid).get(reverse("person_detail", args=[person.public_id]))
    assert response.status_code == 200
    assert LINK not in response.content.decode() and "/civilsamhallet/" not in response.content.decode()


def test_an_open_wish_and_a_running_match_are_shown_instead(signed_in, alice, family, make_volunteer, today):
    person = _person(family)
    wish = _wish(alice, person, today)
    client = signed_in(alice)
    url = reverse("person_detail", args=[person.public_id])
    body = client.get(url).content.decode()
    assert LINK not in body
    assert "Personen har en önskan om volontär som väntar på matchning." in body
    assert f"/civilsamhallet/matchningar/onskan/{wish.public_id}/" in body
    make_volunteer()
    volunteer, proposal = selectors.proposals(wish)[0]
    match = services.choose(actor=alice, wish=wish, volunteer=volunteer, proposal=proposal)
    body = client.get(url).content.decode()
    assert "Personen har en pågående matchning med en volontär." in body
    assert f"/civilsamhallet/matchningar/{match.public_id}/" in body
    services.end(actor=alice, match=match, reason="NO_CONTACT", date=today)
    services.withdraw_wish(actor=alice, wish=wish)
    body = client.get(url).content.decode()
    assert LINK in body and "pågående matchning" not in body


def test_the_wish_costs_the_person_page_no_query(signed_in, alice, family, today):
    person = _person(family)
    client = signed_in(alice)
    url = reverse("person_detail", args=[person.public_id])
    client.get(url)

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    without = queries()
    _wish(alice, person, today)
    with_wish = queries()
    assert len(with_wish) == len(without)
    # The wish is read only inside the person's own query.
    wish_queries = [sql for sql in with_wish if "volunteers_newcomerwish" in sql]
    assert len(wish_queries) == 1 and '"people_person"' in wish_queries[0]
