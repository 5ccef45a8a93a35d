"""The household page's task rows and timeline are built by tags (reception_tasks.household_task_rows,
household_timeline) instead of the template's loops, for speed: they must be exactly what the loops made — every kind
of row and event, escaping, in Swedish and English."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from etablera.organisation.models import Unit, User
from etablera.people.models import Household, Person
from etablera.reception.models import CaseEvent, Task
from etablera.rules.reception import latest_reception_date

# The loops as reception/households/detail.html had them before the tags.
TASK_LOOP = (
    "{% load i18n etablera_ui reception_tasks %}"
    + """    {% for task in tasks %}
    <tr>
      <th scope="row"><a href="{% url 'task_detail' task.pk %}">{% task_title task %}</a>{% if not task.case_id %} <span class="badge badge--muted">{% translate "Före ankomst" %}</span>{% endif %}{% if task.not_applicable_reason %}<br><span class="muted">{% if task.section_text_visible %}{{ task.not_applicable_reason }}{% else %}{% blocktranslate with section=task.get_section_display %}Skälet hör till {{ section }} och visas inte för dig.{% endblocktranslate %}{% endif %}</span>{% endif %}</th>
      <td>{% if task.person %}{{ task.person.full_name }}{% else %}<span class="muted">{% translate "Hela hushållet" %}</span>{% endif %}</td>
      <td>{{ task.unit.name }}</td>
      <td class="due">{{ task.due_date|date:"Y-m-d" }}{% if status == 'OPEN' %} {% due_badge task.due_date today %} {% deadline_why task.deadline %}{% endif %}</td>
      <td>{% if task.assignee %}{{ task.assignee }}{% else %}<span class="muted">{% translate "Ingen" %}</span>{% endif %}</td>
    </tr>
    {% endfor %}"""
)
EVENT_LOOP = (
    "{% load i18n etablera_ui reception_tasks %}"
    + """  {% for event in data.events %}
  <li><time datetime="{{ event.at|date:'c' }}">{{ event.at|date:"Y-m-d H:i" }}</time>
    <strong>{{ event.get_kind_display }}</strong>{% if event.actor %} – {{ event.actor }}{% endif %}{% if event.text %}: {{ event|event_text }}{% endif %}{% if event.text_hidden %} <span class="muted">{% if event.kind == 'TASK_NOT_APPLICABLE' %}{% blocktranslate with section=event.hidden_section %}Skälet hör till {{ section }} och visas inte för dig.{% endblocktranslate %}{% else %}{% blocktranslate with section=event.hidden_section %}Anteckningen hör till {{ section }} och visas inte för dig.{% endblocktranslate %}{% endif %}</span>{% endif %}</li>
  {% endfor %}"""
)
TODAY = dt.date(2026, 3, 20)


def _tasks() -> list[Task]:
    unit = Unit(pk=7, name="Mottagning <Nyköping>")
    household = Household(public_id=uuid.UUID(int=1), name="Familjen Omar")
    person = Person(public_id=uuid.UUID(int=2), first_name="Sara", last_name="<Haile>")
    assignee = User(pk=3, username="anna", first_name="Anna", last_name="<Berg>")
    rule = latest_reception_date(dt.date(2026, 2, 1), "RESETTLED").as_json()
    tasks = [
        # In the case, for the whole household, nobody on it, with its deadline's explanation.
        Task(pk=1, title="Boka mottagningssamtal", due_date=dt.date(2026, 3, 1), due_rule=rule, unit=unit,
             household=household, case_id=5, person=None, assignee=None),
        # Before arrival (no case yet), a member's, taken.
        Task(pk=2, title="Anmäl till SFI: Sara <Haile>", due_date=TODAY, due_rule={}, unit=unit,
             household=household, case_id=None, person=person, assignee=assignee),
        # Not applicable, the reason shown to one who may read its section …
        Task(pk=3, title="Skolplacering", due_date=dt.date(2026, 5, 1), due_rule={}, unit=unit, household=household,
             case_id=5, person=person, assignee=None, not_applicable_reason="Flyttar <snart> & annat",
             section="SCHOOL"),
        # … and hidden, with the section named, from one who may not.
        Task(pk=4, title="Hälsoundersökning", due_date=None, due_rule={}, unit=unit, household=household,
             case_id=5, person=None, assignee=assignee, not_applicable_reason="Hemligt", section="HEALTH"),
    ]  # fmt: skip
    tasks[2].section_text_visible = True
    tasks[3].section_text_visible = False
    return tasks


def _events() -> list[CaseEvent]:
    actor = User(pk=3, username="anna", first_name="Anna", last_name="<Berg>")
    at = dt.datetime(2026, 3, 19, 23, 30, tzinfo=ZoneInfo("UTC"))  # the next day in Stockholm
    events = [
        CaseEvent(pk=1, at=at, kind="ASSIGNED", actor=None, text=""),
        CaseEvent(pk=2, at=at, kind="TASK_DONE", actor=actor, text="Uppgift klar: Boka mottagningssamtal"),
        CaseEvent(pk=3, at=at, kind="NOTE", actor=actor, text="Ringde <tolken> & bokade"),
        CaseEvent(pk=4, at=at, kind="TASK_NOT_APPLICABLE", actor=actor, text=""),
        CaseEvent(pk=5, at=at, kind="NOTE", actor=None, text=""),
    ]
    events[3].text_hidden, events[3].hidden_section = True, "Hälsa <x>"
    events[4].text_hidden, events[4].hidden_section = True, "Skola"
    return events


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("status", ["OPEN", "DONE"])
def test_the_task_rows_are_the_loops_to_the_whitespace(language, status):
    context = {"tasks": _tasks(), "today": TODAY, "status": status}
    with translation.override(language):
        before = Template(TASK_LOOP).render(Context(context))
        after = Template("{% load reception_tasks %}    {% household_task_rows tasks status %}").render(
            Context(context)
        )
    assert after == before
    assert "&lt;Berg&gt;" in after and "Flyttar &lt;snart&gt; &amp; annat" in after and "Hemligt" not in after
    assert ("badge--overdue" in after) == (status == "OPEN")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_timeline_is_the_loops_to_the_whitespace(language, settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    with translation.override(language):
        before = Template(EVENT_LOOP).render(Context({"data": {"events": _events()}}))
        after = Template("{% load reception_tasks %}  {% household_timeline data.events %}").render(
            Context({"data": {"events": _events()}})
        )
    assert after == before
    assert "2026-03-20 00:30" in after and "Ringde &lt;tolken&gt; &amp; bokade" in after
    assert "Hälsa &lt;x&gt;" in after
