"""``manage.py djstripe_init_customers [--dry-run]``: a customer for every subscriber."""

from __future__ import annotations

from typing import Any

import stripe
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...helpers.subscribers import subscribers, without_customer
from ...models import Customer


class Command(BaseCommand):
    help = (
        "Create a Stripe customer for every subscriber (DJSTRIPE_SUBSCRIBER_MODEL) that has "
        "none in the active mode (STRIPE_LIVE_MODE), linked through the customer's metadata. "
        "Safe to run again and concurrently: creation uses one idempotency key per subscriber. "
        "Exits non-zero when Stripe refused a creation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the subscribers that would get a customer; change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = without_customer(subscribers())
        total = pending.count()
        if not total:
            self.stdout.write("Every subscriber has a customer.")
            return
        failures: list[str] = []
        for subscriber in pending.iterator():
            if options["dry_run"]:
                self.stdout.write(f"Would create a customer for {_label(subscriber)}")
                continue
            try:
                customer, _ = Customer.get_or_create(subscriber)
            except stripe.StripeError as error:
                failures.append(f"{_label(subscriber)}: {error}")
                self.stderr.write(f"Failed for {_label(subscriber)}: {error}")
                continue
            self.stdout.write(f"Created customer {customer.id} for {_label(subscriber)}")
        if failures:
            raise CommandError(f"{len(failures)} of {total} subscribers got no customer.")


def _label(subscriber: Any) -> str:
    email = getattr(subscriber, "email", "") or ""
    return f"{email} (pk={subscriber.pk})" if email else f"pk={subscriber.pk}"
