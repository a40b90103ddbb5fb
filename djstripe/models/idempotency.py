"""Idempotency keys djstripe sends with its writes to Stripe."""

from __future__ import annotations

__all__ = ["IdempotencyKey"]

import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """One key per (action, mode); Stripe forgets keys after 24 hours, so do we."""

    uuid = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.CharField(max_length=100)
    livemode = models.BooleanField(help_text="Whether the key was used in live or test mode.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = ("action", "livemode")

    def __str__(self) -> str:
        return str(self.uuid)

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.created + timedelta(hours=24)
