"""Request bodies of the anvisning's own changes (issue #11)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class AssignmentPatchIn(Schema):
    planned_arrival_date: dt.date | None = Field(
        description="Planerad ankomst; null tar bort den (då räknas uppgifterna före ankomst från sista "
        "mottagningsdag). Öppna uppgifter före ankomst får nya datum, och deras historik säger varför.",
    )
