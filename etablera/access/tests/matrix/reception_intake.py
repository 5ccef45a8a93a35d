"""The rows for issue #11's reception intake: the members of an anvisning registered without them (the page, the JSON
operation and the CSV import) and a self-settled household (EBO) registered without an anvisning (the page and
`POST /reception-cases`). Registering reception is the reception unit's and the administrator's; an anvisning of
Nyköping is not found by Enköping's caseworker (the outsider), who may register in Enköping only."""

from __future__ import annotations

from django.utils import timezone

from etablera.access.tests.matrix.cases import RECEPTION_PAGE, Case, api, expect, page


def _member_rows(w, **fields) -> dict:
    """The members form as the browser sends it: one filled row (a self-settled adult) and the rest untouched."""
    from etablera.reception.web.forms import MAX_MEMBERS

    data = {
        "members-TOTAL_FORMS": str(MAX_MEMBERS),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": str(MAX_MEMBERS),
        **fields,
    }
    for index in range(MAX_MEMBERS):
        filled = index == 0
        data.update(
            {
                f"members-{index}-first_name": "Egen" if filled else "",
                f"members-{index}-last_name": "Matris" if filled else "",
                f"members-{index}-relation": "ADULT",
                f"members-{index}-identity_number_type": "NONE",
                f"members-{index}-identity_number": "",
                f"members-{index}-birth_date": "1990-01-01" if filled else "",
                f"members-{index}-sex": "U",
                f"members-{index}-languages": "",
                f"members-{index}-interpreter_language": "",
                f"members-{index}-protected_identity": "NONE",
            }
        )
    return data


def _pending_member(w) -> dict:
    """The pending anvisning's member as it is: adding it again changes nothing (200), whoever may."""
    person = w.pending.household.memberships.get().person
    return {
        "members": [
            {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "identity_number_type": "NONE",
                "birth_date": person.birth_date.isoformat(),
            }
        ]
    }


def _self_settled(w) -> dict:
    return {
        "municipality": "0480",
        "registered_date": timezone.localdate().isoformat(),
        "household": {"name": "Familjen Egen", "members": [{"first_name": "Egen", "last_name": "Matris"}]},
    }


RECEPTION_INTAKE: list[Case] = [
    page(
        "assignment_members",
        lambda w: f"/anvisningar/{w.pending.pk}/medlemmar/",
        expect(200, colleague=403, consent=403, outsider=404, anonymous=302),
    ),
    page("self_settled_create", lambda w: "/hushall/eget-boende/ny/", RECEPTION_PAGE),
    page(
        "self_settled_create",
        lambda w: "/hushall/eget-boende/ny/",
        # The outsider registers in Enköping, the one municipality offered to him.
        expect(302, colleague=403, consent=403, anonymous=302),
        method="post",
        body=lambda w: _member_rows(
            w, household_name="Familjen Egen", registered_date=timezone.localdate().isoformat()
        ),
    ),
    api(
        "post",
        "/assignments/{assignment_id}/members",
        lambda w: f"/assignments/{w.pending.pk}/members",
        expect(200, colleague=404, consent=404, outsider=404, anonymous=401),
        body=_pending_member,
    ),
    api(
        "post",
        "/imports/members",
        lambda w: "/imports/members",
        # A JSON body is no CSV file: the answer lists the file's errors (200, ok false) to whoever may import.
        expect(200, colleague=403, consent=403, anonymous=401),
        body=lambda w: {},
    ),
    api(
        "post",
        "/reception-cases",
        lambda w: "/reception-cases",
        expect(201, colleague=403, consent=403, outsider=403, anonymous=401),
        body=_self_settled,
    ),
]
