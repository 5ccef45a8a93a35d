"""The rows for the money domain's claim register (issue #15): the list, a claim registered by hand, one claim and
its next step, the foreseen claims opened; and the same over the API.

The money pages are the controller's, the integration unit's (reception) and the administrators': the owner
(alice, reception) and the admin (carol) read and write; the colleague and the consent user (other units) have no
money pages (403); the outsider (charlie, Enköping's reception) keeps Enköping's claims — the list answers him
(empty of Nyköping's), a new claim or the foreseen ones go to Enköping, and Nyköping's claim is 404. The claim the
rows ask about is Nyköping's, about the world's household (made as the system, so every role asks about a real
one)."""

from __future__ import annotations

from django.utils import timezone

from etablera.access.tests.matrix.cases import Case, api, expect, page


def _owner_and_admin(default, answer, **others):
    """The owner (and so the protected role, the owner on P) and the admin get `answer`."""
    return expect(default, owner=answer, admin=answer, protected=answer, **others)


MONEY_PAGE = _owner_and_admin(403, 200, outsider=200, anonymous=302)
MONEY_WRITE = _owner_and_admin(403, 302, outsider=302, anonymous=302)
CLAIM_WRITE = _owner_and_admin(403, 302, outsider=404, anonymous=302)
API_MONEY_LIST = _owner_and_admin(403, 200, outsider=200, anonymous=401)
API_NEW_CLAIM = _owner_and_admin(403, 201, anonymous=401)
API_CLAIM = _owner_and_admin(404, 200, anonymous=401)
API_CLAIM_WRITE = _owner_and_admin(403, 200, outsider=404, anonymous=401)


def _claim(w):
    from etablera.money.models import Claim
    from etablera.money.services.claims import manual_deadline

    found = Claim.objects.filter(municipality=w.municipality, title="Matrisens ansökan").first()
    if found is None:
        deadline = manual_deadline(timezone.localdate())
        found = Claim.objects.create(
            municipality=w.municipality,
            kind=Claim.Kind.OTHER,
            title="Matrisens ansökan",
            household=w.household,
            deadline=deadline.date,
            deadline_rule=deadline.as_json(),
        )
    return found


def _today():
    return timezone.localdate().isoformat()


def _new_claim(w):
    return {"kind": "HEALTH_CARE", "title": "Matrisens vårdkostnader", "deadline": _today()}


ROWS: list[Case] = [
    page("money_claims", lambda w: "/ersattning/ansokningar/", MONEY_PAGE),
    page(
        "money_claim_new",
        lambda w: "/ersattning/ansokningar/ny/",
        MONEY_WRITE,
        method="post",
        body=_new_claim,
    ),
    page(
        "money_claim_detail",
        lambda w: f"/ersattning/ansokningar/{_claim(w).pk}/",
        CLAIM_WRITE,
        method="post",
        body=lambda w: {
            "andra-expected_status": "TO_APPLY",
            "andra-status": "APPLIED",
            "andra-applied_on": _today(),
        },
    ),
    page(
        "money_claims_open_foreseen",
        lambda w: "/ersattning/ansokningar/oppna-forutsedda/",
        MONEY_WRITE,
        method="post",
    ),
    api("get", "/money/claims", lambda w: "/money/claims", API_MONEY_LIST),
    api(
        "post",
        "/money/claims",
        lambda w: "/money/claims",
        API_NEW_CLAIM,
        body=lambda w: {"municipality": "0480", **_new_claim(w)},
    ),
    api("get", "/money/claims/{claim_id}", lambda w: f"/money/claims/{_claim(w).pk}", API_CLAIM),
    api(
        "post",
        "/money/claims/{claim_id}/status",
        lambda w: f"/money/claims/{_claim(w).pk}/status",
        API_CLAIM_WRITE,
        body=lambda w: {"status": "APPLIED", "applied_on": _today()},
    ),
]
