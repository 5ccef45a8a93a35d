"""The matching's explanation in the reader's language: a criterion is stored as its Swedish message and values
(matching.Criterion, or its dict on a Match), translated here with the language and offer codes named. Shared by
the pages (templatetags) and the API."""

from __future__ import annotations

from django.utils.translation import gettext

from etablera.volunteers.codes import LANGUAGE_NAMES, OFFER_NAMES


def _named(value):
    if isinstance(value, list):
        return ", ".join(str(LANGUAGE_NAMES.get(code) or OFFER_NAMES.get(code) or code) for code in value)
    return value


def criterion_text(criterion) -> str:
    message = criterion["message"] if isinstance(criterion, dict) else criterion.message
    params = criterion["params"] if isinstance(criterion, dict) else criterion.params
    # The messages are marked for extraction in matching.py (gettext_noop): they are built where nothing translates.
    return gettext(message) % {key: _named(value) for key, value in (params or {}).items()}
