"""FastSelect (etablera/web/widgets.py) writes exactly the HTML of Django's Select, groups, escaping and
attributes included, so that swapping it in changes nothing a browser or a screen reader sees."""

from django import forms

from etablera.web.widgets import FastSelect

CHOICES = [
    ("", "Alla kommuner i länet"),
    ("Södermanlands län", [("0480", "0480 Nyköping"), ("0481", "0481 <Oxelösund> & co")]),
    ("Stockholms län", [("0180", "0180 Stockholm")]),
    (7, "sju"),
]


def test_fast_select_is_django_select():
    attrs = {"disabled": True, "hidden": False, "data-x": 'a"b', "aria-describedby": "id_m_helptext"}
    for value in ("", "0481", 7, None, "<okänd>"):
        slow = forms.Select(attrs=attrs, choices=CHOICES).render("m", value, {"id": "id_m"})
        fast = FastSelect(attrs=attrs, choices=CHOICES).render("m", value, {"id": "id_m"})
        assert fast == slow, value
    assert "&lt;Oxelösund&gt; &amp; co" in fast and 'data-x="a&quot;b"' in fast


def test_fast_select_in_a_form_field():
    class Form(forms.Form):
        slow = forms.ChoiceField(choices=CHOICES, required=False, help_text="Hjälp")
        fast = forms.ChoiceField(choices=CHOICES, required=False, help_text="Hjälp", widget=FastSelect)

    form = Form({"slow": "0480", "fast": "0480"})
    assert form.is_valid()
    assert str(form["fast"]).replace("fast", "slow") == str(form["slow"])
