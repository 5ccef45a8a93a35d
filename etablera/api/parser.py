"""Reading query strings and JSON bodies, refusing the NUL character.

PostgreSQL cannot store or compare a text containing NUL (U+0000): a query such as `?status=%00` would reach the
database and fail there (a server error). No name, reference or note needs it, so it is refused as invalid input
(422) before anything reads it: in a query string at the parameter, in a body as an unreadable body.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "\x00"
NUL_MESSAGE = "Tecknet NUL (U+0000) är inte tillåtet."


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


class NulRefusingParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        if _contains_nul(data):
            # ninja turns any failure here into "the body could not be read" (422, see errors.py).
            raise ValueError(NUL_MESSAGE)
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict:
        bad = [key for key, values in data.lists() if _contains_nul(key) or _contains_nul(values)]
        if bad:
            raise ValidationError(
                [{"loc": ["query", key], "msg": NUL_MESSAGE, "type": "string_nul"} for key in bad]
            )
        return super().parse_querydict(data, list_fields, request)
