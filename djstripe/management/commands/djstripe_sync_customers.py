"""``manage.py djstripe_sync_customers [--subscribers PK ...] [--no-related]``."""

from __future__ import annotations

from typing import Any

import stripe
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...helpers.subscribers import subscribers, sync_subscriber


class Command(BaseCommand):
    help = (
        "Re-sync the customer of every subscriber from Stripe, with its subscriptions, "
        "invoices and charges; a subscriber without a customer gets one (as dj-stripe's "
        "command did). Use djstripe_sync_models for a whole account. Exits non-zero when a "
        "subscriber failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--subscribers",
            nargs="+",
            metavar="PK",
            help="Only these subscribers (primary keys of DJSTRIPE_SUBSCRIBER_MODEL).",
        )
        parser.add_argument(
            "--no-related",
            action="store_true",
            help="Re-read the customers only, not their subscriptions, invoices and charges.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = subscribers(options["subscribers"])
        total = rows.count()
        failures = 0
        for position, subscriber in enumerate(rows.iterator(), start=1):
            prefix = f"[{position}/{total}] pk={subscriber.pk}"
            try:
                customer = sync_subscriber(subscriber, related=not options["no_related"])
            except stripe.StripeError as error:
                failures += 1
                self.stderr.write(f"{prefix} failed: {error}")
                continue
            if int(options["verbosity"]) >= 1:
                self.stdout.write(f"{prefix} synced {customer.id}")
        if failures:
            raise CommandError(f"{failures} of {total} subscribers failed to sync.")
        self.stdout.write(f"Synced the customers of {total} subscribers.")
