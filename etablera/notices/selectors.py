"""A person's notices: the count of each kind they have not turned off, with the page to act on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from etablera.access.audit import log_list
from etablera.access.policy import restrict
from etablera.notices import kinds
from etablera.notices.models import NoticePreference
from etablera.people.models import Person


@dataclass(frozen=True)
class Notice:
    kind: kinds.Kind
    count: int

    @property
    def path(self) -> str:
        url = reverse(self.kind.url_name)
        return f"{url}#{self.kind.anchor}" if self.kind.anchor else url


def preference_for(user) -> NoticePreference:
    """The stored preference, or the default (daily, nothing muted) unsaved."""
    try:
        return user.notice_preference
    except NoticePreference.DoesNotExist:
        return NoticePreference(user=user)


def notices_for(
    user, today: dt.date | None = None, *, preference: NoticePreference | None = None
) -> list[Notice]:
    """Every kind the user has not muted, with its count (zero included: the page says "nothing" per kind)."""
    today = today or timezone.localdate()
    muted = set((preference or preference_for(user)).muted)
    return [Notice(kind, kind.count(user, today)) for kind in kinds.all_kinds() if kind.key not in muted]


def total_for(user, today: dt.date | None = None) -> int:
    return sum(notice.count for notice in notices_for(user, today))


def expiring_consents_with_persons(user, today: dt.date | None = None) -> list[tuple]:
    """The consents to the user's units that end soon, each with its person — only the persons the user may see
    (restrict()), and their read logged: the notices page names them."""
    today = today or timezone.localdate()
    expiring = list(kinds.expiring_consents(user, today).order_by("valid_until", "pk"))
    visible = {
        person.pk: person
        for person in restrict(
            user, Person.objects.filter(pk__in=[consent.person_id for consent in expiring])
        )
    }
    rows = [(consent, visible[consent.person_id]) for consent in expiring if consent.person_id in visible]
    log_list(user, [person for _consent, person in rows], "Aviseringar: samtycken som går ut")
    return rows
