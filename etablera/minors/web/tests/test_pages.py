"""The minors pages (issue #14) per role: social services keep the child's case; reception sees the child but not
the case; others see nothing. What a page holds is checked, not only its status."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.minors import services
from etablera.minors.models import ChildCase, Placement


def test_the_list_shows_the_child_by_next_date_with_counts_per_kind(signed_in, sigrid, child, case, today):
    services.add_placement(
        sigrid,
        case,
        kind="HVB",
        provider="HVB Solrosen",
        decided_on=today,
        starts_on=today,
        cost_per_day="2450",
    )
    answer = signed_in(sigrid).get(reverse("minors_list"))
    text = answer.content.decode()
    assert answer.status_code == 200
    assert child.full_name in text and "HVB-hem" in text
    assert "Nästa uppföljningsbesök senast" in text  # the next date (six weeks after the start), explained
    assert '<svg class="chart"' in text and "Barn och unga vuxna per placeringsform i dag" in text
    csv = signed_in(sigrid).get(reverse("minors_list") + "?format=csv")
    assert csv.status_code == 200 and child.full_name in csv.content.decode("utf-8-sig")
    assert AuditEvent.objects.filter(actor=sigrid, action="EXPORT", object_type="ChildCase").exists()


def test_the_lists_are_social_services_only(signed_in, alice, charlie, case):
    for user in (alice, charlie):
        assert signed_in(user).get(reverse("minors_list")).status_code == 403
        assert signed_in(user).get(reverse("minors_placements")).status_code == 403


def test_the_childs_page_for_its_owner_and_not_for_reception(signed_in, sigrid, alice, charlie, child, case):
    url = reverse("minors_child", args=[child.public_id])
    answer = signed_in(sigrid).get(url)
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "Fyller 18 år" in text and "Registrera en placering" in text
    assert signed_in(alice).get(url).status_code == 404
    assert signed_in(charlie).get(url).status_code == 404


def test_a_placement_through_the_page_and_an_error_at_the_field(signed_in, sigrid, child, case, today):
    client = signed_in(sigrid)
    url = reverse("minors_child_action", args=[child.public_id])
    bad = client.post(
        url,
        {
            "action": "placement",
            "placering-kind": "SUPPORTED_HOUSING",
            "placering-provider": "Stödboendet",
            "placering-decided_on": today.isoformat(),
            "placering-starts_on": today.isoformat(),
            "placering-cost_per_day": "1200",
        },
    )
    assert bad.status_code == 422
    assert "särskilda skäl" in bad.content.decode()
    assert not Placement.objects.exists()
    good = client.post(
        url,
        {
            "action": "placement",
            "placering-kind": "HVB",
            "placering-provider": "HVB Solrosen",
            "placering-decided_on": today.isoformat(),
            "placering-starts_on": today.isoformat(),
            "placering-cost_per_day": "2450,50",
        },
    )
    assert good.status_code == 302
    assert Placement.objects.get().cost_per_day == 2450.50
    ended = client.post(
        url,
        {
            "action": "end_placement",
            "avsluta-placement": str(Placement.objects.get().public_id),
            "avsluta-ends_on": today.isoformat(),
            "avsluta-end_reason": "PLANNED",
        },
    )
    assert ended.status_code == 302 and Placement.objects.get().ends_on == today


def test_reception_may_not_write_to_the_case(signed_in, alice, child, case, today):
    url = reverse("minors_child_action", args=[child.public_id])
    assert (
        signed_in(alice).post(url, {"action": "report", "anmalan-sent_on": today.isoformat()}).status_code
        == 404
    )


def test_social_services_open_a_case_from_the_persons_page(signed_in, sigrid, alice, child):
    person_page = signed_in(sigrid).get(reverse("person_detail", args=[child.public_id])).content.decode()
    assert reverse("minors_open", args=[child.public_id]) in person_page
    answer = signed_in(sigrid).post(
        reverse("minors_open", args=[child.public_id]), {"arende-asylum_status": "SEEKING"}
    )
    assert answer.status_code == 302 and ChildCase.objects.filter(person=child).exists()
    assert signed_in(alice).post(reverse("minors_open", args=[child.public_id]), {}).status_code == 403


def test_the_placements_and_their_cost_in_a_month(signed_in, sigrid, child, case, today):
    start = today.replace(day=1)
    services.add_placement(
        sigrid,
        case,
        kind="FAMILY_HOME",
        provider="Familjen Ek",
        decided_on=start,
        starts_on=start,
        cost_per_day="1000",
    )
    answer = signed_in(sigrid).get(reverse("minors_placements") + f"?manad={start:%Y-%m}")
    text = answer.content.decode()
    assert answer.status_code == 200 and "Familjen Ek" in text and child.full_name in text
    days = (dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1) - start).days
    assert f"{days}" in text


def test_the_placements_import_previews_then_imports_what_was_previewed(
    signed_in, sigrid, alice, child, case, today
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from etablera.people.models import Person
    from etablera.testing.factories import personnummer

    number = personnummer(child.birth_date)
    Person.objects.filter(pk=child.pk).update(identity_number=number, identity_number_type="PERSONNUMMER")
    day = (today - dt.timedelta(days=3)).isoformat()
    data = f"personnummer;placerings_id;form;utförare;beslutsdatum;från;kostnad_per_dygn\n{number};SOC-9;HVB;HVB Solrosen;{day};{day};2450\n"
    client = signed_in(sigrid)
    url = reverse("minors_placement_import")
    preview = client.post(url, {"file": SimpleUploadedFile("placeringar.csv", data.encode(), "text/csv")})
    text = preview.content.decode()
    assert preview.status_code == 200 and "Förhandsgranskning av placeringar.csv" in text and "SOC-9" in text
    assert number not in text and not Placement.objects.exists()
    token = preview.context["token"]
    done = client.post(url, {"confirm": "1", "sha256": token})
    assert done.status_code == 302 and Placement.objects.get().external_id == "SOC-9"
    assert signed_in(alice).get(url).status_code == 403
