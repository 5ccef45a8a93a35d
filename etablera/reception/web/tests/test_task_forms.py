"""The unit list's filter form (reception/web/task_forms.py) writes its selects with FastSelect: exactly the HTML of
Django's Select, chosen values and escaping included, without a template per option (issue #19)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from django import forms

from etablera.reception.web.task_forms import TaskFilterForm
from etablera.web.widgets import FastSelect


class _Caseworker:
    pk = 3

    def __str__(self):
        return "Karin <Lindqvist>"


def _form(**initial) -> TaskFilterForm:
    households = [
        SimpleNamespace(public_id=uuid.UUID(int=n), name=f"Familjen <b>{n}</b> & Co") for n in range(40)
    ]
    return TaskFilterForm(
        initial=initial,
        units=[SimpleNamespace(pk=1, name="Mottagning"), SimpleNamespace(pk=2, name="SFI")],
        kinds=[(7, "Välkomstsamtal"), (8, "Bankkonto")],
        households=households,
        caseworkers=[_Caseworker()],
        title=str,
    )


def test_every_select_is_fast_and_writes_what_djangos_select_writes():
    chosen = {
        "enhet": 2,
        "typ": 8,
        "hushall": str(uuid.UUID(int=5)),
        "handlaggare": "3",
        "sortera": "household",
    }
    fast, slow = _form(**chosen), _form(**chosen)
    for name, field in slow.fields.items():
        assert isinstance(fast.fields[name].widget, FastSelect), name
        field.widget = forms.Select()
        field.widget.choices = field.choices
    for name in fast.fields:
        assert str(fast[name]) == str(slow[name]), name
    assert "Familjen &lt;b&gt;5&lt;/b&gt; &amp; Co</option>" in str(fast["hushall"])
    assert "selected>Familjen &lt;b&gt;5" in str(fast["hushall"])
