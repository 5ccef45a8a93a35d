"""Paging for every list: `limit` and `offset` as query parameters, and a page with the total `count`.

Lists of persons and households are paged inside their selectors, so that exactly the rows shown are logged.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import create_model

from etablera.api.bounds import INT64_MAX

MAX_LIMIT = 200


class Paging(Schema):
    limit: int = Field(
        settings.ETABLERA_API_PAGE_SIZE,
        ge=1,
        le=MAX_LIMIT,
        description=f"Antal rader per sida, 1–{MAX_LIMIT} (standard {settings.ETABLERA_API_PAGE_SIZE}).",
    )
    offset: int = Field(
        0,
        ge=0,
        le=INT64_MAX,
        description="Antal rader att hoppa över; nästa sida börjar vid offset + limit.",
    )


class PageBase(Schema):
    count: int = Field(description="Antal rader som matchar filtret, över alla sidor.")
    limit: int = Field(description="Begärt antal rader per sida.")
    offset: int = Field(description="Antal rader som hoppades över.")


_pages: dict[type, type[PageBase]] = {}


def page_of(item: type[Schema]) -> type[PageBase]:
    """The page schema for `item`, named e.g. `PersonPage` in the OpenAPI document."""
    if item not in _pages:
        name = item.__name__.removesuffix("Out") + "Page"
        _pages[item] = create_model(
            name, __base__=PageBase, items=(list[item], Field(description="Raderna på denna sida."))
        )
    return _pages[item]


def page(items: list[Any], count: int, paging: Paging) -> dict[str, Any]:
    return {"count": count, "limit": paging.limit, "offset": paging.offset, "items": items}


def page_queryset(queryset: QuerySet, paging: Paging) -> dict[str, Any]:
    """One page of an (already restricted and ordered) queryset, with the total count."""
    items = list(queryset[paging.offset : paging.offset + paging.limit])
    if paging.offset == 0 and len(items) < paging.limit:
        return page(items, len(items), paging)  # the whole list fits on the first page: no COUNT needed
    return page(items, queryset.count(), paging)
