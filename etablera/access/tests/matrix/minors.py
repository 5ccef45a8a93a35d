"""The rows for unaccompanied minors and young adults (issue #14): the lists, the placements and their cost, the
child's page and its forms, and opening a case.

Section SOCIAL belongs to social services, and none of the matrix's roles works there: the lists are 403 for all;
the child's case (made for the world's person as the system, so the rows ask about a real one) is 404 for every
role — the case is not seen without section SOCIAL, whether the person is or not — and opening a case is 403 for
those who see the person (they are not social services) and 404 for those who do not."""

from __future__ import annotations

from django.utils import timezone

from etablera.access.tests.matrix.cases import Case, api, expect, page

SOCIAL_ONLY = expect(403, anonymous=302)
CASE_HIDDEN = expect(404, anonymous=302)
OPEN_CASE = expect(403, colleague=404, outsider=404, anonymous=302)
API_SOCIAL_ONLY = expect(403, anonymous=401)
API_CASE_HIDDEN = expect(404, anonymous=401)
API_OPEN_CASE = expect(403, colleague=404, outsider=404, anonymous=401)
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _case(w):
    from etablera.minors.models import ChildCase

    found = ChildCase.objects.filter(person=w.person).first()
    return found or ChildCase.objects.create(person=w.person, municipality_id=w.person.municipality_id)


def _api(w, rest=""):
    return f"/persons/{_case(w).person.public_id}/child-case{rest}"


def _today():
    return timezone.localdate().isoformat()


def _child(w, rest=""):
    return f"/personer/{_case(w).person.public_id}/barn/{rest}"


ROWS: list[Case] = [
    page("minors_list", lambda w: "/barn/", SOCIAL_ONLY),
    page("minors_placements", lambda w: "/barn/placeringar/", SOCIAL_ONLY),
    page("minors_placement_import", lambda w: "/barn/import/", SOCIAL_ONLY),
    page("minors_child", lambda w: _child(w), CASE_HIDDEN),
    page(
        "minors_child_action",
        lambda w: _child(w, "andra/"),
        CASE_HIDDEN,
        method="post",
        body=lambda w: {"action": "report", "anmalan-sent_on": timezone.localdate().isoformat()},
    ),
    page(
        "minors_open",
        lambda w: _child(w, "oppna/"),  # the case exists: social services are sent on to it
        OPEN_CASE,
        method="post",
        body=lambda w: {"arende-asylum_status": "SEEKING"},
    ),
    # Opening the young person's housing need (minors/web/housing_views.py): the case is not seen, so neither is
    # its button; the world's household keeps its housing need.
    page("minors_housing_need", lambda w: _child(w, "bostadsbehov/"), CASE_HIDDEN, method="post"),
    # The child's plan (minors/web/plan_views.py): the case is not seen, so neither is its plan.
    page(
        "minors_care_plan",
        lambda w: _child(w, "plan/"),
        CASE_HIDDEN,
        method="post",
        body=lambda w: {"barnplan-care_plan": "Skola och boende"},
    ),
    api("get", "/persons/{person_id}/child-case", lambda w: _api(w), API_CASE_HIDDEN),
    api(
        "post",
        "/persons/{person_id}/child-case",
        lambda w: f"/persons/{w.person.public_id}/child-case",
        API_OPEN_CASE,
        body=lambda w: {"asylum_status": "SEEKING"},
    ),
    api(
        "patch",
        "/persons/{person_id}/child-case",
        lambda w: _api(w),
        API_CASE_HIDDEN,
        body=lambda w: {"asylum_status": "SEEKING"},
    ),
    api(
        "post",
        "/persons/{person_id}/child-case/report-sent",
        lambda w: _api(w, "/report-sent"),
        API_CASE_HIDDEN,
        body=lambda w: {"sent_on": _today()},
    ),
    api(
        "post",
        "/persons/{person_id}/child-case/after-18",
        lambda w: _api(w, "/after-18"),
        API_CASE_HIDDEN,
        body=lambda w: {"decision": "KEEP", "decided_on": _today()},
    ),
    api(
        "post",
        "/persons/{person_id}/child-case/close",
        lambda w: _api(w, "/close"),
        API_CASE_HIDDEN,
        body=lambda w: {"closed_on": _today(), "reason": "Flyttat"},
    ),
    api(
        "post",
        "/persons/{person_id}/child-case/placements",
        lambda w: _api(w, "/placements"),
        API_CASE_HIDDEN,
        body=lambda w: {
            "kind": "HVB",
            "provider": "HVB",
            "decided_on": _today(),
            "starts_on": _today(),
            "cost_per_day": 2000,
        },
    ),
    api(
        "post",
        "/child-placements/{placement_id}/end",
        lambda w: f"/child-placements/{UNKNOWN}/end",
        API_CASE_HIDDEN,
        body=lambda w: {"ends_on": _today(), "end_reason": "PLANNED"},
    ),
    api(
        "post",
        "/persons/{person_id}/child-case/guardians",
        lambda w: _api(w, "/guardians"),
        API_CASE_HIDDEN,
        body=lambda w: {"kind": "GOOD_MAN", "name": "Gunnar", "appointed_on": _today()},
    ),
    api(
        "post",
        "/child-guardians/{guardian_id}/end",
        lambda w: f"/child-guardians/{UNKNOWN}/end",
        API_CASE_HIDDEN,
        body=lambda w: {"ended_on": _today(), "end_reason": "ADULT"},
    ),
    api(
        "post",
        "/persons/{person_id}/child-case/visits",
        lambda w: _api(w, "/visits"),
        API_CASE_HIDDEN,
        body=lambda w: {"visited_on": _today()},
    ),
    api(
        "post",
        "/persons/{person_id}/child-case/tracing",
        lambda w: _api(w, "/tracing"),
        API_CASE_HIDDEN,
        body=lambda w: {"requested_on": _today(), "via": "Röda korset"},
    ),
    # A relative's household linked (by the anvisning's reference) and a wrong link removed: the case is not seen.
    api(
        "post",
        "/persons/{person_id}/child-case/relatives",
        lambda w: _api(w, "/relatives"),
        API_CASE_HIDDEN,
        body=lambda w: {"reference": "MIG-2026-000123", "relation": "Mamma", "noted_on": _today()},
    ),
    api(
        "delete",
        "/persons/{person_id}/child-case/relatives/{household_id}",
        lambda w: _api(w, f"/relatives/{w.household.public_id}"),
        API_CASE_HIDDEN,
    ),
    api(
        "post",
        "/persons/{person_id}/child-case/housing-need",
        lambda w: _api(w, "/housing-need"),
        API_CASE_HIDDEN,
    ),
    api("get", "/persons/{person_id}/child-case/plan", lambda w: _api(w, "/plan"), API_CASE_HIDDEN),
    api(
        "put",
        "/persons/{person_id}/child-case/plan",
        lambda w: _api(w, "/plan"),
        API_CASE_HIDDEN,
        body=lambda w: {"care_plan": "Skola och boende"},
    ),
    api("get", "/minors", lambda w: "/minors?municipality=0480", API_SOCIAL_ONLY),
    api(
        "get",
        "/minors/placement-days",
        lambda w: f"/minors/placement-days?municipality=0480&month={timezone.localdate():%Y-%m}",
        API_SOCIAL_ONLY,
    ),
]
