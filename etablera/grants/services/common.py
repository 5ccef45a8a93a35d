"""Who may do what with a grant (the rule is grants/visibility.py): staff of civil society assess and keep the
programmes, their unit managers decide."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from etablera.access.policy import capabilities
from etablera.grants import visibility


def check_civil(user, municipality_id: int) -> None:
    if not visibility.handles(capabilities(user), municipality_id):
        raise PermissionDenied("Bidragen handläggs av integrationsenheten och kultur och fritid.")


def check_decider(user, municipality_id: int) -> None:
    if not visibility.decides(capabilities(user), municipality_id):
        raise PermissionDenied("Bara enhetschefen (eller en administratör) beslutar om bidrag.")
