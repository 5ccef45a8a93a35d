"""The rows for the activity requirement's social-services part (issue #13): the lists, the deviations and their
assessment, the support months' import, the person's page and its forms, and the API.

Section SOCIAL belongs to social services, and none of the matrix's roles works there: every list and import page
is 403, the person's page and its records 403 for those who see the person (owner, consent, admin, protected) and
404 for those who do not. A deviation is the exception: anyone who sees the person may report one (201). Records a
row's URL needs (an exemption, a plan, a deviation) are made as the system; none is visible to any role (404)."""

from __future__ import annotations

from django.utils import timezone

from etablera.access.tests.matrix.cases import Case, api, expect, page

SOCIAL_ONLY = expect(403, anonymous=302)
SOCIAL_ONLY_POST = expect(403, anonymous=302)
PERSON_SOCIAL = expect(403, colleague=404, outsider=404, anonymous=302)
API_SOCIAL_ONLY = expect(403, anonymous=401)
API_PERSON_SOCIAL = expect(403, colleague=404, outsider=404, anonymous=401)
API_HIDDEN = expect(404, anonymous=401)
API_REPORT = expect(201, colleague=404, outsider=404, anonymous=401)
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _person(w, rest=""):
    return f"/persons/{w.person.public_id}/activity{rest}"


def _exemption(w):
    from etablera.activity.models import Exemption
    from etablera.activity.services.requirement import record_exemption

    found = Exemption.objects.filter(person=w.person, valid_until__isnull=True).first()
    return found or record_exemption(
        actor=None, person=w.person, ground="SICKNESS", valid_from=timezone.localdate()
    )


def _plan(w):
    from etablera.activity.models import RequirementPlan
    from etablera.activity.services.requirement import draw_up_plan

    found = RequirementPlan.objects.filter(person=w.person, status="ACTIVE").first()
    return found or draw_up_plan(actor=None, person=w.person, hours_per_week="30", content="Matrisens plan")


def _deviation(w):
    from etablera.activity.models import Deviation
    from etablera.activity.services.deviations import report_deviation

    found = Deviation.objects.filter(person=w.person, status="TO_ASSESS").first()
    return found or report_deviation(
        None, w.person, kind="ABSENCE", occurred_on=timezone.localdate(), description="Matrisens avvikelse"
    )


def _today():
    return timezone.localdate().isoformat()


PLAN_BODY = {"hours_per_week": 30, "content": "Plan"}

ROWS: list[Case] = [
    page("activity_requirement", lambda w: "/aktivitetskrav/", SOCIAL_ONLY),
    page("activity_deviations", lambda w: "/aktivitetskrav/avvikelser/", SOCIAL_ONLY),
    page(
        "activity_deviation_assess",
        lambda w: f"/aktivitetskrav/avvikelser/{_deviation(w).public_id}/bedom/",
        SOCIAL_ONLY_POST,
        method="post",
        body=lambda w: {
            f"bedom-{_deviation(w).public_id}-status": "ACCEPTABLE",
            f"bedom-{_deviation(w).public_id}-assessment": "Sjuk, intyg finns",
        },
    ),
    page("activity_support_import", lambda w: "/aktivitetskrav/import/", SOCIAL_ONLY),
    page("person_activity", lambda w: f"/personer/{w.person.public_id}/aktivitetskrav/", PERSON_SOCIAL),
    page(
        "person_activity_action",
        lambda w: f"/personer/{w.person.public_id}/aktivitetskrav/andra/",
        PERSON_SOCIAL,
        method="post",
        body=lambda w: {
            "action": "deviation",
            "avvikelse-kind": "ABSENCE",
            "avvikelse-occurred_on": _today(),
            "avvikelse-description": "x",
        },
    ),
    api("get", "/activity/requirement", lambda w: "/activity/requirement?municipality=0480", API_SOCIAL_ONLY),
    api(
        "get", "/persons/{public_id}/activity/coverage", lambda w: _person(w, "/coverage"), API_PERSON_SOCIAL
    ),
    api(
        "get",
        "/persons/{public_id}/activity/support-months",
        lambda w: _person(w, "/support-months"),
        API_PERSON_SOCIAL,
    ),
    api(
        "post",
        "/persons/{public_id}/activity/support-months",
        lambda w: _person(w, "/support-months"),
        API_PERSON_SOCIAL,
        body=lambda w: {"month": timezone.localdate().strftime("%Y-%m"), "amount": 1000},
    ),
    api(
        "post",
        "/activity/support-months/import",
        lambda w: "/activity/support-months/import",
        API_SOCIAL_ONLY,
    ),
    api(
        "get",
        "/persons/{public_id}/activity/exemptions",
        lambda w: _person(w, "/exemptions"),
        API_PERSON_SOCIAL,
    ),
    api(
        "post",
        "/persons/{public_id}/activity/exemptions",
        lambda w: _person(w, "/exemptions"),
        API_PERSON_SOCIAL,
        body=lambda w: {"ground": "SICKNESS", "valid_from": _today()},
    ),
    api(
        "post",
        "/activity/exemptions/{public_id}/end",
        lambda w: f"/activity/exemptions/{_exemption(w).public_id}/end",
        API_HIDDEN,
        body=lambda w: {"valid_until": _today()},
    ),
    api(
        "get", "/persons/{public_id}/activity/capacity", lambda w: _person(w, "/capacity"), API_PERSON_SOCIAL
    ),
    api(
        "post",
        "/persons/{public_id}/activity/capacity",
        lambda w: _person(w, "/capacity"),
        API_PERSON_SOCIAL,
        body=lambda w: {"hours_per_week": 20, "valid_from": _today(), "assessor": "A", "reason": "B"},
    ),
    api(
        "get",
        "/persons/{public_id}/activity/requirement-plans",
        lambda w: _person(w, "/requirement-plans"),
        API_PERSON_SOCIAL,
    ),
    api(
        "post",
        "/persons/{public_id}/activity/requirement-plans",
        lambda w: _person(w, "/requirement-plans"),
        API_PERSON_SOCIAL,
        body=lambda w: PLAN_BODY,
    ),
    api(
        "post",
        "/activity/requirement-plans/{public_id}/close",
        lambda w: f"/activity/requirement-plans/{_plan(w).public_id}/close",
        API_HIDDEN,
    ),
    api(
        "post",
        "/activity/requirement-plans/{public_id}/revise",
        lambda w: f"/activity/requirement-plans/{_plan(w).public_id}/revise",
        API_HIDDEN,
        body=lambda w: PLAN_BODY,
    ),
    api("get", "/activity/deviations", lambda w: "/activity/deviations?municipality=0480", API_SOCIAL_ONLY),
    api(
        "post",
        "/persons/{public_id}/activity/deviations",
        lambda w: _person(w, "/deviations"),
        API_REPORT,
        body=lambda w: {"kind": "ABSENCE", "occurred_on": _today(), "description": "Uteblev"},
    ),
    api(
        "post",
        "/activity/deviations/{public_id}/assessment",
        lambda w: f"/activity/deviations/{_deviation(w).public_id}/assessment",
        API_HIDDEN,
        body=lambda w: {"status": "ACCEPTABLE", "assessment": "Godtagbart"},
    ),
]
