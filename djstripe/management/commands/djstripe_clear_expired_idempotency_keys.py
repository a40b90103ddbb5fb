"""``manage.py djstripe_clear_expired_idempotency_keys``."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from ...models import IdempotencyKey

#: Stripe keeps an idempotency key for 24 hours; after that a reused key is a new request.
KEY_LIFETIME = datetime.timedelta(hours=24)


class Command(BaseCommand):
    help = (
        "Delete the idempotency keys djstripe stored for its writes to Stripe once they are "
        "older than 24 hours (Stripe has forgotten them). Run it daily, e.g. from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        threshold = timezone.now() - KEY_LIFETIME
        deleted, _ = IdempotencyKey.objects.filter(created__lt=threshold).delete()
        self.stdout.write(f"Deleted {deleted} expired idempotency keys.")
