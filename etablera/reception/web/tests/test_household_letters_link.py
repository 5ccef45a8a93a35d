"""The household page leads to the household's appointments and letters (issue #18, etablera/letters/)."""

from __future__ import annotations


def test_the_household_page_links_to_its_appointments_and_letters(client, alice, family):
    client.force_login(alice)
    page = client.get(f"/hushall/{family.public_id}/").content.decode()
    assert "Tider och brev" in page and f'href="/hushall/{family.public_id}/moten/"' in page
