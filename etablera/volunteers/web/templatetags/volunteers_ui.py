"""The volunteers' template filters: a matching criterion in the reader's language (explain.py)."""

from __future__ import annotations

from django import template

from etablera.volunteers import explain

register = template.Library()


@register.filter
def criterion_text(criterion) -> str:
    return explain.criterion_text(criterion)
