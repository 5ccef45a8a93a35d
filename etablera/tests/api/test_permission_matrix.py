"""Who may use which endpoint: every operation in the OpenAPI document, for alice (Nyköping's reception unit),
bob (Nyköping's SFI unit, involved in the received family through SFI tasks), charlie (Enköping) and stina
(statistics in Nyköping: figures, never persons).

For a list, "sees" means at least one row comes back (a list is never refused, it is just empty); for anything
else the expected status code. 404 is what you get for what you may not see — the same as for what is missing.

The module runs over 600 lines: one table with a row per operation of every domain, read (and kept) as one.
"""

import datetime as dt

import pytest

from etablera.access import services as access_services
from etablera.api_v1 import api
from etablera.organisation.models import Unit
from etablera.reception import services
from etablera.reception.models import MunicipalQuota, Task
from etablera.testing.api_client import ApiClient
from etablera.testing.factories import HouseholdFactory, UserFactory, personnummer
from etablera.testing.snapshot import once

SEES, EMPTY = "sees", "empty"
USERS = ("alice", "bob", "charlie", "stina")
MONEY_READ = {"alice": 200, "bob": 403, "charlie": 403, "stina": 200}
MONEY_WRITE = {"alice": 200, "bob": 403, "charlie": 403, "stina": 403}

# (method, path, body, {user: expectation})
MATRIX = [
    ("get", "/counties", None, dict.fromkeys(USERS, SEES)),
    ("get", "/municipalities", None, dict.fromkeys(USERS, SEES)),
    ("get", "/municipalities/{code}", None, dict.fromkeys(USERS, 200)),
    ("get", "/units", None, dict.fromkeys(USERS, SEES)),
    (
        "post",
        "/persons/search",
        {"q": "Testsson"},
        {"alice": SEES, "bob": SEES, "charlie": EMPTY, "stina": EMPTY},
    ),
    ("get", "/persons/{person}", None, {"alice": 200, "bob": 200, "charlie": 404, "stina": 404}),
    (
        "post",
        "/households/search",
        {"q": "Familjen"},
        {"alice": SEES, "bob": SEES, "charlie": EMPTY, "stina": EMPTY},
    ),
    ("get", "/households/{household}", None, {"alice": 200, "bob": 200, "charlie": 404, "stina": 404}),
    ("get", "/quotas", None, dict.fromkeys(USERS, SEES)),
    ("put", "/quotas/{code}/2026", {"quota": 70}, {"alice": 200, "bob": 403, "charlie": 403, "stina": 403}),
    ("get", "/assignments", None, {"alice": SEES, "bob": SEES, "charlie": EMPTY, "stina": EMPTY}),
    (
        "post",
        "/assignments",
        {
            "municipality": "0480",
            "reference": "MIG-M-1",
            "category": "RESETTLED",
            "decision_date": "{today}",
            "person_count": 2,
        },
        {"alice": 201, "bob": 403, "charlie": 403, "stina": 403},
    ),
    ("get", "/assignments/{assignment}", None, {"alice": 200, "bob": 200, "charlie": 404, "stina": 404}),
    (
        "post",
        "/assignments/{pending}/arrival",
        {"arrival_date": "{today}"},
        {"alice": 201, "bob": 404, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/assignments/{pending}/cancel",
        {"reason": "Tackade nej"},
        {"alice": 200, "bob": 404, "charlie": 404, "stina": 404},
    ),
    ("get", "/reception-cases", None, {"alice": SEES, "bob": SEES, "charlie": EMPTY, "stina": EMPTY}),
    ("get", "/reception-cases/{case}", None, {"alice": 200, "bob": 200, "charlie": 404, "stina": 404}),
    ("get", "/reports/quota?year=2026", None, dict.fromkeys(USERS, 200)),
    ("get", "/tasks", None, {"alice": SEES, "bob": SEES, "charlie": EMPTY, "stina": EMPTY}),
    ("get", "/tasks/{task}", None, {"alice": 200, "bob": 200, "charlie": 404, "stina": 404}),
    ("post", "/tasks/{task}/complete", {}, {"alice": 200, "bob": 403, "charlie": 404, "stina": 404}),
    (
        "post",
        "/tasks/{task}/not-applicable",
        {"reason": "Redan klart"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    # The task is open: alice may reopen it, and is refused because it is open already (issue #9: 409).
    ("post", "/tasks/{task}/reopen", None, {"alice": 409, "bob": 403, "charlie": 404, "stina": 404}),
    (
        "post",
        "/tasks/{task}/reassign",
        {"unit": "{sfi}"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/tasks/{task}/notes",
        {"text": "Ringt"},
        {"alice": 201, "bob": 403, "charlie": 404, "stina": 404},
    ),
    # The day's work (issue #11): bob sees the reception unit's task but may not change it (403); in a bulk action a
    # task one does not see is an error at the field (422); the caseload is for unit managers (none of these four).
    ("post", "/tasks/{task}/take", None, {"alice": 200, "bob": 403, "charlie": 404, "stina": 404}),
    (
        "post",
        "/tasks/{task}/assign",
        {"assignee": "alice"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/tasks/bulk",
        {"action": "take", "ids": ["{task}"]},
        {"alice": 200, "bob": 403, "charlie": 422, "stina": 422},
    ),
    ("get", "/tasks/caseload", None, dict.fromkeys(USERS, 403)),
    # The log review is for unit managers and administrators (none of these four; the reviewers' answers are
    # tested in access/tests/test_review_api.py and the issue #3 matrix). The register extract takes an explicit
    # authorisation (none of these four; the authorised: access/tests/test_register_extract.py).
    ("get", "/access-log", None, dict.fromkeys(USERS, 403)),
    ("post", "/access-log/search", {}, dict.fromkeys(USERS, 403)),
    ("post", "/persons/{person}/extract", {"reason": "Begäran, dnr 2026/1"}, dict.fromkeys(USERS, 403)),
    # Consent, section notes, protected addresses and break-glass (issue #3). bob sees the family through
    # SFI's tasks, so he may also record and withdraw a consent and write a note in the basic section.
    ("get", "/persons/{person}/consents", None, {"alice": 200, "bob": 200, "charlie": 404, "stina": 404}),
    (
        "post",
        "/persons/{person}/consents",
        {
            "units": ["{sfi}"],
            "sections": ["BASIC"],
            "purpose": "Planera SFI-start",
            "given_date": "{today}",
            "method": "WRITTEN",
        },
        {"alice": 201, "bob": 201, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/consents/{consent}/withdraw",
        {"note": "Återkallat i telefon"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    ("get", "/persons/{person}/notes", None, {"alice": 200, "bob": 200, "charlie": 404, "stina": 404}),
    (
        "post",
        "/persons/{person}/notes",
        {"section": "BASIC", "text": "Ringt"},
        {"alice": 201, "bob": 201, "charlie": 404, "stina": 404},
    ),
    # Only an explicit authorisation (none of these four) shows an address on request.
    (
        "post",
        "/persons/{person}/address",
        {"reason": "Behöver adressen för ett akut utskick"},
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    # Familjen Väntar: alice sees it already (200, no grant), bob opens it (201); outside their municipalities
    # charlie and stina (no staff role) find no one (422 at the number).
    (
        "post",
        "/break-glass",
        {"identity_number": "{pnr}", "reason": "Akut: behöver nå familjen i kväll"},
        {"alice": 200, "bob": 201, "charlie": 422, "stina": 422},
    ),
    # Keeping a person true (issue #11): the reception unit changes a person; bob sees the family through SFI's
    # tasks and is refused (403); who does not see the person finds no one (404).
    (
        "patch",
        "/persons/{person}",
        {"citizenship": "Syrien"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/identity-numbers",
        {"identity_number_type": "PERSONNUMMER", "identity_number": "{new_pnr}"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "get",
        "/persons/{person}/residence-permits",
        None,
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/residence-permits",
        {"kind": "PERMANENT", "decided_on": "{today}"},
        {"alice": 201, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/persons/{person}/registered-address",
        {"street": "Nya vagen 2", "postal_code": "611 30", "city": "Nykoping"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/protected-identity",
        {"level": "PROTECTED_REGISTRATION"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    # Register changes of a person and a household (issue #11, people/api/changes.py): the reception unit's.
    (
        "post",
        "/persons/{person}/birth-date",
        {"kind": "CORRECTION", "new_date": "{today}", "reason": "Felregistrerat"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/merge",
        {"duplicate": "{person}", "reason": "Samma person"},
        {"alice": 422, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/households/{household}/members",
        {
            "relation": "CHILD",
            "new_person": {"first_name": "Nova", "last_name": "Exempel", "category": "RESETTLED"},
        },
        {"alice": 201, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/households/{household}/members/leave",
        {"person": "{person}", "reason": "MOVED_OUT", "on_date": "{today}"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "get",
        "/persons/{person}/possible-duplicates",
        None,
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/households/{household}/split",
        {"persons": ["{person}"], "name": "Eget hushåll"},
        {"alice": 201, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/households/{household}/merge",
        {"other": "{household}"},
        {"alice": 422, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/households/{household}/anchor-person",
        {"anchor": "{person}"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    # Members of an anvisning and households in own housing (issue #11): the reception unit's. The pending
    # anvisning's member as it is: adding it again changes nothing (200). A JSON body is no CSV file: the import
    # answers with the file's errors (200, ok false) to whoever may import into their own municipality.
    (
        "post",
        "/assignments/{pending}/members",
        {
            "members": [
                {
                    "first_name": "{waiting_first}",
                    "last_name": "{waiting_last}",
                    "identity_number_type": "NONE",
                    "birth_date": "{waiting_born}",
                }
            ]
        },
        {"alice": 200, "bob": 404, "charlie": 404, "stina": 404},
    ),
    ("post", "/imports/members", {}, {"alice": 200, "bob": 403, "charlie": 200, "stina": 403}),
    # The anvisningar import over the API (issue #11): an empty JSON body is no CSV file, listed as the file's error.
    ("post", "/imports/assignments", {}, {"alice": 200, "bob": 403, "charlie": 200, "stina": 403}),
    (
        "post",
        "/reception-cases",
        {
            "municipality": "0480",
            "registered_date": "{today}",
            "household": {
                "name": "Familjen Egen",
                "members": [{"first_name": "Egen", "last_name": "Matris"}],
            },
        },
        {"alice": 201, "bob": 403, "charlie": 403, "stina": 403},
    ),
    # --- the establishment (issue #12): whoever sees the person keeps its records (bob through SFI's tasks);
    # {plan}, {programme} and {sfi_enrolment} are made for the row's world (establishment_ids below). A SIP
    # without consent is refused at the field; the imports answer a JSON body with the file's errors.
    (
        "get",
        "/persons/{person}/establishment",
        None,
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/persons/{person}/establishment/mapping",
        {"goals": "Arbete"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/establishment/plans",
        {"kind": "SIP"},
        {"alice": 422, "bob": 422, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/establishment/plans/{plan}/goals",
        {"area": "LANGUAGE", "description": "SFI D"},
        {"alice": 201, "bob": 201, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/establishment/plans/{plan}/interventions",
        {"what": "Praktik", "start_date": "{today}", "external_actor": "Arbetsförmedlingen"},
        {"alice": 201, "bob": 201, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/establishment/plans/{plan}/meetings",
        {"held_on": "{today}", "agreed_actions": "Fortsätt"},
        {"alice": 201, "bob": 201, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/persons/{person}/establishment/programme",
        {"referral_date": "{today}"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/establishment/programmes/{programme}/end",
        {"actual_end": "{today}", "end_reason": "WORK"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/persons/{person}/establishment/sfi",
        {"enrolled_on": "{today}", "course": "A", "study_path": 1},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/establishment/sfi/{sfi_enrolment}/interruptions",
        {"start_date": "{today}"},
        {"alice": 201, "bob": 201, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/establishment/sfi/{sfi_enrolment}/completion",
        {"completed_on": "{today}"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/establishment/monthly-status",
        {"month": "{today}", "status": "WORK"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    # The mapping's parts (its mapping is made for the row's world): health and a child's mapping need their
    # sections (the region's, the school's), which neither alice nor bob has: 403 for those who see the person.
    (
        "post",
        "/persons/{person}/establishment/mapping/educations",
        {"level": "PRIMARY"},
        {"alice": 201, "bob": 201, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/establishment/mapping/work-experiences",
        {"ssyk_code": "5120"},
        {"alice": 201, "bob": 201, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/establishment/mapping/languages",
        {"language": "Dari", "level": "BASIC"},
        {"alice": 201, "bob": 201, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/persons/{person}/establishment/mapping/health",
        {"health": "Ryggont"},
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/persons/{person}/establishment/mapping/child",
        {"school": "Skolan"},
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/establishment/mapping/completion",
        {},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/persons/{person}/establishment/civic-orientation",
        {"language": "Dari"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    # The plan's life and the caseload of plans (issue #12): who sees the person may close the plan, move an
    # intervention or a goal on, plan the next meeting; the revision is refused (409) until a meeting marks the
    # plan; the caseload (all the user sees) holds the family's plan for alice and bob.
    (
        "post",
        "/establishment/plans/{plan}/close",
        {"outcome": "NOT_NEEDED"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/establishment/plans/{plan}/revision",
        {"note": "Ny inriktning"},
        {"alice": 409, "bob": 409, "charlie": 404, "stina": 404},
    ),
    (
        "patch",
        "/establishment/plans/{plan}/interventions/{plan_intervention}",
        {"status": "ONGOING"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "patch",
        "/establishment/plans/{plan}/goals/{plan_goal}",
        {"status": "REACHED"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/establishment/plans/{plan}/next-meeting",
        {"next_meeting_on": "{next_week}"},
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    ("get", "/plans?scope=all", None, {"alice": SEES, "bob": SEES, "charlie": EMPTY, "stina": EMPTY}),
    ("post", "/imports/monthly-status", {}, {"alice": 200, "bob": 200, "charlie": 200, "stina": 403}),
    ("post", "/imports/sfi", {}, {"alice": 200, "bob": 200, "charlie": 200, "stina": 403}),
    # Programmes that end soon (issue #12): for social services, the reception and labour-market units and
    # administrators — alice's and charlie's lists (the family's programme ends in 24 months: none within 90 days,
    # which etablera/establishment/api/tests/test_reports_api.py fills); SFI and statistics are refused.
    ("get", "/programme/ending?days=90", None, {"alice": EMPTY, "bob": 403, "charlie": EMPTY, "stina": 403}),
    # --- the activity requirement (issue #13): SOCIAL is social services' (none of these four): the lists and the
    # import are refused (403), the person's SOCIAL records 403 for who sees the person, 404 for the rest; the
    # records made as the system ({exemption}, {requirement_plan}, {deviation}) are seen by no one (404). Anyone who
    # sees the person reports a deviation. The week is seen with the person and changed by who works with the
    # requirement (alice's reception unit; bob's SFI does not: 403). Employers and placements are read by who works
    # with the requirement (alice; bob's and stina's lists are empty), kept by the labour-market unit (403 for
    # alice). The activity records are made for the row's world (activity_ids below).
    (
        "get",
        "/activity/requirement?municipality=0480",
        None,
        dict.fromkeys(USERS, 403),
    ),
    (
        "get",
        "/persons/{person}/activity/coverage",
        None,
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "get",
        "/persons/{person}/activity/support-months",
        None,
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/activity/support-months",
        {"month": "{this_month}", "amount": 1000},
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    ("post", "/activity/support-months/import", {}, dict.fromkeys(USERS, 403)),
    (
        "get",
        "/persons/{person}/activity/exemptions",
        None,
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/activity/exemptions",
        {"ground": "SICKNESS", "valid_from": "{today}"},
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/activity/exemptions/{exemption}/end",
        {"valid_until": "{today}"},
        dict.fromkeys(USERS, 404),
    ),
    (
        "get",
        "/persons/{person}/activity/capacity",
        None,
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/activity/capacity",
        {"hours_per_week": 20, "valid_from": "{today}", "assessor": "Läkare", "reason": "Ryggont"},
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "get",
        "/persons/{person}/activity/requirement-plans",
        None,
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/activity/requirement-plans",
        {"hours_per_week": 30, "content": "Plan"},
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/activity/requirement-plans/{requirement_plan}/close",
        {"reason": "Arbete"},
        dict.fromkeys(USERS, 404),
    ),
    (
        "post",
        "/activity/requirement-plans/{requirement_plan}/revise",
        {"hours_per_week": 30, "content": "Plan"},
        dict.fromkeys(USERS, 404),
    ),
    ("get", "/activity/deviations?municipality=0480", None, dict.fromkeys(USERS, 403)),
    (
        "post",
        "/persons/{person}/activity/deviations",
        {"kind": "ABSENCE", "occurred_on": "{today}", "description": "Uteblev"},
        {"alice": 201, "bob": 201, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/activity/deviations/{deviation}/assessment",
        {"status": "ACCEPTABLE", "assessment": "Godtagbart"},
        dict.fromkeys(USERS, 404),
    ),
    # The catalogue and the praktikplatsbank (activity/api/bank.py).
    ("get", "/activities", None, {"alice": SEES, "bob": SEES, "charlie": EMPTY, "stina": EMPTY}),
    (
        "post",
        "/activities",
        {
            "name": "Studiecirkel",
            "kind": "STUDY_CIRCLE",
            "place": "ABF",
            "schedule": "Torsdagar",
            "hours_per_week": 2,
            "places": 8,
            "starts_on": "{today}",
        },
        {"alice": 201, "bob": 201, "charlie": 201, "stina": 403},
    ),
    (
        "patch",
        "/activities/{activity}",
        {"places": 6},
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    ("get", "/employers", None, {"alice": SEES, "bob": EMPTY, "charlie": EMPTY, "stina": EMPTY}),
    (
        "post",
        "/employers",
        {"name": "Matrisens städ AB", "organisation_number": "5599000022"},
        dict.fromkeys(USERS, 403),
    ),
    (
        "post",
        "/employers/{employer}/contacts",
        {"name": "Kim", "email": "kim@exempel.se"},
        {"alice": 403, "bob": 404, "charlie": 404, "stina": 404},
    ),
    ("get", "/placements", None, {"alice": SEES, "bob": EMPTY, "charlie": EMPTY, "stina": EMPTY}),
    (
        "post",
        "/placements",
        {
            "employer": "{employer}",
            "title": "Kock",
            "ssyk": "5120",
            "tasks": "Laga mat",
            "starts_on": "{today}",
            "ends_on": "{next_week}",
            "hours_per_week": 20,
        },
        {"alice": 403, "bob": 404, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/placements/{placement}/offers",
        {"person": "{person}"},
        {"alice": 201, "bob": 404, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/placement-offers/{offer}/accept",
        {},
        {"alice": 200, "bob": 404, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/placement-offers/{offer}/decline",
        {"reason": "Resvägen"},
        {"alice": 200, "bob": 404, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/placement-offers/{offer}/withdraw",
        None,
        {"alice": 200, "bob": 404, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/placements/{placement}/withdraw",
        None,
        {"alice": 403, "bob": 404, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/placements/{filled}/end",
        {"outcome": "EMPLOYMENT"},
        {"alice": 403, "bob": 404, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/placements/{filled}/follow-up",
        {"text": "Gick bra."},
        {"alice": 403, "bob": 404, "charlie": 404, "stina": 404},
    ),
    # The week (activity/api/week.py): attendance is recorded by the activity's unit (here the labour-market unit),
    # social services or an administrator; the import is for anyone in a unit (a JSON body: the file's errors).
    (
        "get",
        "/persons/{person}/activity/participations",
        None,
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/persons/{person}/activity/participations",
        {"kind": "JOB_SEEKING", "hours_per_week": 1, "starts_on": "{today}"},
        {"alice": 201, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/activity/participations/{participation}/end",
        {"ends_on": "{today}"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "get",
        "/activity/activities/{activity}/attendance?week={week}",
        None,
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/activity/attendance",
        {"participation": "{participation}", "week": "{week}", "hours_attended": 1},
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    ("post", "/activity/attendance/import", {}, {"alice": 200, "bob": 200, "charlie": 200, "stina": 403}),
    # No such coach: alice may assign one and is told at the field (422).
    (
        "post",
        "/persons/{person}/activity/job-coach",
        {"coach": 0},
        {"alice": 422, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/activity/job-coaches/{job_coach}/first-contact",
        {"first_contact_on": "{today}"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    # "Räcker utbudet?": who works with the requirement and who reads figures (stina) in the municipality.
    (
        "get",
        "/activity/report?municipality=0480&week={week}",
        None,
        {"alice": 200, "bob": 404, "charlie": 404, "stina": 200},
    ),
    # The matching (activity/api/matching.py): for who works with the requirement and sees the person.
    (
        "get",
        "/persons/{person}/activity/proposals",
        None,
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "get",
        "/placements/{placement}/candidates",
        None,
        {"alice": 200, "bob": 404, "charlie": 404, "stina": 404},
    ),
    (
        "put",
        "/persons/{person}/activity/job-profile",
        {"wished_ssyk": ["5321"], "travel": "AREA", "wishes": ""},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 404},
    ),
    # The planned arrival date of an anvisning waiting (issue #11, tasks before arrival): the reception unit's.
    (
        "patch",
        "/assignments/{pending}",
        {"planned_arrival_date": "{today}"},
        {"alice": 200, "bob": 404, "charlie": 404, "stina": 404},
    ),
    # --- unaccompanied minors (issue #14): the child's case is section SOCIAL, social services' (none of these four).
    # The case made for the row's world as the system ({child}) is seen by no one (404), whether the person is or
    # not; opening one is 403 for who sees the person, 404 for the rest; the lists are refused (403).
    ("get", "/persons/{child}/child-case", None, dict.fromkeys(USERS, 404)),
    (
        "post",
        "/persons/{child}/child-case",
        {"asylum_status": "SEEKING"},
        {"alice": 403, "bob": 403, "charlie": 404, "stina": 404},
    ),
    ("patch", "/persons/{child}/child-case", {"asylum_status": "SEEKING"}, dict.fromkeys(USERS, 404)),
    ("post", "/persons/{child}/child-case/report-sent", {"sent_on": "{today}"}, dict.fromkeys(USERS, 404)),
    (
        "post",
        "/persons/{child}/child-case/after-18",
        {"decision": "KEEP", "decided_on": "{today}"},
        dict.fromkeys(USERS, 404),
    ),
    (
        "post",
        "/persons/{child}/child-case/close",
        {"closed_on": "{today}", "reason": "Flyttat"},
        dict.fromkeys(USERS, 404),
    ),
    (
        "post",
        "/persons/{child}/child-case/placements",
        {
            "kind": "HVB",
            "provider": "HVB",
            "decided_on": "{today}",
            "starts_on": "{today}",
            "cost_per_day": 2000,
        },
        dict.fromkeys(USERS, 404),
    ),
    (
        "post",
        "/child-placements/{child_placement}/end",
        {"ends_on": "{today}", "end_reason": "PLANNED"},
        dict.fromkeys(USERS, 404),
    ),
    (
        "post",
        "/persons/{child}/child-case/guardians",
        {"kind": "GOOD_MAN", "name": "Gunnar", "appointed_on": "{today}"},
        dict.fromkeys(USERS, 404),
    ),
    (
        "post",
        "/child-guardians/{child_guardian}/end",
        {"ended_on": "{today}", "end_reason": "ADULT"},
        dict.fromkeys(USERS, 404),
    ),
    ("post", "/persons/{child}/child-case/visits", {"visited_on": "{today}"}, dict.fromkeys(USERS, 404)),
    (
        "post",
        "/persons/{child}/child-case/tracing",
        {"requested_on": "{today}", "via": "Röda korset"},
        dict.fromkeys(USERS, 404),
    ),
    (
        "post",
        "/persons/{child}/child-case/relatives",
        {"reference": "MIG-M-PENDING", "relation": "Mamma", "noted_on": "{today}"},
        dict.fromkeys(USERS, 404),
    ),
    ("delete", "/persons/{child}/child-case/relatives/{child_relative}", None, dict.fromkeys(USERS, 404)),
    ("post", "/persons/{child}/child-case/housing-need", None, dict.fromkeys(USERS, 404)),
    ("get", "/persons/{child}/child-case/plan", None, dict.fromkeys(USERS, 404)),
    ("put", "/persons/{child}/child-case/plan", {"care_plan": "Skola och boende"}, dict.fromkeys(USERS, 404)),
    ("get", "/minors?municipality=0480", None, dict.fromkeys(USERS, 403)),
    ("get", "/minors/placement-days?municipality=0480&month={this_month}", None, dict.fromkeys(USERS, 403)),
    # --- the money domain (issue #15): alice (the integration unit) reads and keeps Nyköping's; bob has no money
    # pages; charlie keeps Enköping's (Nyköping's figures are 403, its records 404); stina (statistics) reads
    # Nyköping's figures and claims — the money rows are `figures` rules — and writes nothing.
    ("get", "/money/compensation?municipality=0480&year={money_year}", None, MONEY_READ),
    ("get", "/money/entitlements?municipality=0480&month={this_month}", None, MONEY_READ),
    ("post", "/money/entitlements/compute", {"municipality": "0480", "year": 2026}, MONEY_WRITE),
    ("get", "/money/rates", None, {"alice": 200, "bob": 403, "charlie": 200, "stina": 200}),
    (
        "post",
        "/money/rates",
        {"key": "money.prisbasbelopp", "effective_from": "2031-01-01", "amount": 61000, "source": "Test"},
        dict.fromkeys(USERS, 403),  # administrators only
    ),
    (
        "post",
        "/money/relocations",
        {"person_id": "{person}", "to_municipality": "0381", "moved_on": "{today}"},
        {"alice": 201, "bob": 403, "charlie": 404, "stina": 404},
    ),
    (
        "get",
        "/money/relocations?person_id={person}",
        None,
        {"alice": 200, "bob": 200, "charlie": 404, "stina": 404},
    ),
    ("get", "/money/payments", None, {"alice": SEES, "bob": 403, "charlie": EMPTY, "stina": SEES}),
    (
        "post",
        "/money/payments",
        {"municipality": "0480", "kind": "SCHABLON", "month": "2026-01", "paid_on": "{today}", "amount": 100},
        {"alice": 201, "bob": 403, "charlie": 403, "stina": 403},
    ),
    (
        "post",
        "/money/payments/import?municipality=0480",
        {},
        {"alice": 200, "bob": 403, "charlie": 403, "stina": 403},
    ),
    ("delete", "/money/payments/{payment}", None, {"alice": 204, "bob": 404, "charlie": 404, "stina": 403}),
    ("get", "/money/reconciliation?municipality=0480&year={money_year}", None, MONEY_READ),
    ("get", "/money/forecast?municipality=0480", None, MONEY_READ),
    ("get", "/money/forecast-settings/{money_code}", None, MONEY_READ),
    (
        "put",
        "/money/forecast-settings/{money_code}",
        {"share_without_work": 50, "average_monthly_cost": 7000, "months_on_support": 12, "source": "KEFU"},
        MONEY_WRITE,
    ),
    ("get", "/money/funding/{money_code}/{money_year}", None, MONEY_READ),
    # Grants (issue #17): the integration unit's staff of Nyköping; Enköping's see their own (none) and 404 here.
    ("get", "/grants/programmes", None, {"alice": SEES, "bob": 403, "charlie": EMPTY, "stina": 403}),
    (
        "get",
        "/grants/programmes/{grant_programme}",
        None,
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 403},
    ),
    (
        "get",
        "/grants/programmes/{grant_programme}/applications",
        None,
        {"alice": SEES, "bob": 403, "charlie": 404, "stina": 403},
    ),
    (
        "get",
        "/grants/applications/{grant_application}",
        None,
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 403},
    ),
    # The register of associations (issue #17): civil society's staff; for others a list is empty and a record 404
    # (as restrict() gives); Enköping's staff write in their own municipality.
    ("get", "/associations", None, {"alice": SEES, "bob": EMPTY, "charlie": EMPTY, "stina": EMPTY}),
    (
        "post",
        "/associations",
        {"name": "Matrisföreningen", "kind": "ASSOCIATION"},
        {"alice": 201, "bob": 403, "charlie": 201, "stina": 403},
    ),
    ("get", "/associations/{association}", None, {"alice": 200, "bob": 404, "charlie": 404, "stina": 404}),
    (
        "get",
        "/associations/{association}/activities",
        None,
        {"alice": 200, "bob": 404, "charlie": 404, "stina": 404},
    ),
    (
        "post",
        "/associations/{association}/activities",
        {
            "name": "Matrisfotboll",
            "place": "Rosvalla",
            "schedule": "tis 17–19",
            "hours_per_week": 2,
            "places": 10,
            "starts_on": "{today}",
        },
        {"alice": 201, "bob": 404, "charlie": 404, "stina": 404},
    ),
    # Volunteers (issue #17): civil society's staff; Enköping's see their own (none) and 404 here.
    ("get", "/volunteers", None, {"alice": SEES, "bob": 403, "charlie": EMPTY, "stina": 403}),
    ("get", "/volunteers/{volunteer}", None, {"alice": 200, "bob": 403, "charlie": 404, "stina": 403}),
    ("get", "/volunteer-matches", None, {"alice": SEES, "bob": 403, "charlie": EMPTY, "stina": 403}),
    (
        "get",
        "/volunteer-matches/{volunteer_match}",
        None,
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 403},
    ),
    ("put", "/money/funding/{money_code}/{money_year}", {"model": "POT", "budget": 2000000}, MONEY_WRITE),
    ("get", "/money/funding/{money_code}/{money_year}/applications", None, MONEY_READ),
    (
        "post",
        "/money/funding/{money_code}/{money_year}/applications",
        {
            "applicant_name": "Föreningen",
            "purpose": "Läxhjälp",
            "amount_applied": 1000,
            "period_start": "{money_year}-02-01",
            "period_end": "{money_year}-05-31",
        },
        {"alice": 201, "bob": 403, "charlie": 403, "stina": 403},
    ),
    (
        "post",
        "/money/pot-applications/{application}/decision",
        {"status": "GRANTED", "amount_granted": 1000, "decided_on": "{today}"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 403},
    ),
    (
        "post",
        "/money/pot-applications/{application}/report",
        {"spent": 100, "report": "Bra", "reported_on": "{today}"},
        {"alice": 409, "bob": 403, "charlie": 404, "stina": 403},  # not yet granted
    ),
    (
        "put",
        "/money/funding/{money_code}/{money_year}/shares",
        {"shares": []},
        {"alice": 409, "bob": 403, "charlie": 403, "stina": 403},
    ),
    ("get", "/money/claims", None, {"alice": SEES, "bob": 403, "charlie": EMPTY, "stina": SEES}),
    (
        "post",
        "/money/claims",
        {"municipality": "0480", "kind": "OTHER", "title": "Matrisens ansökan", "deadline": "{today}"},
        {"alice": 201, "bob": 403, "charlie": 403, "stina": 403},
    ),
    ("get", "/money/claims/{claim}", None, {"alice": 200, "bob": 404, "charlie": 404, "stina": 200}),
    (
        "post",
        "/money/claims/{claim}/status",
        {"status": "APPLIED", "applied_on": "{today}"},
        {"alice": 200, "bob": 403, "charlie": 404, "stina": 403},
    ),
]

# The activity records' ids in MATRIX, as the OpenAPI document names them.
ACTIVITY_PATHS = [
    (f"{{{name}}}", "{public_id}")
    for name in (
        "activity",
        "employer",
        "placement",
        "offer",
        "filled",
        "participation",
        "job_coach",
        "exemption",
        "requirement_plan",
        "deviation",
    )
]


WORLD_FIXTURES = ("alice", "bob", "charlie", "stina", "received", "nykoping", "units", "today")


@pytest.fixture
def world(request, db):
    """The matrix's world, made for real in a process's first test and written back from its snapshot in the others
    (testing/snapshot.once): the same rows, ids and result, without a third of a second of services per test."""
    return once("api-permission-matrix", lambda: _make_world(*map(request.getfixturevalue, WORLD_FIXTURES)))


def _make_world(alice, bob, charlie, stina, received, nykoping, units, today):
    MunicipalQuota.objects.create(municipality=nykoping, year=2026, quota=60)
    other = HouseholdFactory.with_members([33], municipality=nykoping, name="Familjen Väntar")
    pending = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-M-PENDING",
        category="RESETTLED",
        decision_date=today - dt.timedelta(days=3),
        household=other,
    )
    family = received.household
    waiting = other.members.get()
    waiting.identity_number_type = "PERSONNUMMER"
    waiting.identity_number = personnummer(waiting.birth_date)
    waiting.save()
    first = family.memberships.order_by("pk").first().person
    new_number = personnummer(first.birth_date, serial=772)
    consent = access_services.record_consent(
        actor=alice,
        person=first,
        units=[units[Unit.Function.SCHOOL]],
        sections=["BASIC"],
        purpose="Skolstart",
        given_date=today,
        method="WRITTEN",
    )
    return {
        "consent": consent.public_id,
        "pnr": waiting.identity_number_display,
        "code": "0480",
        "person": family.memberships.order_by("pk").first().person.public_id,
        "household": family.public_id,
        "assignment": received.assignment_id,
        "pending": pending.pk,
        "case": received.pk,
        "task": Task.objects.filter(case=received, unit=units[Unit.Function.RECEPTION])
        .order_by("pk")
        .first()
        .pk,
        "sfi": units[Unit.Function.SFI].pk,
        # As typed, with its hyphen (a bare 12-digit value would be filled in as a number).
        "new_pnr": f"{new_number[:8]}-{new_number[8:]}",
        "waiting_first": waiting.first_name,
        "waiting_last": waiting.last_name,
        "waiting_born": waiting.birth_date.isoformat(),
        "today": today.isoformat(),
        "users": {"alice": alice, "bob": bob, "charlie": charlie, "stina": stina},
        **establishment_ids(first, today),
        **activity_ids(first, today, units[Unit.Function.LABOUR_MARKET]),
        **minors_ids(first),
        **money_claim_ids(nykoping, today),
        **grants_ids(nykoping, today),
        **volunteers_ids(nykoping, first, today),
        **civil_ids(nykoping),
    }


def civil_ids(nykoping):
    """An association in Nyköping's register (issue #17)."""
    from etablera.civil.models import Association

    association = Association.objects.create(municipality=nykoping, name="Matrisklubben", kind="SPORTS")
    return {"association": association.public_id}


def volunteers_ids(nykoping, person, today):
    """An approved volunteer of Nyköping and a proposed match with the person's wish (issue #17), as the system."""
    from django.utils import timezone

    from etablera.volunteers.models import Match, NewcomerWish, Volunteer
    from etablera.volunteers.services import consent_in_force

    volunteer = Volunteer.objects.create(
        municipality=nykoping,
        name="Matrisens volontär",
        email="matris@example.org",
        offers=",LANGUAGE_FRIEND,",
        languages=",sv,",
        status=Volunteer.Status.APPROVED,
        consent_text=consent_in_force("sv"),
        consent_at=timezone.now(),
    )
    wish = NewcomerWish.objects.create(
        municipality=nykoping,
        person=person,
        languages=",sv,",
        offers=",LANGUAGE_FRIEND,",
        consent_given_by="Personen",
        consent_method="ORAL",
        consent_date=today,
    )
    match = Match.objects.create(
        municipality=nykoping, volunteer=volunteer, wish=wish, offer="LANGUAGE_FRIEND"
    )
    return {"volunteer": volunteer.public_id, "volunteer_match": match.public_id}


def grants_ids(nykoping, today):
    """Nyköping's grant programme and a confirmed application to it (issue #17), made as the system."""
    from django.utils import timezone

    from etablera.grants.models import Application, GrantProgramme

    programme = GrantProgramme.objects.create(
        municipality=nykoping,
        name="Matrisbidraget",
        criteria="K",
        budget=1000,
        opens_on=today,
        closes_on=today,
    )
    application = Application.objects.create(
        programme=programme,
        municipality=nykoping,
        reference="BID-MATRIS-1",
        association_name="Föreningen",
        organisation_number="802000-1239",
        contact_name="Kim",
        contact_email="kim@example.se",
        description="Läxhjälp",
        amount_applied=100,
        confirmed_at=timezone.now(),
    )
    return {"grant_programme": programme.public_id, "grant_application": application.public_id}


def minors_ids(person):
    """A child's case for the person, made as the system (section SOCIAL: seen by none of the four), with a placement
    and a god man whose ends the rows ask for."""
    from etablera.minors.models import ChildCase, Guardian, Placement

    case = ChildCase.objects.create(person=person, municipality_id=person.municipality_id)
    placement = Placement.objects.create(
        case=case,
        kind="HVB",
        provider="HVB",
        decided_on=dt.date(2026, 1, 1),
        starts_on=dt.date(2026, 1, 1),
        cost_per_day=1,
    )
    guardian = Guardian.objects.create(
        case=case, kind="GOOD_MAN", name="Gunnar", appointed_on=dt.date(2026, 1, 1)
    )
    return {
        "child": person.public_id,
        "child_placement": placement.public_id,
        "child_guardian": guardian.public_id,
        # A household's link to the child, as DELETE names it (none is made: the case is not seen, so it is 404).
        "child_relative": person.household_memberships.first().household.public_id,
    }


def money_claim_ids(nykoping, today):
    """Nyköping's money records (issue #15), made as the system: a claim to apply for, a payment entered by hand,
    and the year's pot with an application waiting for its decision."""
    from etablera.money.models import FundingYear, Payment, PotApplication
    from etablera.money.services.claims import open_claim

    payment = Payment.objects.create(
        municipality=nykoping, kind="SCHABLON", month=today.replace(day=1), paid_on=today, amount=5000
    )
    year = FundingYear.objects.create(municipality=nykoping, year=today.year, model="POT", budget=1_000_000)
    application = PotApplication.objects.create(
        funding_year=year,
        applicant_name="Röda korset",
        purpose="Språkcafé",
        amount_applied=20_000,
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
    )
    return {
        "claim": open_claim(None, nykoping, "OTHER", "Matrisens ansökan", today).pk,
        "payment": payment.pk,
        "application": application.pk,
        "money_code": "0480",
        "money_year": today.year,
    }


def establishment_ids(person, today):
    """A mapping, a plan, a running programme and an open SFI enrolment of the person (issue #12), made as the
    system."""
    from etablera.establishment import services as establishment

    start = today - dt.timedelta(days=30)
    establishment.start_assessment(actor=None, person=person)
    plan = establishment.create_plan(actor=None, person=person)
    return {
        "plan": plan.public_id,
        "plan_intervention": establishment.add_intervention(
            actor=None, plan=plan, what="Läxhjälp", start_date=today, external_actor="Föreningen"
        ).pk,
        "plan_goal": establishment.add_goal(actor=None, plan=plan, area="SOCIAL", description="Förening").pk,
        "next_week": (today + dt.timedelta(days=7)).isoformat(),
        "programme": establishment.record_programme(
            actor=None, person=person, referral_date=start, start_date=start
        ).public_id,
        "sfi_enrolment": establishment.record_sfi(
            actor=None, person=person, enrolled_on=start, course="B", study_path=2
        ).public_id,
    }


def activity_ids(person, today, unit):
    """The activity requirement's records (issue #13), made as the system: a Nyköping activity, employer, open and
    filled placements and an open offer kept by the labour-market unit (none of the four users'); the person's
    participation and job coach of that unit; an exemption, a requirement plan and a deviation (section SOCIAL)."""
    from decimal import Decimal

    from etablera.activity.models import JobCoachAssignment, Participation
    from etablera.activity.services import catalogue, employers, placements
    from etablera.activity.services import requirement as requirement_services
    from etablera.activity.services.deviations import report_deviation

    nykoping = unit.municipality
    monday = today - dt.timedelta(days=today.weekday())
    activity = catalogue.create_activity(
        actor=None,
        municipality=nykoping,
        unit=unit,
        name="Matrisens språkcafé",
        kind="LANGUAGE_CAFE",
        place="Biblioteket",
        schedule="Tisdagar",
        hours_per_week=Decimal("2"),
        places=5,
        starts_on=today,
    )
    employer = employers.create_employer(
        actor=None, municipality=nykoping, name="Matrisens bageri AB", organisation_number="5599000014"
    )

    def placement(title, starts_on):
        return placements.create_placement(
            actor=None,
            employer=employer,
            unit=unit,
            title=title,
            ssyk="7512",
            tasks="Baka",
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=60),
            hours_per_week=Decimal("20"),
        )

    open_placement = placement("Matrisens praktik", today)
    offer = placements.offer_placement(None, placement("Matrisens erbjudna praktik", today), person)
    filled = placement("Matrisens tillsatta praktik", today - dt.timedelta(days=10))
    placements.accept_offer(
        actor=None, offer=placements.offer_placement(None, filled, person, offered_on=today)
    )
    participation = Participation.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        kind=Participation.Kind.JOB_SEEKING,
        description="Matrisens jobbsökande",
        hours_per_week=1,
        starts_on=monday - dt.timedelta(weeks=1),
        unit=unit,
    )
    coach = JobCoachAssignment.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        coach=UserFactory(username="matrisens-coach"),
        unit=unit,
        assigned_on=today,
        first_contact_due=today + dt.timedelta(days=3),
    )
    year, week, _ = monday.isocalendar()
    return {
        "activity": activity.public_id,
        "employer": employer.public_id,
        "placement": open_placement.public_id,
        "offer": offer.public_id,
        "filled": filled.public_id,
        "participation": participation.public_id,
        "job_coach": coach.public_id,
        "exemption": requirement_services.record_exemption(
            actor=None, person=person, ground="SICKNESS", valid_from=today
        ).public_id,
        "requirement_plan": requirement_services.draw_up_plan(
            actor=None, person=person, hours_per_week="30", content="Matrisens plan"
        ).public_id,
        "deviation": report_deviation(
            None, person, kind="ABSENCE", occurred_on=today, description="Matrisens avvikelse"
        ).public_id,
        "week": f"{year}-W{week:02d}",
        "this_month": today.strftime("%Y-%m"),
    }


def fill(value, world):
    if isinstance(value, str):
        filled = value.format(**world)
        return int(filled) if value.startswith("{") and filled.isdigit() else filled
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, world) for v in value]
    return value


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize(
    ("method", "path", "body", "expected"), MATRIX, ids=[f"{m.upper()} {p}" for m, p, _, _ in MATRIX]
)
def test_permission_matrix(world, user, method, path, body, expected):
    expected = expected[user]
    client = ApiClient(world["users"][user])
    url = fill(path, world)
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, fill(body, world) if body is not None else None)
    if expected in (SEES, EMPTY):
        assert response.status_code == 200, response.content
        assert (response.json()["count"] > 0) == (expected == SEES), response.json()
    else:
        assert response.status_code == expected, response.content


def test_the_matrix_covers_every_operation():
    documented = {
        (method, path.removeprefix("/api/v1"))
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
    }
    in_matrix = set()
    for method, path, _, _ in MATRIX + HOUSING_MATRIX:
        template = path.split("?")[0]
        template = template.replace("{code}/2026", "{municipality}/{year}")
        for name, openapi in [
            ("{person}", "{public_id}"),
            ("{household}", "{public_id}"),
            ("{assignment}", "{assignment_id}"),
            ("{pending}", "{assignment_id}"),
            ("{case}", "{case_id}"),
            ("{task}", "{task_id}"),
            ("{consent}", "{public_id}"),
            ("{plan}", "{public_id}"),
            ("{plan_intervention}", "{intervention_id}"),
            ("{plan_goal}", "{goal_id}"),
            ("{programme}", "{public_id}"),
            ("{sfi_enrolment}", "{public_id}"),
            *ACTIVITY_PATHS,
            *HOUSING_PATHS,
            ("{child}", "{person_id}"),
            ("{child_placement}", "{placement_id}"),
            ("{child_guardian}", "{guardian_id}"),
            ("{child_relative}", "{household_id}"),
            ("{claim}", "{claim_id}"),
            ("{payment}", "{payment_id}"),
            ("{application}", "{application_id}"),
            ("{grant_programme}", "{programme_id}"),
            ("{grant_application}", "{application_id}"),
            ("{volunteer_match}", "{public_id}"),
            ("{volunteer}", "{public_id}"),
            ("{association}", "{public_id}"),
            ("{money_code}", "{municipality}"),
            ("{money_year}", "{year}"),
        ]:
            template = template.replace(name, openapi)
        in_matrix.add((method, template))
    assert documented == in_matrix


# --- housing (issue #5) -----------------------------------------------------------------------------------------
# alice keeps housing (the reception unit does); bob sees the received family through SFI's tasks, so he reads its
# housing need and contracts but may change nothing; charlie and stina see nothing of Nyköping.

HOUSING_CSV = "objektnummer;adress;hyresvärd;typ;rum;sovrum;hyra\nM-9;Matrisvägen 9;privat;hus;4;3;9000\n"
HOUSING_PATHS = [
    ("{unit}", "{unit_id}"),
    ("{household}", "{public_id}"),
    ("{draft}", "{public_id}"),
    ("{active}", "{public_id}"),
    ("{proposal}", "{proposal_id}"),
]
NONE_ELSE = {"charlie": 404, "stina": 404}
HOUSING_MATRIX = [
    ("get", "/housing/units", None, {"alice": SEES, "bob": EMPTY, "charlie": EMPTY, "stina": EMPTY}),
    (
        "post",
        "/housing/units",
        {
            "municipality": "0480",
            "reference": "M-NEW",
            "address_street": "Matrisvägen 1",
            "landlord": "PRIVATE",
            "kind": "FLAT",
            "rooms": 2,
            "bedrooms": 1,
            "monthly_cost": 6000,
        },
        {"alice": 201, "bob": 403, "charlie": 403, "stina": 403},
    ),
    ("get", "/housing/units/free", None, {"alice": SEES, "bob": EMPTY, "charlie": EMPTY, "stina": EMPTY}),
    # charlie keeps housing in Enköping: his file goes there (without a kommunkod column).
    ("post", "/housing/units/import", HOUSING_CSV, {"alice": 200, "bob": 403, "charlie": 200, "stina": 403}),
    ("get", "/housing/units/{unit}", None, {"alice": 200, "bob": 404, **NONE_ELSE}),
    (
        "put",
        "/housing/units/{unit}",
        {
            "reference": "M-FREE",
            "address_street": "Matrisvägen 3",
            "landlord": "PRIVATE",
            "kind": "FLAT",
            "rooms": 3,
            "bedrooms": 2,
            "monthly_cost": 7000,
        },
        {"alice": 200, "bob": 404, **NONE_ELSE},
    ),
    ("get", "/housing/needs", None, {"alice": SEES, "bob": SEES, "charlie": EMPTY, "stina": EMPTY}),
    ("get", "/households/{household}/housing-need", None, {"alice": 200, "bob": 200, **NONE_ELSE}),
    ("put", "/households/{household}/housing-need", {}, {"alice": 200, "bob": 403, **NONE_ELSE}),
    (
        "post",
        "/households/{household}/housing-need/close",
        {"note": "Eget boende"},
        {"alice": 200, "bob": 403, **NONE_ELSE},
    ),
    ("get", "/housing/contracts", None, {"alice": SEES, "bob": SEES, "charlie": EMPTY, "stina": EMPTY}),
    (
        "post",
        "/housing/contracts",
        {
            "household": "{household}",
            "unit": "{unit}",
            "kind": "SECOND_HAND",
            "start_date": "{later}",
            "payer": "HOUSEHOLD",
        },
        # charlie and stina cannot see the household: 422 at it, as for any reference in a body.
        {"alice": 201, "bob": 403, "charlie": 422, "stina": 422},
    ),
    ("get", "/housing/contracts/{draft}", None, {"alice": 200, "bob": 200, **NONE_ELSE}),
    ("post", "/housing/contracts/{draft}/sign", None, {"alice": 200, "bob": 403, **NONE_ELSE}),
    (
        "post",
        "/housing/contracts/{active}/end",
        {"end_date": "{today}", "reason": "MOVED_AWAY"},
        {"alice": 200, "bob": 403, **NONE_ELSE},
    ),
    (
        "post",
        "/housing/contracts/{draft}/cancel",
        {"note": "Tackade nej"},
        {"alice": 200, "bob": 403, **NONE_ELSE},
    ),
    (
        "post",
        "/housing/matching/runs",
        {"municipality": "0480"},
        {"alice": 201, "bob": 403, "charlie": 403, "stina": 403},
    ),
    (
        "get",
        "/housing/matching/proposals",
        None,
        {"alice": SEES, "bob": EMPTY, "charlie": EMPTY, "stina": EMPTY},
    ),
    (
        "post",
        "/housing/matching/proposals/{proposal}/accept",
        {"kind": "SECOND_HAND", "payer": "HOUSEHOLD"},
        {"alice": 201, "bob": 403, **NONE_ELSE},
    ),
    (
        "post",
        "/housing/matching/proposals/{proposal}/reject",
        {"reason": "För långt bort"},
        {"alice": 200, "bob": 403, **NONE_ELSE},
    ),
]


@pytest.fixture
def housing_world(request, db):
    """The world with a housing need, homes, contracts and a proposal; made once and written back as `world` is."""
    return once(
        "api-permission-matrix-housing", lambda: _make_housing_world(request.getfixturevalue("world"))
    )


def _make_housing_world(world):
    from etablera.housing import services as housing
    from etablera.housing.models import MatchProposal, MatchRun
    from etablera.people.models import Household
    from etablera.testing.factories import HousingUnitFactory

    family = Household.objects.get(public_id=world["household"])
    alice, nykoping = world["users"]["alice"], family.municipality
    today = dt.date.fromisoformat(world["today"])
    housing.set_housing_need(actor=alice, household=family)
    free = HousingUnitFactory(municipality=nykoping, reference="M-FREE")
    offered = HousingUnitFactory(municipality=nykoping, reference="M-OFFERED")
    lived_in = HousingUnitFactory(municipality=nykoping, reference="M-TEMP", kind="MODULE")
    common = {"actor": alice, "household": family, "payer": "HOUSEHOLD"}
    active = housing.create_contract(
        **common, unit=lived_in, kind="TEMPORARY", start_date=today - dt.timedelta(days=10), sign=True
    )
    draft = housing.create_contract(
        **common,
        unit=offered,
        kind="SECOND_HAND",
        start_date=today + dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=30),
    )
    run = MatchRun.objects.create(municipality=nykoping, created_by=alice, on_date=today)
    proposal = MatchProposal.objects.create(
        run=run, household=family, unit=free, move_in=today + dt.timedelta(days=60), explanation=["Passar"]
    )
    return {
        **world,
        "unit": free.pk,
        "draft": draft.public_id,
        "active": active.public_id,
        "proposal": proposal.pk,
        "later": (today + dt.timedelta(days=60)).isoformat(),
    }


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    HOUSING_MATRIX,
    ids=[f"{m.upper()} {p}" for m, p, _, _ in HOUSING_MATRIX],
)
def test_housing_permission_matrix(housing_world, user, method, path, body, expected):
    expected = expected[user]
    client = ApiClient(housing_world["users"][user])
    url = fill(path, housing_world)
    if isinstance(body, str):  # a CSV file
        response = client.client.post("/api/v1" + url, body.encode(), content_type="text/csv")
    elif method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, fill(body, housing_world) if body is not None else None)
    if expected in (SEES, EMPTY):
        assert response.status_code == 200, response.content
        assert (response.json()["count"] > 0) == (expected == SEES), response.json()
    else:
        assert response.status_code == expected, response.content
