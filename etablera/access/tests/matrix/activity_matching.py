"""The rows for the matching (issue #13): a person's proposals, a placement's candidates and the job profile, as
pages and API operations.

Proposals and the job profile are for those who work with the requirement in the person's municipality and see the
person: the owner (the reception unit), the admin and the owner on P. The consent user sees the person but does not
work with the requirement (403); the colleague and the outsider do not see the person (404). A placement's
candidates are read by those who read the praktikplatsbank (owner, admin, protected); the others get 404 for
Nyköping's placement. The records are made directly for each row (and rolled back with it); P's protected member
is matched too, and its answers are scanned for the protected markers like every row's. A row is keyed by its URL
name, so the job profile's page has one row, its POST (the GET answers the same users, in the page tests).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from etablera.access.tests.matrix.cases import Case, api, expect, page

MATCHING_PAGE = expect(200, colleague=404, consent=403, outsider=404, anonymous=302)
MATCHING_POST = expect(302, colleague=404, consent=403, outsider=404, anonymous=302)
CANDIDATES_PAGE = expect(200, colleague=404, consent=404, outsider=404, anonymous=302)
API_MATCHING = expect(200, colleague=404, consent=403, outsider=404, anonymous=401)
API_CANDIDATES = expect(200, colleague=404, consent=404, outsider=404, anonymous=401)


def _placement(w):
    from etablera.activity.models import Employer, Placement

    found = Placement.objects.filter(municipality=w.municipality, title="Matrisens matchning").first()
    if found:
        return found
    employer = Employer.objects.get_or_create(
        municipality=w.municipality,
        organisation_number="559900-0022",
        defaults={"name": "Matrisens omsorg AB", "postcode": "61130"},
    )[0]
    today = timezone.localdate()
    return Placement.objects.create(
        employer=employer,
        municipality=w.municipality,
        unit=w.unit,
        title="Matrisens matchning",
        ssyk="5321",
        tasks="Omsorg",
        starts_on=today,
        ends_on=today + dt.timedelta(days=60),
        hours_per_week=Decimal(20),
        postcode="61135",
    )


def _proposals(w):
    _placement(w)
    return f"/personer/{w.person.public_id}/aktivitetskrav/forslag/"


def _candidates(w):
    return f"/arbete/praktikplatser/{_placement(w).public_id}/kandidater/"


ROWS: list[Case] = [
    page("activity_person_proposals", _proposals, MATCHING_PAGE),
    page(
        "activity_job_profile",
        lambda w: f"/personer/{w.person.public_id}/aktivitetskrav/onskemal/",
        MATCHING_POST,
        method="post",
        body=lambda w: {"wished_ssyk": "5321 9111", "travel": "NEAR", "wishes": "Dagtid"},
    ),
    page("activity_placement_candidates", _candidates, CANDIDATES_PAGE),
    api(
        "get",
        "/persons/{public_id}/activity/proposals",
        lambda w: (_placement(w), f"/persons/{w.person.public_id}/activity/proposals")[1],
        API_MATCHING,
    ),
    api(
        "get",
        "/placements/{public_id}/candidates",
        lambda w: f"/placements/{_placement(w).public_id}/candidates",
        API_CANDIDATES,
    ),
    api(
        "put",
        "/persons/{public_id}/activity/job-profile",
        lambda w: f"/persons/{w.person.public_id}/activity/job-profile",
        API_MATCHING,
        body=lambda w: {"wished_ssyk": ["5321"], "travel": "AREA", "wishes": ""},
    ),
]
