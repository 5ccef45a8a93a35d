"""The page guards: which part of the site a user may open, decided from the access policy's capabilities.

Each domain's views wrap themselves in these; the selectors and services check again on every read and write, so a
guard only spares a user a page they could do nothing on. They live in access, not in the shared `etablera/web/`,
because the shared layer knows no domain (docs/architecture.md).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from etablera.access.policy import capabilities


def persons_required(view):
    """Pages about persons and tasks. The statistics role sees figures only: it is sent to the overview.
    (The selectors return nothing to such a user anyway; this only spares them an empty page.)"""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).sees_persons:
            return redirect("overview")
        return view(request, *args, **kwargs)

    return wrapper


def reception_required(view):
    """The anvisning pages, for the reception unit and administrators. The services check again on every write."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).can_register_reception:
            raise PermissionDenied(_("Anvisningar hanteras av mottagningsenheten."))
        return view(request, *args, **kwargs)

    return wrapper


def housing_required(view):
    """The housing pages (Boende), for the housing unit, the reception unit and administrators
    (`manages_housing`). The selectors show only the user's municipalities; the services check again."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).manages_housing:
            raise PermissionDenied(_("Boende hanteras av bostadsenheten och mottagningsenheten."))
        return view(request, *args, **kwargs)

    return wrapper


def housing_figures_required(view):
    """The temporary housing and cost page: the housing staff, and the statistics role for its figures (the
    households' names are left to the selectors, which give the statistics role none)."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).housing_figures_municipality_ids:
            raise PermissionDenied(_("Boende hanteras av bostadsenheten och mottagningsenheten."))
        return view(request, *args, **kwargs)

    return wrapper


def programme_followup_required(view):
    """The list of programmes that end soon and the gap (issue #12): social services, the reception unit, the
    labour-market unit and administrators. The selector shows only the persons `restrict()` gives."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).programme_followup_municipality_ids:
            raise PermissionDenied(_("Listan följs upp av socialtjänsten och mottagningsenheten."))
        return view(request, *args, **kwargs)

    return wrapper


def outcomes_required(view):
    """The cohort outcomes (issue #12): figures for the statistics role, unit managers, administrators and boards."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).outcome_municipality_ids:
            raise PermissionDenied(_("Utfallet är för statistik, enhetschefer och nämnder."))
        return view(request, *args, **kwargs)

    return wrapper


def money_required(view):
    """The money pages (issue #15): the controller, the integration unit, unit managers, administrators and the
    statistics role. The pages show no names; a drill-down reads persons through restrict()."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).money_municipality_ids:
            raise PermissionDenied(_("Ersättningarna följs av controllern och integrationsenheten."))
        return view(request, *args, **kwargs)

    return wrapper


def civil_required(view):
    """The civil-society pages (issue #17): associations, volunteers, matches and grants — the integration unit,
    culture and leisure, and administrators."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).civil_municipality_ids:
            raise PermissionDenied(
                _("Civilsamhällets sidor är för integrationsenheten och kultur och fritid.")
            )
        return view(request, *args, **kwargs)

    return wrapper


def administrator_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).is_administrator:
            raise PermissionDenied(_("Processmallar hanteras av kommunens administratörer."))
        return view(request, *args, **kwargs)

    return wrapper


def municipalities_where(user, municipality_ids: set[int]) -> list:
    """The user's municipalities among `municipality_ids`, from the memberships already loaded (no query)."""
    found = {}
    for membership in capabilities(user).memberships:
        if membership.unit.municipality_id in municipality_ids:
            found.setdefault(membership.unit.municipality_id, membership.unit.municipality)
    return sorted(found.values(), key=lambda municipality: municipality.name)


def county_required(view):
    """The county board's pages (issue #16): figures of every municipality in the user's counties, no persons."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not capabilities(request.user).county_ids:
            raise PermissionDenied(_("Länets sidor är för Länsstyrelsen."))
        return view(request, *args, **kwargs)

    return wrapper
