"""The rows for issue #11's day's work with tasks: "Ta uppgiften", assigning to a colleague of the unit, several at
once (page and API), and the caseload per caseworker. Whoever does not see the task finds none (404; in a bulk
action, an error at the field: 422); the caseload is for unit managers and administrators (403 for the others,
none of whom manages a unit)."""

from __future__ import annotations

from etablera.access.tests.matrix.cases import API_SEES_TASK, Case, api, expect, page, task_pk

CHANGE_TASK = expect(302, colleague=404, consent=404, outsider=404)
BULK = expect(302, colleague=422, consent=422, outsider=422)
API_BULK = expect(200, colleague=422, consent=422, outsider=422, anonymous=401)
MANAGERS = expect(403, admin=200, anonymous=302)
API_MANAGERS = expect(403, admin=200, anonymous=401)

TASK_WORK: list[Case] = [
    page("task_take", lambda w: f"/uppgifter/{task_pk(w)}/ta/", CHANGE_TASK, method="post"),
    page(
        "task_assign",
        lambda w: f"/uppgifter/{task_pk(w)}/tilldela/",
        CHANGE_TASK,
        method="post",
        body=lambda w: {"tilldela-assignee": w.users["owner"].pk},
    ),
    page(
        "unit_tasks_bulk",
        lambda w: "/uppgifter/enhet/flera/",
        BULK,
        method="post",
        body=lambda w: {"uppgift": task_pk(w), "action": "take"},
    ),
    page("task_caseload", lambda w: "/uppgifter/arbetsbelastning/", MANAGERS),
    api("post", "/tasks/{task_id}/take", lambda w: f"/tasks/{task_pk(w)}/take", API_SEES_TASK),
    api(
        "post",
        "/tasks/{task_id}/assign",
        lambda w: f"/tasks/{task_pk(w)}/assign",
        API_SEES_TASK,
        body=lambda w: {"assignee": w.users["owner"].username},
    ),
    api(
        "post",
        "/tasks/bulk",
        lambda w: "/tasks/bulk",
        API_BULK,
        body=lambda w: {"action": "take", "ids": [task_pk(w)]},
    ),
    api("get", "/tasks/caseload", lambda w: "/tasks/caseload", API_MANAGERS),
]

# The filtered unit list is the same page (unit_tasks): its row in pages.py answers for it; here a filtered URL.
TASK_WORK.append(
    page(
        "unit_tasks",
        lambda w: f"/uppgifter/enhet/?sista=forsenade&sortera=hushall&hushall={w.household.public_id}",
        expect(200, anonymous=302),
    )
)
