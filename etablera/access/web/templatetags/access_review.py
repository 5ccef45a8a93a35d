"""Template filters for the log review: whether to show its menu link (the rule itself is in access/review.py)."""

from django import template

from etablera.access.review import is_reviewer

register = template.Library()


@register.filter
def is_log_reviewer(user) -> bool:
    return bool(user is not None and user.is_authenticated and is_reviewer(user))
