"""The rows for an anvisning's planned arrival date (issue #11, tasks before arrival): the page's form and
`PATCH /assignments/{id}`. Changing it is the reception unit's and the administrator's; the outsider (Enköping)
does not find Nyköping's anvisning."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.access.tests.matrix.cases import Case, api, expect, page


def _planned() -> str:
    return (timezone.localdate() + dt.timedelta(days=10)).isoformat()


BEFORE_ARRIVAL: list[Case] = [
    page(
        "assignment_planned_arrival",
        lambda w: f"/anvisningar/{w.pending.pk}/planerad-ankomst/",
        expect(302, colleague=403, consent=403, outsider=404),
        method="post",
        body=lambda w: {"planerad-planned_arrival_date": _planned()},
    ),
    api(
        "patch",
        "/assignments/{assignment_id}",
        lambda w: f"/assignments/{w.pending.pk}",
        expect(200, colleague=404, consent=404, outsider=404, anonymous=401),
        body=lambda w: {"planned_arrival_date": _planned()},
    ),
]
