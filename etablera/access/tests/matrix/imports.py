"""The rows for issue #11's imports over the API: the anvisningar import (the members import is in
`reception_intake`, the homes' in `housing`). Importing anvisningar is the reception unit's and the administrator's;
a JSON body is no CSV file, so whoever may import gets the file's errors (200, ok false), the others 403."""

from __future__ import annotations

from etablera.access.tests.matrix.cases import Case, api, expect

IMPORTS: list[Case] = [
    api(
        "post",
        "/imports/assignments",
        lambda w: "/imports/assignments",
        expect(200, colleague=403, consent=403, anonymous=401),
        body=lambda w: {},
    ),
]
