"""The rows for issue #11's register changes of a person and a household, pages and API operations: a birth date
corrected or uplifted, a member added later or leaving, a split, a merge, the anchor person, possible duplicates and
their merge (etablera/people/web/changes.py, etablera/people/api/changes.py).

As for "Ändra": the reception unit (owner) and the administrator change; the consent user sees H and gets 403;
those who do not see it get 404. The list of possible duplicates is the reception unit's (403 for those without
one, an empty list for another municipality's). An allowed POST is a valid change, so its answer (the redirect, the
API's answer) is scanned for the protected markers like any other.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.access.tests.matrix.cases import RECEPTION_PAGE, Case, api, expect, page

EDIT_PAGE = expect(200, colleague=404, consent=403, outsider=404, anonymous=302)
EDIT_POST = expect(302, colleague=404, consent=403, outsider=404, anonymous=302)
API_EDIT = expect(200, colleague=404, consent=403, outsider=404, anonymous=401)
API_CREATE = expect(201, colleague=404, consent=403, outsider=404, anonymous=401)
API_REFUSED = expect(422, colleague=404, consent=403, outsider=404, anonymous=401)


def _person(suffix):
    return lambda w: f"/personer/{w.person.public_id}/{suffix}"


def _household(suffix):
    return lambda w: f"/hushall/{w.household.public_id}/{suffix}"


def _today() -> str:
    return timezone.localdate().isoformat()


def _day_before(w) -> str:
    return (w.person.birth_date - dt.timedelta(days=1)).isoformat()


PEOPLE_CHANGES: list[Case] = [
    page("person_birth_date", _person("fodelsedatum/"), EDIT_PAGE),
    page(
        "person_birth_date",
        _person("fodelsedatum/"),
        EDIT_POST,
        method="post",
        body=lambda w: {
            "fodelsedatum-kind": "CORRECTION",
            "fodelsedatum-new_date": _day_before(w),
            "fodelsedatum-reason": "Felregistrerat",
        },
    ),
    page("person_merge", _person("sla-samman/"), EDIT_PAGE),
    page("person_duplicates", lambda w: "/personer/dubbletter/", RECEPTION_PAGE),
    page("household_add_member", _household("medlemmar/ny/"), EDIT_PAGE),
    page("household_member_leaves", _household("medlemmar/lamnar/"), EDIT_PAGE),
    page("household_split", _household("dela/"), EDIT_PAGE),
    page("household_merge", _household("sla-ihop/"), EDIT_PAGE),
    page("household_anchor", _household("anknytningsperson/"), EDIT_PAGE),
    api(
        "post",
        "/persons/{public_id}/birth-date",
        lambda w: f"/persons/{w.person.public_id}/birth-date",
        API_EDIT,
        body=lambda w: {"kind": "CORRECTION", "new_date": _day_before(w), "reason": "Felregistrerat"},
    ),
    api(
        "get",
        "/persons/{public_id}/possible-duplicates",
        lambda w: f"/persons/{w.person.public_id}/possible-duplicates",
        expect(200, colleague=404, outsider=404, anonymous=401),
    ),
    api(
        "post",
        "/persons/{public_id}/merge",
        lambda w: f"/persons/{w.person.public_id}/merge",
        API_REFUSED,  # with itself: refused at the field; a real merge is in etablera/people/api/tests
        body=lambda w: {"duplicate": str(w.person.public_id), "reason": "Samma person"},
    ),
    api(
        "post",
        "/households/{public_id}/members",
        lambda w: f"/households/{w.household.public_id}/members",
        API_CREATE,
        body=lambda w: {
            "relation": "CHILD",
            "new_person": {"first_name": "Nova", "last_name": "Matris", "category": "RESETTLED"},
            "joined_on": _today(),
        },
    ),
    api(
        "post",
        "/households/{public_id}/members/leave",
        lambda w: f"/households/{w.household.public_id}/members/leave",
        API_EDIT,
        body=lambda w: {"person": str(w.person.public_id), "reason": "MOVED_OUT", "on_date": _today()},
    ),
    api(
        "post",
        "/households/{public_id}/split",
        lambda w: f"/households/{w.household.public_id}/split",
        API_CREATE,
        body=lambda w: {"persons": [str(w.person.public_id)], "name": "Eget hushåll"},
    ),
    api(
        "post",
        "/households/{public_id}/merge",
        lambda w: f"/households/{w.household.public_id}/merge",
        API_REFUSED,  # with itself: refused at the field; a real merge is in etablera/people/api/tests
        body=lambda w: {"other": str(w.household.public_id)},
    ),
    api(
        "put",
        "/households/{public_id}/anchor-person",
        lambda w: f"/households/{w.household.public_id}/anchor-person",
        API_EDIT,
        body=lambda w: {"anchor": str(w.person.public_id)},
    ),
]
