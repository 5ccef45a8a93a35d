"""Who may do what with a grant: staff of civil society assess and keep the programmes, their unit managers decide."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from etablera.access.policy import capabilities


def check_civil(user, municipality_id: int) -> None:
    if municipality_id not in capabilities(user).civil_municipality_ids:
        raise PermissionDenied("Bidragen handläggs av integrationsenheten och kultur och fritid.")


def check_decider(user, municipality_id: int) -> None:
    if municipality_id not in capabilities(user).grant_decision_municipality_ids:
        raise PermissionDenied("Bara enhetschefen (eller en administratör) beslutar om bidrag.")
