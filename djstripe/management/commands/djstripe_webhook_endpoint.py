"""``manage.py djstripe_webhook_endpoint --base-url https://example.com``."""

from __future__ import annotations

import argparse
from typing import Any

import stripe
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator

from ...api_keys import validate_secret_key
from ...exceptions import InvalidAPIKeyError
from ...helpers.event_destinations import ensure_destination, is_thin_type
from ...helpers.webhook_endpoints import ensure_endpoint, handled_events
from ...settings import api_version
from ...signals import ENABLED_EVENTS


def base_url(value: str) -> str:
    """An absolute http(s) URL without query or fragment (the site's origin)."""
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is not an http(s) URL.") from error
    if "?" in value or "#" in value:
        raise argparse.ArgumentTypeError(f"{value!r}: give the origin, without ? or #.")
    return value.rstrip("/")


def event_type(value: str) -> str:
    if value not in ENABLED_EVENTS and not is_thin_type(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a Stripe event type (or '*').")
    return value


def secret_key(value: str) -> str:
    try:
        return validate_secret_key(value)
    except InvalidAPIKeyError as error:
        raise argparse.ArgumentTypeError(str(error)) from error  # the key is masked


class Command(BaseCommand):
    help = (
        "Create, or bring up to date, the Stripe webhook endpoint that delivers events to "
        "this site: URL <base-url> + the djstripe webhook path (one uuid per endpoint), the "
        "events djstripe handles, the pinned STRIPE_API_VERSION. The signing secret Stripe "
        "returns is stored in the WebhookEndpoint row (never printed). The site's other "
        "djstripe endpoints in the same mode are deleted on Stripe, unless --keep-old."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            required=True,
            type=base_url,
            help="The site's public origin, e.g. https://example.com (where djstripe's URLs "
            "are served).",
        )
        parser.add_argument(
            "--events",
            nargs="+",
            type=event_type,
            metavar="TYPE",
            help=f"Event types to enable (default: those djstripe handles, {handled_events()}).",
        )
        parser.add_argument(
            "--connect",
            action="store_true",
            help="An endpoint for events of connected accounts (Stripe Connect).",
        )
        parser.add_argument("--description", help="The endpoint's description on Stripe.")
        parser.add_argument(
            "--api-key",
            type=secret_key,
            help="The secret key of the account (default: the active mode's key in settings).",
        )
        parser.add_argument(
            "--thin",
            action="store_true",
            help="Create (or update) an event destination of thin events (v2.core.event) "
            "instead: its own URL and secret, the thin types djstripe handles (v1.<type> "
            "and v2.core.account.*) unless --events.",
        )
        parser.add_argument(
            "--keep-old",
            action="store_true",
            help="Leave the site's other djstripe endpoints in place.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["thin"]:
            self._thin(options)
            return
        thin_types = [e for e in options["events"] or () if e not in ENABLED_EVENTS]
        if thin_types:
            raise CommandError(f"Thin event types need --thin: {', '.join(thin_types)}")
        try:
            result = ensure_endpoint(
                options["base_url"],
                events=options["events"],
                connect=options["connect"],
                description=options["description"],
                api_key=options["api_key"],
                keep_old=options["keep_old"],
            )
        except stripe.StripeError as error:
            raise CommandError(f"Stripe refused: {error}") from error
        endpoint = result.endpoint
        self.stdout.write(
            f"{result.action.capitalize()} webhook endpoint {endpoint.id}: {endpoint.url} "
            f"(API version {endpoint.api_version or api_version()}, events: "
            f"{', '.join(endpoint.enabled_events or [])}); its signing secret is stored."
        )
        for removed in result.removed:
            self.stdout.write(f"Deleted the site's previous endpoint {removed}.")

    def _thin(self, options: dict[str, Any]) -> None:
        events = options["events"]
        wrong = [e for e in events or () if not is_thin_type(e)]
        if wrong:
            raise CommandError(f"Not thin event types (v1.<type> or v2.*): {', '.join(wrong)}")
        try:
            result = ensure_destination(
                options["base_url"],
                events=events,
                connect=options["connect"],
                description=options["description"],
                api_key=options["api_key"],
            )
        except stripe.StripeError as error:
            raise CommandError(f"Stripe refused: {error}") from error
        endpoint = result.endpoint
        self.stdout.write(
            f"{result.action.capitalize()} event destination {endpoint.id} (thin events): "
            f"{endpoint.url} ({len(endpoint.enabled_events or [])} event types); its signing "
            "secret is stored."
        )
