"""English as the second language: the language switch, the pages in English, and a complete, compiled catalogue.

Swedish is the source language (docs/decisions/0003): the msgids are Swedish and etablera/locale/en holds the
English translation. The site is Swedish until the user chooses English with the switch (the language cookie).
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation.template import templatize

from etablera.reception.models import Task, TaskEvent

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_0-9]*\}")


def choose(client, language: str, next_url: str = "/"):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response.url == next_url
    return response


@pytest.fixture
def english(signed_in, alice):
    """Alice, signed in, who has chosen English with the language switch."""
    client = signed_in(alice)
    choose(client, "en")
    return client


# --- the pages ------------------------------------------------------------------------------------------------


def test_the_site_is_swedish_until_the_user_chooses_english(signed_in, alice, received):
    page = signed_in(alice).get(reverse("my_tasks")).content.decode()
    assert '<html lang="sv">' in page
    assert "<h1>Mina uppgifter</h1>" in page
    assert ">English</button>" in page  # the switch offers the other language, in that language


def test_the_task_lists_are_in_english_after_switching(english, received, today):
    mine = english.get(reverse("my_tasks")).content.decode()
    assert '<html lang="en">' in mine
    assert "<h1>My tasks</h1>" in mine
    assert "Open tasks where you are the caseworker." in mine
    assert ">Svenska</button>" in mine
    assert "Mina uppgifter" not in mine  # neither the heading nor the menu

    unit = english.get(reverse("unit_tasks")).content.decode()
    assert "<h1>My unit's tasks</h1>" in unit  # a template literal's translation is safe: not escaped
    # The unit's list is one filtered, sorted table since issue #11 (no overdue section of its own).
    assert "<h2>With the selected tasks</h2>" in unit and "Clear filters" in unit
    assert re.search(r"\d+ open tasks? match", unit)
    assert '<th scope="col">Due</th>' in unit and '<th scope="col">Caseworker</th>' in unit
    overdue = Task.objects.filter(case=received, status=Task.Status.OPEN, due_date__lt=today).first()
    days = (today - overdue.due_date).days
    assert f"{days} day{'s' if days != 1 else ''} overdue" in unit
    assert "Försenad" not in unit and "Enhetens uppgifter" not in unit


def test_the_household_page_is_in_english(english, family, received):
    page = english.get(reverse("household_detail", args=[family.public_id])).content.decode()
    for heading in ("People", "Assignment", "Reception", "Tasks", "Events"):
        assert f"<h2>{heading}</h2>" in page
    for swedish in ("Personer", "Anvisning", "Mottagande", "Uppgifter", "Händelser"):
        assert f"<h2>{swedish}</h2>" not in page
    assert "4 people in the household" in page
    assert "40 years" in page and "2 years" in page
    assert "Adult" in page and "Child" in page  # relation labels from the model's choices
    assert "Assigned from Migration Agency accommodation (ABO)" in page  # category label
    assert "Received (counted)" in page  # the assignment's status
    assert "Household received" in page  # a timeline event's kind
    assert "Why this date?" in page
    # Data stays as written: the household's name and the tasks' titles are not translated.
    assert "Familjen Exempel" in page


def test_the_quota_report_is_in_english(english, nykoping, today):
    page = english.get(reverse("quota_report")).content.decode()
    assert "<h1>Municipal quotas</h1>" in page
    for column in ("Municipality", "Quota", "Assigned in total", "of which counted", "Remaining"):
        assert f">{column}</th>" in page
    assert "Kvar att avräkna" not in page and "<h1>Kommuntal</h1>" not in page
    assert "Total Södermanlands län" in page  # place names stay Swedish
    country = english.get(reverse("quota_report"), {"year": today.year, "county": ""}).content.decode()
    assert f"Assignments under the {today.year} municipal quotas – Sweden, as of" in country
    assert "Whole country" in country


def test_forms_and_messages_are_in_english(english, reception_task):
    form = english.get(reverse("assignment_create")).content.decode()
    assert "<h1>New assignment</h1>" in form
    assert "First name" in form and "Latest reception date (optional)" in form
    assert "Personal identity number (personnummer)" in form  # a choice label in a select
    assert "Förnamn" not in form

    response = english.post(
        reverse("task_complete", args=[reception_task.pk]), {"klar-note": ""}, follow=True
    )
    page = response.content.decode()
    assert "The task has been marked as done." in page
    assert "Uppgiften är markerad som klar." not in page
    # What is stored is the same in either language: values, not labels.
    reception_task.refresh_from_db()
    assert reception_task.status == Task.Status.DONE
    assert reception_task.events.filter(kind=TaskEvent.Kind.DONE).exists()


def test_switching_back_to_swedish(english, received):
    assert "<h1>My tasks</h1>" in english.get(reverse("my_tasks")).content.decode()
    choose(english, "sv", reverse("my_tasks"))
    page = english.get(reverse("my_tasks")).content.decode()
    assert '<html lang="sv">' in page
    assert "<h1>Mina uppgifter</h1>" in page
    assert "My tasks" not in page


def test_service_messages_stay_swedish_and_whole_in_english(english, assignment, received, today):
    """Service validation messages are Swedish only (decision 0003); the status named in one is Swedish too, not a
    Swedish sentence with an English word in it."""
    response = english.post(
        reverse("assignment_receive", args=[assignment.pk]),
        {"ankomst-arrival_date": today.isoformat()},
        follow=True,
    )
    page = response.content.decode()
    assert "Anvisningen är redan mottagen (avräknad)." in page
    assert f"<h1>Assignment {assignment.reference}</h1>" in page  # the page around it is English
    assert "Received (counted)" in page  # and so is the anvisning's status on it


# --- the catalogue ------------------------------------------------------------------------------------------------


def parse_po(text: str) -> list[dict]:
    """The entries of a .po file: flags, msgctxt, msgid, msgid_plural and msgstr / msgstr[n] (continuation lines
    joined). Enough for the catalogue makemessages writes; no polib needed."""
    entries = []
    for block in text.strip().split("\n\n"):
        entry: dict = {"flags": set(), "msgstr": {}}
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?) (".*")$', line):
                keyword, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
                if keyword.startswith("msgstr"):
                    current = ("msgstr", int(index) if index is not None else None)
                    entry["msgstr"][current[1]] = value
                else:
                    current = (keyword, None)
                    entry[keyword] = value
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if current[0] == "msgstr":
                    entry["msgstr"][current[1]] += value
                else:
                    entry[current[0]] += value
        entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def po_entries():
    return parse_po(PO_FILE.read_text(encoding="utf-8"))


def test_the_parser_reads_a_po_file():
    entries = parse_po(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgctxt "page"\nmsgid ""\n"Hej "\n"%(n)s"\nmsgstr "Hi %(n)s"\n\n'
        'msgid "%(n)s steg"\nmsgid_plural "%(n)s steg"\nmsgstr[0] "%(n)s step"\nmsgstr[1] ""\n'
    )
    assert entries[0]["msgstr"] == {None: "Language: en\n"}
    assert entries[1]["flags"] == {"fuzzy", "python-format"}
    assert (entries[1]["msgctxt"], entries[1]["msgid"], entries[1]["msgstr"]) == (
        "page",
        "Hej %(n)s",
        {None: "Hi %(n)s"},
    )
    assert entries[2]["msgid_plural"] == "%(n)s steg" and entries[2]["msgstr"] == {0: "%(n)s step", 1: ""}


def test_every_entry_of_the_english_catalogue_is_translated(po_entries):
    header, entries = po_entries[0], po_entries[1:]
    assert header["msgid"] == "" and "Language: en\n" in header["msgstr"][None]
    assert "fuzzy" not in header["flags"]
    assert len(entries) > 400
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [], "run `make messages` and translate the new entries in etablera/locale/en"
    assert fuzzy == [], "check the fuzzy translations and remove their fuzzy flag"
    for entry in entries:
        if "msgid_plural" in entry:
            assert sorted(entry["msgstr"]) == [0, 1], entry["msgid"]


def test_translations_keep_the_placeholders(po_entries):
    for entry in po_entries[1:]:
        for index, text in entry["msgstr"].items():
            source = entry["msgid_plural"] if index == 1 else entry["msgid"]
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                entry["msgid"],
                text,
            )


def test_the_compiled_catalogue_matches_the_po_file(po_entries):
    """The .mo is what Django reads: it must give exactly the .po's translations (run `make messages`, which runs
    compilemessages). Compared by content, not by file times, which a git checkout does not keep."""
    with MO_FILE.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert compiled.info()["language"] == "en"
    stale = []
    for entry in po_entries[1:]:
        if "fuzzy" in entry["flags"] or not all(entry["msgstr"].values()):
            continue  # not compiled; the test above reports it
        context, msgid = entry.get("msgctxt"), entry["msgid"]
        if "msgid_plural" in entry:
            plural = entry["msgid_plural"]
            for n, index in ((1, 0), (2, 1)):
                got = (
                    compiled.npgettext(context, msgid, plural, n)
                    if context
                    else compiled.ngettext(msgid, plural, n)
                )
                if got != entry["msgstr"][index]:
                    stale.append((msgid, n, got))
        else:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            if got != entry["msgstr"][None]:
                stale.append((msgid, got))
    assert stale == [], "run `make messages` (compilemessages) and commit django.mo with django.po"


def test_swedish_text_is_shown_as_written_in_swedish(po_entries):
    """No other catalogue (Django's, a library's) translates one of our Swedish msgids into something else."""
    with translation.override("sv"):
        for entry in po_entries[1:]:
            if "msgid_plural" in entry:
                continue
            if "msgctxt" in entry:
                assert translation.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgid"]
            else:
                assert translation.gettext(entry["msgid"]) == entry["msgid"]


PACKAGE = Path(settings.BASE_DIR)
GETTEXT_FUNCTIONS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
TEMPLATE_CALL = re.compile(r"\b(npgettext|pgettext|ngettext|gettext)\(")
TEMPLATE_LITERAL = re.compile(r"\s*u?('(?:[^'\\]|\\.)*')\s*,?")


def _sources(pattern: str):
    for path in sorted(PACKAGE.rglob(pattern)):
        parts = path.relative_to(PACKAGE).parts
        if "tests" not in parts and "migrations" not in parts and parts[0] != "testing":
            yield path


def _python_msgids(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        strings = [
            arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        ]
        if func in GETTEXT_FUNCTIONS and strings:
            yield (strings[0], strings[1]) if func.startswith("pgettext") else (None, strings[0])


def _template_msgids(path: Path):
    code = templatize(path.read_text(encoding="utf-8"))
    for call in TEMPLATE_CALL.finditer(code):
        strings, position = [], call.end()
        while literal := TEMPLATE_LITERAL.match(code, position):
            strings.append(ast.literal_eval(literal.group(1)))
            position = literal.end()
        yield (strings[0], strings[1]) if call.group(1).endswith("pgettext") else (None, strings[0])


def test_the_catalogue_holds_every_text_of_the_code_and_templates(po_entries):
    """What `make messages` would extract is already in the committed catalogue (a pure-Python check: no gettext
    tools needed to run the tests)."""
    in_catalogue = {(entry.get("msgctxt"), entry["msgid"]) for entry in po_entries[1:]}
    found = {}
    for path in _sources("*.py"):
        for key in _python_msgids(path):
            found.setdefault(key, path.name)
    for path in _sources("*.html"):
        for key in _template_msgids(path):
            found.setdefault(key, path.name)
    assert len(found) > 400
    assert ("page", "Hushåll") in found and (None, "%(n)s person i hushållet") in found  # templates are read
    assert (None, "Uppgiften är markerad som klar.") in found  # and the Python code
    missing = {key: where for key, where in found.items() if key not in in_catalogue}
    assert missing == {}, "run `make messages` and translate the new entries"


ETABLERA_APPS = ("access", "organisation", "people", "reception", "web", "demo")
# The user model's fields come from Django (English msgids, translated by Django's own catalogues).
DJANGO_USER_FIELDS = {field.name for field in AbstractUser._meta.get_fields()}


def _model_texts():
    """(where, text) for every label our models give: verbose names, field labels, help texts, choice labels."""
    for model in apps.get_models():
        if model._meta.app_label not in ETABLERA_APPS:
            continue
        name = model.__name__
        meta = model._meta
        if meta.original_attrs.get("verbose_name") is not None:
            yield f"{name}.verbose_name", meta.original_attrs["verbose_name"]
        if meta.original_attrs.get("verbose_name_plural") is not None:
            yield f"{name}.verbose_name_plural", meta.original_attrs["verbose_name_plural"]
        for field in meta.get_fields(include_parents=False):
            if (
                not getattr(field, "concrete", False)
                or field.auto_created
                or field.name in DJANGO_USER_FIELDS
            ):
                continue
            if field.verbose_name != field.name.replace("_", " "):  # a label was given
                yield f"{name}.{field.name}", field.verbose_name
            if field.help_text:
                yield f"{name}.{field.name}.help_text", field.help_text
            for value, label in field.flatchoices if field.choices else ():
                yield f"{name}.{field.name}={value}", label


def test_every_model_label_is_translatable_and_translated(po_entries):
    msgids = {entry["msgid"] for entry in po_entries[1:]}
    texts = list(_model_texts())
    assert len(texts) > 100
    for where, text in texts:
        assert isinstance(text, Promise), f"{where}: wrap {text!r} in gettext_lazy"
        with translation.override("sv"):
            swedish = str(text)
        assert swedish in msgids, f"{where}: {swedish!r} is not in the English catalogue (make messages)"
