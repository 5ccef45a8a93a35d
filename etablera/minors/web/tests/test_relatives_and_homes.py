"""On the child's page (issue #14): a relative who arrived later linked by the anvisning's reference and a wrong link
taken away, and a placement in the municipality's own housing with its home — chosen among the homes the user sees,
shown on the placement's row with a link to the home's page for who may open it. The errors are the services',
in Swedish at the field."""

from __future__ import annotations

from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.minors import services
from etablera.minors.models import Placement, RelativeLink
from etablera.minors.tests.relatives_and_homes import *  # noqa: F403
from etablera.minors.tests.relatives_and_homes import RELATIVES, WAITING
from etablera.people.models import Household, Person, ProtectedIdentity


def _link(client, child, reference, today, relation="Mamma och syster"):
    return client.post(
        reverse("minors_child_action", args=[child.public_id]),
        {
            "action": "relative",
            "anhorig-reference": reference,
            "anhorig-relation": relation,
            "anhorig-noted_on": today.isoformat(),
        },
    )


def _field_error(answer, field: str) -> str:
    """The error text the page shows at `field` of a form (web/partials/field.html)."""
    text = answer.content.decode()
    start = text.index(f'id="id_{field}_error"')
    return text[start : text.index("</p>", start)]


def test_link_a_relatives_household_by_its_reference_and_take_a_wrong_link_away(
    signed_in, sigrid, child, case, relatives, today
):
    # The child is the relatives' anknytningsperson: the page offers their household.
    Household.objects.filter(pk=relatives.pk).update(anchor_person=child)
    client = signed_in(sigrid)
    page = client.get(reverse("minors_child", args=[child.public_id])).content.decode()
    assert "Koppla en anhörigs hushåll" in page and "Inga anhöriga kopplade." in page
    assert f"<li>{relatives.name}: {RELATIVES}</li>" in page  # offered, with the reference to link it by

    linked = _link(client, child, RELATIVES.lower(), today)  # as typed: case does not matter
    assert linked.status_code == 302 and linked.url.endswith("#anhoriga")
    link = RelativeLink.objects.get(case=case)
    assert (link.household, link.relation, link.noted_on) == (relatives, "Mamma och syster", today)
    page = client.get(reverse("minors_child", args=[child.public_id])).content.decode()
    assert reverse("household_detail", args=[relatives.public_id]) in page and relatives.name in page
    assert f'name="bort-relative" value="{link.public_id}"' in page
    assert f"<li>{relatives.name}: {RELATIVES}</li>" not in page  # linked: no longer offered
    assert AuditEvent.objects.filter(actor=sigrid, action="CREATE", object_type="RelativeLink").exists()

    again = _link(client, child, RELATIVES, today)
    assert again.status_code == 422
    assert "Hushållet är redan kopplat till barnet." in _field_error(again, "anhorig-reference")

    url = reverse("minors_child_action", args=[child.public_id])
    removed = client.post(url, {"action": "unlink_relative", "bort-relative": str(link.public_id)})
    assert removed.status_code == 302 and not RelativeLink.objects.exists()
    assert Household.objects.filter(pk=relatives.pk).exists()  # only the link goes
    assert AuditEvent.objects.filter(
        actor=sigrid, action="DELETE", object_type="RelativeLink", object_id=str(link.public_id)
    ).exists()
    stale = client.post(url, {"action": "unlink_relative", "bort-relative": str(link.public_id)})
    assert stale.status_code == 422 and "Kopplingen finns inte längre." in stale.content.decode()


def test_a_household_not_seen_is_refused_as_one_that_does_not_exist(
    signed_in, sigrid, child, case, waiting_relatives, today
):
    client = signed_in(sigrid)
    not_seen = _link(client, child, WAITING, today)
    unknown = _link(client, child, "MIG-1999-000000", today)
    for answer in (not_seen, unknown):
        assert answer.status_code == 422
        assert "Det finns inget hushåll med den referensen som du har behörighet till." in _field_error(
            answer, "anhorig-reference"
        )
    own = _link(client, child, "MIG-2026-000777", today)  # the child's own anvisning (conftest)
    assert "Barnet hör själv till hushållet." in _field_error(own, "anhorig-reference")
    empty = _link(client, child, "MIG-2026-000555", today, relation="")
    assert empty.status_code == 422 and "Detta fält måste fyllas i." in _field_error(
        empty, "anhorig-relation"
    )
    assert not RelativeLink.objects.exists()


def test_a_closed_case_shows_its_relatives_without_the_forms(
    signed_in, sigrid, child, case, relatives, today
):
    services.link_relative(sigrid, case, reference=RELATIVES, relation="Mamma", noted_on=today)
    services.close_case(sigrid, case, closed_on=today, reason="Flyttat")
    page = signed_in(sigrid).get(reverse("minors_child", args=[child.public_id])).content.decode()
    assert "Anhöriga som kommit senare" in page and relatives.name in page
    assert "Koppla en anhörigs hushåll" not in page and "bort-relative" not in page


def test_a_placement_in_exit_housing_chooses_its_home_among_those_the_user_sees(
    signed_in, hedda, sigrid, child, case, exit_home, enkoping_home, today
):
    client = signed_in(hedda)
    page = client.get(reverse("minors_child", args=[child.public_id])).content.decode()
    assert 'name="placering-housing_unit"' in page and "Kvarngatan 8 (UT-8): Plats i utslussboende" in page
    assert "EN-1" not in page  # Enköping's homes are not Nyköping's to choose
    url = reverse("minors_child_action", args=[child.public_id])
    body = {
        "action": "placement",
        "placering-kind": "HVB",
        "placering-provider": "Utslussboendet Kvarngatan",
        "placering-decided_on": today.isoformat(),
        "placering-starts_on": today.isoformat(),
        "placering-cost_per_day": "1200",
        "placering-housing_unit": str(exit_home.pk),
    }
    hvb = client.post(url, body)
    assert hvb.status_code == 422
    assert "En bostad i kommunens bestånd väljs bara för stödboende, utslussboende och egen lägenhet." in (
        _field_error(hvb, "placering-housing_unit")
    )
    elsewhere = client.post(
        url, {**body, "placering-kind": "EXIT_HOUSING", "placering-housing_unit": enkoping_home.pk}
    )
    assert elsewhere.status_code == 422 and not Placement.objects.exists()

    done = client.post(url, {**body, "placering-kind": "EXIT_HOUSING"})
    assert done.status_code == 302 and Placement.objects.get().housing_unit == exit_home
    page = client.get(reverse("minors_child", args=[child.public_id])).content.decode()
    assert f'<a href="{reverse("housing_unit_detail", args=[exit_home.pk])}">Kvarngatan 8 (UT-8)</a>' in page

    # sigrid (social services only) sees the home on the row and may choose among the municipality's supported
    # and exit housing, but may not open the home's page (the housing staff's).
    page = signed_in(sigrid).get(reverse("minors_child", args=[child.public_id])).content.decode()
    assert "Kvarngatan 8 (UT-8)" in page and reverse("housing_unit_detail", args=[exit_home.pk]) not in page
    assert 'name="placering-housing_unit"' in page


def test_the_home_of_a_protected_child_is_not_shown(signed_in, hedda, child, case, exit_home, today):
    services.add_placement(
        hedda,
        case,
        kind="EXIT_HOUSING",
        provider="Utslussboendet",
        decided_on=today,
        starts_on=today,
        cost_per_day="1200",
        housing_unit=exit_home,
    )
    Person.objects.filter(pk=child.pk).update(protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION)
    page = signed_in(hedda).get(reverse("minors_child", args=[child.public_id])).content.decode()
    rows = page[
        page.index('id="tabell-placeringar"') : page.index("</table>", page.index('id="tabell-placeringar"'))
    ]
    assert "Bostad med skyddad adress" in rows and "Kvarngatan" not in rows and "UT-8" not in rows
    assert reverse("housing_unit_detail", args=[exit_home.pk]) not in page
