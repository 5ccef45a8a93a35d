"""Civil society (issue #17): the register of associations and other actors the municipality works with."""

from etablera.civil.models.associations import Association

__all__ = ["Association"]
