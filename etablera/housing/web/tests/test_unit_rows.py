"""The homes page's rows are built by a tag (housing_ui.housing_unit_rows) instead of the template's loop, for speed:
they must be exactly what the loop made — every kind of row, escaping, in Swedish and English."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from etablera.housing.models import HousingUnit
from etablera.housing.selectors.homes import UnitRow

# The loop as housing/units.html had it before the tag.
UNITS_LOOP = (
    "{% load i18n housing_ui %}"
    + """    {% for row in rows %}{% with unit=row.unit %}
    <tr>
      <th scope="row"><a href="{% url 'housing_unit_detail' unit.pk %}">{% if unit.address_masked %}{% translate "Skyddad adress" %}{% else %}{{ unit.address_street }}{% endif %}</a>
        <br><span class="muted">{{ unit.reference }}{% if unit.area and not unit.address_masked %}, {{ unit.area }}{% endif %}</span></th>
      <td>{{ unit.get_kind_display }}{% if unit.accessible %}<br><span class="badge badge--muted">{% translate "Tillgänglighetsanpassad" %}</span>{% endif %}{% if not unit.is_active %}<br><span class="badge badge--muted">{% translate "Erbjuds inte" %}</span>{% endif %}</td>
      <td class="num">{{ unit.rooms }}</td>
      <td class="num">{{ unit.bedrooms }}</td>
      <td class="num nowrap">{{ unit.monthly_cost|kronor }}</td>
      <td>{% if row.is_free_now %}<span class="badge badge--done">{% translate "Ledig nu" %}</span>{% if unit.capacity > 1 %} {% blocktranslate count n=row.free_places %}{{ n }} plats{% plural %}{{ n }} platser{% endblocktranslate %}{% endif %}{% elif row.free_from %}{% blocktranslate with date=row.free_from|date:"Y-m-d" %}Från {{ date }}{% endblocktranslate %}{% else %}<span class="muted">{% translate "Inte inom 90 dagar" %}</span>{% endif %}</td>
    </tr>
    {% endwith %}{% endfor %}
"""
)


def _unit(pk, **fields):
    values = {
        "reference": f"NYK-{pk}",
        "address_street": "Storgatan 1",
        "area": "",
        "kind": "FLAT",
        "rooms": 3,
        "bedrooms": 2,
        "monthly_cost": 7450,
        "capacity": 1,
        **fields,
    }
    address_masked = values.pop("address_masked", False)
    unit = HousingUnit(pk=pk, **values)
    unit.address_masked = address_masked
    return unit


def _rows() -> list[UnitRow]:
    return [
        # Free now, one place; an address and an area to escape; accessible.
        UnitRow(_unit(1, address_street="Ågatan <5> & co", area="Brandkärr <öst>", accessible=True), 1, dt.date(2026, 3, 20)),
        # A protected address: neither the street nor the area shown.
        UnitRow(_unit(2, address_masked=True, area="Oppeby", kind="HOUSE", monthly_cost=12500), 1, dt.date(2026, 3, 20)),
        # A home for several: the free places counted, one and more.
        UnitRow(_unit(3, kind="SHARED_ROOM", capacity=4), 3, dt.date(2026, 3, 20)),
        UnitRow(_unit(4, kind="SHARED_ROOM", capacity=2), 1, dt.date(2026, 3, 20)),
        # Free from a later day; not offered any more.
        UnitRow(_unit(5, is_active=False, rooms=1, bedrooms=0, monthly_cost=1234567), 0, dt.date(2026, 5, 2)),
        # Not free within 90 days.
        UnitRow(_unit(6, kind="HOTEL"), 0, None),
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_homes_rows_are_the_loops_to_the_whitespace(language):
    context = {"rows": _rows()}
    with translation.override(language):
        before = Template(UNITS_LOOP).render(Context(context))
        after = Template("{% load housing_ui %}    {% housing_unit_rows rows %}\n").render(Context(context))
    assert after == before
    assert "Ågatan &lt;5&gt; &amp; co" in after and "Brandkärr &lt;öst&gt;" in after
    assert "Oppeby" not in after and after.count("<tr>") == 6
    assert ("3 platser" in after) == (language == "sv") and ("3 places" in after) == (language == "en")
    assert ("Från 2026-05-02" in after) == (language == "sv")
