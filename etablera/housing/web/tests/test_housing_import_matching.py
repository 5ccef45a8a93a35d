"""The import of homes (preview, then write) and matching proposals: accepted, or rejected with a reason."""

from __future__ import annotations

import io

from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.housing.matching import reason_texts
from etablera.housing.models import Contract, HousingUnit
from etablera.testing.factories import HousingUnitFactory

# --- import and matching ----------------------------------------------------------------------------------------

IMPORT_CSV = (
    "objektnummer;adress;hyresvärd;typ;rum;sovrum;hyra (kr/mån)\n"
    "IMP-1;Låtsasgatan 1;bostadsbolag;lägenhet;3;2;8 100\n"
    "IMP-2;Låtsasgatan 3;bostadsbolag;lägenhet;4;3;9 900\n"
)


def _upload(client, text: str):
    file = io.BytesIO(text.encode())
    file.name = "bostader.csv"
    return client.post(reverse("housing_unit_import"), {"file": file})


def test_the_import_previews_then_writes_on_confirmation(client, hanna):
    client.force_login(hanna)
    response = _upload(client, IMPORT_CSV)
    page = response.content.decode()
    assert "Förhandsgranskning av bostader.csv" in page and "IMP-2" in page
    assert not HousingUnit.objects.filter(reference__startswith="IMP-").exists()  # a dry run
    token = response.context["token"]
    response = client.post(reverse("housing_unit_import"), {"confirm": "1", "sha256": token})
    assert response["Location"] == reverse("housing_units")
    assert HousingUnit.objects.filter(reference__startswith="IMP-").count() == 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()


def test_an_import_with_a_bad_row_shows_the_row_and_writes_nothing(client, hanna):
    client.force_login(hanna)
    page = _upload(client, IMPORT_CSV + "IMP-3;Låtsasgatan 5;bostadsbolag;slott;3;2;8 100\n").content.decode()
    assert "Ingenting har sparats" in page and "slott" in page
    assert not HousingUnit.objects.filter(reference__startswith="IMP-").exists()


def test_accepting_a_proposal_drafts_the_contract_and_rejecting_needs_a_reason(client, hanna, need, nykoping):
    HousingUnitFactory(municipality=nykoping, reference="MATCH-1", rooms=3, bedrooms=2)
    HousingUnitFactory(municipality=nykoping, reference="MATCH-2", rooms=3, bedrooms=2)
    client.force_login(hanna)
    client.post(reverse("housing_matching_run"), {})
    page = client.get(reverse("housing_matching")).content.decode()
    proposal = need.household.housing_proposals.get(status="PROPOSED")
    for sentence in reason_texts(proposal.explanation):
        assert sentence.replace("'", "&#x27;") in page
    reject = reverse("housing_proposal_reject", args=[proposal.pk])
    response = client.post(reject, {f"avboj-{proposal.pk}-reject_reason": ""})
    assert response.status_code == 200
    assert f'id="id_avboj-{proposal.pk}-reject_reason"' in response.content.decode()
    assert "Ange skäl till att förslaget avböjs." in response.content.decode()
    accept = reverse("housing_proposal_accept", args=[proposal.pk])
    response = client.post(
        accept, {f"acceptera-{proposal.pk}-kind": "", f"acceptera-{proposal.pk}-payer": ""}
    )
    assert "Välj typ av kontrakt." in response.content.decode()
    response = client.post(
        accept, {f"acceptera-{proposal.pk}-kind": "FIRST_HAND", f"acceptera-{proposal.pk}-payer": "HOUSEHOLD"}
    )
    contract = Contract.objects.get(household=need.household)
    assert response["Location"] == reverse("housing_contract_detail", args=[contract.public_id])
    assert contract.status == Contract.Status.DRAFT
