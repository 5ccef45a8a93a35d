"""A deadline that knows why: the date, the rule that made it, its source and the dates it came from.

Its texts are Swedish, as the rules write them. A deadline made with `i18n` also keeps each text as a catalogue
message with its parameters, so that it is shown in the reader's language: `Deadline.from_json` renders them with
the translator the application installs (`set_translator`, in ReceptionConfig.ready(); rules import no Django).
A stored deadline without `i18n` (written before) is shown as stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any


def gettext_noop(text: str) -> str:
    """Marks a text for the catalogue (makemessages reads the name) without translating it here."""
    return text


def _same(text: str) -> str:
    return text


_translate: Callable[[str], str] = _same


def set_translator(translate: Callable[[str], str]) -> None:
    """Installed once by the application: the function that gives a catalogue message in the current language."""
    global _translate
    _translate = translate


# A message: [msgid, {name: value}]. String values are looked up in the catalogue too (a label, a step's title);
# a value not in it (a date, a number, what a user typed) stays as it is.
Message = list


def render(message: Message, translate: Callable[[str], str] | None = None) -> str:
    translate = translate or _same
    msgid, params = message[0], message[1] if len(message) > 1 else {}
    text = translate(msgid) if msgid else ""
    if not params:
        return text
    shown = {
        name: translate(value) if isinstance(value, str) and value else value
        for name, value in params.items()
    }
    try:
        return text % shown
    except (KeyError, TypeError, ValueError):  # a translation that lost a parameter: the Swedish still works
        return msgid % shown


def _copy(value):
    """A copy of JSON-like data (dicts, lists, tuples of plain values), each container new, its type kept."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_copy(item) for item in value)
    return value


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    rule: str  # a stable key, e.g. "reception.latest_reception_date"
    title: str  # plain Swedish, e.g. "Sista mottagningsdag"
    explanation: str  # plain Swedish sentence with the arithmetic
    source: str  # the legal source or local policy
    status: str  # in_force / proposed / unverified / local
    based_on: dict[str, dt.date] = field(default_factory=dict)
    # The texts as catalogue messages: {"title": Message, "explanation": [Message, ...], "source": Message}.
    i18n: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def make(
        cls,
        *,
        date: dt.date,
        rule: str,
        title: Message,
        explanation: list[Message],
        source: Message,
        status: str,
        based_on: dict[str, dt.date] | None = None,
    ) -> Deadline:
        """A deadline from catalogue messages: the Swedish texts rendered now, the messages kept for display."""
        return cls(
            date=date,
            rule=rule,
            title=render(title),
            explanation=" ".join(render(part) for part in explanation),
            source=render(source),
            status=status,
            based_on=based_on or {},
            i18n={"title": title, "explanation": explanation, "source": source},
        )

    @property
    def legal(self) -> bool:
        """A rule of law (or a proposed or unverified one), not the municipality's own routine."""
        return self.status != "local"

    def with_note(self, message: Message, *, date: dt.date | None = None) -> Deadline:
        """The same deadline with one more sentence of explanation (and, given `date`, a new date)."""
        i18n = dict(self.i18n)
        if i18n:
            i18n["explanation"] = [*i18n.get("explanation", []), message]
        return replace(
            self,
            date=date or self.date,
            explanation=f"{self.explanation} {render(message)}".strip(),
            i18n=i18n,
        )

    def shown(self) -> Deadline:
        """The deadline with its texts in the current language (a deadline made now keeps the Swedish it was made
        with in its fields; its messages say what to show). Without messages: as it is."""
        if not self.i18n:
            return self
        # Rendered from the messages directly, not through as_json/from_json: the lists show one deadline per row,
        # and the round trip's copy of every message was most of this method's time. The messages are shared with
        # this deadline; neither changes them (with_note makes new ones).
        return replace(
            self,
            title=render(self.i18n["title"], _translate),
            explanation=" ".join(render(part, _translate) for part in self.i18n.get("explanation", [])),
            source=render(self.i18n["source"], _translate),
            based_on={_translate(k) if k else k: v for k, v in self.based_on.items()},
        )

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict, stored beside a computed date so the screen can show why."""
        # Built field by field rather than with dataclasses.asdict, whose generic deep copy was a quarter of the
        # anvisningar import's time (one deadline per row); the messages are copied so the dict owns them.
        data = {
            "date": self.date.isoformat(),
            "rule": self.rule,
            "title": self.title,
            "explanation": self.explanation,
            "source": self.source,
            "status": self.status,
            "based_on": {name: value.isoformat() for name, value in self.based_on.items()},
        }
        if self.i18n:
            data["i18n"] = _copy(self.i18n)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Deadline:
        """The stored deadline, its texts in the current language when it keeps them as messages."""
        i18n = data.get("i18n") or {}
        title, explanation, source = data["title"], data["explanation"], data["source"]
        based_on = {k: dt.date.fromisoformat(v) for k, v in data.get("based_on", {}).items()}
        if i18n:
            title = render(i18n["title"], _translate)
            explanation = " ".join(render(part, _translate) for part in i18n.get("explanation", []))
            source = render(i18n["source"], _translate)
            based_on = {_translate(k) if k else k: v for k, v in based_on.items()}
        return cls(
            date=dt.date.fromisoformat(data["date"]),
            rule=data["rule"],
            title=title,
            explanation=explanation,
            source=source,
            status=data["status"],
            based_on=based_on,
            i18n=i18n,
        )
