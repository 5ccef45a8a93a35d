"""The minors domain's models (issue #14): the child's case and what hangs on it."""

from etablera.minors.models.case import ChildCase, FollowUpVisit, RelativeLink, TracingRequest
from etablera.minors.models.placement import Guardian, Placement

__all__ = [
    "ChildCase",
    "FollowUpVisit",
    "Guardian",
    "Placement",
    "RelativeLink",
    "TracingRequest",
]
