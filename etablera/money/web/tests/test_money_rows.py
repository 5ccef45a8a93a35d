"""The long tables of the money pages are built by a tag (money_rows) instead of the template's loop, for speed: the
rows must be what the loop made, cell for cell, in Swedish and English, for every kind of row."""

import re
import uuid

import pytest
from django.template import Context, Template
from django.utils import translation

from etablera.money.models import Entitlement, Kind
from etablera.money.selectors import Line
from etablera.money.selectors_costs import CostRow
from etablera.people.models import Household, Person

# The loops as the templates had them before the tag (money/month.html and money/costs.html).
MONTH_LOOP = """{% load i18n housing_ui %}
  {% for line in lines %}
    <tr>
      <td>{% if line.person %}<a href="{% url 'person_detail' line.person.public_id %}">{{ line.person.full_name }}</a>{% else %}<span class="muted">{% translate "En person du inte har behörighet att se" %}</span>{% endif %}</td>
      <td>{{ line.entitlement.get_kind_display }}{% if line.entitlement.estimated %} <span class="badge badge--warn">{% translate "uppskattat" %}</span>{% endif %}</td>
      <td class="num">{{ line.entitlement.amount|kronor }}</td>
      <td>{{ line.explanation }} <span class="muted">{% translate "Källa:" %} {{ line.source }}{% if line.status != "in_force" %} ({% translate "inte kontrollerad" %}){% endif %}</span></td>
    </tr>
  {% empty %}
    <tr><td colspan="4" class="muted">{% translate "Inga rader för månaden." %}</td></tr>
  {% endfor %}
"""  # noqa: E501 — the template's lines as they were
COSTS_LOOP = """{% load i18n housing_ui %}
  {% for row in rows %}
    <tr>
      <th scope="row">{% if row.household %}<a href="{% url 'household_detail' row.household.public_id %}">{{ row.household.name }}</a>{% elif row.child %}<a href="{% url 'minors_child' row.child.public_id %}">{{ row.child.full_name }}</a>{% elif row.is_child %}<span class="muted">{% translate "Ett barn du inte har behörighet att se" %}</span>{% else %}<span class="muted">{% translate "Ett hushåll du inte har behörighet att se" %}</span>{% endif %}</th>
      <td class="num">{{ row.support|kronor }}</td>
      <td class="num">{{ row.housing|kronor }}</td>
      <td class="num">{{ row.placements|kronor }}</td>
      <td class="num">{{ row.total|kronor }}</td>
    </tr>
  {% empty %}
    <tr><td colspan="5" class="muted">{% translate "Inga kostnader under månaden." %}</td></tr>
  {% endfor %}
"""  # noqa: E501


def _html(text: str) -> str:
    return re.sub(r">\s+<", "><", str(text)).strip()


def _both(loop: str, tag: str, **context) -> tuple[str, str]:
    before = Template(loop).render(Context(context))
    after = Template("{% load money_rows %}{% " + tag + " %}").render(Context(context))
    return _html(before), _html(after)


def _person(first: str, last: str) -> Person:
    return Person(public_id=uuid.uuid4(), first_name=first, last_name=last)


LINES = [
    Line(Entitlement(kind=Kind.SCHABLON, amount=12_345, estimated=False), _person("Amal", "<Ali>"), "Schablon & mer.", "Förordning (2017:193)", "in_force"),
    Line(Entitlement(kind=Kind.INITIAL_COSTS, amount=1_234_567, estimated=True), None, "Initiala kostnader.", "SFS", "unverified"),
    Line(Entitlement(kind=Kind.MINORS_DAYS, amount=0, estimated=False), None, "Dygn.", "", "in_force"),
]  # fmt: skip
ROWS = [
    CostRow(support=1200, housing=8_000, placements=0, household=Household(public_id=uuid.uuid4(), name="Familjen <Omar>")),
    CostRow(support=0, housing=0, placements=95_000, child=_person("Sara", "Haile"), is_child=True),
    CostRow(support=0, housing=0, placements=40_000, is_child=True),
    CostRow(support=5_500, housing=0, placements=0),
]  # fmt: skip


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_month_lines_are_the_loops_rows(language):
    with translation.override(language):
        before, after = _both(MONTH_LOOP, "month_line_rows lines", lines=LINES)
        assert after == before
        assert "&lt;Ali&gt;" in after and "badge--warn" in after  # escaped, and every variant present
        empty_before, empty_after = _both(MONTH_LOOP, "month_line_rows lines", lines=[])
        assert empty_after == empty_before and "colspan" in empty_after


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_cost_rows_are_the_loops_rows(language):
    with translation.override(language):
        before, after = _both(COSTS_LOOP, "cost_rows rows", rows=ROWS)
        assert after == before
        assert "&lt;Omar&gt;" in after
        empty_before, empty_after = _both(COSTS_LOOP, "cost_rows rows", rows=[])
        assert empty_after == empty_before and "colspan" in empty_after
