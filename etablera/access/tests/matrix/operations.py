"""The rows for the API operations of reception (/api/v1/): the public facts, kommuntal, the quota report, persons
and households, anvisningar, reception cases and tasks. The access operations are in `matrix.access`, housing's in
`matrix.housing`."""

from __future__ import annotations

from django.utils import timezone

from etablera.access.tests.matrix.cases import (
    API_SEES_H,
    API_SEES_TASK,
    API_SIGNED_IN_200,
    Case,
    api,
    expect,
    task_pk,
)

OPERATIONS: list[Case] = [
    api("get", "/counties", lambda w: "/counties", API_SIGNED_IN_200),
    api("get", "/municipalities", lambda w: "/municipalities", API_SIGNED_IN_200),
    api("get", "/municipalities/{code}", lambda w: "/municipalities/0480", API_SIGNED_IN_200),
    api("get", "/units", lambda w: "/units", API_SIGNED_IN_200),
    api("get", "/quotas", lambda w: "/quotas", API_SIGNED_IN_200),
    api(
        "put",
        "/quotas/{municipality}/{year}",
        lambda w: f"/quotas/0480/{timezone.localdate().year}",
        expect(201, colleague=403, consent=403, outsider=403, anonymous=401),
        body=lambda w: {"quota": 70},
    ),
    api(
        "get",
        "/reports/quota",
        lambda w: f"/reports/quota?year={timezone.localdate().year}",
        API_SIGNED_IN_200,
    ),
    api(
        "post",
        "/persons/search",
        lambda w: "/persons/search",
        API_SIGNED_IN_200,
        body=lambda w: {"q": "Matris"},
    ),
    api(
        "post",
        "/households/search",
        lambda w: "/households/search",
        API_SIGNED_IN_200,
        body=lambda w: {"q": "Matris"},
    ),
    api("get", "/persons/{public_id}", lambda w: f"/persons/{w.person.public_id}", API_SEES_H),
    api("get", "/households/{public_id}", lambda w: f"/households/{w.household.public_id}", API_SEES_H),
    api("get", "/assignments", lambda w: "/assignments", API_SIGNED_IN_200),
    api(
        "post",
        "/assignments",
        lambda w: "/assignments",
        expect(201, colleague=403, consent=403, outsider=403, anonymous=401),
        body=lambda w: {
            "municipality": "0480",
            "reference": "MIG-MATRIX-NEW",
            "category": "RESETTLED",
            "decision_date": timezone.localdate().isoformat(),
            "person_count": 2,
        },
    ),
    api(
        "get",
        "/assignments/{assignment_id}",
        lambda w: f"/assignments/{w.pending.pk}",
        expect(200, colleague=404, consent=404, outsider=404, anonymous=401),
    ),
    api(
        "post",
        "/assignments/{assignment_id}/arrival",
        lambda w: f"/assignments/{w.pending.pk}/arrival",
        expect(201, colleague=404, consent=404, outsider=404, anonymous=401),
        body=lambda w: {"arrival_date": timezone.localdate().isoformat()},
    ),
    api(
        "post",
        "/assignments/{assignment_id}/cancel",
        lambda w: f"/assignments/{w.pending.pk}/cancel",
        expect(200, colleague=404, consent=404, outsider=404, anonymous=401),
        body=lambda w: {"reason": "Nej"},
    ),
    api("get", "/reception-cases", lambda w: "/reception-cases", API_SIGNED_IN_200),
    api("get", "/reception-cases/{case_id}", lambda w: f"/reception-cases/{w.task.case_id}", API_SEES_H),
    api("get", "/tasks", lambda w: "/tasks", API_SIGNED_IN_200),
    api("get", "/tasks/{task_id}", lambda w: f"/tasks/{task_pk(w)}", API_SEES_TASK),
    api(
        "post",
        "/tasks/{task_id}/complete",
        lambda w: f"/tasks/{task_pk(w)}/complete",
        API_SEES_TASK,
        body=lambda w: {"note": ""},
    ),
    api(
        "post",
        "/tasks/{task_id}/not-applicable",
        lambda w: f"/tasks/{task_pk(w)}/not-applicable",
        API_SEES_TASK,
        body=lambda w: {"reason": "Inte aktuellt"},
    ),
    # The task is open: those who may reopen it are refused because it is open already (issue #9: 409).
    api(
        "post",
        "/tasks/{task_id}/reopen",
        lambda w: f"/tasks/{task_pk(w)}/reopen",
        expect(409, colleague=404, consent=404, outsider=404, anonymous=401),
    ),
    api(
        "post",
        "/tasks/{task_id}/reassign",
        lambda w: f"/tasks/{task_pk(w)}/reassign",
        API_SEES_TASK,
        body=lambda w: {"unit": w.unit.pk},
    ),
    api(
        "post",
        "/tasks/{task_id}/notes",
        lambda w: f"/tasks/{task_pk(w)}/notes",
        expect(201, colleague=404, consent=404, outsider=404, anonymous=401),
        body=lambda w: {"text": "Ringt"},
    ),
]
