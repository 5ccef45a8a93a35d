"""The shared ground's one table: the throttle of the public forms (etablera/web/throttle.py)."""

from django.db import models
from django.utils import timezone


class ThrottleHit(models.Model):
    """One accepted post to a public form. `key` is a keyed hash of the sender's address, never the address itself:
    the table exists to count, and an address is personal data nobody needs to read back."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self):
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"
