"""Limits on pages (issue #9, finding 5): every text field of every form has a maximum length, a huge search is a
Swedish field error, a body over Django's upload limit is a Swedish page, and /static/ with an encoded `..` is a
404, with and without DEBUG, through whitenoise and through the development server. Never a server error.
"""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import sys

import pytest
from django import forms
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.urls import reverse

from etablera import limits
from etablera.api_v1 import api

# --- every form's text fields have a maximum length ---------------------------------------------------------------


def _form_modules():
    """The shared page helpers and every domain's pages: each `etablera/<domain>/web/` module (tests aside)."""
    import etablera

    names = [
        info.name
        for info in pkgutil.walk_packages(etablera.__path__, "etablera.")
        if ".web." in info.name and ".tests" not in info.name and "templatetags" not in info.name
    ]
    return [importlib.import_module(name) for name in names]


def _forms():
    found = {}
    for module in _form_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__name__}"] = cls
    return found


def test_every_text_field_of_every_page_form_has_a_max_length():
    """A ModelForm gets it from the column; these are plain forms, which do not."""
    unbounded = [
        f"{name}.{field_name}"
        for name, form in _forms().items()
        for field_name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.UUIDField)  # a UUID is its own bound
        and field.max_length is None
    ]
    assert len(_forms()) > 20  # the walk finds the forms
    assert unbounded == []


def test_pages_and_api_take_the_same_free_text():
    """A TextField's limit is named once (etablera/limits.py) and is the same on the page and in the API."""
    from etablera.access.web import forms as access_forms
    from etablera.housing.web import forms as housing_forms
    from etablera.people.web import forms as people_forms
    from etablera.reception.web import forms as reception_forms
    from etablera.reception.web import search_forms

    schemas = api.get_openapi_schema()["components"]["schemas"]
    pairs = [
        (reception_forms.NoteForm, "text", "TaskNoteIn", "text", limits.TASK_NOTE),
        (reception_forms.CompleteTaskForm, "note", "CompleteIn", "note", limits.COMPLETION_NOTE),
        (people_forms.PersonNoteForm, "text", "SectionNoteIn", "text", limits.SECTION_NOTE),
        (people_forms.RevealAddressForm, "reason", "RevealAddressIn", "reason", limits.REVEAL_REASON),
        (access_forms.BreakGlassForm, "reason", "BreakGlassIn", "reason", limits.BREAK_GLASS_REASON),
        (search_forms.HouseholdSearchForm, "q", "HouseholdQueryIn", "q", limits.SEARCH),
        (housing_forms.UnitForm, "notes", "HousingUnitIn", "notes", limits.HOUSING_NOTES),
    ]
    for form, field, schema, prop, limit in pairs:
        assert form.base_fields[field].max_length == limit, (form, field)
        assert schemas[schema]["properties"][prop]["maxLength"] == limit, (schema, prop)


def test_a_page_search_of_100_000_characters_is_a_swedish_field_error(client, alice, received):
    client.force_login(alice)
    response = client.post(reverse("household_search"), {"q": "a" * 100_000})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Säkerställ att detta värde har som mest 100 tecken (den har 100000)." in page
    assert received.household.name not in page


# --- a body over Django's upload limit ------------------------------------------------------------------------------


@pytest.mark.parametrize("debug", [False, True])
def test_a_page_post_over_the_upload_limit_is_a_swedish_page(alice, received, settings, debug):
    """It was Django's English "Bad Request (400)" (with DEBUG, its technical page)."""
    settings.DEBUG = debug
    browser = Client(raise_request_exception=False)
    browser.force_login(alice)
    response = browser.post(
        reverse("household_search"), {"q": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>Det du skickade är för stort</h1>" in page
    assert "större än 2,5 MB och togs inte emot. Ingenting sparades." in page
    assert received.household.name not in page


def test_a_form_with_too_many_fields_is_a_swedish_page(alice, settings):
    """What the Content-Length does not show (too many fields) is Django's 400, on the Swedish 400.html."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    browser = Client(raise_request_exception=False)
    browser.force_login(alice)
    response = browser.post(reverse("household_search"), {f"f{n}": "x" for n in range(20)})
    assert response.status_code == 400
    assert "<h1>Begäran kunde inte tas emot</h1>" in response.content.decode()


# --- /static/ with an encoded `..` ----------------------------------------------------------------------------------

TRAVERSALS = [
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2fsettings.py",
    "/static/%2e%2e%2f%2e%2e%2fetablera%2fsettings.py",
    "/static/etablera/..%2f..%2f..%2fsettings.py",
    "/static/../../../../etc/passwd",
    "/static/%2e%2e/",
    "/static/%00",
]


def _wsgi_get(handler, raw_path: str):
    """GET `raw_path` as a WSGI server delivers it: PATH_INFO percent-decoded (gunicorn and runserver do so)."""
    from urllib.parse import unquote

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": unquote(raw_path).encode("utf-8").decode("latin-1"),
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)

    body = b"".join(handler(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", TRAVERSALS)
def test_static_traversal_is_404_through_whitenoise(db, settings, debug, path):
    """The application as gunicorn runs it (whitenoise reads its settings when the handler is built)."""
    settings.DEBUG = debug
    settings.ALLOWED_HOSTS = ["testserver"]
    status, headers, body = _wsgi_get(WSGIHandler(), path)
    assert status == 404, body[:300]
    assert b"root:" not in body and b"SECRET_KEY" not in body


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", TRAVERSALS)
def test_static_traversal_is_404_through_the_development_server(db, settings, debug, path):
    """`etablera runserver` (DEBUG) served /static/ with Django's own handler, whose SuspiciousFileOperation on
    `..` was a server error; it now leaves static files to whitenoise, as in production."""
    from django.core.management import get_commands, load_command_class

    settings.DEBUG = debug
    settings.ALLOWED_HOSTS = ["testserver"]
    runserver = load_command_class(get_commands()["runserver"], "runserver")
    options = vars(runserver.create_parser("etablera", "runserver").parse_args([]))  # as `etablera runserver`
    handler = runserver.get_handler(**options)
    status, headers, body = _wsgi_get(handler, path)
    assert status == 404, body[:300]
    assert b"root:" not in body and b"SECRET_KEY" not in body


def test_a_static_file_is_still_served(db, settings):
    status, headers, body = _wsgi_get(WSGIHandler(), "/static/etablera/etablera.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert body


def _fits_columns(max_lengths: dict[str, int | None], model) -> list[str]:
    """The fields named as one of `model`'s CharFields whose limit is missing or longer than the column."""
    columns = {
        field.name: field.max_length
        for field in model._meta.get_fields()
        if getattr(field, "get_internal_type", None) and field.get_internal_type() == "CharField"
    }
    return [
        f"{model.__name__}.{name}: {max_length} > {columns[name]}"
        for name, max_length in max_lengths.items()
        if name in columns and (max_length is None or max_length > columns[name])
    ]


def test_the_page_forms_fit_their_columns():
    from etablera.access.models import Consent
    from etablera.housing.models import Contract, HousingNeed, HousingUnit, MatchProposal
    from etablera.housing.web import forms as housing_forms
    from etablera.people.models import Person
    from etablera.people.web import forms as people_forms
    from etablera.reception.models import ProcessTemplate, TemplateStep
    from etablera.reception.web import forms as reception_forms

    pairs = [
        (reception_forms.MemberForm, Person),
        (people_forms.ConsentForm, Consent),
        (reception_forms.TemplateForm, ProcessTemplate),
        (reception_forms.StepForm, TemplateStep),
        (housing_forms.UnitForm, HousingUnit),
        (housing_forms.HousingNeedForm, HousingNeed),
        (housing_forms.ContractForm, Contract),
        (housing_forms.EndContractForm, Contract),
        (housing_forms.CancelDraftForm, Contract),
        (housing_forms.RejectProposalForm, MatchProposal),
    ]
    wrong = []
    for form, model in pairs:
        text_fields = {
            name: field.max_length
            for name, field in form.base_fields.items()
            if type(field) is forms.CharField
            and name != "identity_number"  # typed with hyphen, stored without
        }
        wrong += _fits_columns(text_fields, model)
    assert wrong == []


def test_the_api_input_fits_its_columns():
    """The core schemas read their limits from the models; the housing schemas name theirs (Text(n)): both must fit."""
    from etablera.access.models import Consent
    from etablera.housing.models import Contract, HousingNeed, HousingUnit
    from etablera.people.models import Household, Person
    from etablera.reception.models import Assignment, MunicipalQuota

    schemas = api.get_openapi_schema()["components"]["schemas"]
    pairs = [
        ("HouseholdIn", Household),
        ("PersonIn", Person),
        ("AssignmentIn", Assignment),
        ("QuotaIn", MunicipalQuota),
        ("ConsentIn", Consent),
        ("HousingUnitIn", HousingUnit),
        ("ContractIn", Contract),
        ("NeedIn", HousingNeed),
    ]
    wrong = []
    for schema, model in pairs:
        max_lengths = {}
        for name, prop in schemas[schema]["properties"].items():
            if name == "identity_number":
                continue
            options = [prop, *prop.get("anyOf", [])]
            lengths = [option["maxLength"] for option in options if "maxLength" in option]
            max_lengths[name] = lengths[0] if lengths else None
        wrong += _fits_columns(max_lengths, model)
    assert wrong == []
