"""Who sees and handles grants (issue #17) — the grants domain's visibility rule, registered with the others in
etablera/access/visibility/__init__.py (DOMAINS), so that `restrict()` and `get_for_user()` answer for its models.

- A programme and its applications are the municipality's records about associations: those who work with civil
  society there see them and handle them (`civil_municipality_ids`: the integration unit, culture and leisure,
  administrators), no other unit. Another municipality's programme or application is "not found", as missing.
- An application that the applicant has not confirmed by the e-mail's link is not yet a case: nobody sees it
  (a mistyped address must not put a stranger's application in front of staff).
- A decision is the unit manager's (the delegation a municipality's board gives) or an administrator's
  (`grant_decision_municipality_ids`); caseworkers assess and prepare.

The rules take the user's capabilities, not the user: this module is imported by the policy that builds them.
Nothing here brings a unit into a household (no `involvement`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from etablera.access.visibility.base import Rule
from etablera.grants.models import Application, GrantProgramme

if TYPE_CHECKING:  # the policy builds the capabilities; the rules only read them
    from etablera.access.policy import Capabilities


def handled_municipality_ids(caps: Capabilities) -> set[int]:
    """The municipalities whose grants the user sees, assesses, pays and keeps the programmes of."""
    return caps.civil_municipality_ids


def decided_municipality_ids(caps: Capabilities) -> set[int]:
    """The municipalities whose grants the user may decide."""
    return caps.grant_decision_municipality_ids


def handles(caps: Capabilities, municipality_id: int) -> bool:
    return municipality_id in handled_municipality_ids(caps)


def decides(caps: Capabilities, municipality_id: int) -> bool:
    return municipality_id in decided_municipality_ids(caps)


def _programmes(caps: Capabilities, queryset):
    return queryset.filter(municipality_id__in=handled_municipality_ids(caps))


def _applications(caps: Capabilities, queryset):
    return queryset.filter(municipality_id__in=handled_municipality_ids(caps)).exclude(confirmed_at=None)


def _rule(narrow) -> Rule:
    # The municipality alone decides, so a reception-only user gets the same answer by the same query.
    return Rule(lambda reach, queryset: narrow(reach.caps, queryset), reception_only=narrow)


RULES = {
    GrantProgramme: _rule(_programmes),
    Application: _rule(_applications),
}
