"""Swedish messages for input that does not fit the API's schema (pydantic's error types), so that a 422 reads the
same whether a service or the schema refused the input. The `code` beside the message stays pydantic's type, for
programs; the message is for the person who reads the answer.
"""

from __future__ import annotations

from etablera.api.parser import NUL_MESSAGE

# pydantic error type -> message; {placeholders} come from the error's ctx.
MESSAGES: dict[str, str] = {
    "missing": "Fältet måste anges.",
    "extra_forbidden": "Fältet finns inte i denna operation.",
    "string_type": "Ange text.",
    "string_too_short": "Texten ska ha minst {min_length} tecken.",
    "string_too_long": "Texten får ha högst {max_length} tecken.",
    "string_pattern_mismatch": "Texten har fel form.",
    "int_type": "Ange ett heltal.",
    "int_parsing": "Ange ett heltal.",
    "int_from_float": "Ange ett heltal utan decimaler.",
    "float_type": "Ange ett tal.",
    "float_parsing": "Ange ett tal.",
    "bool_type": "Ange true eller false.",
    "bool_parsing": "Ange true eller false.",
    "date_type": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_parsing": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_parsing": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "date_from_datetime_inexact": "Ange ett datum utan klockslag (ÅÅÅÅ-MM-DD).",
    "datetime_type": "Ange datum och tid (ÅÅÅÅ-MM-DDTHH:MM).",
    "datetime_parsing": "Ange datum och tid (ÅÅÅÅ-MM-DDTHH:MM).",
    "uuid_type": "Ange ett id av formen xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.",
    "uuid_parsing": "Ange ett id av formen xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.",
    "greater_than": "Värdet ska vara större än {gt}.",
    "greater_than_equal": "Värdet ska vara minst {ge}.",
    "less_than": "Värdet ska vara mindre än {lt}.",
    "less_than_equal": "Värdet får vara högst {le}.",
    "literal_error": "Välj ett av värdena: {expected}.",
    "enum": "Välj ett av värdena: {expected}.",
    "list_type": "Ange en lista.",
    "too_short": "Listan ska ha minst {min_length} värden.",
    "too_long": "Listan får ha högst {max_length} värden.",
    "dict_type": "Ange ett objekt.",
    "model_type": "Ange ett objekt.",
    "model_attributes_type": "Ange ett objekt.",
    "json_invalid": "Innehållet är inte giltig JSON.",
    "json_type": "Innehållet är inte giltig JSON.",
    "string_nul": NUL_MESSAGE,  # etablera.api.parser's own refusal
}
FALLBACK = "Ogiltigt värde."
_VALUE_ERROR_PREFIXES = ("Value error, ", "Assertion failed, ")


def swedish(error: dict) -> str:
    """The message for one pydantic error. A validator of ours already speaks Swedish; pydantic puts "Value error, "
    before it, which is taken away."""
    kind = error.get("type", "")
    if kind in ("value_error", "assertion_error"):
        message = str(error.get("msg", ""))
        for prefix in _VALUE_ERROR_PREFIXES:
            message = message.removeprefix(prefix)
        return message or FALLBACK
    template = MESSAGES.get(kind)
    if template is None:
        return FALLBACK
    try:
        return template.format(**(error.get("ctx") or {}))
    except (
        KeyError,
        IndexError,
        ValueError,
    ):  # pydantic gives the ctx these need; should it not, say no more
        return FALLBACK
