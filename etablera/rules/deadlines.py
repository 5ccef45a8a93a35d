"""A deadline that knows why: the date, the rule that made it, its source and the dates it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    rule: str  # a stable key, e.g. "reception.latest_reception_date"
    title: str  # plain Swedish, e.g. "Sista mottagningsdag"
    explanation: str  # plain Swedish sentence with the arithmetic
    source: str  # the legal source or local policy
    status: str  # in_force / proposed / unverified / local
    based_on: dict[str, dt.date] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict, stored beside a computed date so the screen can show why."""
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["based_on"] = {name: value.isoformat() for name, value in self.based_on.items()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Deadline:
        return cls(
            date=dt.date.fromisoformat(data["date"]),
            rule=data["rule"],
            title=data["title"],
            explanation=data["explanation"],
            source=data["source"],
            status=data["status"],
            based_on={k: dt.date.fromisoformat(v) for k, v in data.get("based_on", {}).items()},
        )
