"""``manage.py djstripe_check_drift [Model ...] [--all] [--repair]``: is the mirror true?

Compares the mirror with Stripe per model and account (missing, stale and extra rows,
with ids), reading list pages only and writing nothing unless ``--repair``; exits
non-zero when the drift found is over ``--threshold``, so a scheduled job can alert.
The work is :func:`djstripe.sync.drift.check_drift`.
"""

from __future__ import annotations

import argparse
from typing import Any

import stripe
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...exceptions import ImproperlyConfiguredError, InvalidAPIKeyError
from ...sync.drift import DEFAULT_SAMPLE, check_drift
from ...sync.drift_report import Threshold
from .djstripe_sync_models import account_type, api_key_type, model_type, rate_type


def sample_type(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give a number of objects, at least 1.")
    return int(value)


def threshold_type(value: str) -> Threshold:
    try:
        return Threshold.parse(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(BaseCommand):
    help = (
        "Compare the mirror with Stripe, per model and account: objects missing from the "
        "mirror, rows older than Stripe's data, and rows Stripe no longer has. Reads list "
        "pages only (one request per 100 objects); writes nothing unless --repair."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "models",
            metavar="ModelName",
            nargs="*",
            type=model_type,
            help="Models to check, e.g. Customer Invoice (default: every listed model).",
        )
        parser.add_argument("--api-keys", nargs="*", action="extend", type=api_key_type)
        size = parser.add_mutually_exclusive_group()
        size.add_argument(
            "--sample",
            type=sample_type,
            default=DEFAULT_SAMPLE,
            help="Objects compared per model and account, in pages of 100: the newest "
            "page, and pages picked at random in the rest (default: %(default)r).",
        )
        size.add_argument(
            "--all", action="store_true", help="Compare every object (and count exactly)."
        )
        parser.add_argument(
            "--threshold",
            type=threshold_type,
            default=Threshold(),
            help="Drift tolerated before exiting non-zero: a number of objects (5) or a "
            "share of those compared (0.5%%). Default: none.",
        )
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Then sync what differs: write missing and stale objects, re-read extra "
            "rows and delete those Stripe no longer has.",
        )
        parser.add_argument("--seed", type=int, help="Fix the random sample (repeatable).")
        parser.add_argument("--rate", type=rate_type, help="Requests per second (0: no limit).")
        parser.add_argument("--account", type=account_type)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = check_drift(
                options["models"] or None,
                options["api_keys"] or None,
                sample=None if options["all"] else options["sample"],
                repair=options["repair"],
                seed=options["seed"],
                rate=options["rate"],
                account=options["account"],
            )
        except (ImproperlyConfiguredError, InvalidAPIKeyError, LookupError) as error:
            raise CommandError(str(error)) from None
        except stripe.StripeError as error:
            raise CommandError(f"Stripe could not be read: {error.user_message or error}") from None
        self.stdout.write(report.text())
        threshold = options["threshold"]
        if report.exceeds(threshold):
            raise CommandError(
                f"Drift over the threshold: {report.drift:,} of {report.compared:,} compared "
                f"objects differ from Stripe"
                + (f", {len(report.errors)} partition(s) unreadable." if report.errors else ".")
            )
