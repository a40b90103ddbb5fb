"""``manage.py djstripe_clear_expired_idempotency_keys``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ...idempotency import clear_expired_keys


class Command(BaseCommand):
    help = (
        "Delete the idempotency keys djstripe stored for its writes to Stripe once they are "
        "older than 24 hours (Stripe has forgotten them). Run it daily, e.g. from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = clear_expired_keys()
        self.stdout.write(f"Deleted {deleted} expired idempotency keys.")
