"""What every page shares: rendering with the common context. Knows no domain (docs/architecture.md)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone


def page(request, template_name: str, context: dict | None = None, *, nav: str = "", status: int = 200):
    """Render with what every page uses: `today` (for badges) and `nav` (for aria-current in the menu)."""
    return render(
        request, template_name, {"today": timezone.localdate(), "nav": nav, **(context or {})}, status=status
    )
