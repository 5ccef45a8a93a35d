"""The task table's rows are built by a tag (reception_tasks.task_rows) instead of the template's loop, for speed:
they must be exactly what the loop made — every kind of row, in Swedish and English."""

import datetime as dt
import uuid

import pytest
from django.template import Context, Template
from django.utils import translation

from etablera.organisation.models import Unit, User
from etablera.people.models import Household, Person
from etablera.reception.models import Task
from etablera.rules.reception import latest_reception_date

# The loop as reception/partials/task_table.html had it before the tag.
LOOP = (
    "{% load i18n etablera_ui reception_tasks %}"
    + """    {% for task in tasks %}{% task_title task as title %}
    <tr>
      {% if selectable %}<td><input type="checkbox" name="uppgift" value="{{ task.pk }}" form="{{ selectable }}" id="valj-{{ task.pk }}"><label for="valj-{{ task.pk }}" class="visually-hidden">{% blocktranslate %}Välj {{ title }}{% endblocktranslate %}</label></td>{% endif %}
      <th scope="row"><a href="{% url 'task_detail' task.pk %}">{{ title }}</a></th>
      <td><a href="{% url 'household_detail' task.household.public_id %}">{{ task.household.name }}</a></td>
      <td>{% if task.person %}{{ task.person.full_name }}{% else %}<span class="muted">{% translate "Hela hushållet" %}</span>{% endif %}</td>
      <td>{{ task.unit.name }}</td>
      <td class="due"><time datetime="{{ task.due_date|iso_date }}">{{ task.due_date|iso_date }}</time> {% due_badge task.due_date today %}
        {% deadline_why task.deadline %}</td>
      <td>{% if task.assignee %}{{ task.assignee }}{% else %}<span class="muted">{% translate "Ingen" %}</span>
        {% if take_unit_ids and task.unit_id in take_unit_ids %}<form method="post" action="{% url 'task_take' task.pk %}" class="inline-form">{% csrf_token %}<input type="hidden" name="next" value="{{ take_next }}"><button type="submit" class="button button--small button--secondary">{% translate "Ta uppgiften" %}<span class="visually-hidden">: {{ title }}</span></button></form>{% endif %}{% endif %}</td>
    </tr>
    {% endfor %}"""
)
TODAY = dt.date(2026, 3, 20)
# Django's own {% csrf_token %} warns when the token is NOTPROVIDED (a deprecation inside Django, in the old loop).
pytestmark = pytest.mark.filterwarnings("ignore:Calling format_html\\(\\) without passing args")


def _tasks() -> list[Task]:
    unit = Unit(pk=7, name="Mottagning <Nyköping>")
    other = Unit(pk=8, name="SFI")
    household = Household(public_id=uuid.UUID(int=1), name="Familjen <Omar> & co")
    person = Person(public_id=uuid.UUID(int=2), first_name="Sara", last_name="Haile")
    assignee = User(pk=3, username="anna", first_name="Anna", last_name="<Berg>")
    rule = latest_reception_date(dt.date(2026, 2, 1), "RESETTLED").as_json()
    return [
        Task(pk=1, title="Boka mottagningssamtal", due_date=dt.date(2026, 3, 1), due_rule=rule, unit=unit,
             household=household, person=None, assignee=None),
        Task(pk=2, title="Anmäl till SFI: Sara <Haile>", due_date=TODAY, due_rule={}, unit=other,
             household=household, person=person, assignee=assignee),
        Task(pk=3, title="Ordna bostad", due_date=dt.date(2026, 5, 1), due_rule={}, unit=other,
             household=household, person=person, assignee=None),
    ]  # fmt: skip


def _render(template: str, **context) -> str:
    return Template(template).render(Context({"tasks": _tasks(), "today": TODAY, **context}))


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "context",
    [
        {},
        {"selectable": "uppgifter-flera", "take_unit_ids": {7}, "take_next": "/uppgifter/enhet/?a=1&b=2",
         "csrf_token": "tok<en>"},
        {"take_unit_ids": {7, 8}, "csrf_token": "NOTPROVIDED"},
    ],
)  # fmt: skip
def test_the_rows_are_the_loops_to_the_whitespace(language, context):
    with translation.override(language):
        before = _render(LOOP, **context)
        after = _render("{% load reception_tasks %}    {% task_rows tasks %}", **context)
    assert after == before
    assert "&lt;Omar&gt; &amp; co" in after and "&lt;Berg&gt;" in after  # escaped as the loop escaped
    if context.get("selectable"):
        assert 'form="uppgifter-flera"' in after and after.count('class="inline-form"') == 1
