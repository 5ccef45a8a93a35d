"""A task's history and a household's timeline in the reader's language (issue #11, reception/event_texts.py): the
services keep writing Swedish text, and a page reads it back through the catalogue — the message the text was made
from, with the same values, the national step's title and a rule's label translated, what a user wrote as written.
Texts that no message made (older shapes, a user's note) are shown as stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext

from etablera.reception import event_texts as texts
from etablera.reception.event_texts import shown
from etablera.reception.models import CaseEvent, TaskEvent
from etablera.rules.tasks import not_overdue, task_deadline

TITLE = "Anmälan till SFI"  # a national step's title: in the catalogue


def english(text: str, kind: str = "") -> str:
    with translation.override("en"):
        return shown(text, kind)


def test_a_task_done_shows_the_title_and_the_words_in_english_and_the_note_as_written():
    stored = texts.TASK_DONE % {"title": f"{TITLE}: Hodan"} + texts.WRITTEN + "Hon börjar: klar nästa vecka"
    assert stored == "Anmälan till SFI: Hodan: klar – Hon börjar: klar nästa vecka"  # the shape rows have
    with translation.override("en"):
        title = f"{gettext(TITLE)}: Hodan"
        assert gettext(TITLE) != TITLE
        assert shown(stored, TaskEvent.Kind.DONE) == (
            gettext(texts.TASK_DONE) % {"title": title} + " – Hon börjar: klar nästa vecka"
        )


@pytest.mark.parametrize(
    ("msgid", "values"),
    [
        (texts.TASK_NOT_APPLICABLE, {}),
        (texts.TASK_REOPENED, {}),
        (texts.TASK_HANDED_OVER, {"before": "Region Sörmland", "after": "Integration / Sara Mahmoud"}),
        (texts.TASK_TAKEN, {"user": "Sara Mahmoud"}),
        (texts.TASK_ASSIGNED, {"before": "Johan Ekström", "after": "Sara Mahmoud"}),
        (texts.TASK_ASSIGNED_FIRST, {"after": "Sara Mahmoud"}),
        (texts.TASK_NOT_APPLICABLE_BIRTH, {}),
    ],
)
def test_every_change_of_a_task_reads_back_with_its_values(msgid, values):
    stored = msgid % {"title": TITLE, **values}
    with translation.override("en"):
        assert shown(stored) == gettext(msgid) % {"title": gettext(TITLE), **values}
    with translation.override("sv"):
        assert shown(stored) == stored


def test_the_anvisning_registered_on_the_timeline_reads_back():
    stored = texts.ASSIGNMENT_REGISTERED % {"reference": "DEMO-ANV-005", "date": "2026-12-04"}
    assert stored == "Anvisning DEMO-ANV-005, sista mottagningsdag 2026-12-04"  # as rows before hold it
    with translation.override("en"):
        assert shown(stored, CaseEvent.Kind.ASSIGNED) == gettext(texts.ASSIGNMENT_REGISTERED) % {
            "reference": "DEMO-ANV-005",
            "date": "2026-12-04",
        }


def test_a_created_task_says_in_english_why_its_date_moved():
    rule = task_deadline(
        title=TITLE, anchor="LATEST", anchor_date=dt.date(2026, 11, 22), offset_days=-7, template_name=""
    )
    moved = not_overdue(rule, dt.date(2026, 12, 3))
    stored = f"{texts.CREATED_BEFORE_ARRIVAL}. {moved.explanation}"
    assert "Mallens datum 2026-11-15 hade redan passerat" in stored  # Swedish, as written
    with translation.override("en"):
        assert shown(stored, TaskEvent.Kind.CREATED) == (
            f"{gettext(texts.CREATED_BEFORE_ARRIVAL)}. {moved.shown().explanation}"
        )
        assert "Mallens" not in moved.shown().explanation and "2026-12-03" in moved.shown().explanation


def test_a_new_date_reads_back_sentence_by_sentence():
    rule = task_deadline(
        title=TITLE, anchor="PLANNED", anchor_date=dt.date(2026, 12, 17), offset_days=-7, template_name=""
    )
    why = texts.PLANNED_ARRIVAL_CHANGED % {"date": "2026-12-17"}
    stored = texts.DUE_CHANGED % {
        "date": "2026-12-10",
        "old": "2026-12-01",
        "why": f"{why} {rule.explanation}",
    }
    with translation.override("en"):
        assert shown(stored, TaskEvent.Kind.DUE_CHANGED) == gettext(texts.DUE_CHANGED) % {
            "date": "2026-12-10",
            "old": "2026-12-01",
            "why": f"{gettext(texts.PLANNED_ARRIVAL_CHANGED) % {'date': '2026-12-17'}} {rule.shown().explanation}",
        }


def test_what_a_user_wrote_and_unknown_shapes_stay_as_stored():
    note = texts.TASK_DONE % {"title": TITLE}
    assert english(note, TaskEvent.Kind.NOTE) == note  # a note that happens to look like a change
    assert (
        english("Kommunens egen text: något annat", TaskEvent.Kind.DONE) == "Kommunens egen text: något annat"
    )
    assert english("", TaskEvent.Kind.DONE) == ""


def test_a_municipality_s_own_title_stays_as_typed():
    stored = texts.TASK_DONE % {"title": "Eget steg: Hodan"}
    with translation.override("en"):
        assert shown(stored) == gettext(texts.TASK_DONE) % {"title": "Eget steg: Hodan"}


def test_the_filter_renders_an_event_in_the_page_s_language():
    event = TaskEvent(kind=TaskEvent.Kind.REOPENED, text=texts.TASK_REOPENED % {"title": TITLE})
    with translation.override("en"):
        html = Template("{% load reception_tasks %}{{ event|event_text }}").render(Context({"event": event}))
        assert html == gettext(texts.TASK_REOPENED) % {"title": gettext(TITLE)}


@pytest.mark.parametrize(
    ("msgid", "values"),
    [
        (texts.PLANNED_ARRIVAL_SET, {"reference": "DEMO-ANV-005", "date": "2026-12-17"}),
        (texts.PLANNED_ARRIVAL_NONE, {"reference": "DEMO-ANV-005"}),
        (texts.CASE_CLOSED, {"date": "2027-01-31"}),
    ],
)
def test_the_timeline_s_notes_are_the_services_texts_and_read_back(msgid, values):
    event = CaseEvent(kind=CaseEvent.Kind.NOTE, text=msgid % values)
    with translation.override("en"):
        html = Template("{% load reception_tasks %}{{ event|event_text }}").render(Context({"event": event}))
        assert html == gettext(msgid) % values
    note = TaskEvent(kind=TaskEvent.Kind.NOTE, text=msgid % values)  # what a user wrote on a task: as written
    with translation.override("en"):
        assert (
            Template("{% load reception_tasks %}{{ e|event_text }}").render(Context({"e": note})) == note.text
        )


def test_a_text_kept_for_one_language_is_shown_anew_in_another():
    """The rendering is kept per language and text (event_texts._shown): switching back and forth gives each
    language's own, whichever was asked first."""
    stored = texts.TASK_REOPENED % {"title": TITLE}
    texts._shown.cache_clear()
    with translation.override("en"):
        english_first = shown(stored)
    with translation.override("sv"):
        assert shown(stored) == stored
    with translation.override("en"):
        assert shown(stored) == english_first == gettext(texts.TASK_REOPENED) % {"title": gettext(TITLE)}
    assert english_first != stored
    assert texts._shown.cache_info().hits == 1 and texts._shown.cache_info().maxsize == 8192
