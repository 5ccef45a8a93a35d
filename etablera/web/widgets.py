"""Form widgets that render without the template engine, for the few fields whose HTML is large enough to cost.

The quota report's form has a select of every municipality (290 options in 21 groups): Django renders each option
by including a template, which took several milliseconds of every request to the report page
(docs/performance.md). `FastSelect` writes the same HTML — Django's select.html, select_option.html and attrs.html,
to the whitespace (etablera/web/tests/test_widgets.py compares them) — with format_html.
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, just ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        mark_safe(_attrs(option["attrs"])),  # noqa: S308 — built by format_html above
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")  # Django strips what its renderer returns
        return mark_safe("".join(parts))  # noqa: S308 — every part is escaped by format_html
