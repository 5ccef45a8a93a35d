"""The kinds of notice (issue #18): what a person hears about — their tasks overdue and due this week, their units'
overdue tasks nobody has taken, consents to their units that run out soon. Each kind counts, for one user and one
day, what the user may see (through restrict()), and names the page where the work is done.

A kind is a count and a link, never a list: the e-mail digest carries nothing more, and the in-app page shows the
same. A domain adds its own kind with `register()` from its AppConfig.ready (as background/registry.py does for
jobs), so this module imports no domain's pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    title: Promise
    count: Callable[[object, dt.date], int]
    url_name: str
    anchor: str = ""


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.key] = kind


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


def _open_tasks(user):
    from etablera.access.policy import restrict
    from etablera.reception.models import Task

    return restrict(user, Task.objects.filter(status=Task.Status.OPEN))


def _my_overdue(user, today: dt.date) -> int:
    return _open_tasks(user).filter(assignee=user, due_date__lt=today).count()


def _my_due_this_week(user, today: dt.date) -> int:
    return (
        _open_tasks(user)
        .filter(assignee=user, due_date__gte=today, due_date__lte=today + dt.timedelta(days=7))
        .count()
    )


def _units_overdue_untaken(user, today: dt.date) -> int:
    from etablera.access.policy import capabilities

    units = capabilities(user).unit_ids
    if not units:
        return 0
    return _open_tasks(user).filter(unit_id__in=units, assignee__isnull=True, due_date__lt=today).count()


def expiring_consents(user, today: dt.date):
    """Consents in force that name one of the user's units and end within `notices.consent_warning_days`."""
    from etablera.access.models import Consent
    from etablera.access.policy import capabilities
    from etablera.rules.notices import consent_warning_days

    units = capabilities(user).unit_ids
    return Consent.objects.filter(
        units__in=units,
        withdrawn_date__isnull=True,
        given_date__lte=today,
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=consent_warning_days(today)),
    ).distinct()


def _consents_expiring(user, today: dt.date) -> int:
    from etablera.access.policy import capabilities

    if not capabilities(user).unit_ids:
        return 0
    return expiring_consents(user, today).count()


for _kind in (
    Kind("tasks_overdue", _("Mina uppgifter som är försenade"), _my_overdue, "my_tasks"),
    Kind("tasks_due", _("Mina uppgifter med sista dag inom en vecka"), _my_due_this_week, "my_tasks"),
    Kind(
        "unit_overdue",
        _("Enhetens försenade uppgifter som ingen har tagit"),
        _units_overdue_untaken,
        "unit_tasks",
    ),
    Kind(
        "consents_expiring",
        _("Samtycken till min enhet som snart går ut"),
        _consents_expiring,
        "notices",
        "samtycken",
    ),
):
    register(_kind)
