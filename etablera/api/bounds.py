"""The numbers and dates the API accepts, bounded so that nothing reaches the database that it cannot hold.

Without a bound, `?offset=10**20` or `"units": [10**20]` is a server error (SQLite cannot bind an integer beyond
64 bits; PostgreSQL refuses it for a bigint column). With one, it is a 422 at the parameter like any other
invalid input. In a JSON body a number must be a number: `true` or `"5"` is not a count (pydantic would otherwise
read `true` as 1). A date in a query string is ÅÅÅÅ-MM-DD, as the document says (pydantic would otherwise read
`?due_before=0` as a Unix timestamp, 1970-01-01).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, Strict

INT64_MAX = 2**63 - 1

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
