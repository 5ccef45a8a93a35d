"""The mapping's parts and civic orientation over the API (issue #12): education, work experience, languages, health
and capacity (section HEALTH), a child's mapping (section SCHOOL), the completion, civic orientation — each through
its service, its Swedish message at the field (422), bounded, all or nothing, and refused to whoever lacks the
section (403) or does not see the person (404)."""

import datetime as dt

import pytest

from etablera.access.sections import Section
from etablera.establishment import services
from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    CivicOrientation,
    HealthAssessment,
    LanguageSkill,
)

pytestmark = pytest.mark.django_db


def url(person, rest=""):
    return f"/persons/{person.public_id}/establishment{rest}"


def _errors(response):
    return {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}


def test_education_work_and_languages_start_the_mapping_and_add_to_it(api, alice, bob, adult):
    response = api(alice).post(
        url(adult, "/mapping/educations"),
        {
            "level": "UPPER_SECONDARY",
            "years": 3,
            "field": "Ekonomi",
            "country": "Syrien",
            "validation_wanted": True,
        },
    )
    assert response.status_code == 201, response.content
    mapping = response.json()["mapping"]
    assert mapping["status"] == "STARTED" and mapping["due_deadline"]["explanation"]
    assert mapping["educations"] == [
        {
            "level": "UPPER_SECONDARY",
            "years": 3,
            "field": "Ekonomi",
            "country": "Syrien",
            "validation_wanted": True,
        }
    ]
    work = api(bob).post(
        url(adult, "/mapping/work-experiences"), {"ssyk_code": "5120", "occupation": "Kock", "years": 6}
    )
    assert work.status_code == 201, work.content
    assert work.json()["mapping"]["work_experiences"][0]["ssyk_code"] == "5120"
    assert (
        work.json()["mapping"]["work_experiences"][0]["major_group"]
        == "Service-, omsorgs- och försäljningsyrken"
    )
    language = api(alice).post(
        url(adult, "/mapping/languages"), {"language": "Dari", "level": "MOTHER_TONGUE"}
    )
    assert language.json()["mapping"]["languages"] == [{"language": "Dari", "level": "MOTHER_TONGUE"}]
    again = api(alice).post(url(adult, "/mapping/languages"), {"language": "dari", "level": "GOOD"})
    assert again.status_code == 422
    assert "finns redan" in _errors(again)[("body", "language")]
    assert Assessment.objects.count() == 1 and LanguageSkill.objects.count() == 1


def test_refusals_at_the_field_leave_no_mapping_behind(api, alice, adult):
    wrong = api(alice).post(url(adult, "/mapping/work-experiences"), {"ssyk_code": "51", "years": 61})
    assert wrong.status_code == 422
    errors = _errors(wrong)
    assert "fyra siffror" in errors[("body", "ssyk_code")]
    assert "mellan 0 och 60" in errors[("body", "years")]
    level = api(alice).post(url(adult, "/mapping/educations"), {"level": "PHD", "years": 31})
    assert level.status_code == 422
    assert set(_errors(level)) == {("body", "level"), ("body", "years")}
    long = api(alice).post(url(adult, "/mapping/educations"), {"level": "PRIMARY", "field": "x" * 201})
    assert long.status_code == 422
    assert long.json()["detail"][0]["loc"][-1] == "field"
    text_number = api(alice).post(url(adult, "/mapping/educations"), {"level": "PRIMARY", "years": "3"})
    assert text_number.status_code == 422
    assert not Assessment.objects.exists()  # the mapping a refused write would have started is not there


def test_health_only_with_the_health_section(api, alice, bob, rita, adult, make_consent):
    refused = api(alice).put(url(adult, "/mapping/health"), {"health": "Ryggont", "capacity": "PART"})
    assert refused.status_code == 403
    assert not Assessment.objects.exists() and not HealthAssessment.objects.exists()
    make_consent(
        adult, [rita.memberships.get().unit], [Section.BASIC]
    )  # rita sees the person; she owns HEALTH
    wrong = api(rita).put(url(adult, "/mapping/health"), {"capacity": "HALF", "capacity_hours": 80})
    assert wrong.status_code == 422
    assert set(_errors(wrong)) == {("body", "capacity"), ("body", "capacity_hours")}
    done = api(rita).put(
        url(adult, "/mapping/health"), {"health": "Ryggont", "capacity": "PART", "capacity_hours": 20}
    )
    assert done.status_code == 200, done.content
    assert done.json()["mapping"]["health"]["capacity_hours"] == 20
    assert api(bob).put(url(adult, "/mapping/health"), {"health": "x"}).status_code == 403
    assert HealthAssessment.objects.get().health == "Ryggont"
    assert api(alice).get(url(adult)).json()["mapping"]["health"] is None


def test_a_childs_mapping_only_with_the_school_section_and_only_for_a_child(
    api, alice, sara, adult, child, today
):
    body = {"placement_recommendation": "Förberedelseklass", "school": "Stensunds skola"}
    assert api(alice).put(url(child, "/mapping/child"), body).status_code == 403
    handover = api(sara).put(
        url(child, "/mapping/child"), {**body, "school": "", "handover_on": today.isoformat()}
    )
    assert handover.status_code == 422
    assert "vilken skola" in _errors(handover)[("body", "school")]
    done = api(sara).put(url(child, "/mapping/child"), {**body, "handover_on": today.isoformat()})
    assert done.status_code == 200, done.content
    assert done.json()["mapping"]["child"]["school"] == "Stensunds skola"
    assert api(alice).get(url(child)).json()["mapping"]["child"] is None
    adult_mapping = api(sara).put(url(adult, "/mapping/child"), body)
    assert adult_mapping.status_code == 422  # sara sees the adult (the school's task), who is no child
    assert "under 18 år" in _errors(adult_mapping)[("body", "pedagogical")]
    assert Assessment.objects.filter(person=adult).exists() is False  # not even started
    assert ChildAssessment.objects.count() == 1


def test_the_mapping_completed_once(api, alice, adult, today):
    assert api(alice).post(url(adult, "/mapping/completion"), {}).status_code == 404
    services.start_assessment(actor=alice, person=adult)
    future = api(alice).post(
        url(adult, "/mapping/completion"), {"completed_on": (today + dt.timedelta(days=1)).isoformat()}
    )
    assert future.status_code == 422
    assert ("body", "completed_on") in _errors(future)
    done = api(alice).post(url(adult, "/mapping/completion"), {})
    assert done.status_code == 200 and done.json()["mapping"]["status"] == "COMPLETED"
    again = api(alice).post(url(adult, "/mapping/completion"), {})
    assert again.status_code == 409 and "redan klar" in again.json()["detail"]
    closed = api(alice).post(url(adult, "/mapping/languages"), {"language": "Arabiska", "level": "BASIC"})
    assert closed.status_code == 409


def test_civic_orientation(api, alice, adult, today):
    wrong = api(alice).put(
        url(adult, "/civic-orientation"), {"completed_on": today.isoformat(), "hours": 501}
    )
    assert wrong.status_code == 422
    assert set(_errors(wrong)) == {("body", "start_date"), ("body", "hours")}
    assert not CivicOrientation.objects.exists()
    body = {
        "start_date": (today - dt.timedelta(days=30)).isoformat(),
        "language": "Tigrinja",
        "hours": 60,
    }
    done = api(alice).put(url(adult, "/civic-orientation"), body)
    assert done.status_code == 200, done.content
    assert done.json() == {**body, "completed_on": None}
    done = api(alice).put(url(adult, "/civic-orientation"), {**body, "completed_on": today.isoformat()})
    assert done.json()["completed_on"] == today.isoformat()
    assert CivicOrientation.objects.count() == 1
    assert api(alice).get(url(adult)).json()["civic_orientation"]["language"] == "Tigrinja"


def test_outsiders_get_404_and_nothing_is_written(api, charlie, stina, adult, today):
    writes = [
        ("post", "/mapping/educations", {"level": "PRIMARY"}),
        ("post", "/mapping/work-experiences", {"ssyk_code": "5120"}),
        ("post", "/mapping/languages", {"language": "Dari", "level": "BASIC"}),
        ("put", "/mapping/health", {"health": "x"}),
        ("put", "/mapping/child", {"school": "x"}),
        ("post", "/mapping/completion", {}),
        ("put", "/civic-orientation", {"language": "Dari"}),
    ]
    for user in (charlie, stina):
        for method, rest, body in writes:
            response = getattr(api(user), method)(url(adult, rest), body)
            assert response.status_code == 404, (user, rest, response.content)
    assert not Assessment.objects.exists() and not CivicOrientation.objects.exists()
