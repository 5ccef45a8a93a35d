"""The county filter of the kommuntal report limits the municipality list (issue #11): without a script, choosing a
county and pressing Visa shows the form again with that county's municipalities only; the whole country offers
every municipality, grouped by county; a municipality of another county is still the error at the field."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from etablera.organisation.models import Municipality

pytestmark = pytest.mark.django_db


def _offered(page: str) -> list[str]:
    select = page.split('name="municipality"', 1)[1].split("</select>", 1)[0]
    return [code for code in re.findall(r'<option value="(\d*)"', select) if code]


@pytest.mark.parametrize("user", ["alice", "stina"])
def test_a_county_offers_its_own_municipalities(client, request, user):
    client.force_login(request.getfixturevalue(user))
    page = client.get(
        reverse("quota_report"), {"year": "2017", "county": "04", "municipality": ""}
    ).content.decode()
    sodermanland = set(Municipality.objects.filter(county__code="04").values_list("code", flat=True))
    assert set(_offered(page)) == sodermanland and len(sodermanland) == 9
    assert "<optgroup" not in page.split('name="municipality"', 1)[1].split("</select>", 1)[0]
    # Another county, another list.
    page = client.get(
        reverse("quota_report"), {"year": "2017", "county": "01", "municipality": ""}
    ).content.decode()
    assert set(_offered(page)) == set(
        Municipality.objects.filter(county__code="01").values_list("code", flat=True)
    )
    assert "0480" not in _offered(page)


def test_the_first_visit_offers_the_users_county(client, alice):
    client.force_login(alice)
    page = client.get(reverse("quota_report")).content.decode()
    assert set(_offered(page)) == set(
        Municipality.objects.filter(county__code="04").values_list("code", flat=True)
    )


def test_the_whole_country_offers_every_municipality_and_says_how_to_limit_it(client, alice):
    client.force_login(alice)
    page = client.get(
        reverse("quota_report"), {"year": "2017", "county": "", "municipality": ""}
    ).content.decode()
    assert len(_offered(page)) == Municipality.objects.count() == 290
    assert "Välj ett län och tryck Visa, så visas länets kommuner." in page


def test_a_chosen_municipality_of_the_county_stays_chosen(client, alice):
    client.force_login(alice)
    page = client.get(
        reverse("quota_report"), {"year": "2017", "county": "04", "municipality": "0480"}
    ).content.decode()
    assert '<option value="0480" selected>' in page
    assert "Nyköpings kommun" in page


def test_a_municipality_of_another_county_is_the_error_at_the_field(client, alice):
    client.force_login(alice)
    page = client.get(
        reverse("quota_report"), {"year": "2017", "county": "04", "municipality": "0381"}
    ).content.decode()
    assert "Kommunen ligger inte i det valda länet." in page
    assert "0381" not in _offered(page)
