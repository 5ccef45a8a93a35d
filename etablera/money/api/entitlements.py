"""Entitlements over the API (issue #15)."""

from ninja import Router

router = Router(tags=["money"])
