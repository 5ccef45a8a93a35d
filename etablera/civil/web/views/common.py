"""What the civil pages share: the municipality a new record is kept in, and the links to the other parts of
civil society (volunteers, grants), shown only when those parts are there."""

from __future__ import annotations

from django.urls import Resolver404, resolve

from etablera.civil.services.common import keeper_municipality as civil_municipality

__all__ = ["civil_municipality", "link_if_there"]


def link_if_there(path: str) -> str | None:
    """`path` when a page answers there (the volunteers' and grants' parts are built beside this one)."""
    try:
        resolve(path)
    except Resolver404:
        return None
    return path
