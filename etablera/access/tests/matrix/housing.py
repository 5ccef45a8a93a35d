"""The rows for housing (issue #5): the housing API and pages, the rows they need made (homes, contracts, needs,
match proposals), and the probes of the protected homes' own pages and records (issue #9)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.access.tests.matrix.cases import API_SEES_H, API_SIGNED_IN_200, Case, api, expect, page
from etablera.access.tests.matrix.world import DRAFT_MARKER, HOME_MARKER

# --- housing API (issue #5) ---------------------------------------------------------------------------------------
# The housing rows are made inside each case's savepoint (get_or_create: the URL and the body see the same rows) and
# rolled back with it. The owner and the administrator keep housing (reception unit, administrator); the consent
# user sees H but may change nothing; the colleague and the outsider do not see H.


def _home(w, reference="MATRIS-LEDIG", **extra):
    from etablera.housing.models import HousingUnit

    defaults = {
        "address_street": "Matrisgatan 2",
        "landlord": "PRIVATE",
        "kind": "FLAT",
        "rooms": 3,
        "bedrooms": 2,
        "monthly_cost": 8000,
        "available_from": timezone.localdate(),
        **extra,
    }
    return HousingUnit.objects.get_or_create(
        municipality=w.municipality, reference=reference, defaults=defaults
    )[0]


def _housing_contract(w, *, signed: bool):
    from etablera.housing import services as housing
    from etablera.housing.models import Contract

    unit = _home(w, "MATRIS-AKTIV" if signed else "MATRIS-UTKAST", kind="MODULE" if signed else "FLAT")
    found = Contract.objects.filter(household=w.household, unit=unit).first()
    if found is None:
        today = timezone.localdate()
        found = housing.create_contract(
            actor=None,
            household=w.household,
            unit=unit,
            kind="TEMPORARY" if signed else "SECOND_HAND",
            start_date=today - dt.timedelta(days=10) if signed else today + dt.timedelta(days=1),
            end_date=None if signed else today + dt.timedelta(days=30),
            payer="HOUSEHOLD",
            sign=signed,
        )
    return found.public_id


def _housing_need(w):
    from etablera.housing import services as housing

    housing.set_housing_need(actor=None, household=w.household)
    return w.household.public_id


def _proposal(w):
    from etablera.housing.models import MatchProposal, MatchRun

    run = MatchRun.objects.get_or_create(municipality=w.municipality, on_date=timezone.localdate())[0]
    return MatchProposal.objects.get_or_create(
        run=run,
        household=w.household,
        unit=_home(w),
        defaults={"move_in": timezone.localdate() + dt.timedelta(days=60), "explanation": ["Passar"]},
    )[0].pk


def _home_body(w):
    return {
        "reference": "MATRIS-LEDIG",
        "address_street": "Matrisgatan 4",
        "landlord": "PRIVATE",
        "kind": "FLAT",
        "rooms": 3,
        "bedrooms": 2,
        "monthly_cost": 8100,
    }


KEEPS_HOUSING = expect(200, colleague=404, consent=403, outsider=404, anonymous=401)
SEES_HOME = expect(200, colleague=404, consent=404, outsider=404, anonymous=401)
API: list[Case] = [
    api("get", "/housing/units", lambda w: "/housing/units", API_SIGNED_IN_200),
    api(
        "post",
        "/housing/units",
        lambda w: "/housing/units",
        expect(201, colleague=403, consent=403, outsider=403, anonymous=401),
        body=lambda w: {**_home_body(w), "municipality": "0480", "reference": "MATRIS-NY"},
    ),
    api("get", "/housing/units/free", lambda w: "/housing/units/free", API_SIGNED_IN_200),
    # A JSON body is no CSV file: 200 with the file's errors for whoever keeps housing somewhere (the outsider
    # in Enköping, for Enköping); those who keep none are refused.
    api(
        "post",
        "/housing/units/import",
        lambda w: "/housing/units/import?dry_run=true",
        expect(200, colleague=403, consent=403, anonymous=401),
        body=lambda w: {"objektnummer": "x"},
    ),
    api("get", "/housing/units/{unit_id}", lambda w: f"/housing/units/{_home(w).pk}", SEES_HOME),
    api(
        "put",
        "/housing/units/{unit_id}",
        lambda w: f"/housing/units/{_home(w).pk}",
        SEES_HOME,
        body=_home_body,
    ),
    api("get", "/housing/needs", lambda w: "/housing/needs", API_SIGNED_IN_200),
    api(
        "get",
        "/households/{public_id}/housing-need",
        lambda w: f"/households/{w.household.public_id}/housing-need",
        API_SEES_H,
    ),
    api(
        "put",
        "/households/{public_id}/housing-need",
        lambda w: f"/households/{w.household.public_id}/housing-need",
        KEEPS_HOUSING,
        body=lambda w: {"wishes": ["SCHOOL"]},
    ),
    api(
        "post",
        "/households/{public_id}/housing-need/close",
        lambda w: f"/households/{_housing_need(w)}/housing-need/close",
        KEEPS_HOUSING,
        body=lambda w: {"note": "Har ordnat eget boende"},
    ),
    api("get", "/housing/contracts", lambda w: "/housing/contracts", API_SIGNED_IN_200),
    api(
        "post",
        "/housing/contracts",
        lambda w: "/housing/contracts",
        # Who cannot see the household gets a 422 at it, as for any reference in a body.
        expect(201, colleague=422, consent=403, outsider=422, anonymous=401),
        body=lambda w: {
            "household": str(w.household.public_id),
            "unit": _home(w).pk,
            "kind": "SECOND_HAND",
            "start_date": timezone.localdate().isoformat(),
            "payer": "HOUSEHOLD",
        },
    ),
    api(
        "get",
        "/housing/contracts/{public_id}",
        lambda w: f"/housing/contracts/{_housing_contract(w, signed=False)}",
        API_SEES_H,
    ),
    api(
        "post",
        "/housing/contracts/{public_id}/sign",
        lambda w: f"/housing/contracts/{_housing_contract(w, signed=False)}/sign",
        KEEPS_HOUSING,
    ),
    api(
        "post",
        "/housing/contracts/{public_id}/end",
        lambda w: f"/housing/contracts/{_housing_contract(w, signed=True)}/end",
        KEEPS_HOUSING,
        body=lambda w: {"end_date": timezone.localdate().isoformat(), "reason": "MOVED_AWAY"},
    ),
    api(
        "post",
        "/housing/contracts/{public_id}/cancel",
        lambda w: f"/housing/contracts/{_housing_contract(w, signed=False)}/cancel",
        KEEPS_HOUSING,
        body=lambda w: {"note": "Tackade nej"},
    ),
    api(
        "post",
        "/housing/matching/runs",
        lambda w: "/housing/matching/runs",
        expect(201, colleague=403, consent=403, outsider=403, anonymous=401),
        body=lambda w: {"municipality": "0480"},
    ),
    api("get", "/housing/matching/proposals", lambda w: "/housing/matching/proposals", API_SIGNED_IN_200),
    api(
        "post",
        "/housing/matching/proposals/{proposal_id}/accept",
        lambda w: f"/housing/matching/proposals/{_proposal(w)}/accept",
        expect(201, colleague=404, consent=403, outsider=404, anonymous=401),
        body=lambda w: {"kind": "SECOND_HAND", "payer": "HOUSEHOLD"},
    ),
    api(
        "post",
        "/housing/matching/proposals/{proposal_id}/reject",
        lambda w: f"/housing/matching/proposals/{_proposal(w)}/reject",
        KEEPS_HOUSING,
        body=lambda w: {"reason": "För långt från skolan"},
    ),
]

# --- housing pages (issue #5) -------------------------------------------------------------------------------------
# For the housing unit, the reception unit and administrators (owner, admin); others of Nyköping get 403; the
# outsider keeps housing in Enköping, so sees the lists (empty of Nyköping) and 404 for Nyköping's homes and
# households. The rows are made inside each case's savepoint (get_or_create: the URL and the body see the same
# ones) and rolled back with it. The homes' streets are not the members' (the home's own page shows its address).

HOUSING_PAGE = expect(200, colleague=403, consent=403, anonymous=302)
HOUSING_OBJECT = expect(200, colleague=403, consent=403, outsider=404, anonymous=302)
HOUSING_POST = expect(302, colleague=403, consent=403, outsider=404, anonymous=302)
PAGES: list[Case] = [
    page("housing_queue", lambda w: "/boende/", HOUSING_PAGE),
    page("housing_units", lambda w: "/boende/bostader/?visa=all", HOUSING_PAGE),
    page("housing_unit_create", lambda w: "/boende/bostader/ny/", HOUSING_PAGE),
    page("housing_unit_import", lambda w: "/boende/bostader/import/", HOUSING_PAGE),
    page("housing_unit_detail", lambda w: f"/boende/bostader/{_home(w).pk}/", HOUSING_OBJECT),
    page("housing_unit_edit", lambda w: f"/boende/bostader/{_home(w).pk}/andra/", HOUSING_OBJECT),
    page("housing_contracts_ending", lambda w: "/boende/kontrakt/", HOUSING_PAGE),
    page(
        "housing_contract_detail",
        lambda w: f"/boende/kontrakt/{_housing_contract(w, signed=True)}/",
        HOUSING_OBJECT,
    ),
    page(
        "housing_contract_sign",
        lambda w: f"/boende/kontrakt/{_housing_contract(w, signed=False)}/undertecknat/",
        HOUSING_POST,
        method="post",
    ),
    page(
        "housing_contract_end",
        lambda w: f"/boende/kontrakt/{_housing_contract(w, signed=True)}/avsluta/",
        HOUSING_POST,
        method="post",
        body=lambda w: {"avsluta-end_date": timezone.localdate().isoformat(), "avsluta-end_reason": "MOVED"},
    ),
    page(
        "housing_contract_cancel",
        lambda w: f"/boende/kontrakt/{_housing_contract(w, signed=False)}/makulera/",
        HOUSING_POST,
        method="post",
        body=lambda w: {"makulera-end_note": "Tackade nej"},
    ),
    page("housing_matching", lambda w: "/boende/matchning/", HOUSING_PAGE),
    # The outsider runs the matching of Enköping.
    page(
        "housing_matching_run",
        lambda w: "/boende/matchning/kor/",
        expect(302, colleague=403, consent=403),
        "post",
    ),
    page(
        "housing_proposal_accept",
        lambda w: f"/boende/matchning/{_proposal(w)}/acceptera/",
        HOUSING_POST,
        method="post",
        body=lambda w: {
            f"acceptera-{_proposal(w)}-kind": "SECOND_HAND",
            f"acceptera-{_proposal(w)}-payer": "HOUSEHOLD",
        },
    ),
    page(
        "housing_proposal_reject",
        lambda w: f"/boende/matchning/{_proposal(w)}/avboj/",
        HOUSING_POST,
        method="post",
        body=lambda w: {f"avboj-{_proposal(w)}-reject_reason": "Familjen vill bo nära skolan"},
    ),
    page("housing_temporary", lambda w: "/boende/tillfalligt/", HOUSING_PAGE),
    page("housing_young_adults", lambda w: "/boende/unga-vuxna/", HOUSING_PAGE),
    page("household_housing_need", lambda w: f"/hushall/{w.household.public_id}/boende/", HOUSING_OBJECT),
    page(
        "household_housing_need_close",
        lambda w: f"/hushall/{_housing_need(w)}/boende/avsluta/",
        HOUSING_POST,
        method="post",
        body=lambda w: {"avsluta-note": "Har ordnat eget boende"},
    ),
    page(
        "household_contract_create",
        lambda w: f"/hushall/{w.household.public_id}/kontrakt/ny/",
        HOUSING_OBJECT,
    ),
]


# The protected homes' own pages and records (issue #9): answered as any home's, without the marker. Not rows of
# the matrix (their URL names have their rows above); only the content check and the status codes use them.
PROBES: list[Case] = [
    case
    for marker in (HOME_MARKER, DRAFT_MARKER)
    for case in (
        page(
            f"housing_unit_detail ({marker})",
            lambda w, m=marker: f"/boende/bostader/{w.homes[m].pk}/",
            HOUSING_OBJECT,
        ),
        page(
            f"housing_unit_edit ({marker})",
            lambda w, m=marker: f"/boende/bostader/{w.homes[m].pk}/andra/",
            HOUSING_OBJECT,
        ),
        api(
            "get",
            f"/housing/units/{{unit_id}} ({marker})",
            lambda w, m=marker: f"/housing/units/{w.homes[m].pk}",
            SEES_HOME,
        ),
    )
]
