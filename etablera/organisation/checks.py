"""A system check (issue #9): no account is both an operator of the service and a member of a municipality's unit.

The Django admin is the operators' (is_staff, is_superuser) and shows every municipality; a member of a unit — a
municipal administrator too — works in their own municipality through the pages. The admin refuses to save an
account that is both (organisation/admin.py); this check finds those made before, or by hand. It reads the
database, so it runs where the database is checked: `etablera migrate` and `etablera check --database default`.
"""

from __future__ import annotations

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.db.models import Q

SHOWN = 20


@register(Tags.database)
def operators_are_not_members(app_configs, databases=None, **kwargs):
    if not databases:
        return []
    from etablera.organisation.models import User

    messages = []
    for alias in databases:
        both = User.objects.using(alias).filter(
            Q(is_staff=True) | Q(is_superuser=True), memberships__isnull=False
        )
        try:
            names = list(both.distinct().order_by("username").values_list("username", flat=True)[: SHOWN + 1])
        except DatabaseError:  # the tables are not there yet (before the first migration)
            continue
        if names:
            listed = ", ".join(names[:SHOWN]) + (" …" if len(names) > SHOWN else "")
            messages.append(
                Warning(
                    f"Accounts that are both staff or superuser (the Django admin, every municipality) and members "
                    f"of a municipality's unit: {listed}.",
                    hint="Municipal staff, administrators included, never get is_staff or is_superuser; operators "
                    "have accounts of their own without memberships (docs/operations.md).",
                    id="organisation.W001",
                )
            )
    return messages
