"""The numbers and dates the API accepts, bounded so that nothing reaches the database that it cannot hold.

Without a bound, `?offset=10**20` or `"units": [10**20]` is a server error (SQLite cannot bind an integer beyond
64 bits; PostgreSQL refuses it for a bigint column). With one, it is a 422 at the parameter like any other
invalid input. In a JSON body a number must be a number: `true` or `"5"` is not a count (pydantic would otherwise
read `true` as 1). A date in a query string is ÅÅÅÅ-MM-DD, as the document says (pydantic would otherwise read
`?due_before=0` as a Unix timestamp, 1970-01-01).

Text, too: every text a client sends has a maximum length in the schema (and so in the OpenAPI document). Text
stored in a CharField may be as long as its column, read from the model by `column_length` so that the two cannot
drift; longer text would be stored on SQLite and a server error on PostgreSQL (DataError). Text stored in a
TextField has the limit the page's form has (etablera/limits.py). Longer is a 422 at the field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, Strict, StringConstraints

INT64_MAX = 2**63 - 1


def column_length(model, field: str) -> int:
    """The max_length of `model.field`'s column."""
    max_length = model._meta.get_field(field).max_length
    if max_length is None:  # a TextField: name its limit in etablera/limits.py instead
        raise TypeError(f"{model.__name__}.{field} has no max_length")
    return max_length


def column_text(model, field: str) -> Any:
    """A text (a list item, say) that fits `model.field`'s column."""
    return Annotated[str, StringConstraints(max_length=column_length(model, field))]


# An id in a path or a query string (text by nature, so read as a number).
Id = Annotated[int, Field(ge=1, le=INT64_MAX)]
# An id in a JSON body.
BodyId = Annotated[int, Strict(), Field(ge=1, le=INT64_MAX)]
# A count in a JSON body; its own service says what range makes sense (and says it in Swedish).
BodyCount = Annotated[int, Strict(), Field(ge=-INT64_MAX, le=INT64_MAX)]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("Ange datumet som ÅÅÅÅ-MM-DD.")
    return value


# A date in a query string.
QueryDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


# --- a JSON body's texts, dates and the catalogue's numbers (shared by the activity catalogue and civil society) ----
# A text may hold any character but NUL, which PostgreSQL cannot store in a text column.
NO_NUL = r"^[^\x00]*$"


def body_text(model, field: str) -> Any:
    """A text in a JSON body for `model.field`: as long as its column, no NUL."""
    return Annotated[str, StringConstraints(max_length=column_length(model, field), pattern=NO_NUL)]


def limited_text(max_length: int) -> Any:
    """A text in a JSON body with a stated limit (a TextField's, from etablera/limits.py or the form), no NUL."""
    return Annotated[str, StringConstraints(max_length=max_length, pattern=NO_NUL)]


# A date in a JSON body, in a range the rules can compute with.
BodyDate = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2199, 12, 31))]
# Hours a week and places of an activity: numbers the column holds; the service says what makes sense, in Swedish.
BodyHours = Annotated[float, Strict(), Field(ge=-999, le=999)]
BodyPlaces = Annotated[int, Strict(), Field(ge=-32768, le=32767)]
# ISO 639 language codes, at most twenty.
LanguageCodes = Annotated[
    list[Annotated[str, StringConstraints(max_length=3, pattern=NO_NUL)]], Field(max_length=20)
]
