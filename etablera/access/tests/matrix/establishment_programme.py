"""The rows for the person's establishment page after the plan and the mapping's remaining writes (issue #12): the
page's programme/SFI/civic orientation/monthly status POST, the API's writes of the mapping's parts (education, work
experience, languages, health, a child's mapping, completion) and civic orientation.

Everyone who sees the person keeps these records: the owner, the consent user, the admin (and the protected role
for P) get the change; the colleague and the outsider 404. Health (section HEALTH, the region's) and a child's
mapping (SCHOOL, the school's) are refused (403) to those who see the person without the section — none of the
matrix's roles has either for H's adult, whose consent names only BASIC. The import page (Importera etablering) is
for whoever works in a unit, as the import endpoints are: every role signed in; a file's rows must be about persons
the user sees.
"""

from __future__ import annotations

from django.utils import timezone

from etablera.access.tests.matrix.cases import SIGNED_IN_200, Case, api, expect, page

SEES_H_POST = expect(302, colleague=404, outsider=404, anonymous=302)
WRITE = expect(200, colleague=404, outsider=404, anonymous=401)
CREATED = expect(201, colleague=404, outsider=404, anonymous=401)
NO_SECTION = expect(403, colleague=404, outsider=404, anonymous=401)


def _today(_w=None):
    return timezone.localdate().isoformat()


def _person(w, rest=""):
    return f"/persons/{w.person.public_id}/establishment{rest}"


def _mapped(w, rest=""):
    """The person's URL, with the mapping started as the system if it is not (the completion needs one)."""
    from etablera.establishment import services
    from etablera.establishment.models import Assessment

    if not Assessment.objects.filter(person=w.person).exists():
        services.start_assessment(actor=None, person=w.person)
    return _person(w, rest)


ESTABLISHMENT_PROGRAMME: list[Case] = [
    page("establishment_import", lambda w: "/etablering/import/", SIGNED_IN_200),
    page(
        "establishment_programme",
        lambda w: f"/personer/{w.person.public_id}/etablering/program/",
        SEES_H_POST,
        method="post",
        body=lambda w: {"action": "manad", "manad-month": _today()[:7], "manad-status": "WORK"},
    ),
    api(
        "post",
        "/persons/{public_id}/establishment/mapping/educations",
        lambda w: _person(w, "/mapping/educations"),
        CREATED,
        body=lambda w: {"level": "PRIMARY", "years": 9},
    ),
    api(
        "post",
        "/persons/{public_id}/establishment/mapping/work-experiences",
        lambda w: _person(w, "/mapping/work-experiences"),
        CREATED,
        body=lambda w: {"ssyk_code": "5120", "occupation": "Kock"},
    ),
    api(
        "post",
        "/persons/{public_id}/establishment/mapping/languages",
        lambda w: _person(w, "/mapping/languages"),
        CREATED,
        body=lambda w: {"language": "Dari", "level": "MOTHER_TONGUE"},
    ),
    api(
        "put",
        "/persons/{public_id}/establishment/mapping/health",
        lambda w: _person(w, "/mapping/health"),
        NO_SECTION,
        body=lambda w: {"health": "Ryggont"},
    ),
    api(
        "put",
        "/persons/{public_id}/establishment/mapping/child",
        lambda w: _person(w, "/mapping/child"),
        NO_SECTION,
        body=lambda w: {"school": "Skolan"},
    ),
    api(
        "post",
        "/persons/{public_id}/establishment/mapping/completion",
        lambda w: _mapped(w, "/mapping/completion"),
        WRITE,
        body=lambda w: {},
    ),
    api(
        "put",
        "/persons/{public_id}/establishment/civic-orientation",
        lambda w: _person(w, "/civic-orientation"),
        WRITE,
        body=lambda w: {"language": "Dari", "hours": 60},
    ),
]
