"""The housing queue's rows are built by a tag (housing_ui.housing_queue_rows) instead of the template's loop, for
speed: they must be exactly what the loop made — every kind of row, escaping, in Swedish and English."""

import datetime as dt
import uuid

import pytest
from django.template import Context, Template
from django.utils import translation

from etablera.housing.models import Contract, HousingNeed, HousingUnit
from etablera.housing.selectors.needs import NeedRow
from etablera.people.models import Household
from etablera.rules.housing import BedroomNeed
from etablera.rules.reception import latest_reception_date

# The loop as housing/queue.html had it before the tag.
QUEUE_LOOP = (
    "{% load i18n etablera_ui housing_ui %}"
    + """    {% for row in rows %}
    <tr>
      <th scope="row"><a href="{% url 'household_detail' row.household.public_id %}">{{ row.household.name }}</a>
        <br><a class="muted" href="{% url 'household_housing_need' row.household.public_id %}">{% translate "Bostadsbehov" %}<span class="visually-hidden">: {{ row.household.name }}</span></a></th>
      <td class="num">{{ row.bedrooms.adults|add:row.bedrooms.children }}</td>
      <td class="due">{% blocktranslate count n=row.bedrooms.bedrooms %}{{ n }} sovrum{% plural %}{{ n }} sovrum{% endblocktranslate %}{% if row.need.needs_accessible %}<br><span class="badge badge--muted">{% translate "Tillgänglighetsanpassad" %}</span>{% endif %}
        {% bedrooms_why row.bedrooms %}</td>
      <td>{% current_home row %}
        {% if row.overcrowded %}<br><span class="badge badge--overdue">{% translate "Trångbodd" %}</span>{% endif %}</td>
      <td class="due">{% if row.need.house_by %}{{ row.need.house_by|date:"Y-m-d" }} {% due_badge row.need.house_by today %} {% house_by_why row.need %}{% else %}<span class="muted">{% translate "Inget datum" %}</span>{% endif %}</td>
      <td>{{ row.need.get_status_display }}</td>
    </tr>
    {% endfor %}
"""
)
TODAY = dt.date(2026, 3, 20)


def _row(
    n,
    *,
    status="WAITING",
    house_by=None,
    accessible=False,
    contract=None,
    masked=False,
    current=None,
    overcrowded=False,
    name="Familjen Omar",
):
    household = Household(public_id=uuid.UUID(int=n), name=name)
    rule = latest_reception_date(dt.date(2026, 2, 1), "RESETTLED").as_json() if house_by else {}
    need = HousingNeed(
        household=household,
        status=status,
        house_by=house_by,
        house_by_rule=rule,
        needs_accessible=accessible,
        current_bedrooms=current,
    )
    bedrooms = BedroomNeed(
        bedrooms=n % 4 + 1,
        adults=2,
        children=n % 3,
        explanation="2 vuxna <delar>",
        source="Boverket & kommunen",
    )
    return NeedRow(need=need, bedrooms=bedrooms, contract=contract, address_masked=masked,
                   overcrowded=overcrowded, days_left=None)  # fmt: skip


def _rows() -> list[NeedRow]:
    home = HousingUnit(
        address_street="Storgatan <1>",
        address_postal_code="611 30",
        address_city="Nyköping",
        kind="APARTMENT",
        bedrooms=1,
    )
    hotel = HousingUnit(address_street="Hotellet", kind="HOTEL", bedrooms=1)
    return [
        # Waiting, no home, a date passed, needs an accessible home; a name to escape.
        _row(1, house_by=dt.date(2026, 3, 1), accessible=True, name="Familjen <Haile> & co"),
        # In temporary housing, the address shown, overcrowded, the date today.
        _row(2, status="TEMPORARY", house_by=TODAY, contract=Contract(unit=hotel), overcrowded=True),
        # A protected household's home: the address masked; no date.
        _row(3, status="TEMPORARY", contract=Contract(unit=home), masked=True),
        # Its own home's bedrooms, a date far ahead.
        _row(4, house_by=dt.date(2026, 6, 1), current=2),
        # One bedroom, nothing else.
        _row(5, current=1),
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_queue_rows_are_the_loops_to_the_whitespace(language):
    context = {"rows": _rows(), "today": TODAY}
    with translation.override(language):
        before = Template(QUEUE_LOOP).render(Context(context))
        after = Template("{% load housing_ui %}    {% housing_queue_rows rows %}\n").render(Context(context))
    assert after == before
    assert "Familjen &lt;Haile&gt; &amp; co" in after and "badge--overdue" in after
    assert "Storgatan" not in after  # the protected household's address
    assert "Hotellet" in after and after.count("<tr>") == 5
    assert ("Hotell- eller vandrarhemsrum" in after) == (language == "sv")
